"""Every page of a printed letter carries its verification code and QR code in the footer (SPEC 8.7),
laid out by the page's margin boxes (`rendering.page_marks`) instead of a running element, which made
WeasyPrint lay out each letter's first page twice: the code, the QR that leads to its page and the page
number (from 1 in each letter, also in a combined file) on every page of every kind, portrait or landscape."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.e2e.test_papers_seen import KINDS
from tests.cli.test_kipp import kipp  # noqa: F401 - a fixture
from tests.conftest import run
from tests.e2e.test_verify import URL, done, letters, needs_pdf  # noqa: F401 - `done` is a fixture

LETTERS = [(kind, opts) for kind, opts in KINDS if kind != "certificate"]


def _sizes(pdf) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def _footer(pdf, page: int, size: tuple[float, float]) -> str:
    """The words printed in the page's bottom margin (the last 1.6 cm), left to right."""
    width, height = size
    top = int(height - 1.6 / 2.54 * 72)
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", str(top), "-W", str(int(width)),
                          "-H", str(int(height) - top), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def check_footers(out, kind) -> list[tuple[float, float]]:
    """Every page of each letter of `kind` in `out` (written with --combine) with the letter's code and its
    page number in the footer; in the combined file, numbered from 1 again at each letter. The pages' sizes."""
    combined = next(out.glob(f"{kind}-semua.pdf"))
    codes_in_order, every = [], []
    for pdf in sorted(p for p in out.glob("*.pdf") if p != combined):
        sizes = _sizes(pdf)
        every.append(sizes)
        codes = set()
        for n, size in enumerate(sizes, start=1):
            footer = _footer(pdf, n, size)
            found = re.findall(r"Kode verifikasi ([0-9A-Z]{10})", footer)
            assert len(found) == 1 and footer.rstrip().endswith(str(n)), (kind, pdf.name, n, footer)
            codes.add(found[0])
        assert len(codes) == 1, (kind, pdf.name, codes)
        codes_in_order.append(codes.pop())
    numbers, page_codes = [], []
    for n, size in enumerate(_sizes(combined), start=1):
        footer = _footer(combined, n, size)
        page_codes.append(re.search(r"Kode verifikasi ([0-9A-Z]{10})", footer).group(1))
        numbers.append(int(footer.split()[-1]))
    starts = [i for i, code in enumerate(page_codes) if i == 0 or code != page_codes[i - 1]]
    assert sorted(page_codes[i] for i in starts) == sorted(codes_in_order), (kind, page_codes)
    assert all(numbers[i] == 1 for i in starts) and all(numbers[i] == numbers[i - 1] + 1 for i in range(1, len(numbers))
                                                        if i not in starts), (kind, numbers)
    return [size for sizes in every for size in sizes]


@needs_pdf
def test_every_page_of_every_letter_kind_prints_its_code_and_number_in_the_footer(done, tmp_path):
    pages = {}
    for kind, opts in LETTERS:
        pages[kind] = check_footers(letters(done, kind, *opts, "--format", "pdf", "--combine", out=tmp_path / kind), kind)
    assert set(pages) == {k for k, _ in LETTERS}
    assert max(len(v) for v in pages.values()) > len(pages)  # letters of more than one page are among them


@needs_pdf
def test_a_landscape_letter_keeps_its_size_with_the_mark_on_every_page(kipp, tmp_path):
    """A judge's recap of KIPP's seven criteria is printed landscape (its own page rule now names the size)."""
    out = letters(kipp, "judge-recap", "--round", "1", "--format", "pdf", "--combine", out=tmp_path / "r")
    sizes = check_footers(out, "judge-recap")
    assert sizes and all(w > h for w, h in sizes), sizes


