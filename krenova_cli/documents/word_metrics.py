"""How wide a word is in the Word papers' font (DejaVu Serif), from the font's own advance widths.

The widths (`word_metrics_data.py`, made by scripts/word_metrics.py from the installed fonts) are kept in
the package, so a table's columns are measured the same on any machine, whether or not it has the font.
A character outside the table (U+0020..U+024F) counts as the font's widest letter: too wide is a little
room lost, too narrow is a word broken in two.
"""

from __future__ import annotations

from krenova_cli.documents.word_metrics_data import BOLD, BOOK, FIRST

PT_PER_CM = 72 / 2.54
_WIDEST = {False: max(BOOK), True: max(BOLD)}


def text_width(text: str, pt: float, bold: bool = False) -> float:
    """The width of `text` in cm at `pt` points, without kerning (which only narrows it)."""
    table = BOLD if bold else BOOK
    widest = _WIDEST[bold]
    units = 0
    for ch in text:
        i = ord(ch) - FIRST
        w = table[i] if 0 <= i < len(table) else 0
        units += w or widest
    return units / 1000 * pt / PT_PER_CM
