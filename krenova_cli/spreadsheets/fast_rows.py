"""SpreadsheetML for the body rows of big sheets, and putting them into a workbook openpyxl saved.

Cells are written as the OOXML standard defines them: numbers as <v>, text always as an inline
string (t="inlineStr"), so no text is ever a formula, whatever it starts with.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable, Iterable, Iterator

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def column_letters(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        s, k = "", i
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        out.append(s)
    return out


def _text(value: str) -> str:
    value = _ILLEGAL.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def rows_xml(rows: Iterable[list], kinds: list[str], style: Callable[[str, str, int], int], first_row: int,
             cutoff_row: int | None = None, missing: set[tuple[int, int]] = frozenset(),
             heights: dict[int, float] | None = None) -> str:
    """The <row> elements for `rows`; `style(kind, variant, column)` gives a registered style id; `heights` gives
    the height (points) of the rows that wrap, by row index (spreadsheet programs do not measure them on load)."""
    return "".join(row_elements(rows, kinds, style, first_row, cutoff_row, missing, heights))


class Body:
    """Body rows as UTF-8, kept in memory while the bodies of one workbook stay under a budget and in a
    temporary file past it: a national recap has over a hundred MB of them, which need not all be held
    at once. Every style the rows use is registered while they are written, before the workbook is saved."""

    def __init__(self, parts: Iterable[str], budget: list[int]):
        import tempfile

        self.file = tempfile.SpooledTemporaryFile(max_size=max(budget[0], 0))
        chunk: list[str] = []
        size = 0
        for part in parts:
            chunk.append(part)
            size += len(part)
            if size >= 1 << 20:
                self.file.write("".join(chunk).encode("utf-8"))
                chunk, size = [], 0
        self.file.write("".join(chunk).encode("utf-8"))
        self.size = self.file.tell()
        budget[0] -= self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def write_to(self, out) -> None:
        self.file.seek(0)
        while block := self.file.read(1 << 20):
            out.write(block)
        self.file.close()


def row_elements(rows: Iterable[list], kinds: list[str], style: Callable[[str, str, int], int], first_row: int,
                 cutoff_row: int | None = None, missing: set[tuple[int, int]] = frozenset(),
                 heights: dict[int, float] | None = None) -> Iterator[str]:
    """`rows_xml`, one <row> element at a time."""
    heights = heights or {}
    letters = column_letters(len(kinds))
    plain = [style(kind, "", j) for j, kind in enumerate(kinds)]
    for i, row in enumerate(rows):
        r = first_row + i
        styles = plain
        if i == cutoff_row or missing:
            base = "cutoff" if i == cutoff_row else ""
            styles = []
            for j, kind in enumerate(kinds):
                variant = "+".join(filter(None, (base, "missing" if (i, j) in missing else "")))
                styles.append(style(kind, variant, j) if variant else plain[j])
        cells = []
        for j, value in enumerate(row):
            s = styles[j]
            attr = f' s="{s}"' if s else ""
            ref = f"{letters[j]}{r}"
            if value is None:
                if s:
                    cells.append(f'<c r="{ref}"{attr}/>')
            elif isinstance(value, str):
                cells.append(f'<c r="{ref}"{attr} t="inlineStr">{_text(value)}</c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}"{attr} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                cells.append(f'<c r="{ref}"{attr}><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}"{attr}><v>{float(value)!r}</v></c>')
        ht = heights.get(i)
        opening = f'<row r="{r}" ht="{ht}" customHeight="1">' if ht else f'<row r="{r}">'
        yield f'{opening}{"".join(cells)}</row>'


def inject_rows(xlsx: bytes, bodies: dict[int, "str | Body"], dimensions: dict[int, str] | None = None) -> bytes:
    """Put body rows (by 1-based sheet number) at the end of each sheet's <sheetData>; `dimensions`
    (by sheet number) replaces the sheet's declared <dimension ref>, which then covers the new rows.
    A sheet is compressed as it is written, its body streamed in: it is never joined into one text."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if not (m and int(m.group(1)) in bodies and bodies[int(m.group(1))]):
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
                continue
            text = data.decode("utf-8")
            close = text.rfind("</sheetData>")
            if close < 0:
                raise ValueError(f"{info.filename}: no sheetData to fill")
            if dimensions and int(m.group(1)) in dimensions:
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimensions[int(m.group(1))]}"/>', text, count=1)
                close = text.rfind("</sheetData>")
            body = bodies[int(m.group(1))]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = 0
            with dst.open(info, "w") as sheet:  # level 6, zlib's default (as writestr's compresslevel=6)
                sheet.write(text[:close].encode("utf-8"))
                if isinstance(body, str):
                    sheet.write(body.encode("utf-8"))
                else:
                    body.write_to(sheet)
                sheet.write(text[close:].encode("utf-8"))
    return out.getvalue()
