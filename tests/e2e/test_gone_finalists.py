"""Issue 25 items 3 and 9: a finalist disqualified (or withdrawn) after the awards, and the awards
decided again. Wherever a finalist or winner is listed (the recap's signed summary page, the
Peserta sheet, the site's lists, the awards minutes) it says disqualified or withdrawn, and why;
the awards minutes number the ranking the awards were decided on (no "2 ... Juara I"); a vacant
place shows no prize amount."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run, six_round_competition

DQ_REASON = "Plagiarisme terbukti pada rapat 25 Agustus 2017"
WD_REASON = "Surat pengunduran diri Dinas 3 tanggal 24 Agustus 2017"


@pytest.fixture(scope="module")
def gone(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("gone")
    d = six_round_competition(base, [f"Inovasi Layanan {i}" for i in range(1, 21)],
                              "nama,jabatan,instansi\nDr. Siti Rahayu,Dosen,Universitas Tidar\nIr. Budi,Peneliti,BRIN\n",
                              lambda e, j, c, n: 100 - int(e[1:]))
    assert run("-d", d, "awards", "--undo", "--reason", "Rapat 25 Agustus 2017").code == 0
    assert run("-d", d, "entry", "withdraw", "K001", "--disqualify", "--reason", DQ_REASON).code == 0
    assert run("-d", d, "entry", "withdraw", "K003", "--reason", WD_REASON).code == 0
    r = run("-d", d, "awards")
    assert r.code == 0, r.err
    return d


def _rows(path: Path, sheet: int | str):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    return [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]


def test_the_signed_summary_says_who_is_gone_and_why(gone, tmp_path):
    out = tmp_path / "r.xlsx"
    assert run("-d", gone, "export", "-o", out).code == 0
    summary = _rows(out, 0)
    k1 = next(row for row in summary if "K001" in row)
    k3 = next(row for row in summary if "K003" in row)
    assert any("didiskualifikasi" in str(v) and DQ_REASON in str(v) for v in k1), k1
    assert any("mengundurkan diri" in str(v) and WD_REASON in str(v) for v in k3), k3


def test_the_entries_sheet_gives_the_reason(gone, tmp_path):
    out = tmp_path / "r.xlsx"
    assert run("-d", gone, "export", "-o", out).code == 0
    entries = _rows(out, "Peserta")
    k1 = next(row for row in entries if "K001" in row)
    assert any("didiskualifikasi di babak 6" in str(v) and DQ_REASON in str(v) for v in k1), k1
    k3 = next(row for row in entries if "K003" in row)
    assert any("mengundurkan diri" in str(v) and WD_REASON in str(v) for v in k3), k3


def test_the_site_says_disqualified_or_withdrawn_not_both(gone, tmp_path):
    assert run("-d", gone, "publish", "-o", tmp_path / "site").code == 0
    index = (tmp_path / "site" / "index.html").read_text()
    assert "mengundurkan diri / didiskualifikasi" not in index
    assert "didiskualifikasi" in index and DQ_REASON in index and WD_REASON in index


def test_the_awards_minutes_number_the_decided_ranking(gone, tmp_path):
    assert run("-d", gone, "letters", "awards-minutes", "-o", tmp_path / "am").code == 0
    html = (tmp_path / "am" / "awards-minutes.html").read_text()
    rows = re.findall(r'<tr><td class="num">([^<]*)</td><td>(K\d+)</td>.*?<td>([^<]*)</td></tr>', html)
    by_id = {e: (rank, prize) for rank, e, prize in rows}
    assert by_id["K002"] == ("1", "Juara I"), by_id
    assert by_id["K004"] == ("2", "Juara II"), by_id
    assert by_id["K001"][0] == "-" and DQ_REASON in by_id["K001"][1]


def test_a_vacant_place_shows_no_prize(tmp_path):
    """Three of the five finalists disqualified: two are left for three places, Juara III is vacant
    and the awards table shows no amount for it (nobody receives it)."""
    d = six_round_competition(tmp_path, [f"Inovasi Layanan {i}" for i in range(1, 21)],
                              "nama,jabatan,instansi\nDr. Siti Rahayu,Dosen,Universitas Tidar\n",
                              lambda e, j, c, n: 100 - int(e[1:]))
    assert run("-d", d, "awards", "--undo", "--reason", "Rapat").code == 0
    for e in ("K001", "K002", "K003"):
        assert run("-d", d, "entry", "withdraw", e, "--disqualify", "--reason", "Plagiarisme").code == 0
    r = run("-d", d, "awards")
    assert r.code == 0, r.err
    out = tmp_path / "r.xlsx"
    assert run("-d", d, "export", "-o", out).code == 0
    summary = _rows(out, 0)
    vacant = [row for row in summary if any("tidak ada pemenang" in str(v) for v in row)]
    assert vacant, summary[:12]
    assert all(not isinstance(v, (int, float)) for row in vacant for v in row), vacant

