"""The recap as a committee prints it (issue 19): through LibreOffice to PDF, read back with pdftotext -bbox.

Criterion for "at least 8 pt": a word's size is its box height / 1.30 (Carlito, Calibri's metrics; see
pdf_pages.py for the calibration) and must be >= 7.95 pt, for every word on every page: body, headers, footers
and chart labels alike. No word may lie outside its page.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import run
from tests.e2e.pdf_pages import Page, pages

MIN_PT = 7.95

needs_lo = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                              reason="LibreOffice and poppler-utils not installed (.ci/run installs them)")
pytestmark = needs_lo


def sheet_of(page: Page) -> str:
    """The sheet's title from the page header (right of the middle, at the top)."""
    return " ".join(w.text for w in page.words if w.y1 < 45 and w.x0 > page.width / 2)


def by_sheet(all_pages: list[Page]) -> dict[str, list[Page]]:
    out: dict[str, list[Page]] = {}
    for p in all_pages:
        out.setdefault(sheet_of(p), []).append(p)
    return out


def check_print(pdf: Path, d: Path, rounds: range, locale: str = "id") -> list[Page]:
    """Every word >= 8 pt and on its page, page numbers and ledger anchor, every round's rows, a one-page summary."""
    from krenova_cli.store.ledger import read_head

    all_pages = pages(pdf)
    n = len(all_pages)
    small = [(i, w.text, round(w.pt, 2)) for i, p in enumerate(all_pages, 1) for w in p.words if w.pt < MIN_PT]
    assert small == [], small[:10]
    outside = [(i, w.text) for i, p in enumerate(all_pages, 1) for w in p.outside()]
    assert outside == [], outside[:10]
    anchor = read_head(d / "ledger.jsonl")[0].hash[:16]
    page_word, of_word, anchor_word = ("Halaman", "dari", "kode buku log:") if locale == "id" else ("Page", "of", "ledger code:")
    for i, p in enumerate(all_pages, 1):
        assert f"{page_word} {i} {of_word} {n}" in p.text, (i, p.text[-80:])
        assert f"{anchor_word} {anchor}" in p.text, i
    sheets = by_sheet(all_pages)
    summary = sheets["Ringkasan" if locale == "id" else "Summary"]
    assert len(summary) == 1
    for n_round in rounds:
        name = ("Babak {n}" if locale == "id" else "Round {n}").format(n=n_round)
        st = run("-d", d, "standings", "--round", n_round, "--json").json()
        for kind in (name, f"{name} (rinci)" if locale == "id" else f"{name} (detail)"):
            words = set()
            for p in sheets[kind]:
                words.update(w.text for w in p.words)
            missing = [r["entry_id"] for r in st["rows"] if r["entry_id"] not in words]
            assert missing == [], (kind, missing[:10])
        # the reader sheet shows each ranking score as printed, 2 decimals
        reader = " ".join(p.text for p in sheets[name])
        for r in st["rows"][:20]:  # JSON has 4 decimals: the sheet's 2 may round either way from them
            x = r["ranking_score"]
            assert f"{x:.2f}" in reader or f"{x + 0.005:.2f}" in reader or f"{x - 0.005:.2f}" in reader
    return all_pages


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    d = tmp_path_factory.mktemp("print") / "demo"
    assert run("demo", d, "--no-documents", "--format", "html").code == 0
    return d


@pytest.fixture(scope="module")
def printed(demo) -> Path:
    r = run("-d", demo, "export", "-o", demo.parent / "recap.xlsx", "--pdf", "--analysis")
    assert r.code == 0, r.err
    assert r.out.split() == [str(demo.parent / "recap.xlsx"), str(demo.parent / "recap.pdf")]
    return demo.parent / "recap.pdf"


