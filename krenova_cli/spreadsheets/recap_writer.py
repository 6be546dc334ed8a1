"""The Excel recap (openpyxl, streaming) and the same tables as CSV or JSON.

openpyxl builds the workbook: styles, frozen panes, filters, print setup,
charts, the summary. The body rows of the big data sheets (hundreds of
thousands of cells at national scale) are written as SpreadsheetML by
`fast_rows.py` and put into openpyxl's output, because openpyxl spends ~20 us
a cell serialising them; the styles those rows use are registered in
openpyxl's stylesheet first. User text is always an inline string: a title
that starts with '=' stays text, never a formula.

Printing (issue 19): every sheet prints on A4 landscape with body text of at
least 8 pt. The body font is the workbook default (11 pt); a data sheet prints
at 100 %, or at the scale computed from its column widths so that it fits the
page's width, never below MIN_SCALE (11 pt x 73 % = 8.0 pt). Long text columns
have a fixed width and wrap. Every page carries the competition and the sheet
title above, the ledger anchor and "Halaman X dari Y" below; the header row
repeats on every page. The summary is the page the committee signs.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from krenova_cli.core import lifecycle
from krenova_cli.core.rounding import rounded
from krenova_cli.spreadsheets.recap_tables import FINALISTS_SHOWN, LABELS, Table, all_tables, gone_words, shown_score, table_makers
from krenova_cli.spreadsheets.wrapping import wrapped_lines
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout

SCORE_FMT = "0.00"
RUPIAH_FMT = "#,##0"
HEADER_FILL = "1F4E78"
MISSING_FILL = "F8CBAD"

BODY_PT = 11
MIN_PRINT_PT = 8
MIN_SCALE = -(-MIN_PRINT_PT * 100 // BODY_PT)  # 73
A4_MM = (297, 210)
SIDE_MARGIN_IN = 0.4
HEADER_PT = 10
FOOTER_PT = 9
SUMMARY_WIDTHS = (11, 8, 30, 26, 30, 12, 12, 22)


def default_path(store: Store) -> Path:
    return store.path(layout.recap_out(store.competition().competition.id))


def ledger_anchor(store: Store) -> str:
    """The first 16 hex digits of the ledger head's hash: printed on every page, it ties the paper to the log."""
    from krenova_cli.store.ledger import read_head

    head, _problems = read_head(store.path(layout.LEDGER))
    return head.hash[:16]


def export(store: Store, out: Path | None, analysis: bool = False) -> Path:
    from krenova_cli.store.atomic import atomic_write

    state = store.load()
    path = out or default_path(store)
    atomic_write(path, workbook_bytes(state, ledger_anchor(store), analysis))
    return path


def _width(values: list, header: str) -> float:
    longest = max([len(header)] + [len(str(v)) for v in values[:2000] if v is not None])
    return min(max(8, longest + 2), 60)


def print_width_pt(widths) -> float:
    """Printed width of columns at 100 %: a width of w characters of the default font is w*7+5 pixels (96 dpi)."""
    return sum(w * 7 + 5 for w in widths) * 0.75


def usable_width_pt(orientation: str = "landscape") -> float:
    paper_mm = A4_MM[0] if orientation == "landscape" else A4_MM[1]
    return (paper_mm / 25.4 - 2 * SIDE_MARGIN_IN) * 72


