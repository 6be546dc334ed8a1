"""Issue 27 part 1: proposals in the folder (`entry attach/detach`, `entry show`, `check`)."""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import run, tree_hash


def pdf(path: Path, text: str = "proposal") -> Path:
    path.write_bytes(b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n")
    return path


def png(path: Path, w: int = 4, h: int = 3) -> Path:
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
                     + b"\0" * 16)
    return path


def ooxml(path: Path, main: str = "word/document.xml", types: str = "application/vnd...main+xml", extra: dict | None = None) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", f"<Types><Override ContentType=\"{types}\"/></Types>")
        zf.writestr(main, "<x/>")
        for k, v in (extra or {}).items():
            zf.writestr(k, v)
    path.write_bytes(buf.getvalue())
    return path


def ledger(comp: Path) -> list[dict]:
    return [json.loads(line) for line in (comp / "ledger.jsonl").read_text().splitlines()]


def test_attach_keeps_the_files_with_their_sha256_in_the_ledger_and_show_lists_them(comp, tmp_path):
    a, b = pdf(tmp_path / "Proposal K001.pdf"), ooxml(tmp_path / "lampiran.docx")
    r = run("-d", comp, "entry", "attach", "K001", a, b)
    assert r.code == 0, r.err
    stored = comp / "attachments" / "K001"
    assert (stored / "Proposal K001.pdf").read_bytes() == a.read_bytes()
    assert (stored / "lampiran.docx").read_bytes() == b.read_bytes()
    last = ledger(comp)[-1]
    assert last["action"] == "entry.attach" and "attachments/K001/manifest.toml" in last["files"]
    import hashlib

    recorded = {f["name"]: f for f in last["new"]["attached"]["K001"]}
    assert recorded["Proposal K001.pdf"]["sha256"] == hashlib.sha256(a.read_bytes()).hexdigest()
    assert recorded["lampiran.docx"]["size"] == b.stat().st_size
    shown = run("-d", comp, "entry", "show", "K001", "--json")
    assert [f["name"] for f in json.loads(shown.out)["attachments"]] == ["Proposal K001.pdf", "lampiran.docx"]
    assert "Proposal K001.pdf" in run("-d", comp, "entry", "show", "K001").out
    assert run("-d", comp, "check").code == 0
    assert not [p for p in comp.rglob("*") if ".tmp-" in p.name]


def test_detach_removes_the_file_and_logs_it(comp, tmp_path):
    assert run("-d", comp, "entry", "attach", "K002", pdf(tmp_path / "p.pdf")).code == 0
    r = run("-d", comp, "entry", "detach", "K002", "p.pdf")
    assert r.code == 0, r.err
    assert not (comp / "attachments" / "K002" / "p.pdf").exists()
    assert not (comp / "attachments" / "K002" / "manifest.toml").exists()
    assert ledger(comp)[-1]["action"] == "entry.detach"
    assert run("-d", comp, "check").code == 0
    r = run("-d", comp, "entry", "detach", "K002", "p.pdf")
    assert r.code == 1 and "no attached file" in r.err


BAD = {
    "fake.pdf": lambda p: p.write_bytes(b"MZ\x90\x00 not a pdf"),
    "text.pdf": lambda p: p.write_text("hello"),
    "prog.exe": lambda p: p.write_bytes(b"MZ"),
    "macro.docm": lambda p: ooxml(p),
    "vba.docx": lambda p: ooxml(p, extra={"word/vbaProject.bin": "x"}),
    "macrotype.xlsx": lambda p: ooxml(p, "xl/workbook.xml", types="application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    "wrongparts.xlsx": lambda p: ooxml(p, "word/document.xml"),
    "notzip.docx": lambda p: p.write_text("plain"),
    "bomb.docx": lambda p: ooxml(p, extra={"word/big.xml": "0" * (20 * 2**20)}),
    "huge.png": lambda p: png(p, 100_000, 100_000),
    "notpng.png": lambda p: p.write_bytes(b"GIF89a" + b"\0" * 40),
    "notjpg.jpg": lambda p: p.write_bytes(b"\x89PNG" + b"\0" * 40),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_refused_naming_it_and_nothing_changes(comp, tmp_path, name):
    path = tmp_path / name
    BAD[name](path)
    before = tree_hash(comp)
    r = run("-d", comp, "entry", "attach", "K001", pdf(tmp_path / "good.pdf"), path)
    assert r.code == 1, (r.code, r.out, r.err)
    assert r.err.startswith("Error: ") and name in r.err and "Traceback" not in r.err, r.err
    assert tree_hash(comp) == before
    assert not (comp / "attachments" / "K001").exists() or not any((comp / "attachments" / "K001").iterdir())


def test_links_executables_and_limits_are_refused(comp, tmp_path):
    good = pdf(tmp_path / "good.pdf")
    link = tmp_path / "link.pdf"
    link.symlink_to(good)
    r = run("-d", comp, "entry", "attach", "K001", link)
    assert r.code == 1 and "link" in r.err
    exe = pdf(tmp_path / "exe.pdf")
    exe.chmod(0o755)
    r = run("-d", comp, "entry", "attach", "K001", exe)
    assert r.code == 1 and "executable" in r.err
    assert run("-d", comp, "settings", "set", "attachments.max_file_mb", "1").code == 0
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 2**20))
    r = run("-d", comp, "entry", "attach", "K001", big)
    assert r.code == 1 and "max_file_mb" in r.err
    assert run("-d", comp, "settings", "set", "attachments.max_entry_mb", "1").code == 0
    half = tmp_path / "half.pdf"
    half.write_bytes(b"%PDF-1.4\n" + b"0" * (600 * 1024))
    r = run("-d", comp, "entry", "attach", "K001", half, pdf(tmp_path / "h2.pdf", "0" * (600 * 1024)))
    assert r.code == 1 and "max_entry_mb" in r.err
    assert run("-d", comp, "settings", "set", "attachments.types", '["pdf"]').code == 0
    r = run("-d", comp, "entry", "attach", "K001", png(tmp_path / "foto.png"))
    assert r.code == 1 and "types" in r.err


