"""Papers as a person sees them (SPEC 9.2): the visual check the document tests share.

The text layer (`pdftotext`) keeps a word that the page does not show: a word clipped by a frame
(`overflow: hidden`), painted over by an opaque box, or pushed off the page is still extracted. So
a word is "seen" here only when its own ink is on the page picture: each page is rendered twice
with poppler's `pdftoppm`, as printed and from a copy whose text-drawing operators (BT ... ET) are
removed, and the pixels inside the word's box (`pdftotext -bbox-layout`) must differ. A clipped or
covered word draws nothing, so the two pictures agree there, whatever else (a frame's line, an
image) lies under its box. Besides: every word lies inside the page, and no two words overlap.

`problems(pdf, must_see)` answers with a list of sentences (empty: the page is right), so a test
can say `assert not problems(...)` and read what is wrong.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

DPI = 72  # one pixel a point: word boxes are in points
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlap(self, other: "Word") -> float:
        """The area the two boxes share, in square points."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: list[Word]


def pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [Page(i + 1, float(w), float(h), [Word(float(a), float(b), float(c), float(d), unescape(t))
                                           for a, b, c, d, t in _WORD.findall(body)])
            for i, (w, h, body) in enumerate(_PAGE.findall(xml))]


def _strip_text(pdf: Path, target: Path) -> None:
    """A copy of `pdf` that draws no text: every BT ... ET block of every page and form removed."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream, NameObject

    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    seen: set[int] = set()

    def textless(stream, pdf_obj) -> ContentStream:
        content = ContentStream(stream, pdf_obj)
        kept, inside = [], False
        for operands, op in content.operations:
            if op == b"BT":
                inside = True
            elif op == b"ET":
                inside = False
            elif not inside:
                kept.append((operands, op))
        content.operations = kept
        return content

    def forms(resources) -> None:
        xobjects = resources.get("/XObject") if resources else None
        if not xobjects:
            return
        for name in list(xobjects.get_object()):
            ref = xobjects.get_object().raw_get(name)
            obj = ref.get_object()
            key = getattr(ref, "idnum", id(obj))
            if key in seen or obj.get("/Subtype") != "/Form":
                continue
            seen.add(key)
            obj.set_data(textless(obj, writer).get_data())
            forms(obj.get("/Resources"))

    for page in writer.pages:
        contents = page.get_contents()
        if contents is not None:
            page[NameObject("/Contents")] = writer._add_object(textless(contents, writer))
        forms(page.get("/Resources"))
    with open(target, "wb") as fh:
        writer.write(fh)


def _picture(pdf: Path, page: int):
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), f"{tmp}/p"], check=True)
        return Image.open(f"{tmp}/p.png").copy()


@functools.lru_cache(maxsize=8)
def _pictures(pdf: str, mtime: float, page: int):
    """The page as printed and without its text, as grey pixel arrays (rows of ints)."""
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.pdf"
        _strip_text(Path(pdf), bare)
        return _picture(Path(pdf), page), _picture(bare, page)


def ink(pdf: Path, page: int, word: Word) -> int:
    """How many pixels inside the word's box its own text darkens (the page with and without text)."""
    full, bare = _pictures(str(pdf), pdf.stat().st_mtime, page)
    x0, y0 = max(0, int(word.x0 * DPI / 72)), max(0, int(word.y0 * DPI / 72))
    x1, y1 = min(full.width, int(word.x1 * DPI / 72 + 1)), min(full.height, int(word.y1 * DPI / 72 + 1))
    if x1 <= x0 or y1 <= y0:
        return 0
    a, b = full.crop((x0, y0, x1, y1)).tobytes(), bare.crop((x0, y0, x1, y1)).tobytes()
    return sum(1 for p, q in zip(a, b) if abs(p - q) > 48)


def covered(pdf: Path, page: int, word: Word) -> float:
    """The share of the word's box that something other than text (an image, a QR code, a fill)
    darkens: a word printed over a picture is not read."""
    _, bare = _pictures(str(pdf), pdf.stat().st_mtime, page)
    x0, y0 = max(0, int(word.x0 * DPI / 72)), max(0, int(word.y0 * DPI / 72))
    x1, y1 = min(bare.width, int(word.x1 * DPI / 72 + 1)), min(bare.height, int(word.y1 * DPI / 72 + 1))
    if x1 <= x0 or y1 <= y0:
        return 0.0
    px = bare.crop((x0, y0, x1, y1)).tobytes()
    return sum(1 for v in px if v < 160) / len(px)


def _norm(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", text).strip()


def occurrences(page: Page, phrase: str) -> list[list[Word]]:
    """Each run of consecutive words of the page (in reading order) that spells `phrase`."""
    tokens = _norm(phrase).split(" ")
    words = page.words
    found = []
    for i in range(len(words)):
        if words[i].text != tokens[0] and not (len(tokens) == 1 and tokens[0] in words[i].text):
            continue
        run = words[i:i + len(tokens)]
        if len(run) == len(tokens) and all(w.text == t or (len(tokens) == 1 and t in w.text) for w, t in zip(run, tokens)):
            found.append(run)
    return found


def overlapping(page: Page, min_area: float = 2.0) -> list[tuple[Word, Word]]:
    """Pairs of words whose boxes share more than `min_area` square points (a sweep over y)."""
    out = []
    words = sorted(page.words, key=lambda w: w.y0)
    for i, w in enumerate(words):
        for v in words[i + 1:]:
            if v.y0 >= w.y1:
                break
            shared = w.overlap(v)
            # boxes of one line touch, and lines set tight may share a hair: a real overlap is a
            # good part of the smaller word
            small = min((w.x1 - w.x0) * (w.y1 - w.y0), (v.x1 - v.x0) * (v.y1 - v.y0))
            if shared > min_area and shared > 0.2 * small:
                out.append((w, v))
    return out


def problems(pdf: Path, must_see: list[str], page: int | None = None) -> list[str]:
    """What is wrong with the page(s) as a person sees them: each phrase of `must_see` shown whole
    (inside the page, its ink on the picture) somewhere, and no two words of the page overlapping."""
    found = []
    chosen = [p for p in pages(pdf) if page is None or p.number == page]
    for p in chosen:
        for w in p.words:
            if w.x0 < -0.5 or w.y0 < -0.5 or w.x1 > p.width + 0.5 or w.y1 > p.height + 0.5:
                found.append(f"{pdf.name} p.{p.number}: {w.text!r} lies outside the page")
        for a, b in overlapping(p):
            found.append(f"{pdf.name} p.{p.number}: {a.text!r} and {b.text!r} overlap")
        for w in p.words:
            if covered(pdf, p.number, w) > 0.25:
                found.append(f"{pdf.name} p.{p.number}: {w.text!r} printed over a picture or a dark fill")
    for phrase in must_see:
        runs = [(p, run) for p in chosen for run in occurrences(p, phrase)]
        if not runs:
            found.append(f"{pdf.name}: {phrase!r} is not in the text at all")
            continue
        seen = [(p, run) for p, run in runs if all(ink(pdf, p.number, w) >= 3 for w in run)]
        if not seen:
            p, run = runs[0]
            dark = [w.text for w in run if ink(pdf, p.number, w) < 3]
            found.append(f"{pdf.name} p.{p.number}: {phrase!r} is in the text layer but not on the page ({' '.join(dark)} shows no ink)")
    return found


def to_png(pdf: Path, target: Path, page: int = 1, dpi: int = 60) -> Path:
    """One page as a colour PNG (for docs/ and for looking at)."""
    stem = str(target.with_suffix(""))
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), stem],
                   check=True)
    return target
