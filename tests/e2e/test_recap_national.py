"""Issue 29, item 5: the recap's summary and its Juri sheet at national size (40 judges with long names and
conflicts by region, prizes per group, 45 finalists with long titles), printed through LibreOffice."""

from __future__ import annotations

import csv
import os
import shutil

import pytest

from tests.cli.test_kipp import score_round
from tests.conftest import run
from tests.e2e.pdf_pages import pages
from tests.e2e.test_recap_print import by_sheet

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice and poppler-utils not installed (.ci/run installs them)")
PROVINCES = ["Jawa Tengah", "Jawa Barat", "Bali", "Papua", "Aceh"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    base = tmp_path_factory.mktemp("national-recap")
    d = base / "k"
    assert run("init", d, "--preset", "kipp-2025").code == 0
    with open(base / "e.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["judul", "instansi", "jenis", "kategori", "wilayah"])
        for i in range(1, 91):
            p = PROVINCES[i % 5]
            w.writerow([f"Inovasi Layanan Publik Terpadu Berbasis Masyarakat untuk Percepatan Penanganan Pengaduan Nomor {i}",
                        f"Pemerintah Kabupaten {p} Bagian {i % 23} Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                        "PEMKAB", "replikasi" if i % 3 == 0 else "umum", p])
    assert run("-d", d, "entry", "import", base / "e.csv").code == 0
    rows = ["id,nama,instansi,konflik_wilayah"] + [
        f"J{j},Prof. Dr. Ir. Juri Nasional dengan Nama Panjang Sekali Nomor {j} M.Sc.,Universitas {j},"
        f"{'Jawa Tengah' if j <= 4 else ''}" for j in range(1, 41)]
    (base / "j.csv").write_text("\n".join(rows) + "\n")
    assert run("-d", d, "judge", "import", base / "j.csv").code == 0
    for key, value in (("rounds.1.advance_top", "67"), ("rounds.2.advance_top", "45")):
        assert run("-d", d, "settings", "set", key, value).code == 0
    for n in (1, 2, 3):
        assert run("-d", d, "assign", "--round", n, "--per-entry", 3 if n == 1 else 5).code == 0
        score_round(d, n, lambda e, j, c: min(100, 60 + (int(e[1:]) * 7 + int(j[1:]) * 3 + len(c)) % 40), base)
        assert run("-d", d, "advance", "--round", n, "--include-ties").code == 0
    assert run("-d", d, "awards").code == 0
    r = run("-d", d, "export", "-o", base / "recap.xlsx", "--pdf")
    assert r.code == 0, r.err
    return d, base / "recap.xlsx", by_sheet(pages(base / "recap.pdf"))


def test_prize_titles_are_whole_and_grouped_by_category(printed):
    _d, _x, sheets = printed
    page = sheets["Ringkasan"][0]
    # the place column: each "Juara" has the rest of its title ("Kelompok") under it, not cut by the next column
    juara = [w for w in page.words if w.text == "Juara"][1:]  # the first is the column's header
    assert len(juara) == 6
    for w in juara:
        assert any(k.text == "Kelompok" and abs(k.x0 - w.x0) < 2 and 0 < k.y0 - w.y0 < 30 for k in page.words), w
    order = [" ".join(x.text for x in page.words if abs(x.y0 - w.y0) < 2 and x.x0 < w.x0 + 25) for w in juara]
    assert [o.split()[1] for o in order] == ["I", "II", "III", "I", "II", "III"]


def test_finalists_that_do_not_fit_are_on_an_annex_sheet(printed):
    import openpyxl

    d, xlsx, sheets = printed
    summary = " ".join(p.text for p in sheets["Ringkasan"])
    assert "45 finalis tercantum pada lembar Lampiran Finalis" in summary
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    assert wb.sheetnames[-1] == "Lampiran Finalis" and wb.sheetnames[:3] == ["Ringkasan", "Peserta", "Juri"]
    listed = [row[0] for row in wb["Lampiran Finalis"].iter_rows(min_row=2, values_only=True)]
    import json

    assert listed == list(json.loads((d / "rounds" / "round-3.json").read_text())["advancing"])
    assert len(listed) == 45


def test_judges_sign_two_a_line_and_their_names_wrap(printed):
    import openpyxl

    _d, xlsx, sheets = printed
    ws = openpyxl.load_workbook(xlsx)["Ringkasan"]
    names = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "Juri Nasional" in c.value]
    assert len(names) == 40 and all(c.alignment.wrap_text for c in names)
    assert len({c.row for c in names}) == 20  # two judges a line
    assert len(sheets["Ringkasan"]) <= 3


def test_conflicts_are_summarised_by_region_and_the_juri_sheet_stays_short(printed):
    import openpyxl

    _d, xlsx, sheets = printed
    ws = openpyxl.load_workbook(xlsx, read_only=True)["Juri"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["J1"][5] == "wilayah Jawa Tengah (18)" and rows["J5"][5] in ("", None)
    assert len(sheets["Juri"]) <= 4


def test_conflict_summary_by_institution_region_and_declared_ids():
    from krenova_cli.core.model import Entry, Judge
    from krenova_cli.i18n.labels import LABELS
    from krenova_cli.spreadsheets.recap_tables import conflict_summary

    entries = [Entry(f"K{i:03d}", "t", "Dinas Kesehatan" if i < 4 else "Dinas Sosial", "OPD", "u", region="Bali" if i % 2 else "Aceh")
               for i in range(1, 30)]
    judge = Judge("J1", "A", affiliation="Dinas Kesehatan", conflict_regions=("Bali",),
                  conflicts=tuple(f"K{i:03d}" for i in range(20, 30)))
    from krenova_cli.core.model import in_conflict

    got = conflict_summary(judge, [e for e in entries if in_conflict(judge, e)], LABELS["id"])
    # K001-K003: the judge's own institution; K020-K029 declared (10: listed); the other odd ids: Bali
    assert got == "Dinas Kesehatan (3); wilayah Bali (8); " + ", ".join(f"K{i:03d}" for i in range(20, 30))
    judge = Judge("J1", "A", conflicts=tuple(f"K{i:03d}" for i in range(1, 30)))
    assert conflict_summary(judge, entries, LABELS["id"]) == "29 peserta dinyatakan satu per satu"
