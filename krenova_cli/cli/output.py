"""Terminal output: rich tables for people; plain, stable JSON and CSV on stdout for scripts."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from krenova_cli.core.rounding import rounded, shown  # noqa: F401  (re-exported for commands)


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and much faster to encode) for a pipe."""
    from krenova_cli.i18n.messages import language

    indent = 2 if sys.stdout.isatty() else None
    if language() != "en":
        data = _worded(data)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def _worded(value: Any) -> Any:
    """The messages inside a JSON answer (a core or store `Text`) in the interface language, as the
    ones the use cases word; keys and data values are never `Text` and stay as they are."""
    if isinstance(value, dict):
        return {k: _worded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_worded(v) for v in value]
    if getattr(value, "template", None) is not None:
        from krenova_cli.i18n.messages import localize

        return localize(value)
    return value


RAW = {"on": False}  # set by a command's --raw (see options.RawOpt)


def print_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], raw: bool | None = None) -> None:
    """CSV on stdout; text that a spreadsheet would run as a formula is prefixed with ' unless --raw."""
    from krenova_cli.core.csvtext import defused

    keep = RAW["on"] if raw is None else raw
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else (v if keep else defused(v)) for v in row])


def plain_stdout_width() -> int | None:
    """The width rich's console would use when stdout is no terminal (a file, a pipe), else None: then
    a command may write a table's characters itself without importing rich (what `status` does)."""
    import os

    env = os.environ
    tty = env.get("TTY_COMPATIBLE", "")
    if tty == "1" or (tty != "0" and env.get("FORCE_COLOR") not in (None, "")) or "IPython" in sys.modules:
        return None
    try:
        if sys.stdout.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    width = None
    for fd in (0, 1, 2):
        try:
            width, _ = os.get_terminal_size(fd)
        except (AttributeError, ValueError, OSError):
            pass
        else:
            break
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def plain_lines(lines: Sequence[str], width: int) -> str | None:
    """Lines as rich prints them on a non-terminal, or None when one needs rich (too wide, markup, emoji codes)."""
    import re

    special = re.compile(r":\S*?:")
    for line in lines:
        if len(line) > width or not re.fullmatch(r"[ -~]*", line) or special.search(line):
            return None
    return "".join(line + "\n" for line in lines)


def console():
    from rich.console import Console

    return Console(highlight=False)


def err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], justify: dict | None = None):
    from rich.table import Table

    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c, justify=(justify or {}).get(c, "left"), overflow="fold")
    for row in rows:
        t.add_row(*("" if v is None else str(v) for v in row))
    return t


@dataclass(frozen=True)
class Column:
    """A column of a table fitted to the terminal.

    `flexible` columns (titles, names) get what room is left and end in '…' when cut; the others
    (ids, ranks, scores, amounts) always get their full width, so no id or amount is ever broken.
    `drop` orders what is left out when even that does not fit (1 first; equal numbers go
    together, e.g. every judge's column); None is never left out.
    """

    name: str
    justify: str = "left"
    flexible: bool = False
    min_width: int = 8
    drop: int | None = None


