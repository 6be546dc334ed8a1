"""Terminal output: rich tables for people; plain, stable JSON and CSV on stdout for scripts."""

from __future__ import annotations

import csv
import json
import sys
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


def message(text: str) -> None:
    """A message for people, on stderr so stdout stays data."""
    sys.stderr.write(text + "\n")


def shown_float(value: float | None, places: int = 2) -> str:
    return shown(value, places)
