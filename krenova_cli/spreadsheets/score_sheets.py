"""Excel score sheets: one workbook per judge and round, and reading them back safely.

A hidden sheet binds the workbook to the competition, round, judge, criteria and
entry list, with a checksum, so a sheet filled for another round or judge, or
one whose rows were rearranged, is refused instead of recorded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.core.lifecycle import State, active_entries
from krenova_cli.core.score_rules import entry_problem, parse_value
from krenova_cli.core.scoring import Value
from krenova_cli.i18n.messages import _

META = "_krenova"
FORMAT = "krenova-score-sheet/1"
FIRST_ROW = 6
FIXED = ["No", "ID", "Judul", "Instansi", "Kategori"]
FIXED_WIDTHS = (5, 9, 44, 34, 28)
VALUE_WIDTH, NOTE_WIDTH = 16, 16
NOTE, KEPT = "Keterangan", "sudah tercatat"  # the last column: which rows hold the judge's recorded scores
COMMENT, COMMENT_WIDTH = "Catatan", 40  # after the criteria: the judge's comment on the entry (read back by `score --from`)
LINE = 15  # points a line of the sheet's 11 pt text takes


def _lines(text: str, width: float, bold: bool = False) -> int:
    """Lines a cell's text takes at a column width (in widths of a digit), broken at spaces and at its own
    line ends: a letter of ordinary text is narrower than a digit, of bold text about as wide."""
    import textwrap

    chars = max(int(width - 1) if bold else int(width * 1.1) - 1, 1)
    return sum(max(1, len(textwrap.wrap(part, chars, break_long_words=True))) for part in str(text).split("\n"))


def _cell(value):
    """A recorded value as the sheet holds it: a whole number, or a decimal."""
    if value is None:
        return None
    f = Fraction(value)
    return f.numerator if f.denominator == 1 else float(f)


def checksum(competition: str, round_no: int, judge_id: str, criteria: list[str], entries: list[str]) -> str:
    text = "|".join([FORMAT, competition, str(round_no), judge_id, ",".join(criteria), ",".join(entries)])
    return hashlib.sha256(text.encode()).hexdigest()


def sheet_entries(state: State, n: int, judge_id: str) -> list[str]:
    return [e for e in active_entries(state, n) if entry_problem(state, n, judge_id, e) is None]


def write_sheet(state: State, n: int, judge_id: str, path: Path, entries: list[str] | None = None) -> int:
    """The judge's score sheet of round `n`; `entries` when the caller has `sheet_entries` already."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from krenova_cli.store.atomic import atomic_write

    comp = state.competition
    criteria = comp.criteria_for(n)
    entries = sheet_entries(state, n, judge_id) if entries is None else entries
    judge = state.judges[judge_id]
    wb = Workbook()
    ws = wb.active
    ws.title = "Nilai"
    ws["A1"] = comp.competition.name
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"{comp.round(n).name}: lembar nilai juri {judge.name} ({judge_id})"
    ws["A2"].font = Font(bold=True)
    ws["A3"] = ("Isi nilai setiap kriteria pada sel berwarna; sel lain terkunci. "
                "Baris yang dibiarkan kosong dianggap belum dinilai.")
    ws["A4"] = ("Baris hijau: nilai yang sudah tercatat; biarkan apa adanya (ubah hanya untuk mengoreksi, "
                "lalu baca kembali dengan --replace).")
    recorded = state.scores.get(n, {}).get(judge_id, {})
    # a label on its own lines (name, id, range), each short enough for the column: never cut in print
    headers = FIXED + [f"{c.name}\n({c.id})\n{_num(c.min)}-{_num(c.max)}" for c in criteria] + [COMMENT, NOTE]
    # a value column as wide as its label's longest word in bold (no "Keberlanjuta|n")
    widths = [*FIXED_WIDTHS, *[max(VALUE_WIDTH, round(3 + 1.2 * max(len(w) for w in h.split()))) for h in headers[len(FIXED):-2]],
              COMMENT_WIDTH, NOTE_WIDTH]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=FIRST_ROW - 1, column=col, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[FIRST_ROW - 1].height = LINE * max(_lines(t, w, bold=True) for t, w in zip(headers, widths))
    fill = PatternFill("solid", fgColor="FFF2CC")
    # The body rows are written as SpreadsheetML (fast_rows) and put into openpyxl's output: openpyxl's
    # cell objects cost seconds for a national list. The value cells share one registered style.
    from openpyxl.cell import WriteOnlyCell

    def registered(**attrs) -> int:
        probe = WriteOnlyCell(ws)
        for k, v in attrs.items():
            setattr(probe, k, v)
        return probe.style_id

    top = Alignment(vertical="top")
    value_style = registered(protection=Protection(locked=False), fill=fill, alignment=top)
    kept_style = registered(protection=Protection(locked=False), fill=PatternFill("solid", fgColor="C6EFCE"), alignment=top)
    text_style = registered(alignment=Alignment(wrap_text=True, vertical="top"))
    comment_style = registered(protection=Protection(locked=False), fill=fill, alignment=Alignment(wrap_text=True, vertical="top"))
    crit_ids = [c.id for c in criteria]
    body, heights = [], {}
    for i, e in enumerate(state.entries[entry_id] for entry_id in entries):
        kept = recorded.get(e.id)
        values = [_cell(kept.get(cid)) if kept else None for cid in crit_ids]
        row = [i + 1, e.id, e.title, e.institution, comp.category_name(e.category), *values, None, KEPT if kept else None]
        body.append(row)
        lines = max(_lines(str(v), w) for v, w in zip(row[2:5], FIXED_WIDTHS[2:5]))
        if lines > 1:
            heights[i] = LINE * lines
    kinds = ["int", "text", "text", "text", "text", *(["value"] * len(criteria)), "comment", "text"]
    kept_rows = {i for i, e in enumerate(entries) if e in recorded}
    last = FIRST_ROW + max(len(entries), 1) - 1
    for j, c in enumerate(criteria):
        letter = get_column_letter(len(FIXED) + 1 + j)
        whole = Fraction(str(c.step)) == 1 and Fraction(str(c.min)).denominator == 1
        dv = DataValidation(type="whole" if whole else "decimal", operator="between",
                            formula1=_num(c.min), formula2=_num(c.max), allow_blank=True, showErrorMessage=True,
                            errorTitle="Nilai tidak sah", error=f"{c.name}: nilai {_num(c.min)} sampai {_num(c.max)}, kelipatan {_num(c.step)}")
        dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        ws.add_data_validation(dv)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"
    meta = wb.create_sheet(META)
    binding = (("format", FORMAT), ("competition", comp.competition.id), ("round", str(n)), ("judge", judge_id),
               ("criteria", ",".join(crit_ids)), ("first_row", str(FIRST_ROW)), ("entries", str(len(entries))),
               ("checksum", checksum(comp.competition.id, n, judge_id, crit_ids, entries)))
    # One entry id per row (column C): a cell holds at most 32,767 characters, too few for a national list.
    meta_rows = [[*(binding[r] if r < len(binding) else (None, None)), entries[r] if r < len(entries) else None]
                 for r in range(max(len(binding), len(entries)))]
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    import io

    from krenova_cli.spreadsheets.fast_rows import inject_rows, rows_xml

    def style(kind: str, variant: str, column: int) -> int:
        if kind == "value":
            return kept_style if variant == "missing" else value_style
        if kind == "comment":
            return comment_style
        return text_style  # every text and number on top of its row, the long ones wrapped in their cells

    # the recorded rows' value cells take the `missing` variant of fast_rows: their own (green) style
    marked = {(i, len(FIXED) + j) for i in kept_rows for j in range(len(criteria))}
    width = len(FIXED) + len(criteria) + 2
    bodies = {1: rows_xml(body, kinds, style, FIRST_ROW, missing=marked, heights=heights), 2: rows_xml(meta_rows, ["text"] * 3, lambda *_: 0, 1)}
    dims = {1: f"A1:{get_column_letter(width)}{max(FIRST_ROW - 1 + len(body), FIRST_ROW - 1)}", 2: f"A1:C{max(len(meta_rows), 1)}"}
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, inject_rows(buf.getvalue(), bodies, dims))
    return len(entries)


