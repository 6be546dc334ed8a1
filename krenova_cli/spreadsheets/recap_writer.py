"""The Excel recap (openpyxl, streaming) and the same tables as CSV or JSON.

openpyxl builds the workbook: styles, frozen panes, filters, print setup,
charts, the summary. The body rows of the big data sheets (hundreds of
thousands of cells at national scale) are written as SpreadsheetML by
`sheetxml.py` and put into openpyxl's output, because openpyxl spends ~20 us
a cell serialising them; the styles those rows use are registered in
openpyxl's stylesheet first. User text is always an inline string: a title
that starts with '=' stays text, never a formula.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from krenova_cli.core import lifecycle
from krenova_cli.spreadsheets.recap_tables import LABELS, Table, all_tables
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout

SCORE_FMT = "0.00"
RUPIAH_FMT = "#,##0"
HEADER_FILL = "1F4E78"
MISSING_FILL = "F8CBAD"


def default_path(store: Store) -> Path:
    return store.path(layout.recap_out(store.competition().competition.id))


def export(store: Store, out: Path | None) -> Path:
    from krenova_cli.store.atomic import atomic_write

    state = store.load()
    path = out or default_path(store)
    atomic_write(path, workbook_bytes(state))
    return path


def _width(values: list, header: str) -> float:
    longest = max([len(header)] + [len(str(v)) for v in values[:2000] if v is not None])
    return min(max(8, longest + 2), 60)


class _Cells:
    """Styled template cells, one per (kind, variant), reused row after row."""

    def __init__(self, ws):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.WriteOnlyCell = WriteOnlyCell
        thick = Side(style="thick", color="C00000")
        self.styles = {
            "header": dict(font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor=HEADER_FILL),
                           alignment=Alignment(wrap_text=True, vertical="center")),
            "missing": dict(fill=PatternFill("solid", fgColor=MISSING_FILL)),
            "cutoff": dict(border=Border(bottom=thick)),
        }
        self.formats = {"score": SCORE_FMT, "rupiah": RUPIAH_FMT, "int": "0"}
        self.cache: dict[tuple, object] = {}

    def make(self, value, kind: str, variant: str, column: int):
        """A styled cell for `column` of the row being built (one template per column, so none is shared)."""
        key = (kind, variant, column)
        cell = self.cache.get(key)
        if cell is None:
            cell = self.WriteOnlyCell(self.ws)
            if kind in self.formats:
                cell.number_format = self.formats[kind]
            for part in variant.split("+"):
                for attr, style in self.styles.get(part, {}).items():
                    setattr(cell, attr, style)
            self.cache[key] = cell
        # openpyxl writes each appended row at once, so the template is free again for the next row
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula or an error code, whatever the text starts with
        return cell

    def row(self, values, kinds, variants=None):
        out = []
        for j, (value, kind) in enumerate(zip(values, kinds)):
            variant = variants[j] if variants else ""
            if not variant:
                if value is None:
                    out.append(None)
                    continue
                if kind == "text" and not (isinstance(value, str) and value[:1] in ("=", "#")):
                    out.append(value)
                    continue
            out.append(self.make(value, kind, variant, j))
        return out

    def header(self, titles):
        return [self.make(h, "text", "header", j) for j, h in enumerate(titles)]


def _print_setup(ws, title: str, header_row: int = 1) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "&P / &N"


def _data_sheet(wb, table: Table, sheet_title: str) -> str:
    """Set the sheet up and write its header with openpyxl; return the body rows as SpreadsheetML."""
    from openpyxl.utils import get_column_letter

    from krenova_cli.spreadsheets.fast_rows import rows_xml

    ws = wb.create_sheet(sheet_title[:31])
    cells = _Cells(ws)
    for i, (header, kind) in enumerate(zip(table.columns, table.kinds), start=1):
        values = [r[i - 1] for r in table.rows]
        ws.column_dimensions[get_column_letter(i)].width = 10 if kind in ("score", "int") and len(header) < 12 else _width(values, header)
    ws.freeze_panes = "A2"
    last_col = get_column_letter(max(len(table.columns), 1))
    ws.auto_filter.ref = f"A1:{last_col}{max(len(table.rows) + 1, 2)}"
    _print_setup(ws, table.title)
    ws.append(cells.header(table.columns))

    def style(kind: str, variant: str, column: int) -> int:
        if not variant and kind not in cells.formats:
            return 0
        return cells.make(None, kind, variant, column).style_id  # registers the style in the workbook

    return rows_xml(table.rows, table.kinds, style, first_row=2, cutoff_row=table.cutoff_row, missing=table.missing_cells)


def _summary_sheet(wb, state: lifecycle.State, tables: dict[str, Table], L: dict) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    comp = state.competition
    ws = wb.create_sheet(L["summary"])
    # write-only sheets take widths, page setup and views only before the first row is written
    for letter, width in zip("ABCDEFGH", (13, 24, 42, 32, 20, 16, 16, 42)):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, L["summary"], header_row=5)
    cells = _Cells(ws)
    bold = lambda v: _styled(cells, v, Font(bold=True, size=14))  # noqa: E731
    ws.append([bold(comp.competition.name)])
    ws.append(cells.row([comp.competition.organiser], ["text"]))
    ws.append(cells.row([f"{len(state.entries)} {L['entries'].lower()}, {len(state.judges)} {L['judges'].lower()}"], ["text"]))
    ws.append([])
    rounds = tables["rounds"]
    ws.append(cells.header(rounds.columns))
    for row in rounds.rows:
        ws.append(cells.row(row, rounds.kinds))
    ws.append([])
    awards = tables["awards"]
    ws.append(cells.header(awards.columns))
    for row in awards.rows:
        ws.append(cells.row(row, awards.kinds))
    ws.append([])
    fin = tables.get("finalists")
    if fin and fin.rows:
        start = 5 + len(rounds.rows) + 1 + 1 + len(awards.rows) + 1 + 1
        ws.append(cells.header(fin.columns))
        for row in fin.rows:
            ws.append(cells.row(row, fin.kinds))
        chart = BarChart()
        chart.type = "col"
        chart.title = "Nilai peringkat finalis per babak" if comp.competition.locale == "id" else "Finalists' ranking scores by round"
        chart.y_axis.title = L["score"]
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        data = Reference(ws, min_col=2, max_col=len(fin.columns), min_row=start, max_row=start + len(fin.rows))
        labels = Reference(ws, min_col=1, min_row=start + 1, max_row=start + len(fin.rows))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        chart.width, chart.height = 24, 10
        ws.add_chart(chart, f"A{start + len(fin.rows) + 3}")



def _styled(cells: _Cells, value, font):
    cell = cells.WriteOnlyCell(cells.ws)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = font
    return cell


def _stats_chart(ws, table: Table, L: dict) -> None:
    from openpyxl.chart import BarChart, Reference

    if not table.rows:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = L["diff"]
    data = Reference(ws, min_col=7, min_row=1, max_row=len(table.rows) + 1)
    cats = Reference(ws, min_col=2, min_row=2, max_row=len(table.rows) + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width, chart.height = 18, max(8, len(table.rows) * 0.5)
    ws.add_chart(chart, "I2")


def workbook_bytes(state: lifecycle.State) -> bytes:
    from openpyxl import Workbook

    L = LABELS[state.competition.competition.locale]
    tables = all_tables(state)
    by_key = {t.key: t for t in tables}
    from krenova_cli.spreadsheets.fast_rows import inject_rows

    wb = Workbook(write_only=True)
    _summary_sheet(wb, state, by_key, L)
    bodies: dict[int, str] = {}
    for t in tables:
        if t.key in ("rounds", "finalists"):
            continue
        index = len(wb.worksheets)  # 0-based index of the sheet about to be created
        bodies[index] = _data_sheet(wb, t, t.title)
        if t.key == "judge-stats":
            _stats_chart(wb.worksheets[-1], t, L)
    buf = io.BytesIO()
    wb.save(buf)
    return inject_rows(buf.getvalue(), {i + 1: xml for i, xml in bodies.items()})


def export_csv(store: Store, folder: Path) -> list[Path]:
    from krenova_cli.store.atomic import atomic_write

    state = store.load()
    written = []
    for t in all_tables(state):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(t.columns)
        for row in t.rows:
            w.writerow(["" if v is None else (round(v, 4) if isinstance(v, float) else v) for v in row])
        path = folder / f"{t.key}.csv"
        atomic_write(path, buf.getvalue().encode("utf-8"))
        written.append(path)
    return written


def export_json(store: Store) -> str:
    state = store.load()
    out = {}
    for t in all_tables(state):
        out[t.key] = {"title": t.title, "columns": t.columns,
                      "rows": [[round(v, 4) if isinstance(v, float) else v for v in row] for row in t.rows]}
    return json.dumps(out, ensure_ascii=False, indent=1)
