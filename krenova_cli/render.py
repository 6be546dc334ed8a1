"""Terminal output: rich tables for people; plain, stable JSON and CSV on stdout for scripts."""

from __future__ import annotations

import csv
import json
import sys
from fractions import Fraction
from typing import Any, Iterable, Sequence


def rounded(value: Fraction | None, places: int = 4) -> float | None:
    """Round half up at `places` decimals, exactly, before turning into a float for JSON."""
    if value is None:
        return None
    scale = 10**places
    q = (value * scale * 2 + 1) // 2 if value >= 0 else -((-value * scale * 2 + 1) // 2)
    return float(Fraction(q, scale))


def shown(value: Fraction | None, places: int = 2) -> str:
    if value is None:
        return "-"
    return f"{rounded(value, places):.{places}f}"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])


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
