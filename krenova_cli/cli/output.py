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
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


RAW = {"on": False}  # set by a command's --raw (see options.RawOpt)


def print_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], raw: bool | None = None) -> None:
    """CSV on stdout; text that a spreadsheet would run as a formula is prefixed with ' unless --raw."""
    from krenova_cli.core.csvtext import defused

    keep = RAW["on"] if raw is None else raw
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else (v if keep else defused(v)) for v in row])


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


def fitted_table(title: str | None, columns: Sequence[Column], rows: Iterable[Sequence[Any]], width: int | None = None,
                 styles: Sequence[str | None] | None = None, sections: Sequence[bool] | None = None):
    """A rich table that fits `width` (the terminal's): no word or number broken over lines, and
    the columns left out said on stderr (never dropped silently). Returns the table."""
    from rich.cells import cell_len
    from rich.table import Table

    width = width or console().width
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
    t = Table(title=title, title_justify="left", header_style="bold")
    for i in keep:
        c = columns[i]
        t.add_column(c.name, justify=c.justify, no_wrap=True, overflow="ellipsis" if c.flexible else "fold",
                     width=widths[i], min_width=widths[i], max_width=widths[i])
    for n, row in enumerate(rows):
        t.add_row(*(row[i] for i in keep), style=styles[n] if styles else None,
                  end_section=bool(sections[n]) if sections else False)
    if dropped:
        message(f"(not shown at {width} columns: {', '.join(dropped)}; widen the terminal, or use --json or --csv)")
    return t


def message(text: str) -> None:
    """A message for people, on stderr so stdout stays data."""
    sys.stderr.write(text + "\n")


def shown_float(value: float | None, places: int = 2) -> str:
    return shown(value, places)