def print_scale(widths, orientation: str = "landscape") -> int:
    """The whole-percent scale at which the columns fit the page's width (100 when they fit as they are);
    3 % is kept for LibreOffice's rounding of column widths."""
    need = print_width_pt(widths) * 1.03
    return max(10, min(100, int(usable_width_pt(orientation) * 100 // need)))


def fit_widths(widths: list[float], kinds: list[str]) -> list[float]:
    """Narrow the wrapped columns (never below 12 characters) until the sheet prints at MIN_SCALE or more."""
    widths = list(widths)
    while print_scale(widths) < MIN_SCALE:
        wrapped = [i for i, k in enumerate(kinds) if k == "wrap" and widths[i] > 12]
        if not wrapped:
            break
        i = max(wrapped, key=lambda i: widths[i])
        widths[i] -= 1
    return widths


LINE_PT = 14.5  # one more line of 11 pt text in a row (a row of one line is 15 pt)
USABLE_HEIGHT_PT = (A4_MM[1] / 25.4 - 2 * 0.75) * 72  # landscape, top and bottom margins hold header and footer


def row_height(lines: int) -> float | None:
    return None if lines <= 1 else round(lines * LINE_PT + 0.5, 1)


def body_heights(table: Table, widths: list[float]) -> dict[int, float]:
    """Heights of the body rows whose wrapped text needs more than one line."""
    wrap = [(i, widths[i]) for i, k in enumerate(table.kinds) if k == "wrap"]
    out = {}
    for r, row in enumerate(table.rows):
        n = max((wrapped_lines(row[i], w) for i, w in wrap), default=1)
        if n > 1:
            out[r] = row_height(n)
    return out


def header_height(titles: list[str], widths: list[float]) -> float | None:
    return row_height(max((wrapped_lines(t, w, bold=True) for t, w in zip(titles, widths)), default=1))


class _Cells:
    """Styled template cells, one per (kind, variant), reused row after row."""

    def __init__(self, ws):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.WriteOnlyCell = WriteOnlyCell
        thick = Side(style="thick", color="C00000")
        self.styles = {
            "header": dict(font=Font(name="Calibri", bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor=HEADER_FILL),
                           alignment=Alignment(wrap_text=True, vertical="center")),
            "missing": dict(fill=PatternFill("solid", fgColor=MISSING_FILL)),
            "cutoff": dict(border=Border(bottom=thick)),
            "sign": dict(border=Border(bottom=Side(style="thin")), alignment=Alignment(vertical="bottom")),
            "bottom": dict(alignment=Alignment(vertical="bottom")),
            "wrapbottom": dict(alignment=Alignment(wrap_text=True, vertical="bottom")),
        }
        # every body cell is aligned to the top, so a row's first line reads across when some of its text wraps
        top = Alignment(vertical="top")
        self.kind_styles = {"wrap": dict(alignment=Alignment(wrap_text=True, vertical="top")),
                            **{k: dict(alignment=top) for k in ("text", "int", "score", "rupiah")}}
        self.formats = {"score": SCORE_FMT, "rupiah": RUPIAH_FMT, "int": "0"}
        self.cache: dict[tuple, object] = {}

    def styled_kind(self, kind: str) -> bool:
        return kind in self.formats or kind in self.kind_styles

    def make(self, value, kind: str, variant: str, column: int):
        """A styled cell for `column` of the row being built (one template per column, so none is shared)."""
        key = (kind, variant, column)
        cell = self.cache.get(key)
        if cell is None:
            cell = self.WriteOnlyCell(self.ws)
            if kind in self.formats:
                cell.number_format = self.formats[kind]
            for attr, style in self.kind_styles.get(kind, {}).items():
                setattr(cell, attr, style)
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
            out.append(self.make(value, kind, variant, j))
        return out

    def header(self, titles):
        return [self.make(h, "text", "header", j) for j, h in enumerate(titles)]


@dataclass(frozen=True)
class PageText:
    """What every printed page carries: the competition and the sheet's title above, the ledger anchor and
    the page number below."""

    competition: str
    anchor: str
    L: dict


def _hf(text: str) -> str:
    return text.replace("&", "&&")  # '&' starts a header/footer code


def _print_setup(ws, title: str, page: PageText, widths: list[float], header_row: int | None = 1,
                 scale: int | None = None) -> None:
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_margins = PageMargins(left=SIDE_MARGIN_IN, right=SIDE_MARGIN_IN, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    # A computed scale, not fit-to-width: fitting lets the printing program shrink the text without a floor.
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    scale = ws.page_setup.scale = scale or print_scale(widths)
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    for part, text, size in ((ws.oddHeader.left, _hf(page.competition), HEADER_PT), (ws.oddHeader.right, _hf(title), HEADER_PT),
                             (ws.oddFooter.left, _hf(page.L["anchor"].format(a=page.anchor)), FOOTER_PT),
                             (ws.oddFooter.right, page.L["page"], FOOTER_PT)):
        part.text = text
        part.size = max(size, -(-(MIN_PRINT_PT * 100 + 50) // scale))  # headers and footers shrink with the page


def _data_sheet(wb, table: Table, page: PageText, budget: list[int]):
    """Set the sheet up and write its header with openpyxl; return the body rows as SpreadsheetML (a
    `fast_rows.Body`, held in memory while `budget` (bytes) lasts)."""
    from openpyxl.utils import get_column_letter

    from krenova_cli.spreadsheets.fast_rows import Body, row_elements

    ws = wb.create_sheet(table.title[:31])
    cells = _Cells(ws)
    widths = []
    for i, (header, kind) in enumerate(zip(table.columns, table.kinds)):
        if i in table.widths:
            widths.append(table.widths[i])
        elif kind in ("score", "int"):
            # wide enough for the header's longest word in bold, which then wraps between words only
            widths.append(max(9, min(round(max(len(w) for w in header.split()) * 1.3) + 1, 16)))
        else:
            widths.append(_width([r[i] for r in table.rows], header))
    widths = fit_widths(widths, table.kinds)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    last_col = get_column_letter(max(len(table.columns), 1))
    ws.auto_filter.ref = f"A1:{last_col}{max(len(table.rows) + 1, 2)}"
    _print_setup(ws, table.title, page, widths)
    ht = header_height(table.columns, widths)
    if ht:
        ws.row_dimensions[1].height = ht
    ws.append(cells.header(table.columns))

    def style(kind: str, variant: str, column: int) -> int:
        if not variant and not cells.styled_kind(kind):
            return 0
        return cells.make(None, kind, variant, column).style_id  # registers the style in the workbook

    return Body(row_elements(table.rows, table.kinds, style, first_row=2, cutoff_row=table.cutoff_row,
                             missing=table.missing_cells, heights=body_heights(table, widths)), budget)


def _decided_on(state: lifecycle.State):
    """The date on the signed page: award_date from the settings, else the day the awards were decided, else
    the day the last round closed."""
    from datetime import date

    meta = state.competition.competition
    if meta.award_date:
        return meta.award_date
    stamp = state.awards.decided_at if state.awards else (state.records[max(state.records)].closed_at if state.records else "")
    return date.fromisoformat(stamp[:10]) if stamp[:10] else None


JURY_IN_ONE_COLUMN = 10  # a larger jury signs two judges a line


def _summary_sheet(wb, state: lifecycle.State, tables: dict[str, Table], L: dict, page: PageText) -> bool:
    """The page the committee signs: winners, finalists, date and place, the jury's and the signatory's lines.

    Every row's height is set, so the page's scale is computed here (not left to the program that prints it):
    the largest at which the page fits one A4 sheet, never below MIN_SCALE. Finalists that do not fit are
    listed on an annex sheet: True when the page says so."""
    from openpyxl.styles import Font

    from krenova_cli.i18n.formatting import tanggal

    comp = state.competition
    meta = comp.competition
    ws = wb.create_sheet(L["summary"])
    cells = _Cells(ws)
    bold = Font(name="Calibri", bold=True)  # a font without a name is the printing program's choice
    widths = list(SUMMARY_WIDTHS)

    def build(shown_n: int) -> list[tuple[float, object]]:
        """The page's rows with the first `shown_n` finalists listed."""
        # Rows are described first and made when appended: template cells are reused from row to row.
        pending: list[tuple[float, object]] = []
        build.pending = pending

        def put(make, height: float = 15):
            pending.append((height, make))

        def table(t: Table, body: list[list]):
            put(lambda: cells.header(t.columns), header_height(t.columns, widths) or 15)
            wrap = [i for i, k in enumerate(t.kinds) if k == "wrap"]
            for row in body:
                lines = max((wrapped_lines(row[i], widths[i]) for i in wrap), default=1)
                put(lambda row=row: cells.row(row, t.kinds), row_height(lines) or 15)

        put(lambda: [_styled(cells, meta.name, Font(name="Calibri", bold=True, size=14))], 20)
        put(lambda: [_styled(cells, L["recap_title"], Font(name="Calibri", bold=True, size=12))], 17)
        put(lambda: cells.row([f"{meta.organiser} - {L['counts'].format(e=len(state.entries), j=len(state.judges))}"], ["text"]))
        put(lambda: [], 8)
        put(lambda: [_styled(cells, L["awards"], bold)])
        table(tables["awards"], tables["awards"].rows)
        fin = tables.get("finalists")
        if fin and fin.rows:
            cats = {c.id: c.name for c in comp.categories}
            last = max(state.records)
            ranked = {r.entry_id: r for r in state.records[last].standings}
            places = {p.entry_id: p.title for p in state.awards.places} if state.awards else {}
            shown = Table("finalists-page", L["finalists"], [L["num"], L["id"], L["title"], L["institution"], L["category"],
                          L["ranking_score"], L["place"]], ["int", "text", "wrap", "wrap", "wrap", "score", "text"])
            for i, row in enumerate(fin.rows[:shown_n], start=1):
                e = state.entries[row[0]]
                shown.rows.append([i, e.id, e.title, e.institution, cats.get(e.category, e.category),
                                   shown_score(ranked[e.id]) if e.id in ranked else None,
                                   places.get(e.id) or gone_words(state, e.id)])
            put(lambda: [], 8)
            put(lambda: [_styled(cells, f"{L['finalists']} ({L['round'].format(n=last)})", bold)])
            if shown.rows:  # never a table's header without its rows
                table(shown, shown.rows)
            if len(fin.rows) > shown_n:
                said = (L["more"].format(n=len(fin.rows) - shown_n, sheet=L["finalists_annex"]) if shown_n
                        else L["all_annex"].format(n=len(fin.rows), sheet=L["finalists_annex"]))
                put(lambda said=said: cells.row([said], ["text"]))
        put(lambda: [], 8)
        # The jury's lines on the left, one row each and tall enough to sign in; date, place and the signatory's
        # block on the right.
        when = _decided_on(state)
        where = meta.award_place or meta.city
        day = tanggal(when, meta.locale) if when else "...................."
        signatory = comp.signatory
        right = [L["set_at"].format(place=where, date=day) if where else L["set_on"].format(date=day), L["approved"],
                 signatory.title, None, None, signatory.name or "(" + "." * 40 + ")", f"NIP {signatory.nip}" if signatory.nip else None]
        judges = list(state.judges.values())
        if len(judges) > JURY_IN_ONE_COLUMN:
            two_columns(judges, right)
            return pending
        for i in range(max(len(judges) + 1, len(right))):
            def make(i=i):
                out: list = [None] * 8
                if i == 0:
                    out[0] = _styled(cells, L["jury"], bold)
                elif i <= len(judges):
                    j = judges[i - 1]
                    out[0] = cells.make(f"{i}.", "text", "bottom", 0)
                    out[2] = cells.make(j.name, "wrap", "wrapbottom", 2)  # a long name wraps, never over the next column
                    out[3] = cells.make(j.position, "wrap", "wrapbottom", 3)
                    out[4] = cells.make(None, "text", "sign", 4)
                    out[5] = cells.make(None, "text", "sign", 5)
                text = right[i] if i < len(right) else None
                if text:
                    out[6] = _styled(cells, text, bold) if i == 5 else text
                return out
            lines = max(wrapped_lines(judges[i - 1].name, widths[2]), wrapped_lines(judges[i - 1].position, widths[3])) \
                if 0 < i <= len(judges) else 1
            put(make, max(28, LINE_PT * lines + 14) if 0 < i <= len(judges) else 15)
        return pending

    def two_columns(judges, right) -> None:
        """The date, place and signatory first, then the jury two judges a line (columns A-D and E-H)."""
        pending = build.pending
        for text in right:
            pending.append((15, lambda text=text: [None] * 6 + [_styled(cells, text, bold) if text == right[5] else text]))
        pending.append((8, lambda: []))
        pending.append((15, lambda: [_styled(cells, L["jury"], bold)]))
        half = -(-len(judges) // 2)
        for i in range(half):
            pair = [(i + 1, judges[i])] + ([(i + 1 + half, judges[i + half])] if i + half < len(judges) else [])

            def make(pair=pair):
                out: list = [None] * 8
                (a, ja), rest = pair[0], pair[1:]
                out[0] = cells.make(f"{a}.", "text", "bottom", 0)
                out[2] = cells.make(ja.name, "wrap", "wrapbottom", 2)
                out[3] = cells.make(None, "text", "sign", 3)
                if rest:
                    b, jb = rest[0]
                    out[4] = cells.make(f"{b}. {jb.name}", "wrap", "wrapbottom", 4)
                    for col in (5, 6, 7):
                        out[col] = cells.make(None, "text", "sign", col)
                return out
            lines = max([wrapped_lines(pair[0][1].name, widths[2])] + [wrapped_lines(f"{b}. {jb.name}", widths[4]) for b, jb in pair[1:]])
            pending.append((max(24, LINE_PT * lines + 10), make))

    # Long titles wrap into tall rows: list fewer finalists (the rest are on the round sheets) until the
    # page fits one sheet at a readable scale; the signature lines always stay on it.
    fits = USABLE_HEIGHT_PT * 100 / (MIN_SCALE * 1.02)
    for shown_n in range(FINALISTS_SHOWN, -1, -1):
        pending = build(shown_n)
        if sum(h for h, _ in pending) <= fits:
            break
    total = sum(h for h, _ in pending)
    scale = min(print_scale(widths), int(USABLE_HEIGHT_PT * 100 // (total * 1.02)))
    # write-only sheets take widths, page setup and views only before the first row is written
    for letter, width in zip("ABCDEFGH", widths):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, L["summary"], page, widths, header_row=None, scale=max(scale, MIN_SCALE))
    for r, (height, make) in enumerate(pending, start=1):
        ws.row_dimensions[r].height = height
        ws.append(make())
    ws.print_area = f"A1:H{len(pending)}"
    fin = tables.get("finalists")
    return bool(fin and len(fin.rows) > shown_n)


def _overview_sheet(wb, tables: dict[str, Table], L: dict, page: PageText) -> None:
    """The rounds at a glance and the finalists' ranking scores round by round, with a chart."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(L["overview"])
    rounds = tables["rounds"]
    fin = tables.get("finalists")
    chart_cols = [L["id"], *fin.columns[3:]] if fin else []
    n_cols = max(len(rounds.columns), len(chart_cols))
    widths = [12, 30] + [14] * (n_cols - 2)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _print_setup(ws, L["overview"], page, widths, header_row=None)
    cells = _Cells(ws)
    ws.append(cells.header(rounds.columns))
    for row in rounds.rows:
        ws.append(cells.row(row, rounds.kinds))
    ws.append([])
    if fin and fin.rows:
        start = len(rounds.rows) + 3
        ws.append(cells.header(chart_cols))
        shown = fin.rows[:10]
        for row in shown:
            ws.append(cells.row([row[0], *row[3:]], ["text"] + fin.kinds[3:]))
        chart = BarChart()
        chart.type = "col"
        chart.title = L["chart"]
        chart.y_axis.title = L["score"]
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        data = Reference(ws, min_col=2, max_col=len(chart_cols), min_row=start, max_row=start + len(shown))
        labels = Reference(ws, min_col=1, min_row=start + 1, max_row=start + len(shown))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        chart.width, chart.height = 24, 13
        _chart_on_its_own_page(ws, chart, start + len(shown) + 2)


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
    chart.width, chart.height = 24, min(13, max(8, len(table.rows) * 0.5))
    _chart_on_its_own_page(ws, chart, len(table.rows) + 2)


def _chart_on_its_own_page(ws, chart, after_row: int) -> None:
    """Below the table, after a page break, and smaller than a page (24 x 13 cm of 27 x 17, with the repeated header row), so it prints whole."""
    from openpyxl.worksheet.pagebreak import Break

    ws.row_breaks.append(Break(id=after_row))
    ws.add_chart(chart, f"A{after_row + 1}")


def workbook_bytes(state: lifecycle.State, anchor: str = "", analysis: bool = False) -> bytes:
    """The recap; `anchor` (the ledger head) is printed in every page's footer; `analysis` adds the analysis sheet."""
    from openpyxl import Workbook

    from krenova_cli.spreadsheets.fast_rows import inject_rows

    L = LABELS[state.competition.competition.locale]
    page = PageText(state.competition.competition.name, anchor or "-" * 16, L)
    makers = table_makers(state, analysis)
    # the summary page (the first sheet) and the overview read the small tables: made first and kept
    small = {key: make() for key, make in makers if key in ("rounds", "awards", "finalists")}
    by_key = {t.key: t for made in small.values() for t in made}

    wb = Workbook(write_only=True)
    annex = _summary_sheet(wb, state, by_key, L, page)
    bodies: dict[int, object] = {}
    budget = [BODIES_IN_MEMORY]
    for key, make in makers:  # each big table is made, written and let go before the next
        for t in small.get(key) or make():
            if t.key in ("rounds", "finalists"):
                continue
            index = len(wb.worksheets)  # 0-based index of the sheet about to be created
            bodies[index] = _data_sheet(wb, t, page, budget)
            if t.key == "judge-stats":
                _stats_chart(wb.worksheets[-1], t, L)
    _overview_sheet(wb, by_key, L, page)
    if annex:  # the finalists the signed page has no room for, on the last sheet (the others keep their places)
        fin = by_key["finalists"]
        index = len(wb.worksheets)  # before the sheet is made (an assignment evaluates its value first)
        bodies[index] = _data_sheet(wb, Table("finalists-annex", L["finalists_annex"], fin.columns, fin.kinds,
                                                           rows=fin.rows, widths=fin.widths), page, budget)
    buf = io.BytesIO()
    wb.save(buf)
    return inject_rows(buf.getvalue(), {i + 1: xml for i, xml in bodies.items()})


# The body rows of the data sheets kept in memory before the next ones go to a temporary file: a
# 5,000-entry recap has 30 MB of them, a 20,000-entry one 120 MB.
BODIES_IN_MEMORY = 16 << 20


def export_csv(store: Store, folder: Path, raw: bool = False, analysis: bool = False) -> list[Path]:
    from krenova_cli.core.csvtext import defused
    from krenova_cli.store.atomic import atomic_write

    state = store.load()
    written = []
    for t in all_tables(state, analysis):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(t.columns)
        for row in t.rows:
            w.writerow(["" if v is None else (rounded(v, 4) if isinstance(v, float) else v if raw else defused(v)) for v in row])
        path = folder / f"{t.key}.csv"
        atomic_write(path, buf.getvalue().encode("utf-8"))
        written.append(path)
    return written


def export_json(store: Store, analysis: bool = False) -> str:
    state = store.load()
    out = {}
    for t in all_tables(state, analysis):
        out[t.key] = {"title": t.title, "columns": t.columns,
                      "rows": [[rounded(v, 4) if isinstance(v, float) else v for v in row] for row in t.rows]}
    return json.dumps(out, ensure_ascii=False, indent=1)