def _fit(columns: Sequence[Column], rows: Iterable[Sequence[Any]], width: int):
    """Which columns fit `width` and how wide each is: (rows as text, kept indexes, widths, dropped names)."""
    from rich.cells import cell_len

    rows = [["" if v is None else str(v) for v in row] for row in rows]
    natural = [max([cell_len(c.name)] + [cell_len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    keep = list(range(len(columns)))

    def needed(idx: list[int]) -> int:
        fixed = sum(natural[i] if not columns[i].flexible else min(natural[i], columns[i].min_width) for i in idx)
        return fixed + 3 * len(idx) + 1

    dropped: list[str] = []
    while needed(keep) > width:
        orders = sorted({columns[i].drop for i in keep if columns[i].drop is not None})
        if not orders:
            break
        gone = [i for i in keep if columns[i].drop == orders[0]]
        dropped += [columns[i].name for i in gone]
        keep = [i for i in keep if i not in gone]
    widths = {i: (natural[i] if not columns[i].flexible else min(natural[i], columns[i].min_width)) for i in keep}
    spare = width - needed(keep)
    flexible = [i for i in keep if columns[i].flexible]
    while spare > 0:
        growing = [i for i in flexible if widths[i] < natural[i]]
        if not growing:
            break
        for i in growing:
            if spare <= 0:
                break
            widths[i] += 1
            spare -= 1
    return rows, keep, widths, dropped


def fitted_table(title: str | None, columns: Sequence[Column], rows: Iterable[Sequence[Any]], width: int | None = None,
                 styles: Sequence[str | None] | None = None, sections: Sequence[bool] | None = None):
    """A rich table that fits `width` (the terminal's): no word or number broken over lines, and
    the columns left out said on stderr (never dropped silently). Returns the table."""
    width = width or console().width
    rows, keep, widths, dropped = _fit(columns, rows, width)
    t = _rich_table(title, columns, rows, keep, widths, styles, sections)
    if dropped:
        _say_dropped(width, dropped)
    return t


def _rich_table(title, columns, rows, keep, widths, styles, sections):
    from rich.table import Table

    t = Table(title=title, title_justify="left", header_style="bold")
    for i in keep:
        c = columns[i]
        t.add_column(c.name, justify=c.justify, no_wrap=True, overflow="ellipsis" if c.flexible else "fold",
                     width=widths[i], min_width=widths[i], max_width=widths[i])
    for n, row in enumerate(rows):
        t.add_row(*(row[i] for i in keep), style=styles[n] if styles else None,
                  end_section=bool(sections[n]) if sections else False)
    return t


def print_fitted(con, title: str | None, columns: Sequence[Column], rows: Iterable[Sequence[Any]], width: int | None = None,
                 styles: Sequence[str | None] | None = None, sections: Sequence[bool] | None = None) -> None:
    """Print `fitted_table` on `con`. When the output is no terminal (a file, a pipe: no colours),
    the same characters are written directly: rich lays out a 5,000-row table in seconds."""
    width = width or con.width
    rows, keep, widths, dropped = _fit(columns, rows, width)
    text = None if con.is_terminal else _plain_table(title, columns, rows, keep, widths, sections, width)
    table = _rich_table(title, columns, rows, keep, widths, styles, sections) if text is None else None
    if dropped:
        _say_dropped(width, dropped)
    if table is not None:
        con.print(table)
    else:
        con.file.write(text)


_ELIGIBLE = None


def _plain_table(title, columns, rows, keep, widths, sections, width) -> str | None:
    """rich's rendering of the table without colours (heavy head box), or None when a cell needs rich
    itself: markup or emoji codes, text other than printable ASCII, a cell wider than its column."""
    import re

    global _ELIGIBLE
    if _ELIGIBLE is None:
        _ELIGIBLE = re.compile(r"[ -~]*")
    special = re.compile(r"\[|:\S*?:")
    w = [widths[i] for i in keep]
    total = sum(w) + 3 * len(w) + 1
    if total > width or (title is not None and (len(title) > total or not _ELIGIBLE.fullmatch(title) or special.search(title))):
        return None

    def fit(text: str, i: int, k: int) -> str | None:
        if not _ELIGIBLE.fullmatch(text) or ("[" in text or ":" in text) and special.search(text):
            return None
        if len(text) > w[k]:
            if not columns[i].flexible:
                return None
            text = text[: w[k] - 1] + "\u2026" if w[k] > 1 else "\u2026"
        return text.rjust(w[k]) if columns[i].justify == "right" else text.ljust(w[k])

    out = []
    if title is not None:
        out.append(title.ljust(total))
    out.append("\u250f" + "\u2533".join("\u2501" * (x + 2) for x in w) + "\u2513")
    head = [fit(columns[i].name, i, k) for k, i in enumerate(keep)]
    if None in head:
        return None
    out.append("\u2503" + "\u2503".join(f" {c} " for c in head) + "\u2503")
    out.append("\u2521" + "\u2547".join("\u2501" * (x + 2) for x in w) + "\u2529")
    rule = "\u251c" + "\u253c".join("\u2500" * (x + 2) for x in w) + "\u2524"
    last = len(rows) - 1
    for n, row in enumerate(rows):
        cells = [fit(row[i], i, k) for k, i in enumerate(keep)]
        if None in cells:
            return None
        out.append("\u2502" + "\u2502".join(f" {c} " for c in cells) + "\u2502")
        if sections and sections[n] and n < last:
            out.append(rule)
    out.append("\u2514" + "\u2534".join("\u2500" * (x + 2) for x in w) + "\u2518")
    return "\n".join(out) + "\n"


def _say_dropped(width: int, dropped: Sequence[str]) -> None:
    from krenova_cli.i18n.messages import _

    message(_("(not shown at {width} columns: {columns}; widen the terminal, or use --json or --csv)").format(
        width=width, columns=", ".join(dropped)))


def message(text: str) -> None:
    """A message for people, on stderr so stdout stays data."""
    sys.stderr.write(text + "\n")


def shown_float(value: float | None, places: int = 2) -> str:
    return shown(value, places)