def _num(value) -> str:
    f = Fraction(str(value))
    return str(f.numerator) if f.denominator == 1 else str(float(f))


@dataclass(frozen=True)
class FilledSheet:
    round_no: int
    judge_id: str
    values: dict[str, dict[str, Value]]
    cells: dict[tuple[str, str], str]
    comments: dict[str, dict] = field(default_factory=dict)  # entry -> {"comment": TEXT} (the Catatan column)


def _cell_value(raw) -> Value | None | str:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        return _("{value!r} is not a number").format(value=raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return _("not a finite number")
        f = Fraction(repr(raw))
        return f.numerator if f.denominator == 1 else f
    try:
        return parse_value(str(raw))
    except ValueError as exc:  # a message of the core is passed on as it is (worded at the boundary)
        return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)


def read_sheet(path: Path, state: State, round_no: int | None) -> FilledSheet:
    from openpyxl.utils import get_column_letter

    from krenova_cli.spreadsheets.reader import open_workbook, row_label

    name = path.name
    wb = open_workbook(path, data_only=False)  # a formula in a value cell is refused, not read as its stale cached value
    try:
        if META not in wb.sheetnames:
            raise DataErrors(DataError(name, None, _("not a krenova score sheet (no binding sheet); make sheets with `krenova sheets`")))
        binding_rows = list(wb[META].iter_rows(max_col=3, values_only=True))
        meta = {str(r[0]): ("" if len(r) < 2 or r[1] is None else str(r[1])) for r in binding_rows if r and r[0]}
        listed = [str(r[2]) for r in binding_rows if len(r) > 2 and r[2] is not None]
        if meta.get("format") != FORMAT:
            raise DataErrors(DataError(name, None, _("not a krenova score sheet of a known format")))
        comp = state.competition
        n = int(meta.get("round", "0")) if meta.get("round", "").isdigit() else 0
        judge_id = meta.get("judge", "")
        crit_ids = [c for c in meta.get("criteria", "").split(",") if c]
        entries = listed if meta.get("entries") == str(len(listed)) else None
        if entries is None:
            raise DataErrors(DataError(name, None, _("the binding sheet was altered (entry list); use the sheet as `krenova sheets` wrote it")))
        first = int(meta.get("first_row", FIRST_ROW))
        if meta.get("checksum") != checksum(meta.get("competition", ""), n, judge_id, crit_ids, entries):
            raise DataErrors(DataError(name, None, _("the binding sheet was altered (checksum mismatch); use the sheet as `krenova sheets` wrote it")))
        if meta.get("competition") != comp.competition.id:
            raise DataErrors(DataError(name, None, _("this sheet belongs to competition {sheet!r}, not {competition!r}").format(
                sheet=meta.get("competition"), competition=comp.competition.id)))
        if round_no is not None and n != round_no:
            raise DataErrors(DataError(name, None, _("this sheet is for round {n}, not round {wanted}").format(n=n, wanted=round_no)))
        if judge_id not in state.judges:
            raise DataErrors(DataError(name, None, _("this sheet is for judge {judge!r}, who is not registered here").format(judge=judge_id)))
        expected_crit = [c.id for c in comp.criteria_for(n)] if 1 <= n <= state.last_round else []
        if crit_ids != expected_crit:
            raise DataErrors(DataError(name, None, _("this sheet scores {criteria}, but round {n} scores {expected}").format(
                criteria=", ".join(crit_ids), n=n, expected=", ".join(expected_crit))))
        ws = wb["Nilai"] if "Nilai" in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(min_row=first, max_row=first + len(entries) - 1, max_col=len(FIXED) + len(crit_ids) + 2,
                                 values_only=True)) if entries else []
    except (DataErrors, UserError):
        raise
    except Exception as exc:  # malformed parts inside openpyxl
        from krenova_cli.spreadsheets.reader import workbook_error

        raise workbook_error(exc, name) from None
    finally:
        wb.close()
    from krenova_cli.core.score_rules import rules_for

    rules = rules_for(comp.criteria_for(n))
    values: dict[str, dict[str, Value]] = {}
    cells: dict[tuple[str, str], str] = {}
    comments: dict[str, dict] = {}
    errors: list[DataError] = []
    for i, entry_id in enumerate(entries):
        row_no = first + i
        row = list(rows[i]) if i < len(rows) else []
        row += [None] * (len(FIXED) + len(crit_ids) + 2 - len(row))
        if str(row[1] or "") != entry_id:
            errors.append(DataError(f"{name}!B{row_no}", None, _("expected entry {entry} here; rows must stay as written").format(entry=entry_id)))
            continue
        got: dict[str, Value] = {}
        blank = []
        for j, cid in enumerate(crit_ids):
            ref = f"{name}!{get_column_letter(len(FIXED) + 1 + j)}{row_no}"
            raw = row[len(FIXED) + j]
            if isinstance(raw, str) and raw.startswith("="):
                errors.append(DataError(ref, None, _("a formula ({formula}); type the score itself").format(formula=raw[:40])))
                continue
            v = _cell_value(raw)
            if v is None:
                blank.append(ref)
            elif isinstance(v, str):
                errors.append(DataError(ref, None, v))
            else:
                got[cid] = v
                rule_problem = rules[cid].problem(v)
                if rule_problem:
                    errors.append(DataError(ref, None, rule_problem))
        said = row[len(FIXED) + len(crit_ids)]
        if said is not None and str(said).strip():
            from krenova_cli.core.comments import comment_problem, tidy

            ref = f"{name}!{get_column_letter(len(FIXED) + len(crit_ids) + 1)}{row_no}"
            problem = comment_problem(tidy(str(said)))
            if problem is not None:
                errors.append(DataError(ref, None, problem))
            elif not got:
                errors.append(DataError(ref, None, _("{entry}: a comment without scores; fill the scores too, or clear the comment").format(
                    entry=entry_id)))
            else:
                comments[entry_id] = {"comment": tidy(str(said))}
        if not got and not blank:
            continue
        if got and blank:
            errors.append(DataError(blank[0], None, _("{entry}: empty while other criteria of this entry are filled; fill every criterion or none").format(entry=entry_id)))
            continue
        if got:
            values[entry_id] = got
            cells[(judge_id, entry_id)] = row_label(name, row_no)
    if errors:
        raise DataErrors(errors)
    if not values:
        from krenova_cli.core.errors import EmptySheet

        raise EmptySheet(_("{file}: no scores filled in").format(file=name))
    return FilledSheet(n, judge_id, {k: v for k, v in values.items()}, cells, comments)
