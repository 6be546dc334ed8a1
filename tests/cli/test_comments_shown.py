"""Issue 27 part 4: the judges' comments are shown where the scores are read: in the judge's recap (the paper the
judge signs, HTML/PDF and Word from the same HTML) and in the recap workbook (a sheet of comments beside each
round's detail sheet, one row per judge and entry), their text never run as a formula."""

from __future__ import annotations

import csv
import json
import re

import lxml.html
import pytest

from tests.conftest import CRITERIA, run, score_all

VALUES = [f"{c}=80" for c in CRITERIA]
FORMULA = '=HYPERLINK("http://x","klik")'


@pytest.fixture
def commented(comp, tmp_path):
    """Round 1 scored and closed: J1 commented K001 (two lines, and on Kebaruan); J2 commented K002 with a formula."""
    score_all(comp, 1, lambda e, j, c: 80, tmp_path)
    r = run("-d", comp, "score", "K001", "--round", "1", "-j", "J1", *VALUES, "--replace", "--comment", "Ide baik;\nperlu data.",
            "--criterion-comment", "kebaruan=Sangat baru")
    assert r.code == 0, r.err
    r = run("-d", comp, "score", "K002", "--round", "1", "-j", "J2", *VALUES, "--replace", "--comment", FORMULA,
            "--criterion-comment", "efektivitas=-1 poin untuk biaya", "--criterion-comment", "kebaruan=@lihat lampiran")
    assert r.code == 0, r.err
    r = run("-d", comp, "advance", "--round", "1")
    assert r.code == 0, r.err
    return comp


def _text(path) -> str:
    return " ".join(lxml.html.parse(str(path)).getroot().text_content().split())


def test_the_judge_recap_shows_the_judges_comments(commented, tmp_path):
    r = run("-d", commented, "letters", "judge-recap", "--round", "1", "--format", "html", "-o", tmp_path / "out")
    assert r.code == 0, r.err
    one = tmp_path / "out" / "judge-recap-round-1-J1.html"
    text = _text(one)
    assert "Catatan Juri" in text
    assert "K001: Ide baik; perlu data." in text  # the entry's id before its comment
    assert "Kebaruan: Sangat baru" in text  # a criterion's comment under its name, not its id
    assert re.search(r"Ide baik;<br>\s*perlu data\.", one.read_text())  # the judge's line break kept
    two = _text(tmp_path / "out" / "judge-recap-round-1-J2.html")
    assert f"K002: {FORMULA}" in two and "Efektivitas: -1 poin untuk biaya" in two and "Kebaruan: @lihat lampiran" in two
    # criteria in the round's order: Kebaruan before Efektivitas
    assert two.index("Kebaruan: @lihat") < two.index("Efektivitas: -1")
    assert "Catatan Juri" not in _text(tmp_path / "out" / "judge-recap-round-1-J3.html")  # no comments, no section


def test_the_word_judge_recap_says_the_same_comments(commented, tmp_path):
    pytest.importorskip("docx")
    from tests.e2e.test_word_parity import docx_words

    r = run("-d", commented, "letters", "judge-recap", "--round", "1", "--format", "docx", "-o", tmp_path / "out")
    assert r.code == 0, r.err
    words = " ".join(docx_words(tmp_path / "out" / "judge-recap-round-1-J1.docx"))
    assert "Catatan Juri" in words and "K001: Ide baik; perlu data." in words and "Kebaruan: Sangat baru" in words


def test_a_comment_is_a_fact_of_the_recap_its_code_covers(commented, tmp_path):
    """The recap states the comments: its verification facts cover them (a recap without comments keeps the
    facts it had before comments were shown)."""
    from krenova_cli.documents import builders
    from krenova_cli.documents.verification import facts_of
    from krenova_cli.store.datafolder import Store

    store = Store(commented)
    state = store.add_scores(store.load(rounds=()), [1])
    docs = {d["judge"]["id"]: d for d in builders.documents(state, "judge-recap", None, 1)}
    with_comments = facts_of(docs["J1"] | {"number": "1"})["content"]
    bare = [{**row, "comment": "", "criteria_comments": []} for row in docs["J1"]["rows"]]
    assert facts_of(docs["J1"] | {"number": "1", "rows": bare})["content"] != with_comments
    from krenova_cli.documents.verification import _digest

    old = _digest([[r["entry_id"], r["marks"], str(r["total"])] for r in docs["J3"]["rows"]])
    assert facts_of(docs["J3"] | {"number": "1"})["content"] == old


