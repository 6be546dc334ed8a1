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
