"""A judge's score sheet as the judge and the printer see it (issue 25 item 10): the entries the judge
already scored show the recorded values, marked, and reading the sheet back accepts them unchanged
(no --replace for the whole file); the header shows each criterion's label whole; long titles,
institutions and categories wrap inside their own cells; the page is A4."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, refused, run


def _score(comp, entry, judge, value):
    r = run("-d", comp, "score", "--round", "1", "--judge", judge, entry, *[f"{c}={value}" for c in CRITERIA])
    assert r.code == 0, r.err


def test_recorded_scores_are_shown_marked_and_read_back_unchanged(comp, tmp_path):
    import openpyxl

    _score(comp, "K002", "J1", 81)
    _score(comp, "K003", "J1", 77)
    assert run("-d", comp, "sheets", "--round", "1", "-o", tmp_path / "s").code == 0
    path = tmp_path / "s" / "round-1-J1.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Nilai"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(6, ws.max_row + 1)}
    head = [ws.cell(row=5, column=c).value for c in range(1, ws.max_column + 1)]
    first_value, note_col = 6, len(head)
    for entry, value in (("K002", 81), ("K003", 77)):
        r = rows[entry]
        assert [ws.cell(row=r, column=c).value for c in range(first_value, first_value + len(CRITERIA))] == [value] * 5
        assert ws.cell(row=r, column=note_col).value == "sudah tercatat"
        assert ws.cell(row=r, column=first_value).fill.fgColor.rgb != ws.cell(row=rows["K004"], column=first_value).fill.fgColor.rgb
    assert ws.cell(row=rows["K004"], column=first_value).value is None and not ws.cell(row=rows["K004"], column=note_col).value
    # the judge fills the rest and sends the sheet back: the recorded rows are accepted as they are
    for entry, r in rows.items():
        if entry not in ("K002", "K003"):
            for c in range(first_value, first_value + len(CRITERIA)):
                ws.cell(row=r, column=c).value = 70
    wb.save(path)
    r = run("-d", comp, "score", "--round", "1", "--from", path)
    assert r.code == 0, r.err
    # a recorded value changed on the sheet still needs --replace, named on its row
    ws.cell(row=rows["K002"], column=first_value).value = 90
    wb.save(path)
    errors = refused(comp, "score", "--round", "1", "--from", path)
    assert len(errors) == 1 and f"round-1-J1.xlsx row {rows['K002']}" in errors[0] and "--replace" in errors[0]


def test_the_sheet_prints_on_a4_with_whole_labels_and_wrapping_text(comp, tmp_path):
    import openpyxl

    long_inst = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Magelang"
    assert run("-d", comp, "entry", "edit", "K004", "--institution", long_inst).code == 0
    assert run("-d", comp, "sheets", "--round", "1", "-o", tmp_path / "s").code == 0
    path = tmp_path / "s" / "round-1-J1.xlsx"
    ws = openpyxl.load_workbook(path)["Nilai"]
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    # the header row is tall enough for every label's lines at its column's width
    height = ws.row_dimensions[5].height
    for c in range(1, ws.max_column + 1):
        text = str(ws.cell(row=5, column=c).value)
        letter = openpyxl.utils.get_column_letter(c)
        width = ws.column_dimensions[letter].width
        lines = sum(max(1, -(-len(part) // max(int(width) - 1, 1))) for part in text.split("\n"))
        assert height and height >= 14 * lines, (text, width, height)
    # titles, institutions and categories wrap inside their cells instead of spilling over the scores
    for c in (3, 4, 5):
        assert ws.cell(row=6, column=c).alignment.wrap_text, c

    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice Calc or poppler is not installed")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(path)], capture_output=True, timeout=300)
    pdf = tmp_path / "pdf" / "round-1-J1.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info, info
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    for label in ("(kebaruan)", "0-100", "(keberlanjutan)"):
        assert label in text, label
