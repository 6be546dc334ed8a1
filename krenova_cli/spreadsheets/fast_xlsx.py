"""The fast way to read a workbook's first sheet: python-calamine (Rust), taken only where it reads
exactly what the openpyxl way (`reader.sparse_rows`) reads, within the same bounds.

calamine builds a dense grid from the cells' positions before anything can be checked, so a single
cell at XFD1048576 would make it allocate half a terabyte and abort the process. Its input is
therefore looked at first, at C speed (regular expressions over the parts the archive check already
bounded): every cell must carry an explicit `r="A1"` reference as its first attribute, the
references must lie within the reader's bounds (and the grid they span must not be mostly empty),
every XML part must be well-formed (expat, as openpyxl parses it), and nothing may be present on
which the two readers could differ: a DTD or entity, a formula, an error or boolean cell, an
`_xHHHH_` escape, a phonetic run, a number format that may be a date, a number beyond the exact
range of a float. Anything else returns None, and the caller reads the file
the openpyxl way, with its exact messages. tests/unit/test_fast_xlsx.py compares both ways.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
_CELL_REF = re.compile(rb"<" + _PREFIX + rb'c\s+r="([A-Z]{1,3})([0-9]{1,7})"[\s/>]')
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s/>]")
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_SPECIAL_CELL = re.compile(rb"""\st\s*=\s*["'](?:e|b|d)["']""")
_SPACED_VALUE = re.compile(rb"<" + _PREFIX + rb"v>[^<]*?\s")  # openpyxl reads ' 5 ' as 5; calamine may not
_NUM_FMT_ID = re.compile(rb'numFmtId="(\d+)"')
_UNSAFE = (b"\x00", b"<!DOCTYPE", b"<!ENTITY", b"rPh")
# Number formats under which a number reads the same in both readers (General, 0, 0.00, #,##0,
# #,##0.00, percentages, 0.00E+00, # ?/?, @): no date, time or duration.
_PLAIN_FORMATS = frozenset({0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 49})
EXACT_FLOAT = 2**53


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _well_formed(data: bytes) -> bool:
    """expat (as openpyxl uses it, namespaces bound) parses the part; no handler, so at C speed."""
    from xml.parsers import expat

    try:
        expat.ParserCreate(namespace_separator=" ").Parse(data, True)
    except expat.ExpatError:
        return False
    return True


def _plain(zf: zipfile.ZipFile, max_rows: int, max_columns: int) -> bool:
    """Whether every part is one the fast reader reads as openpyxl does, within the bounds."""
    for info in zf.infolist():
        data = zf.read(info)
        if any(mark in data for mark in _UNSAFE) or _ESCAPE.search(data):
            return False
        if info.filename.endswith((".xml", ".rels")) and not _well_formed(data):
            return False  # calamine reads some malformed XML that openpyxl refuses
        if info.filename.endswith("styles.xml"):
            if b"<numFmt " in data or b":numFmt " in data:
                return False  # a custom number format: openpyxl and calamine may not agree it is a date
            if any(int(i) not in _PLAIN_FORMATS for i in _NUM_FMT_ID.findall(data)):
                return False
        if b"sheetData" not in data:
            continue
        if _FORMULA.search(data) or _SPECIAL_CELL.search(data) or _SPACED_VALUE.search(data):
            return False
        refs = _CELL_REF.findall(data)
        cells = len(_CELL.findall(data))
        if len(refs) != cells:
            return False  # a cell placed by its order, not its reference: calamine alone knows where
        if not refs:
            continue
        rows = max(int(r) for _, r in refs)
        columns = max(_column_number(c) for c in {c for c, _ in refs})
        if rows > max_rows or columns > max_columns or rows * columns > 4 * cells + 100_000:
            return False
    return True


def first_sheet(path: Path, max_rows: int, max_columns: int) -> list[list] | None:
    """The first worksheet's cells as openpyxl's sparse reading laid out densely (rows from row 1,
    columns from A, up to the last non-empty value; None where nothing was), or None: read it the
    openpyxl way. The archive has passed `reader.check_xlsx_archive`."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum
    except ImportError:
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            if not _plain(zf, max_rows, max_columns):
                return None
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            meta = workbook.sheets_metadata
            if not meta or meta[0].typ != SheetTypeEnum.WorkSheet:
                return None  # openpyxl's first worksheet skips chart sheets
            grid = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except Exception:  # any complaint of calamine: the openpyxl way says what is wrong, in its words
        return None
    return _as_sparse_reads(grid)


def _as_sparse_reads(grid: list[list]) -> list[list] | None:
    """The grid as `reader._dense(sparse_rows(...))` gives it: empty strings are no value, the grid
    ends at the last row and column holding one; numbers are ints when openpyxl reads them so."""
    rows: list[list] = []
    width = 0
    last = 0
    for i, row in enumerate(grid):
        out = []
        for j, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value == "":
                    out.append(None)
                    continue
            elif kind is float:
                if not math.isfinite(value) or abs(value) >= EXACT_FLOAT:
                    return None
            elif kind is not int:
                return None  # a date, time, duration or boolean: openpyxl decides those its own way
            out.append(value)
            if j + 1 > width:
                width = j + 1
            last = i + 1
        rows.append(out)
    rows = rows[:last]
    return [(r + [None] * width)[:width] for r in rows]