def test_every_word_at_least_8pt_on_its_page_every_round_row_present(printed, demo):
    all_pages = check_print(printed, demo, range(1, 7))
    # the analysis sheet (export --analysis) follows the same print rules, checked above for every page
    analysis = " ".join(" ".join(p.text for p in ps) for name, ps in by_sheet(all_pages).items() if name == "Analisis")
    assert "Kesimpulan" in analysis and "Deviasi juri dari panel" in analysis
    for n in (4, 6):
        data = run("-d", demo, "analyse", "--round", n, "--resamples", "0", "--json").json()
        assert f"Top {data['cutoff']}" in analysis
        for j in data["judges"]:
            assert j in analysis


def test_the_summary_is_one_page_with_winners_finalists_date_place_and_signature_lines(printed, demo):
    summary = by_sheet(pages(printed))["Ringkasan"][0]
    text = summary.text
    awards = run("-d", demo, "awards", "--json").json()["places"]
    for p in awards:
        assert p["entry_id"] in text
    assert "Juara I" in text and "Finalis (Babak 6)" in text
    assert "Ditetapkan di Magelang, 17 Agustus 2017" in text
    assert "Dewan Juri" in text and "Mengesahkan," in text and "Wali Kota Magelang" in text
    judges = run("-d", demo, "judge", "list", "--json").json()
    for j in judges:
        assert j["name"].split(",")[0].split()[-1] in text
    for k in range(1, len(judges) + 1):
        assert f"{k}." in text.split("Dewan Juri", 1)[1]


def test_round_sheets_are_readable_statuses_and_categories_in_words(demo, printed):
    import openpyxl

    wb = openpyxl.load_workbook(demo.parent / "recap.xlsx", read_only=True)
    header = next(wb["Babak 4"].iter_rows(max_row=1, values_only=True))
    assert header == ("Peringkat", "Seri", "ID", "Judul", "Instansi", "Kategori", "Nilai Babak", "Nilai Peringkat", "Lolos")
    detail = next(wb["Babak 4 (rinci)"].iter_rows(max_row=1, values_only=True))
    assert detail[:8] == ("Peringkat", "ID", "Panel Juri", "Juri 1", "Juri 2", "Juri 3", "Juri 4", "Juri 5")
    categories = {r[5] for r in wb["Babak 4"].iter_rows(min_row=2, values_only=True)}
    assert "Tata kelola pemerintahan" in categories and "tata-kelola" not in categories
    statuses = {r[10] for r in wb["Peserta"].iter_rows(min_row=2, values_only=True)}
    assert "gugur setelah babak 4" in statuses and "Juara I" in statuses and not any("eliminated" in s for s in statuses)
    ws = openpyxl.load_workbook(demo.parent / "recap.xlsx")["Babak 4"]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 73 <= ws.page_setup.scale <= 100
    assert ws.print_title_rows == "$1:$1"
    assert "&P" in ws.oddFooter.right.text and "kode buku log" in ws.oddFooter.left.text


def test_english_recap_prints_in_english(demo, tmp_path):
    en = tmp_path / "en"
    shutil.copytree(demo, en)
    settings = en / "competition.toml"
    settings.write_text(settings.read_text().replace('locale = "id"', 'locale = "en"'))
    r = run("-d", en, "export", "-o", tmp_path / "en.xlsx", "--pdf")
    assert r.code == 0, r.err
    all_pages = check_print(tmp_path / "en.pdf", en, range(4, 5), locale="en")
    summary = by_sheet(all_pages)["Summary"][0].text
    assert "Jury" in summary and "Approved by" in summary and "Decided at Magelang on 17 August 2017" in summary


