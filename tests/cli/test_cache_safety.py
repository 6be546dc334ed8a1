"""Issue 24 item 9: the validation cache is only speed.

Keyed by a digest of the validating code (not the version string); a malformed, foreign or
non-regular entry is a miss, never an error or a hang; 0600 files in a 0700 folder, created
exclusively under unpredictable names without following planted links; reads are bounded.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run


def _cache_file(comp: Path) -> Path:
    from krenova_cli.store.validation_cache import ValidationCache

    return ValidationCache(comp).path


def _reads_ok(comp: Path) -> None:
    for argv in (["status"], ["entry", "list"], ["entry", "show", "K002", "--json"]):
        r = run("-d", comp, *argv)
        assert r.code == 0, (argv, r.err)
        assert "internal error" not in r.err and "Traceback" not in r.err


def test_the_tag_is_a_digest_of_the_validating_code_not_the_version(comp, monkeypatch, tmp_path):
    from krenova_cli import __version__
    from krenova_cli.store import validation_cache as vc

    assert run("-d", comp, "status").code == 0
    tag = vc.ValidationCache(comp).tag
    assert __version__ not in tag and len(tag) > 60
    # an older build of the same version whose schema let a bidi title through
    path = comp / "entries" / "K002.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('title = "Inovasi 2"', 'title = "Inovasi \u202e2"'), encoding="utf-8")
    sig = vc.signature(path)
    cache = vc.ValidationCache(comp)
    cache.files["entries/K002.toml"] = [sig, dict(cache.files["entries/K002.toml"][1], title="Inovasi \u202e2")]
    cache.dirty = True
    cache.save()
    assert "\u202e" in run("-d", comp, "entry", "show", "K002", "--json").out  # this build's own entry: trusted
    # the same version, another validating code: the entry is a miss and the title is refused again
    other = tmp_path / "schema.py"
    other.write_text("# a later schema\n")
    monkeypatch.setattr(vc, "VALIDATING", (*vc.VALIDATING, str(other)))
    monkeypatch.setattr(vc, "_DIGEST", None)
    r = run("-d", comp, "entry", "show", "K002", "--json")
    assert r.code == 1 and "U+202E" in r.err, r.err


MALFORMED = {
    "wrong types": None,
    "wrong types in the old format": None,
    "no header": lambda tag: json.dumps({"tag": tag, "files": {"entries/K002.toml": 7}}),
    "a list": lambda tag: "[1, 2, 3]",
    "binary": lambda tag: "\x00\xff garbage",
    "deep": lambda tag: "[" * 100000,
    "a good header over changed data": None,
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_malformed_cache_is_a_miss(comp, kind):
    assert run("-d", comp, "status").code == 0
    path = _cache_file(comp)
    raw = path.read_bytes()
    if kind.startswith("wrong types"):  # the right signatures and checksum, the wrong data
        import hashlib

        from krenova_cli.store.validation_cache import signature

        head, _, body = raw.partition(b"\n")
        files = json.loads(body)
        for rel, hit in files.items():
            hit[1] = {"known": 5, "chain": 7, "size": "x"} if rel.startswith("#") else 5
        files["entries/K002.toml"] = [signature(comp / "entries" / "K002.toml"), [1, 2]]
        body = json.dumps(files).encode()
        head = json.dumps(dict(json.loads(head), sha256=hashlib.sha256(body).hexdigest())).encode()
        path.write_bytes(head + b"\n" + body if kind == "wrong types" else json.dumps({"tag": json.loads(head)["tag"],
                                                                                          "files": files}).encode())
    elif MALFORMED[kind] is None:  # a hand edit of the data that keeps the header: its SHA-256 no longer matches
        head, _, body = raw.partition(b"\n")
        files = json.loads(body)
        for rel, hit in files.items():
            if rel.startswith("entries/"):
                hit[1] = {"id": 5}
            elif rel.startswith("#"):
                hit[1] = [None]
        path.write_bytes(head + b"\n" + json.dumps(files).encode())
    else:
        path.write_text(MALFORMED[kind](json.loads(raw.partition(b"\n")[0])["tag"]), encoding="utf-8", errors="surrogateescape")
    _reads_ok(comp)
    assert run("-d", comp, "entry", "show", "K002", "--json").json()["title"] == "Inovasi 2"


def _subprocess_status(comp: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "krenova_cli", "-d", str(comp), "status"], capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_a_fifo_in_place_of_the_cache_does_not_hang(comp):
    path = _cache_file(comp)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    p = _subprocess_status(comp)
    assert p.returncode == 0, p.stderr


def test_a_link_to_dev_zero_is_not_read(comp):
    path = _cache_file(comp)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.symlink("/dev/zero", path)
    start = time.monotonic()
    p = _subprocess_status(comp)
    assert p.returncode == 0, p.stderr
    assert time.monotonic() - start < 30


def test_reads_are_bounded(comp, monkeypatch):
    from krenova_cli.store import validation_cache as vc

    assert run("-d", comp, "status").code == 0
    monkeypatch.setattr(vc, "MAX_BYTES", 100)
    assert vc.ValidationCache(comp).files == {}
    _reads_ok(comp)


def test_files_are_0600_in_a_0700_folder(comp, tmp_path):
    folder = tmp_path / ".krenova-cache"
    folder.mkdir(mode=0o755, exist_ok=True)
    os.chmod(folder, 0o755)
    assert run("-d", comp, "status").code == 0
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for p in folder.iterdir():
        assert stat.S_IMODE(os.lstat(p).st_mode) == 0o600, p


def test_planted_links_are_not_followed(comp, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    path = _cache_file(comp)
    path.parent.mkdir(parents=True, exist_ok=True)
    # at the old predictable temporary name (".NAME.PID") and at the cache's own name
    path.unlink(missing_ok=True)
    os.symlink(victim, path.with_name(f".{path.name}.{os.getpid()}"))
    os.symlink(victim, path)
    assert run("-d", comp, "status").code == 0
    assert victim.read_text() == "keep me\n"
    assert not path.is_symlink() and path.is_file()  # the link was replaced, not written through
    assert run("-d", comp, "status").code == 0


def test_a_cache_folder_of_another_kind_is_not_used(comp, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "linked-cache"
    os.symlink(elsewhere, link)
    monkeypatch.setenv("KRENOVA_CACHE_DIR", str(link))
    assert run("-d", comp, "status").code == 0
    assert list(elsewhere.iterdir()) == []
