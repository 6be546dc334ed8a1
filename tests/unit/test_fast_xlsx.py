"""The fast workbook reader (python-calamine) reads every table exactly as the openpyxl way does, and
hands back (None) every workbook on which the two could differ or that calamine could not read safely."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest

from krenova_cli.core.errors import DataErrors
from krenova_cli.spreadsheets import fast_xlsx, reader
from krenova_cli.spreadsheets.import_columns import ENTRY_HEADER_NAMES

pytest.importorskip("python_calamine")


def both(path: Path, monkeypatch, known=ENTRY_HEADER_NAMES):
    """(fast result, openpyxl result): each a Table or the error lines."""
    def read():
        try:
            return reader.read_table(path, known)
        except DataErrors as exc:
            return [str(e) for e in exc.errors]

    fast = read()
    with monkeypatch.context() as m:
        m.setattr(fast_xlsx, "first_sheet", lambda *a: None)
        slow = read()
    return fast, slow


def workbook(path: Path, cells: dict[str, object], styles=None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for ref, value in cells.items():
        ws[ref] = value
        if styles and ref in styles:
            ws[ref].number_format = styles[ref]
    wb.save(path)
    return path


def raw(path: Path, sheet: str, extra: dict[str, str] | None = None) -> Path:
    """A workbook written part by part, as a hand-made (or hostile) file would be."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet}</sheetData></worksheet>",
    } | (extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path


def s(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


HEADER = '<row r="1">' + s("A1", "judul") + s("B1", "instansi") + s("C1", "telepon") + "</row>"

SAME = {
    "plain": lambda p: workbook(p, {"A1": "judul", "B1": "instansi", "C1": "telepon", "A2": "Inovasi", "B2": " Dinas ",
                                    "C2": 81234567, "A3": "Dua", "B3": "X", "C3": 12.5}),
    "offset table": lambda p: workbook(p, {"C3": "judul", "D3": "instansi", "C4": "A", "D4": "B", "D6": "  ", "C8": "x"}),
    "title above": lambda p: workbook(p, {"A1": "Daftar peserta", "A3": "judul", "B3": "instansi", "A4": "a", "B4": "b"}),
    "wide row": lambda p: workbook(p, {"A1": "judul", "B1": "instansi", "A2": "a", "B2": "b", "D2": "stray"}),
    "numbers": lambda p: workbook(p, {"A1": "judul", "B1": "tahun_mulai", "A2": "a", "B2": 2015, "A3": "b", "B3": 2015.0,
                                      "A4": "c", "B4": -0.0, "A5": "d", "B5": 0.1, "A6": "e", "B6": 2**52}),
    "percent format": lambda p: workbook(p, {"A1": "judul", "B1": "instansi", "A2": 0.5, "B2": "x"}, {"A2": "0%"}),
    "empty": lambda p: workbook(p, {}),
    "only blanks": lambda p: workbook(p, {"A1": "   ", "B2": "  "}),
    "trailing empty strings": lambda p: raw(p, HEADER + '<row r="2">' + s("A2", "a") + s("B2", "b") + s("H2", "") + "</row>"),
    "prefixed cells": lambda p: raw(p, '<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>judul</x:t></x:is></x:c>'
                                       '<x:c r="B1" t="inlineStr"><x:is><x:t>instansi</x:t></x:is></x:c></x:row>'),
}

FALLS_BACK = {
    "far cell": lambda p: raw(p, HEADER + '<row r="9"><c r="XFD9"><v>1</v></c></row>'),
    "far row": lambda p: raw(p, HEADER + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'),
    "mostly empty grid": lambda p: raw(p, HEADER + '<row r="150000"><c r="GR150000"><v>1</v></c></row>'),
    "cell without reference": lambda p: raw(p, HEADER + '<row r="2"><c t="inlineStr"><is><t>a</t></is></c></row>'),
    "reference not first": lambda p: raw(p, HEADER + '<row r="2"><c t="inlineStr" r="A2"><is><t>a</t></is></c></row>'),
    "single quotes": lambda p: raw(p, HEADER + "<row r='2'><c r='A2' t='inlineStr'><is><t>a</t></is></c></row>"),
    "entity": lambda p: raw(p, HEADER, {"xl/worksheets/sheet1.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
                                        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                        f"<sheetData>{HEADER}</sheetData></worksheet>"}),
    "formula": lambda p: workbook(p, {"A1": "judul", "B1": "instansi", "A2": "=1+1", "B2": "x"}),
    "date": lambda p: workbook(p, {"A1": "judul", "B1": "tahun_mulai", "A2": "a", "B2": datetime.date(2015, 1, 2)}),
    "date format on a number": lambda p: workbook(p, {"A1": "judul", "B1": "instansi", "A2": 42000, "B2": "x"}, {"A2": "dd/mm/yyyy"}),
    "boolean": lambda p: workbook(p, {"A1": "judul", "B1": "instansi", "A2": True, "B2": "x"}),
    "escape": lambda p: workbook(p, {"A1": "judul", "B1": "instansi", "A2": "a_x000D_b", "B2": "x"}),
    "huge number": lambda p: raw(p, HEADER + '<row r="2"><c r="A2"><v>12345678901234567890</v></c></row>'),
    "spaced number": lambda p: raw(p, HEADER + '<row r="2"><c r="A2"><v> 5 </v></c></row>'),
    "unbound prefix": lambda p: raw(p, HEADER + '<x:row r="2"><x:c r="A2"><x:v>5</x:v></x:c></x:row>'),
    "error cell": lambda p: raw(p, HEADER + '<row r="2"><c r="A2" t="e"><v>#N/A</v></c></row>'),
}


@pytest.mark.parametrize("name", sorted(SAME))
def test_fast_reads_as_openpyxl(name, tmp_path, monkeypatch):
    path = SAME[name](tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert fast_xlsx._plain(zf, reader.MAX_ROWS, reader.MAX_COLUMNS), "the fast way should take this workbook"
    fast, slow = both(path, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("name", sorted(FALLS_BACK))
def test_fast_hands_back(name, tmp_path, monkeypatch):
    path = FALLS_BACK[name](tmp_path / "t.xlsx")
    assert fast_xlsx.first_sheet(path, reader.MAX_ROWS, reader.MAX_COLUMNS) is None
    fast, slow = both(path, monkeypatch)
    assert fast == slow


def test_demo_workbook_reads_the_same(tmp_path, monkeypatch):
    """A generated 300-row entries workbook, as the demo writes it: the fast way takes it, same table."""
    import random
    import tomllib

    from krenova_cli.demo import generated, run as demo_run
    from krenova_cli.store.packaged import data_dir

    words = tomllib.loads((data_dir() / "demo" / "words.toml").read_text(encoding="utf-8"))
    entries = generated.entries(random.Random(7), words, 300, 2017)
    path = tmp_path / "peserta.xlsx"
    demo_run._write_entries_xlsx(path, entries, generated.proposal_sections(random.Random(7), words, entries))
    assert fast_xlsx.first_sheet(path, reader.MAX_ROWS, reader.MAX_COLUMNS) is not None
    fast, slow = both(path, monkeypatch)
    assert fast == slow and len(fast.rows) == 300
