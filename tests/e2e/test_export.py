"""The Excel recap read back by two independent readers, and opened by LibreOffice."""

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, run, six_round_competition

INJECTIONS = ['=HYPERLINK("http://x","click")', "+1", "-1", "@SUM(A1)", "#N/A", "=1+1"]


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """The shared six-round competition, with formula-like titles among the entries."""
    titles = INJECTIONS + [f"Inovasi {i}" for i in range(len(INJECTIONS) + 1, 21)]
    d = six_round_competition(tmp_path_factory.mktemp("recap"), titles, "nama,instansi\nA,X\nB,Dinas 3\nC,Y\n",
                              lambda e, j, c, n: (100 - int(e[1:]) + CRITERIA.index(c) + int(j[1:]) * n) % 101,
                              advance=("--include-ties",))
    assert run("-d", d, "export").code == 0
    return d


def recap(d: Path) -> Path:
    return d / "out" / "recap-krenova-magelang-2017.xlsx"


def test_every_round_sheet_matches_standings_json(finished):
    """The round sheet for reading and its detail sheet (each entry's panel as Juri 1..k) against standings."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    wb = openpyxl.load_workbook(recap(finished), read_only=True)
    cal = CalamineWorkbook.from_path(str(recap(finished)))
    for n in range(1, 7):
        st = run("-d", finished, "standings", "--round", n, "--json").json()
        rows_xl = list(wb[f"Babak {n}"].iter_rows(values_only=True))
        rows_cal = cal.get_sheet_by_name(f"Babak {n}").to_python()
        detail = list(wb[f"Babak {n} (rinci)"].iter_rows(values_only=True))
        header = rows_xl[0]
        col = {h: i for i, h in enumerate(header)}
        dcol = {h: i for i, h in enumerate(detail[0])}
        assert len(rows_xl) - 1 == len(st["rows"]) == len(detail) - 1
        for row_xl, row_cal, row_d, want in zip(rows_xl[1:], rows_cal[1:], detail[1:], st["rows"]):
            for row in (row_xl, row_cal):
                assert row[col["ID"]] == want["entry_id"] and row[col["Judul"]] == want["title"]
                assert round(row[col["Nilai Peringkat"]], 4) == want["ranking_score"]
                assert int(row[col["Peringkat"]]) == want["rank"]
                assert row[col["Lolos"]] == ("Ya" if want["advances"] else "Tidak")
            assert row_d[dcol["ID"]] == want["entry_id"]
            panel = row_d[dcol["Panel Juri"]].split()
            assert sorted(panel) == sorted(want["judges"])
            for k, j in enumerate(panel, start=1):
                assert round(row_d[dcol[f"Juri {k}"]], 4) == want["judges"][j]


def test_awards_and_summary_match_awards_json(finished):
    import openpyxl

    awards = run("-d", finished, "awards", "--json").json()["places"]
    wb = openpyxl.load_workbook(recap(finished), read_only=True)
    rows = list(wb["Pemenang"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[1], r[6]) for r in rows] == [(p["title"], p["entry_id"], p["amount"]) for p in awards]
    assert rows[0][7] == "Lima juta rupiah"
    summary = [r for r in wb["Ringkasan"].iter_rows(values_only=True)]
    assert summary[0][0] == "Krenova OPD BUMD Kota Magelang 2017"
    assert any(len(r) > 6 and r[0] == "Juara I" and r[6] == 5000000 for r in summary)


def test_injection_titles_come_back_as_exact_text_and_no_formula_from_user_text(finished):
    import openpyxl

    wb = openpyxl.load_workbook(recap(finished))  # formulas, not cached values
    titles = [r[1] for r in wb["Peserta"].iter_rows(min_row=2, values_only=True)]
    assert titles[: len(INJECTIONS)] == INJECTIONS
    with zipfile.ZipFile(recap(finished)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_formats_frozen_panes_filter_and_print_setup(finished):
    import openpyxl

    wb = openpyxl.load_workbook(recap(finished))
    ws = wb["Babak 4"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    # A4 landscape at a computed scale that keeps 11 pt text at 8 pt or more (issue 19), not fit-to-width
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9 and 73 <= ws.page_setup.scale <= 100
    assert ws.print_title_rows == "$1:$1"
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("Nilai Babak") + 1).number_format == "0.00"
    detail = wb["Babak 4 (rinci)"]
    assert detail.cell(row=2, column=[c.value for c in detail[1]].index("Juri 1") + 1).number_format == "0.00"
    assert wb["Pemenang"]["G2"].number_format == "#,##0"
    cut = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).border.bottom.style == "thick"]
    lolos = header.index("Lolos") + 1
    assert len(cut) == 1 and ws.cell(row=cut[0], column=lolos).value == "Ya" and ws.cell(row=cut[0] + 1, column=lolos).value == "Tidak"
    assert ws.cell(row=1, column=1).font.bold
    stats = [r for r in wb["Statistik Juri"].iter_rows(min_row=2, values_only=True)]
    assert {r[1] for r in stats} == {"J1", "J2", "J3"} and all(r[3] > 0 for r in stats)
    with zipfile.ZipFile(recap(finished)) as z:
        assert sum(n.startswith("xl/charts/chart") for n in z.namelist()) == 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_libreoffice_opens_it_values_match_and_the_chart_survives(finished, tmp_path):
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "ods", "--outdir", str(out), str(recap(finished))],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    ods = out / "recap-krenova-magelang-2017.ods"
    with zipfile.ZipFile(ods) as z:
        content = z.read("content.xml").decode()
        assert "Object" in "".join(z.namelist())  # the charts came through as embedded chart objects
    assert "Krenova OPD BUMD Kota Magelang 2017" in content and "Lima juta rupiah" in content
    subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,10",
                    "--outdir", str(out), str(recap(finished))], check=True, capture_output=True, timeout=180,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    st = run("-d", finished, "standings", "--round", "4", "--json").json()
    csv_text = next(out.glob("*Babak 4*.csv")).read_text()
    for want in st["rows"][:5]:
        assert want["entry_id"] in csv_text and f"{want['ranking_score']:.2f}" in csv_text


def test_csv_and_json_exports_carry_the_same_tables(finished, tmp_path):
    r = run("-d", finished, "export", "--csv", tmp_path / "csv")
    assert r.code == 0
    assert (tmp_path / "csv" / "round-4.csv").read_text().splitlines()[0].startswith("Peringkat,Seri,ID,Judul")
    data = run("-d", finished, "export", "--json").json()
    assert set(data) >= {"rounds", "entries", "judges", "round-1", "round-6", "awards", "judge-stats"}


def test_english_recap(finished, tmp_path):
    import shutil as sh

    import openpyxl

    en = tmp_path / "en"
    sh.copytree(finished, en)
    settings = en / "competition.toml"
    settings.write_text(settings.read_text().replace('locale = "id"', 'locale = "en"'))
    assert run("-d", en, "export", "-o", tmp_path / "en.xlsx").code == 0
    wb = openpyxl.load_workbook(tmp_path / "en.xlsx", read_only=True)
    assert wb.sheetnames[:4] == ["Summary", "Entries", "Judges", "Round 1"] and "Judge statistics" in wb.sheetnames
    header = next(wb["Round 4"].iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("Rank", "Tied", "ID") and "Advances" in header
    awards = list(wb["Awards"].iter_rows(min_row=2, values_only=True))
    assert awards[0][7] == "Five million rupiah"
