"""`verify FILE.pdf`: every page of a file answered, and the facts it prints held against the register.

The text of each page is read in the order it was drawn (`pdftotext -raw`, bounded in pages, time
and memory), so that a code stays next to its label whatever wraps beside it; a page whose text
holds no code has its QR code read (zxing-cpp, when installed). Consecutive pages with one code
are one paper; a page with none is answered too. A paper whose code is known is then read for the
facts the register holds (its number, date, honour, entry title and institution, amounts): a fact
not printed, or an honour or amount printed that the register does not hold, is a difference,
and the paper is not valid, whatever its code says (a forged "JUARA I ... Rp50.000.000,00"
carrying a participant's code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.core.verification import looks_like_code, normalise
from krenova_cli.i18n.formatting import count as grouped
from krenova_cli.i18n.messages import _

MAX_PAGES = 2_000          # pages of one file (a combined print run of 2,000 papers)
MAX_SECONDS = 60           # reading the text of a file
MAX_MEMORY = 1 << 30       # bytes of address space for the reader
MAX_BYTES = 512 * 2**20    # the file itself
LABEL = re.compile(r"(?:Kode\s+verifikasi|Verification\s+code)\s*:?\s*([0-9A-Za-z]{10})(?![0-9A-Za-z])")
URL_CODE = re.compile(r"([0-9A-Za-z]{10})(?:\.html?)?/?(?:[?#].*)?$")
MISMATCH, NO_CODE = "mismatch", "no-code"
SCAN_TEXT = 40  # characters of text below which a page is a scan (an image): its facts cannot be read


@dataclass
class Paper:
    """One paper of a file: its pages (1-based, inclusive), its code, and its printed text."""

    first: int
    last: int
    code: str | None
    text: str = ""
    differs: list[dict] = field(default_factory=list)


def _limits():  # in the reader's process, before it runs: its memory bounded
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))
    except (ImportError, ValueError, OSError):
        pass


def _run(args: list[str], path: Path, what: str) -> bytes:
    import subprocess
    import sys

    try:
        done = subprocess.run(args, capture_output=True, timeout=MAX_SECONDS,
                              preexec_fn=_limits if sys.platform != "win32" else None)
    except subprocess.TimeoutExpired:
        raise UserError(_("{file}: reading its {what} took longer than {seconds} s; verify its papers one file each, "
                          "or type the code printed under the QR code").format(file=path, what=what, seconds=MAX_SECONDS)) from None
    if done.returncode != 0:
        raise UserError(_("{file}: cannot read this PDF ({problem})").format(
            file=path, problem=visible_tail(done.stderr.decode("utf-8", "replace"))))
    return done.stdout


def visible_tail(text: str) -> str:
    from krenova_cli.core.visible import visible

    lines = [x for x in text.strip().splitlines() if x.strip()]
    return visible(lines[-1][:200]) if lines else "?"


def page_count(path: Path) -> int | None:
    import shutil

    if not shutil.which("pdfinfo"):
        return None
    out = _run(["pdfinfo", str(path)], path, _("page count")).decode("utf-8", "replace")
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else None


def page_texts(path: Path) -> list[str]:
    """The text of each page, in drawing order, within the bounds."""
    import shutil

    if not path.is_file():
        raise UserError(_("{file}: no such file").format(file=path))
    with open(path, "rb") as fh:
        if fh.read(5) != b"%PDF-":
            raise UserError(_("{file}: not a PDF file").format(file=path))
    if path.stat().st_size > MAX_BYTES:
        raise UserError(_("{file}: larger than {mb} MB; verify its papers one file each").format(file=path, mb=MAX_BYTES // 2**20))
    if shutil.which("pdftotext"):
        count = page_count(path)
        _check_pages(path, count)
        out = _run(["pdftotext", "-q", "-raw", "-enc", "UTF-8", str(path), "-"], path, _("text"))
        pages = out.decode("utf-8", "replace").split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        if count is not None:
            pages = (pages + [""] * count)[:count]
        return pages
    try:
        from pypdf import PdfReader
    except ImportError:
        raise UserError(_("reading a PDF needs poppler's pdftotext or pypdf (pip install pypdf); "
                          "or type the code printed under the QR code")) from None
    try:
        reader = PdfReader(str(path))
        _check_pages(path, len(reader.pages))
        return [page.extract_text() or "" for page in reader.pages]
    except UserError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise UserError(_("{file}: cannot read this PDF ({problem})").format(file=path, problem=visible_tail(str(exc)))) from None


def _check_pages(path: Path, count: int | None) -> None:
    if count is not None and count > MAX_PAGES:
        raise UserError(_("{file}: {pages} pages (at most {limit}); verify its papers one file each, "
                          "or type the code printed under the QR code").format(file=path, pages=grouped(count),
                                                                              limit=grouped(MAX_PAGES)))


def qr_codes(path: Path, page: int) -> list[str]:
    """The codes held by the QR codes of one page (zxing-cpp and Pillow, when installed)."""
    import shutil
    import tempfile

    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        return []
    if not shutil.which("pdftoppm"):
        return []
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        try:
            _run(["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(path), str(stem)],
                 path, _("QR code"))
        except UserError:
            return []
        found = []
        with Image.open(str(stem) + ".png") as img:
            for b in zxingcpp.read_barcodes(img):
                m = URL_CODE.search(b.text.strip())
                if m and looks_like_code(m.group(1)):
                    found.append(normalise(m.group(1)))
        return found


def papers_in(path: Path) -> list[Paper]:
    """Every page of the file, grouped into papers by the code each page carries."""
    texts = page_texts(path)
    if not texts:
        raise UserError(_("{file}: the PDF has no pages").format(file=path))
    out: list[Paper] = []
    for n, text in enumerate(texts, start=1):
        codes = [normalise(c) for c in LABEL.findall(text) if looks_like_code(c)]
        if not codes:
            codes = qr_codes(path, n)
        code = codes[0] if codes else None
        if out and code is not None and out[-1].code == code and out[-1].last == n - 1:
            out[-1].last = n
            out[-1].text += "\n" + text
        else:
            out.append(Paper(n, n, code, text))
    return out


# ---- the printed facts ------------------------------------------------------------------------
def _flat(text: str) -> str:
    """Text compared whatever its line breaks, hyphenation and case."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split()).casefold()