@needs_pdf
def test_the_qr_code_on_a_letters_later_page_leads_to_its_code(done, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is not installed (pip install zxing-cpp)")
    from PIL import Image

    out = letters(done, "minutes", "--round", "6", "--format", "pdf", out=tmp_path / "m")
    pdf = sorted(out.glob("*.pdf"))[0]
    last = len(_sizes(pdf))
    assert last > 1
    code = re.search(r"Kode verifikasi ([0-9A-Z]{10})", _footer(pdf, last, _sizes(pdf)[-1])).group(1)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", str(last), "-l", str(last), "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png")
    footer = image.crop((0, int(image.height * 0.9), image.width // 3, image.height))
    assert [b.text for b in zxingcpp.read_barcodes(footer)] == [URL.format(code=code)]


@needs_pdf
def test_a_hostile_verification_address_stays_text_in_the_footer(tmp_path):
    """The code's address is printed inside a CSS string: quotes, backslashes, a closing style tag and
    control characters stay text (escaped), and nothing else of the page rule changes."""
    from weasyprint import HTML

    from krenova_cli.documents.rendering import page_marks

    url = 'https://x.example/v/"}</style><b>x</b>\\A;@page{margin:0}\n'
    html = ('<html><head><style>@page { @bottom-left { white-space: pre; font-size: 7pt; } }</style></head><body>'
            '<section class="doc" id="doc-0"><p>Isi surat</p></section></body></html>')
    marked = page_marks(html, [{"index": 0, "kind": "award", "verify_code": "ABCDEFGH12", "verify_url": url,
                                "verify_qr": "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"}], {"locale": "id"})
    assert marked.count("</style>") == 3 and "<b>" not in marked  # the page's own, the footer's look, the letters' pages
    HTML(string=marked).write_pdf(tmp_path / "m.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Kode verifikasi" in text and "ABCDEFGH12" in text and '"}</style><b>x</b>\\A;@page{margin:0}' in text
    assert "Isi surat" in text


@needs_pdf
def test_a_folders_own_page_rules_paper_size_and_label_still_apply_to_every_letter(done, tmp_path):
    """The attacker's findings: each letter's page of its own name lost a folder's `@page doc` rules (F4
    paper, a running head) and its verify_mark.html's label; a long verification address no longer fit."""
    from krenova_cli.store.packaged import templates_dir

    own = done / "templates"
    own.mkdir(exist_ok=True)
    css = (templates_dir() / "style.css").read_text(encoding="utf-8")
    (own / "style.css").write_text(css + '\n@page doc { size: 215mm 330mm; @top-right { content: "RAHASIA"; } }\n',
                                   encoding="utf-8")
    mark = (templates_dir() / "verify_mark.html").read_text(encoding="utf-8")
    (own / "verify_mark.html").write_text(mark.replace('"Kode verifikasi" if', '"Cek keaslian di laman kami, kode" if'),
                                          encoding="utf-8")
    long_url = "https://inovasi.magelangkota.go.id/layanan/verifikasi-dokumen-resmi-kompetisi-inovasi/krenova-opd-bumd/2017/{code}/index.html"
    assert run("-d", done, "settings", "set", "competition.verify_url", long_url).code == 0
    out = letters(done, "award", "--format", "pdf", "--combine", out=tmp_path / "a")
    for pdf in sorted(out.glob("award-*.pdf")):
        sizes = _sizes(pdf)
        assert all(abs(w - 609.4) < 1 and abs(h - 935.4) < 1 for w, h in sizes), (pdf.name, sizes)  # F4
        for n in range(1, len(sizes) + 1):
            page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
            flat = "".join(page.split())
            assert "RAHASIA" in page and "Cekkeasliandilamankami,kode" in flat, (pdf.name, n)
            code = re.search(r"kode\s+([0-9A-Z]{10})", page).group(1)
            w, h = sizes[n - 1]  # the footer in reading order: the address wraps over lines of its own
            foot = subprocess.run(["pdftotext", "-raw", "-f", str(n), "-l", str(n), "-x", "0", "-y", str(int(h - 50)), "-W",
                                   str(int(w)), "-H", "50", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            words = "".join(line.strip() for line in foot.splitlines() if not line.strip().isdigit())
            assert long_url.replace("{code}", code) in words, (pdf.name, n, foot)


@needs_pdf
def test_a_folders_base_html_without_the_papers_ids_is_refused_with_one_error_line(done, tmp_path):
    """The attacker's finding: it stopped the run with an internal error ("document boundaries not found")."""
    from krenova_cli.store.packaged import templates_dir
    from tests.conftest import tree_hash

    own = done / "templates"
    own.mkdir(exist_ok=True)
    base = (templates_dir() / "base.html").read_text(encoding="utf-8")
    assert 'id="doc-{{ doc.index }}"' in base
    (own / "base.html").write_text(base.replace(' id="doc-{{ doc.index }}"', ""), encoding="utf-8")
    before = tree_hash(done)
    r = run("-d", done, "letters", "award", "--format", "pdf", "-o", tmp_path / "a")
    assert r.code == 1 and len(r.errors) == 1 and "templates/base.html" in r.errors[0] and "Traceback" not in r.err, r.err
    assert tree_hash(done) == before and not list((tmp_path / "a").glob("*.pdf"))
    (own / "base.html").unlink()
    assert run("-d", done, "letters", "award", "--format", "pdf", "-o", tmp_path / "a").code == 0