def test_the_recap_workbook_has_the_comments_beside_the_detail_sheet(commented, tmp_path):
    import openpyxl

    assert run("-d", commented, "export", "-o", tmp_path / "r.xlsx").code == 0
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")  # formulas as written, not cached values
    names = wb.sheetnames
    assert names.index("Babak 1 (catatan)") == names.index("Babak 1 (rinci)") + 1
    rows = list(wb["Babak 1 (catatan)"].iter_rows(values_only=True))
    assert rows[0] == ("Peringkat", "ID", "Judul", "Juri", "Nama Juri", "Catatan", "Catatan per Kriteria")
    body = {(r[1], r[3]): r for r in rows[1:]}
    assert set(body) == {("K001", "J1"), ("K002", "J2")}
    assert body["K001", "J1"][2:] == ("Inovasi 1", "J1", "Juri Satu", "Ide baik;\nperlu data.", "Kebaruan: Sangat baru")
    assert body["K002", "J2"][5:] == (FORMULA, "Kebaruan: @lihat lampiran\nEfektivitas: -1 poin untuk biaya")
    ws = wb["Babak 1 (catatan)"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value  # the judge's text is text, never a formula
    # the CSV and JSON exports give the same table; the CSV defuses what a spreadsheet would run
    assert run("-d", commented, "export", "--csv", tmp_path / "csv").code == 0
    with open(tmp_path / "csv" / "round-1-comments.csv", newline="", encoding="utf-8") as fh:
        got = {(r[1], r[3]): r for r in list(csv.reader(fh))[1:]}
    assert got["K002", "J2"][5] == "'" + FORMULA
    r = run("-d", commented, "export", "--json")
    assert json.loads(r.out)["round-1-comments"]["rows"][0][5] in ("Ide baik;\nperlu data.", FORMULA)


def test_a_round_without_comments_has_no_comments_sheet(comp, tmp_path):
    import openpyxl

    score_all(comp, 1, lambda e, j, c: 80, tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    assert run("-d", comp, "export", "-o", tmp_path / "r.xlsx").code == 0
    assert not [n for n in openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True).sheetnames if "catatan" in n]


def test_a_comment_longer_than_a_page_goes_on_over_rows_each_of_which_prints(tmp_path):
    """A row is never split by the printer: a comment of many lines (2,000 characters, line breaks allowed) is
    cut into rows of at most a page's lines, the keys repeated, the text whole when read in order."""
    from krenova_cli.spreadsheets.recap_tables import comment_chunks

    text = "\n".join(f"Baris {i} catatan juri yang cukup panjang" for i in range(60))
    chunks = comment_chunks(text, 45)
    assert len(chunks) > 1 and "\n".join(chunks) == text
    from krenova_cli.spreadsheets.recap_writer import LINE_PT, USABLE_HEIGHT_PT, wrapped_lines

    assert all(wrapped_lines(c, 45) * LINE_PT < USABLE_HEIGHT_PT - 40 for c in chunks)
    long = " ".join(["kata"] * 400)  # one paragraph of 2,000 characters
    chunks = comment_chunks(long, 45)
    assert " ".join(chunks) == long and all(wrapped_lines(c, 45) * LINE_PT < USABLE_HEIGHT_PT - 40 for c in chunks)
    word = "x" * 2000  # one "word" of 2,000 letters
    chunks = comment_chunks(word, 45)
    assert "".join(chunks) == word and all(wrapped_lines(c, 45) * LINE_PT < USABLE_HEIGHT_PT - 40 for c in chunks)
