"""Issue 25 item 2: every table and chart follows the round record's order.

A tie at the cutoff decided for the higher id (`advance --prefer K009` over K008, both ranked 8=): within the
shared rank the advancing entry comes first and the cutoff line falls under it, in every output that lists a
round's rows: standings (table, JSON, CSV), the minutes (HTML, PDF, Word, and their annex), `analyse` (table,
JSON, report chart), the recap's round sheets, and the published site.
"""

import json
import re

import pytest

from tests.conftest import pdf_ready, run, score_all

CHOSEN, PASSED_OVER = "K009", "K008"


def value(e, j, c):
    i = int(e[1:])
    if e == "K009":
        i = 8  # the same scores as K008 from every judge: a tie no tie-break splits
    return 95 - 2 * i if i < 12 else 60 - i


@pytest.fixture
def decided(comp, tmp_path):
    assert run("-d", comp, "settings", "set", "rounds.1.advance_top", "8").code == 0
    score_all(comp, 1, value, tmp_path)
    r = run("-d", comp, "advance", "--round", "1", "--prefer", CHOSEN, "--reason", "rapat pleno memilih K009")
    assert r.code == 0, r.err
    record = json.loads((comp / "rounds" / "round-1.json").read_text())
    assert [r["rank"] for r in record["standings"] if r["entry_id"] in (CHOSEN, PASSED_OVER)] == [8, 8]
    return comp


def in_order(ids):
    """The chosen entry before the one passed over, as the record decided."""
    ids = [e for e in ids if e in (CHOSEN, PASSED_OVER)]
    assert ids == [CHOSEN, PASSED_OVER], ids


def ids_in(text):
    return re.findall(r"\bK0\d\d\b", text)


def row_ids(text):
    """The entry of each table row of a text (a rank, then the id: terminal tables, CSV, pdftotext lines)."""
    return [m.group(1) for m in re.finditer(r"^[\W_]*\d+=?[\W_]+(K0\d\d)\b", text, re.M)]


def test_the_one_order_lives_in_the_record():
    from krenova_cli.core.records import RoundRecord

    assert hasattr(RoundRecord, "decided_standings")


def test_standings_table_json_and_csv(decided):
    in_order(row_ids(run("-d", decided, "standings", "--round", "1").out))
    in_order([r["entry_id"] for r in run("-d", decided, "standings", "--round", "1", "--json").json()["rows"]])
    import csv
    import io

    in_order([row["entry_id"] for row in csv.DictReader(io.StringIO(run("-d", decided, "standings", "--round", "1", "--csv").out))])


def test_minutes_html_and_the_cut_line(decided, tmp_path):
    r = run("-d", decided, "letters", "minutes", "--round", "1", "--format", "html", "-o", tmp_path / "m")
    assert r.code == 0, r.err
    (page,) = [p for p in (tmp_path / "m").glob("*.html") if "lampiran" not in p.name]
    html = page.read_text()
    rows = re.findall(r"<tr( class=\"cut\")?><td class=\"num\">([^<]*)</td><td>(K\d+)</td>", html)
    in_order([e for _cut, _rank, e in rows])
    assert [e for cut, _rank, e in rows if cut] == [CHOSEN]  # the line under the chosen entry, not under K008


def test_minutes_annex_follows_the_record(decided, monkeypatch):
    from krenova_cli.documents import builders
    from krenova_cli.store.datafolder import Store

    monkeypatch.setattr(builders, "ALL_ROWS_UP_TO", 5)
    monkeypatch.setattr(builders, "ELIMINATED_SHOWN", 1)
    doc = builders.minutes(Store(decided).load(), 1)
    assert doc["annex"] is not None
    lines = [line for page in doc["annex"]["pages"] for line in page["lines"]]
    in_order(ids_in("\n".join(lines)))
    cut = next(i for i, line in enumerate(lines) if line.startswith("="))
    assert CHOSEN in lines[cut - 1] and PASSED_OVER in "\n".join(lines[cut + 1:])
    in_order([r["entry_id"] for r in doc["rows"]])


@pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint is not installed (the pdf extra)")
def test_minutes_pdf(decided, tmp_path):
    import subprocess

    r = run("-d", decided, "letters", "minutes", "--round", "1", "--format", "pdf", "-o", tmp_path / "m")
    assert r.code == 0, r.err
    (pdf,) = [p for p in (tmp_path / "m").glob("*.pdf") if "lampiran" not in p.name]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    in_order(row_ids(text))


def test_minutes_word(decided, tmp_path):
    import docx

    r = run("-d", decided, "letters", "minutes", "--round", "1", "--format", "docx", "-o", tmp_path / "m")
    assert r.code == 0, r.err
    (path,) = [p for p in (tmp_path / "m").glob("*.docx") if "lampiran" not in p.name]
    cells = [c.text for t in docx.Document(str(path)).tables for row in t.rows for c in row.cells]
    in_order(list(dict.fromkeys(ids_in("\n".join(cells)))))


def test_analyse_table_json_and_report_chart(decided, tmp_path):
    data = run("-d", decided, "analyse", "--round", "1", "--resamples", "100", "--json").json()
    in_order([r["entry_id"] for r in data["near_cutoff"]])
    in_order(row_ids(run("-d", decided, "analyse", "--round", "1", "--resamples", "100").out))
    r = run("-d", decided, "analyse", "--round", "1", "--resamples", "100", "-o", tmp_path / "a.html")
    assert r.code == 0, r.err
    html = (tmp_path / "a.html").read_text()
    svg = html[html.index('id="pass-probability"'):]
    labels = re.findall(r'<text x="4" y="([\d.]+)" font-size="9">(\d+[=.]) (K\d+)', svg)
    in_order([e for _y, _place, e in labels])
    place = {e: p for _y, p, e in labels}
    assert place[CHOSEN] == place[PASSED_OVER] == "8="  # the shared rank, as standings shows it
    y = {e: float(yy) for yy, _p, e in labels}
    line = float(re.search(r'<line x1="0" x2="[\d.]+" y1="([\d.]+)"', svg).group(1))
    assert y[CHOSEN] < line < y[PASSED_OVER]


def test_recap_round_sheets(decided, tmp_path):
    import openpyxl

    assert run("-d", decided, "export", "-o", tmp_path / "r.xlsx").code == 0
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    sheets = [n for n in wb.sheetnames if "1" in n and ("Babak" in n or "Round" in n or "Penilaian" in n)]
    assert sheets, wb.sheetnames
    for name in sheets:
        ids = [c for row in wb[name].iter_rows(values_only=True) for c in row if isinstance(c, str)]
        in_order(ids_in("\n".join(ids)))


def test_published_site_lists(decided, tmp_path):
    r = run("-d", decided, "publish", "-o", tmp_path / "site")
    assert r.code == 0, r.err
    html = (tmp_path / "site" / "index.html").read_text()
    ids = ids_in(html)
    assert CHOSEN in ids and PASSED_OVER not in ids  # a cutoff list names the advancing entries only
