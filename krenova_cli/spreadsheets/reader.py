"""Reading untrusted tables (.csv, .xlsx) safely: size limits, zip-bomb checks, defused XML."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.i18n.formatting import count as grouped
from krenova_cli.i18n.messages import _

MAX_TABLE_BYTES = 32 * 1024 * 1024
MAX_UNZIPPED = 64 * 1024 * 1024  # a 5,000-row workbook unzips to a few MB; 182 MB of sheet XML took 600 MB to read
MAX_RATIO = 100
MAX_MEMBERS = 2000
MAX_COLUMNS = 200  # an import has about ten columns; a cell far to the right is a stray (or an attack)
MAX_ROWS = 200_000


NUMBERING = frozenset({"no", "no.", "nomor", "nomor urut", "no urut"})
HEADER_SEARCH_ROWS = 30


def header_key(text: str) -> str:
    """A header as the importers compare it: case and spacing ignored (`Tahun Mulai` = `tahun_mulai`)."""
    return "_".join(text.strip().lower().split())


def is_numbering(header: str) -> bool:
    """The `No` column an office table starts with: it numbers rows and is no data."""
    return " ".join(header.strip().lower().split()) in NUMBERING


@dataclass(frozen=True)
class Table:
    source: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    header_row: int = 1  # the row holding the headers, as the spreadsheet shows it
    # (row number, column index) of the cells that were numbers in the workbook (not text)
    numeric: frozenset = frozenset()


def check_xlsx_archive(path: Path) -> None:
    """Refuse a zip bomb before openpyxl sees it: declared sizes, ratios and member count."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except Exception as exc:  # zipfile raises BadZipFile, NotImplementedError, EOFError... on damaged archives
        raise DataErrors(DataError(name, None, _("not an Excel .xlsx file ({problem}); save it as .xlsx or .csv").format(
            problem=" ".join(str(exc).split())[:120]))) from None
    if len(infos) > MAX_MEMBERS:
        raise DataErrors(DataError(name, None, _("refused: {count} parts in the archive (a real workbook has far fewer)").format(count=len(infos))))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise DataErrors(DataError(name, None, _("refused: it would expand to {size} MB (limit {limit} MB); a zip bomb or an oversized workbook").format(
            size=total // 2**20, limit=MAX_UNZIPPED // 2**20)))
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise DataErrors(DataError(name, None, _("refused: {part} expands {ratio} times (a zip bomb)").format(
                part=i.filename, ratio=i.file_size // max(i.compress_size, 1))))
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise DataErrors(DataError(name, None, _("not an Excel workbook (no xl/workbook.xml); save it as .xlsx")))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def open_workbook(path: Path, data_only: bool = True):
    """openpyxl on a checked archive; XML entity tricks are refused by defusedxml."""
    check_xlsx_archive(path)
    import defusedxml  # noqa: F401  (openpyxl uses it for every XML part when installed)
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise workbook_error(exc, path.name) from None


def workbook_error(exc: BaseException, name: str) -> DataErrors:
    """One line for any failure inside openpyxl; XML entity tricks (defusedxml) named as such."""
    seen: BaseException | None = exc
    while seen is not None:
        kind = type(seen).__name__
        if "Entities" in kind or "DTD" in kind or "Forbidden" in kind:
            return DataErrors(DataError(name, None, _("refused: the workbook's XML declares entities (an XML bomb?)")))
        seen = seen.__cause__ or seen.__context__
    first = " ".join(str(exc).split())[:160]
    return DataErrors(DataError(name, None, _("cannot read this workbook ({kind}: {problem}); save it again as .xlsx").format(
        kind=type(exc).__name__, problem=first)))


def read_table(path: Path, known: frozenset[str] | set[str] | None = None) -> Table:
    """The first sheet (or the CSV) as a table. With `known` header names, the header row is the
    first row (of the first 30) holding at least two of them, so title rows, empty rows and merged
    title cells above the table are skipped; otherwise it is the first row that is not empty."""
    if not path.is_file():
        raise UserError(_("{file}: no such file").format(file=path))
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise DataErrors(DataError(path.name, None, _("refused: {size} MB is over the {limit} MB limit; split the file").format(
            size=size // 2**20, limit=MAX_TABLE_BYTES // 2**20)))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, known)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, known)
    raise UserError(_("{file}: unsupported file type {suffix}; use .csv or .xlsx").format(file=path.name, suffix=suffix or _("(none)")))


def _read_csv(path: Path, known=None) -> Table:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataErrors(DataError(path.name, line, _("not UTF-8 text; save it as 'CSV UTF-8'"))) from None
    if "\x00" in text:
        raise DataErrors(DataError(path.name, None, _("contains NUL bytes; not a text CSV file")))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataErrors(DataError(path.name, reader.line_num, _("malformed CSV: {problem}").format(problem=exc))) from None
    return _table(path.name, rows, known)


def sparse_rows(ws, name: str):
    """(row number, {column: value}) for the cells a sheet really holds, never padded to the sheet's
    declared dimensions: a workbook declaring A1:XFD20002, or holding one far cell a row, costs only
    what it holds (openpyxl's own rows are padded to the declared width: 65 s and 2.7 GB for one)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, row in parser.parse():
            if idx > MAX_ROWS:
                raise DataErrors(DataError(name, None, _("refused: more than {limit} rows; split the file").format(limit=grouped(MAX_ROWS))))
            cells = {}
            for cell in row:
                if cell["value"] is None or cell["value"] == "":
                    continue
                if cell["column"] > MAX_COLUMNS:
                    raise DataErrors(DataError(f"{name}!{get_column_letter(cell['column'])}{idx}", None,
                                               _("a cell far outside the table (column {column}; at most {limit}); delete it").format(
                                                   column=grouped(cell["column"]), limit=grouped(MAX_COLUMNS))))
                cells[cell["column"]] = cell["value"]
            if cells:
                yield idx, cells


def _dense(sparse: list[tuple[int, dict]]) -> list[list]:
    width = max((max(cells) for _, cells in sparse), default=0)
    rows: list[list] = []
    for idx, cells in sparse:
        while len(rows) < idx - 1:
            rows.append([""] * width)
        rows.append([cells.get(c) for c in range(1, width + 1)])
    return rows


def _read_xlsx(path: Path, known=None) -> Table:
    from krenova_cli.spreadsheets.fast_xlsx import first_sheet

    check_xlsx_archive(path)
    grid = first_sheet(path, MAX_ROWS, MAX_COLUMNS)  # None unless it reads exactly as below, in bounds
    if grid is not None:
        rows, numeric = _texts(grid)
        return _table(path.name, rows, known, numeric)
    wb = open_workbook(path)
    try:
        rows, numeric = _texts(_dense(list(sparse_rows(wb.worksheets[0], path.name))))
    except DataErrors:
        raise
    except Exception as exc:
        raise workbook_error(exc, path.name) from None
    finally:
        wb.close()
    _unsaved_formulas(path, rows)
    return _table(path.name, rows, known, numeric)


def _texts(grid: list[list]) -> tuple[list[list[str]], frozenset]:
    """The cells as text, and where the numbers were (row number, column index)."""
    rows, numeric = [], set()
    for r, row in enumerate(grid, start=1):
        rows.append([cell_text(v) for v in row])
        numeric.update((r, c) for c, v in enumerate(row) if isinstance(v, (int, float)) and not isinstance(v, bool))
    return rows, frozenset(numeric)


def _unsaved_formulas(path: Path, values: list[list[str]]) -> None:
    """A formula whose result was never saved reads as empty; say so instead of 'required'."""
    if not any(c == "" for row in values for c in row):
        return
    from openpyxl.utils import get_column_letter

    wb = open_workbook(path, data_only=False)
    try:
        for r, cells in sparse_rows(wb.worksheets[0], path.name):
            for c, raw in cells.items():
                if isinstance(raw, str) and raw.startswith("=") and (r > len(values) or c > len(values[r - 1]) or values[r - 1][c - 1] == ""):
                    raise DataErrors(DataError(f"{path.name}!{get_column_letter(c)}{r}", None,
                                               _("a formula ({formula}) with no saved result; type the value itself, or open and "
                                                 "save the file in Excel or LibreOffice first").format(formula=raw[:40])))
    finally:
        wb.close()


def _header_index(rows: list[list[str]], known) -> int | None:
    filled = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if known:
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if sum(1 for c in row if header_key(c) in known) >= min(2, len(known)):
                return i
    return filled


def row_label(source: str, row: int) -> str:
    """Where a problem of an imported table is: `peserta.xlsx row 7`."""
    return _("{file} row {row}").format(file=source, row=row)


def _table(source: str, rows: list[list[str]], known=None, numeric: frozenset = frozenset()) -> Table:
    at = _header_index(rows, known)
    if at is None:
        raise DataErrors(DataError(source, 1, _("the first row must hold the column headers")))
    if known and not any(header_key(c) in known for c in rows[at]):
        # no row holds two known headers: name what was found and what is understood
        widest = max(range(min(len(rows), HEADER_SEARCH_ROWS)), key=lambda i: sum(1 for c in rows[i] if c.strip()))
        found = ", ".join(repr(c.strip()) for c in rows[widest] if c.strip())
        raise DataErrors(DataError(row_label(source, widest + 1), None,
                                   _("no header row found (the widest row holds {found}); name the columns with the known "
                                     "headers, e.g. {known}").format(found=found, known=", ".join(sorted(known)[:12]))))
    headers = [h.strip() for h in rows[at]]
    while headers and not headers[-1]:
        headers.pop()
    body = []
    width = len(headers)
    padding = ("",) * width
    strip = str.strip
    for index in range(at + 1, len(rows)):
        cells = tuple(map(strip, rows[index]))  # a score CSV has hundreds of thousands of rows: no Python loop per cell
        rows[index] = None  # each raw row is let go once read: a large file is not held twice
        if not (cells and cells[0]) and not any(cells):
            continue
        if len(cells) == width:  # the common case: a full row
            body.append((index + 1, cells))
            continue
        if len(cells) > width and any(cells[width:]):
            raise DataErrors(DataError(row_label(source, index + 1), None, _("{cells} cells but only {width} headers").format(
                cells=len(cells), width=width)))
        body.append((index + 1, (cells + padding)[:width]))
    return Table(source, headers, body, at + 1, numeric)
