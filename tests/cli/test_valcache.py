"""The validation cache only ever saves time: a hit equals a fresh validation, any change is seen."""

import json
import os

from krenova_cli.store.datafolder import Store
from tests.conftest import run


def test_cached_load_equals_a_fresh_one_and_edits_are_seen(comp):
    fresh = Store(comp, use_cache=False).load()
    Store(comp).load()  # fills the cache
    cached = Store(comp).load()
    assert cached.entries == fresh.entries and cached.judges == fresh.judges and cached.competition == fresh.competition
    path = comp / "entries" / "K002.toml"
    st = os.stat(path)
    text = path.read_text().replace('title = "Inovasi 2"', 'title = "Inovasi 9"')  # same size
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # even with the old mtime
    assert Store(comp).load(rounds=()).entries["K002"].title == "Inovasi 9"


def test_an_invalid_edit_is_refused_although_the_old_version_was_cached(comp):
    assert run("-d", comp, "status").code == 0
    path = comp / "entries" / "K002.toml"
    path.write_text(path.read_text() + "colour = 'red'\n")
    r = run("-d", comp, "status")
    assert r.code == 1 and r.errors == ["Error: entries/K002.toml:6: colour: unknown key (remove it or check its spelling)"]


def test_check_does_not_trust_the_cache(comp, tmp_path):
    assert run("-d", comp, "status").code == 0
    cache_dir = tmp_path / ".krenova-cache"
    (cache_file,) = list(cache_dir.glob("*.json"))
    import hashlib

    head, _, body = cache_file.read_bytes().partition(b"\n")
    files = json.loads(body)
    files["entries/K002.toml"][1]["category"] = "nope"  # a cache that lies, with its own checksum made again
    body = json.dumps(files).encode()
    cache_file.write_bytes(json.dumps(dict(json.loads(head), sha256=hashlib.sha256(body).hexdigest())).encode() + b"\n" + body)
    assert run("-d", comp, "check").code == 0  # check validates the files themselves
    assert run("-d", comp, "entry", "show", "K002", "--json").json()["category"] == "nope"  # (reads do trust it)


def test_unwritable_cache_costs_only_speed(comp, monkeypatch, tmp_path):
    monkeypatch.setenv("KRENOVA_CACHE_DIR", "/proc/no-such-place")
    assert run("-d", comp, "status", "--json").code == 0
