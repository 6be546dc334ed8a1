"""Issue 27 part 3: judges' packets (`krenova packets`)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from tests.cli.test_attachments import pdf
from tests.conftest import run


@pytest.fixture
def attached(comp, tmp_path):
    src = tmp_path / "masuk"
    src.mkdir()
    for i in range(1, 21):
        pdf(src / f"K{i:03d}.pdf", f"proposal {i}")
    assert run("-d", comp, "entry", "attach", "--from", src).code == 0
    assert run("-d", comp, "assign", "--round", "1", "--per-entry", "2").code == 0
    return comp


def _sheet_entries(comp, judge):
    from krenova_cli.spreadsheets.score_sheets import sheet_entries
    from krenova_cli.store.datafolder import Store

    return sheet_entries(Store(comp).load(rounds=()), 1, judge)


def test_each_packet_holds_its_judges_proposals_only_and_verifies(attached, tmp_path):
    comp = attached
    r = run("-d", comp, "packets", "--round", "1", "-o", tmp_path / "paket")
    assert r.code == 0, r.err
    for j in ("J1", "J2", "J3"):
        folder = tmp_path / "paket" / f"round-1-{j}"
        mine = _sheet_entries(comp, j)
        assert sorted(p.name for p in (folder / "proposal").iterdir()) == sorted(mine)
        assert (folder / f"round-1-{j}.xlsx").is_file() and (folder / "surat-pengantar.md").is_file()
        rows = list(csv.reader(io.StringIO((folder / "daftar-isi.csv").read_text(encoding="utf-8-sig"))))
        assert rows[0] == ["peserta", "judul", "instansi", "berkas", "halaman"] and [r[0] for r in rows[1:]] == mine
        assert run("packets", "--verify", folder).code == 0
    # J2 is of Dinas 1, so K001 (Dinas 1) is never in J2's packet
    assert not (tmp_path / "paket" / "round-1-J2" / "proposal" / "K001").exists()
    victim = tmp_path / "paket" / "round-1-J1" / "daftar-isi.csv"
    victim.write_text("changed")
    r = run("packets", "--verify", tmp_path / "paket" / "round-1-J1")
    assert r.code == 1 and "daftar-isi.csv: changed" in r.err


def test_zip_packets_verify_and_a_changed_proposal_is_refused(attached, tmp_path):
    comp = attached
    r = run("-d", comp, "packets", "--round", "1", "--zip", "-o", tmp_path / "z")
    assert r.code == 0, r.err
    z = tmp_path / "z" / "round-1-J3.zip"
    names = zipfile.ZipFile(z).namelist()
    assert "SHA256SUMS" in names and any(n.startswith("proposal/") for n in names)
    assert run("packets", "--verify", z).code == 0
    (comp / "attachments" / "K003" / "K003.pdf").write_bytes(b"%PDF-1.4 tampered")
    r = run("-d", comp, "packets", "--round", "1", "-o", tmp_path / "y")
    assert r.code == 1 and "attachments/K003/K003.pdf" in r.err


def test_packets_obey_the_output_rule(attached):
    for where in ("attachments/x", "entries/x", "scores"):
        r = run("-d", attached, "packets", "--round", "1", "-o", attached / where)
        assert r.code == 1 and "inside the competition's data" in r.err, (where, r.err)


def test_folder_and_zip_packets_list_the_same_files_and_checksums(attached, tmp_path):
    """A folder packet's proposals are copied by threads while its sheet is written: what it holds and
    its SHA256SUMS are those of the zip, made in order (issue 27: faster, not different)."""
    comp = attached
    assert run("-d", comp, "packets", "--round", "1", "-o", tmp_path / "f").code == 0
    assert run("-d", comp, "packets", "--round", "1", "--zip", "-o", tmp_path / "z").code == 0
    for j in ("J1", "J2", "J3"):
        folder = tmp_path / "f" / f"round-1-{j}"
        sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
        zipped = zipfile.ZipFile(tmp_path / "z" / f"round-1-{j}.zip")
        names = sorted(line.split("  ", 1)[1] for line in sums.splitlines())
        assert names == sorted(n for n in zipped.namelist() if n != "SHA256SUMS")
        assert len(names) == len(set(names)) and sum(n.startswith("proposal/") for n in names) == len(_sheet_entries(comp, j))
        proposals = [line for line in sums.splitlines() if "  proposal/" in line]
        assert proposals == [line for line in zipped.read("SHA256SUMS").decode().splitlines() if "  proposal/" in line]
        for name in names:
            if name.startswith("proposal/"):
                assert (folder / name).read_bytes() == zipped.read(name)


def test_a_changed_proposal_leaves_no_folder_packet_behind(attached, tmp_path):
    comp = attached
    (comp / "attachments" / "K007" / "K007.pdf").write_bytes(b"%PDF-1.4 tampered")
    out = tmp_path / "p"
    r = run("-d", comp, "packets", "--round", "1", "-o", out)
    assert r.code == 1 and "attachments/K007/K007.pdf" in r.err and "Traceback" not in r.err
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not any(name.startswith(".") for name in left), left  # no half-copied packet
    holders = [j for j in ("J1", "J2", "J3") if "K007" in _sheet_entries(comp, j)]
    assert holders and not any(f"round-1-{j}" in left for j in holders)