def test_a_second_file_of_the_same_name_is_refused_with_the_way_out(comp, tmp_path):
    assert run("-d", comp, "entry", "attach", "K001", pdf(tmp_path / "p.pdf")).code == 0
    r = run("-d", comp, "entry", "attach", "K001", pdf(tmp_path / "p.pdf", "v2"))
    assert r.code == 1 and "krenova entry detach K001" in r.err


@pytest.mark.parametrize("how", ["changed", "missing", "added", "manifest"])
def test_check_verifies_each_attachment(comp, tmp_path, how):
    assert run("-d", comp, "entry", "attach", "K003", pdf(tmp_path / "p.pdf")).code == 0
    folder = comp / "attachments" / "K003"
    if how == "changed":
        (folder / "p.pdf").write_bytes(b"%PDF-1.4 other")
    elif how == "missing":
        (folder / "p.pdf").unlink()
    elif how == "added":
        pdf(folder / "extra.pdf")
    else:
        (folder / "manifest.toml").write_text((folder / "manifest.toml").read_text().replace("size = ", "size = 1"))
    r = run("-d", comp, "check")
    assert r.code == 1, r.out + r.err
    named = "attachments/K003/" + {"changed": "p.pdf", "missing": "p.pdf", "added": "extra.pdf", "manifest": "manifest.toml"}[how]
    assert named in r.out + r.err


def test_attach_from_a_folder_matches_by_id_and_title_in_one_change(comp, tmp_path):
    src = tmp_path / "masuk"
    src.mkdir()
    pdf(src / "K004 proposal.pdf")
    pdf(src / "k005.pdf")
    pdf(src / "INOVASI 7.pdf")  # the title of K007, in other case
    pdf(src / "unknown thing.pdf")
    n = len(ledger(comp))
    r = run("-d", comp, "entry", "attach", "--from", src)
    assert r.code == 0, r.err
    assert "3 files" in r.out and "unknown thing.pdf" in r.err
    assert len(ledger(comp)) == n + 1
    for e, name in (("K004", "K004 proposal.pdf"), ("K005", "k005.pdf"), ("K007", "INOVASI 7.pdf")):
        assert (comp / "attachments" / e / name).is_file()
    assert run("-d", comp, "check").code == 0


def test_status_and_standings_never_read_attachments(comp, tmp_path, monkeypatch):
    assert run("-d", comp, "entry", "attach", "K001", pdf(tmp_path / "p.pdf")).code == 0
    import builtins

    real = builtins.open
    opened = []

    def watching(file, *a, **k):
        if "attachments/K001/p.pdf" in str(file):
            opened.append(file)
        return real(file, *a, **k)

    monkeypatch.setattr(builtins, "open", watching)
    real_rb = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (opened.append(self) if "p.pdf" in str(self) else None) or real_rb(self))
    for argv in (["status"], ["standings", "--round", "1"], ["entry", "list"]):
        run("-d", comp, *argv)
    assert opened == []


def test_an_entry_with_attached_files_is_not_removed_until_they_are_detached(comp, tmp_path):
    assert run("-d", comp, "entry", "attach", "K009", pdf(tmp_path / "p.pdf")).code == 0
    r = run("-d", comp, "entry", "remove", "K009", "--reason", "duplikat")
    assert r.code == 1 and "krenova entry detach K009" in r.err
    assert run("-d", comp, "entry", "detach", "K009", "p.pdf").code == 0
    assert run("-d", comp, "entry", "remove", "K009", "--reason", "duplikat").code == 0
    assert run("-d", comp, "check").code == 0


def test_a_folder_attached_again_adds_only_what_is_new(tmp_path):
    """The newcomer's finding 3: an office adds late proposals to the same folder and attaches it again; the
    files attached before (same name, same content) are left as they are, the new ones attached, nothing
    refused; the same name with other content is still refused, naming detach."""
    from tests.conftest import run

    d = tmp_path / "c"
    assert run("init", d).code == 0
    for title in ("Satu", "Dua"):
        assert run("-d", d, "entry", "add", "--title", title, "--institution", "Dinas " + title, "--type", "OPD",
                   "--category", "tata-kelola").code == 0
    folder = tmp_path / "proposal"
    folder.mkdir()
    (folder / "K001.pdf").write_bytes(b"%PDF-1.4\nsatu\n%%EOF\n")
    assert run("-d", d, "entry", "attach", "--from", folder).code == 0
    records = len((d / "ledger.jsonl").read_text().splitlines())
    r = run("-d", d, "entry", "attach", "--from", folder)  # nothing new: nothing recorded
    assert r.code == 0 and ("unchanged" in r.out or "tidak berubah" in r.out), r.out + r.err
    assert len((d / "ledger.jsonl").read_text().splitlines()) == records
    (folder / "K002.pdf").write_bytes(b"%PDF-1.4\ndua\n%%EOF\n")
    r = run("-d", d, "entry", "attach", "--from", folder)
    assert r.code == 0, r.err
    assert "K002.pdf" in run("-d", d, "entry", "show", "K002").out
    assert len((d / "ledger.jsonl").read_text().splitlines()) == records + 1
    (folder / "K001.pdf").write_bytes(b"%PDF-1.4\nsatu, diperbaiki\n%%EOF\n")
    r = run("-d", d, "entry", "attach", "--from", folder)
    assert r.code == 1 and "entry detach K001" in r.err
    assert run("-d", d, "check").code == 0