def test_pdf_without_libreoffice_says_what_to_install(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the way
    r = run("-d", demo, "export", "-o", tmp_path / "r.xlsx", "--pdf")
    assert r.code == 1
    assert r.err.strip().splitlines() == [
        "Error: LibreOffice is not installed; install it to print the recap to PDF "
        "(Debian/Ubuntu: apt-get install libreoffice-calc-nogui fonts-crosextra-carlito)"]
    assert not (tmp_path / "r.xlsx").exists()


NATIONAL_MAX_PAGES = 3000  # 5,000 entries, 7 judges, six rounds: 2,632 pages measured (README, Printing the recap)


@pytest.mark.stress
def test_national_recap_prints_readably(tmp_path):
    """5,000 entries: about 4 minutes (demo, export, LibreOffice); run with --stress."""
    d = tmp_path / "nat"
    assert run("demo", d, "--entries", "5000", "--judges", "7", "--no-documents", "--format", "html").code == 0
    r = run("-d", d, "export", "-o", tmp_path / "recap.xlsx", "--pdf")
    assert r.code == 0, r.err
    all_pages = check_print(tmp_path / "recap.pdf", d, range(1, 7))
    assert len(all_pages) <= NATIONAL_MAX_PAGES


@needs_lo
def test_the_summary_stays_one_page_with_very_long_titles(demo, tmp_path):
    """A newcomer's 150-character titles wrapped the summary onto a second page, its signatures with it."""
    d = tmp_path / "long"
    shutil.copytree(demo, d)
    finalists = run("-d", d, "standings", "--round", "4", "--json").json()["rows"][:15]
    for row in finalists:
        title = ("Inovasi Pelayanan Publik Terpadu Berbasis Masyarakat untuk Percepatan Penanganan Pengaduan "
                 f"dan Peningkatan Kualitas Layanan Dasar di Tingkat Kelurahan {row['entry_id']}")
        assert len(title) > 150
        assert run("-d", d, "entry", "edit", row["entry_id"], "--title", title, "--reason", "judul lengkap").code == 0
    r = run("-d", d, "export", "-o", tmp_path / "long.xlsx", "--pdf")
    assert r.code == 0, r.err
    summary = by_sheet(pages(tmp_path / "long.pdf"))["Ringkasan"]
    assert len(summary) == 1 and "Mengesahkan," in summary[0].text and "Dewan Juri" in summary[0].text


def test_the_judges_comments_print_whole_on_their_sheet(tmp_path):
    """Issue 27 part 4: the comments sheet beside a round's detail sheet prints as the others do (every word
    >= 8 pt and on its page), a comment of 2,000 characters and many lines whole, going on over rows, and a
    comment that looks like a formula printed as the judge wrote it."""
    from tests.conftest import CRITERIA, score_all

    d = tmp_path / "c"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"] + [f"K{i:03d},Inovasi {i},Dinas {i},OPD,tik" for i in range(1, 21)]
    (tmp_path / "e.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / "e.csv").code == 0
    (tmp_path / "j.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UGM\nJ3,Juri Tiga,UNDIP\n")
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    score_all(d, 1, lambda e, j, c: 70 + int(e[1:]), tmp_path)
    long = "\n".join(f"Baris {i}: penjelasan juri tentang dampak inovasi bagi warga kota" for i in range(1, 41))[:2000]
    many = " ".join(f"kata{i}" for i in range(250))
    values = lambda e: [f"{c}={70 + int(e[1:])}" for c in CRITERIA]  # noqa: E731
    r = run("-d", d, "score", "K001", "--round", "1", "-j", "J1", *values("K001"), "--replace", "--comment", long,
            "--criterion-comment", f"kebaruan={many}")
    assert r.code == 0, r.err
    r = run("-d", d, "score", "K003", "--round", "1", "-j", "J3", *values("K003"), "--replace", "--comment", "=1+1 bukan rumus",
            "--criterion-comment", "efektivitas=Cukup baik")
    assert r.code == 0, r.err
    assert run("-d", d, "advance", "--round", "1").code == 0
    r = run("-d", d, "export", "-o", tmp_path / "r.xlsx", "--pdf")
    assert r.code == 0, r.err
    sheets = by_sheet(check_print(tmp_path / "r.pdf", d, range(1, 2)))
    printed = " ".join(w.text for p in sheets["Babak 1 (catatan)"] for w in p.words)
    shown = [n for n in range(1, 41) if f"Baris {n}:" in long]
    assert len(shown) > 25 and all(f"Baris {n}:" in printed for n in shown)
    assert all(f"kata{i}" in printed for i in range(250))
    assert "=1+1 bukan rumus" in printed and "Efektivitas: Cukup baik" in printed
