"""The Word papers opened in LibreOffice Writer look like the PDF (issue 25 item 5): each kind is
converted to PDF by Writer and read back word by word with its box.

- no word is broken inside a table cell or a line ("Perdaganga|n"): Writer's words are the Word
  file's words;
- the colons of Nomor, Sifat, Lampiran and Hal, and of the decree's articles, stand in one column,
  and a wrapped line of the decree starts under its text (a hanging indent), not under the label;
- the certificate is one landscape page inside a frame, with room to sign between the signatory's
  title and the name.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import pdf_ready, run
from tests.e2e.pdf_pages import pages
from tests.e2e.test_word_parity import KINDS, build, docx_words, normal

soffice = shutil.which("soffice")
needs_writer = pytest.mark.skipif(not soffice or not list(Path("/usr/lib/libreoffice/program").glob("libsw*")),
                                  reason="LibreOffice Writer is not installed (apt-get install libreoffice-writer-nogui)")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, list[tuple[Path, Path]]]:
    """Each kind's Word files and Writer's PDF of them."""
    pytest.importorskip("docx")
    base = tmp_path_factory.mktemp("wordlayout")
    d = build(base)
    out: dict[str, list[tuple[Path, Path]]] = {}
    files = []
    for kind, opts in KINDS:
        assert run("-d", d, "letters", kind, *opts, "--format", "docx", "-o", base / kind).code == 0
        chosen = sorted((base / kind).glob("*.docx"))[:2]
        files += chosen
        out[kind] = [(f, base / "pdf" / (f.stem + ".pdf")) for f in chosen]
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{base}/lo", "--convert-to", "pdf",
                    "--outdir", str(base / "pdf"), *map(str, files)], capture_output=True, timeout=600)
    return out


@needs_writer
@pytest.mark.parametrize("kind", [k for k, _ in KINDS])
def test_writer_breaks_no_word(written, kind):
    for docx, pdf in written[kind]:
        assert pdf.is_file(), pdf
        printed = [w.text for p in pages(pdf) for w in p.words if w.y1 < p.height - 50]  # above the footer
        said = docx_words(docx)
        a, b = normal(printed, None), normal(said, None)
        broken = sorted(set(a) - set(b))
        assert not broken, f"{kind} {docx.name}: words Writer prints that the Word file does not hold (a word broken?): {broken[:20]}"


def _column(page, labels: list[str]) -> set[float]:
    xs = set()
    for label in labels:
        line = [w for w in page.words if w.text == label]
        assert line, label
        row = [w for w in page.words if abs(w.y0 - line[0].y0) < 2 and w.x0 > line[0].x1]
        colon = next(w for w in sorted(row, key=lambda w: w.x0) if w.text.startswith(":"))
        xs.add(round(colon.x0))
    return xs


@needs_writer
@pytest.mark.parametrize("kind", ["award", "nomination"])
def test_the_colons_of_the_letter_line_up(written, kind):
    page = pages(written[kind][0][1])[0]
    xs = _column(page, ["Nomor", "Sifat", "Lampiran", "Hal"])
    assert max(xs) - min(xs) <= 1, xs


@needs_writer
def test_the_decree_keeps_its_hanging_indents(written):
    page = pages(written["decree"][0][1])[0]
    xs = _column(page, ["Menimbang", "Mengingat"])
    assert max(xs) - min(xs) <= 1, xs
    label = next(w for w in page.words if w.text == "Menimbang")
    # every line between Menimbang and MEMUTUSKAN starts right of the colon (a hanging indent)
    stop = next(w for w in page.words if w.text.startswith("MEMUTUSKAN"))
    starts = {}
    for w in page.words:
        if label.y0 - 1 <= w.y0 < stop.y0 and (round(w.y0) not in starts or w.x0 < starts[round(w.y0)].x0):
            starts[round(w.y0)] = w
    wrapped = [w.text for w in starts.values() if w.text not in ("Menimbang", "Mengingat")
               and w.x0 < min(_column(page, ["Menimbang"])) - 40]
    assert not wrapped, f"lines starting under the labels: {wrapped}"


@needs_writer
def test_the_certificate_is_framed_with_room_to_sign(written):
    import re

    docx, pdf = written["certificate"][0]
    (page,) = pages(pdf)
    assert page.width > page.height
    png = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(png)], check=True)
    from PIL import Image

    img = Image.open(next(png.parent.glob(png.name + "*.png"))).convert("L")
    w, h = img.size
    # the frame: dark pixels along a vertical line near each side edge, across most of the height
    for x0, x1 in ((0, w // 12), (w - w // 12, w)):
        col = max(range(x0, x1), key=lambda x: sum(img.getpixel((x, y)) < 160 for y in range(h)))
        assert sum(img.getpixel((col, y)) < 160 for y in range(h)) > 0.7 * h, "no frame at the side"
    title = [w for w in page.words if w.text == "MAGELANG,"][-1]
    name = [w for w in page.words if re.fullmatch(r"\.{10,}|[A-Z][a-z].*", w.text) and w.y0 > title.y1][0]
    assert name.y0 - title.y1 > 40, f"{name.y0 - title.y1:.0f} pt between the signatory's title and the name: no room to sign"


from tests.e2e.test_judge_recap_fit import national  # noqa: E402,F401  (the national judge recap, with the longest comments)


@needs_writer
@pytest.mark.skipif(not pdf_ready(), reason="the national fixture writes PDF papers too")
def test_the_national_word_judge_recap_breaks_no_word(national, tmp_path):
    """Seven criteria (K1..K7), four-digit ids, titles of 235 characters and the longest comments a judge may give
    (issue 27 part 4): Writer breaks no word of the Word recap, ids and headings included."""
    pytest.importorskip("docx")
    d, _out = national
    assert run("-d", d, "letters", "judge-recap", "--round", "1", "--format", "docx", "-o", tmp_path / "w").code == 0
    docx = tmp_path / "w" / "judge-recap-round-1-J1.docx"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(docx)], capture_output=True, timeout=600)
    pdf = tmp_path / "pdf" / "judge-recap-round-1-J1.pdf"
    printed = [w.text for p in pages(pdf) for w in p.words if w.y1 < p.height - 50]
    broken = sorted(set(normal(printed, None)) - set(normal(docx_words(docx), None)))
    assert not broken, broken[:20]
    text = " ".join(printed)
    assert "Catatan Juri" in text and text.count("Paragraf 1:") == 3 and "K0012" in text
