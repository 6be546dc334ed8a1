"""Reading a printed recap back: the words of each page with their boxes (poppler's `pdftotext -bbox`).

Font size from a word box: LibreOffice sets Carlito (Calibri's metrics) with a box of 1.30 x the point size
(calibrated: 6 pt -> 7.81, 8 pt -> 10.39, 9 pt -> 11.72, 11 pt -> 14.30 units), so a word's size is
(yMax - yMin) / 1.30 points.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

BOX_PER_PT = 1.30
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def pt(self) -> float:
        return (self.y1 - self.y0) / BOX_PER_PT


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def outside(self) -> list[Word]:
        return [w for w in self.words if w.x0 < 0 or w.y0 < 0 or w.x1 > self.width or w.y1 > self.height]

    def header_right(self) -> str:
        """The sheet's title: the words of the header line, right of the page's middle."""
        top = min(w.y0 for w in self.words)
        return " ".join(w.text for w in self.words if w.y0 - top < 3 and w.x0 > self.width / 2)


def pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [Page(float(w), float(h), [Word(float(a), float(b), float(c), float(d), unescape(t)) for a, b, c, d, t in _WORD.findall(body)])
            for w, h, body in _PAGE.findall(xml)]