def _tight(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def differences(paper: Paper, facts: dict, doc: dict | None, state, winners_amounts: list[int]) -> list[dict]:
    """What the paper prints against what the register holds: [{fact, register, paper}]."""
    from krenova_cli.i18n import formatting as f

    locale = state.competition.competition.locale
    text, flat, tight = paper.text, _flat(paper.text), _tight(paper.text)
    out: list[dict] = []

    def missing(fact: str, value: str) -> None:
        out.append({"fact": fact, "register": value, "paper": None})

    kind = facts.get("kind")
    number = facts.get("number") or ""
    if number and _tight(number) not in tight:
        missing("number", number)
    day = facts.get("date")
    if day and _flat(f.tanggal(day, locale)) not in flat and f.tanggal_angka(day) not in text:
        missing("date", f.tanggal(day, locale))
    if kind in ("award", "certificate"):
        honour = facts.get("honour") or ""
        if honour and not re.search(r"(?<!\w)" + re.escape(_flat(honour)) + r"(?!\w)", flat):
            missing("honour", honour)
        entry = (doc or {}).get("entry") or {}
        if not entry and facts.get("entry_id") in state.entries:
            e = state.entries[facts["entry_id"]]
            entry = {"title": e.title, "institution": e.institution}
        for fact in ("title", "institution"):
            value = entry.get(fact) or facts.get(fact)
            if value and _flat(value) not in flat and _tight(value) not in tight:
                missing(fact, value)
        # an honour printed that is not this paper's (JUARA I on a participant's certificate)
        titles = {p.title for p in getattr(state.awards, "places", ()) or ()} | _prize_titles(state)
        for other in sorted(titles - {honour}, key=len, reverse=True):
            if other and not _flat(honour).startswith(_flat(other)) and \
                    re.search(r"(?<!\w)" + re.escape(_flat(other)) + r"(?!\w)", flat):
                out.append({"fact": "honour", "register": honour, "paper": other})
                break
    allowed = set()
    if facts.get("amount") is not None:
        allowed.add(int(facts["amount"]))
    if kind in ("decree", "awards-minutes"):
        allowed |= set(winners_amounts)
    if kind == "award" and facts.get("amount") is not None and _tight(f.rupiah(facts["amount"], locale)) not in tight:
        missing("amount", f.rupiah(facts["amount"], locale))
    for printed in sorted(set(_amounts(text, locale))):
        if printed not in allowed:
            out.append({"fact": "amount", "register": f.rupiah(facts["amount"], locale) if facts.get("amount") is not None else None,
                        "paper": f.rupiah(printed, locale)})
    return out


def _prize_titles(state) -> set[str]:
    prizes = getattr(state.competition, "prizes", None) or ()
    return {getattr(p, "title", "") for p in prizes if getattr(p, "title", "")}


def _amounts(text: str, locale: str) -> list[int]:
    """Every amount of money printed: Rp5.000.000,00 / IDR 5,000,000.00."""
    out = []
    if locale == "id":
        for m in re.finditer(r"Rp\s?(\d{1,3}(?:\.\d{3})*)(?:,\d{2})?(?!\d)", text):
            out.append(int(m.group(1).replace(".", "")))
    else:
        for m in re.finditer(r"(?:IDR|Rp)\s?(\d{1,3}(?:,\d{3})*)(?:\.\d{2})?(?!\d)", text):
            out.append(int(m.group(1).replace(",", "")))
    return out
