"""Documents: every kind renders, reads right as text, escapes user text, and templates stay sandboxed."""

import subprocess
from pathlib import Path

import pytest

from tests.conftest import six_round_competition, pdf_ready, run, score_all, tree_hash

needs_pdf = pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing (.ci/run installs them)")
NASTY = "<script>alert(1)</script> & {{ 7*7 }}"


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """The shared six-round competition; entry K001's title is hostile markup."""
    titles = [NASTY] + [f"Inovasi Layanan {i}" for i in range(2, 21)]
    judges = "nama,jabatan,instansi\nDr. Siti Rahayu,Dosen,Universitas Tidar\nIr. Budi,Peneliti,BRIN\nDr. Ani,Dosen,UGM\n"
    return six_round_competition(tmp_path_factory.mktemp("docs"), titles, judges, lambda e, j, c, n: 100 - int(e[1:]),
                                 institution="Dinas Nomor {i}")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def pdf_pages(path: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    size = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size:"))
    return pages, size


@needs_pdf
def test_award_letter_pdf_reads_as_a_person_would(finished, tmp_path):
    r = run("-d", finished, "letters", "award", "--format", "pdf", "-o", tmp_path)
    assert r.code == 0, r.err
    text = pdf_text(tmp_path / "award-1-K001.pdf")
    for phrase in (NASTY, "Dinas Nomor 1", "Rp5.000.000,00", "lima juta rupiah", "17 Agustus 2017", "Wali Kota Magelang",
                   "Juara I", "/Balitbang/2017", "WALI KOTA MAGELANG", "Yth. Kepala Dinas Nomor 1 di Tempat"):
        assert phrase in text, phrase
    assert "Pimpinan" not in text
    assert "lima juta rupiah" in pdf_text(tmp_path / "award-1-K001.pdf")
    assert "dua juta rupiah" in pdf_text(tmp_path / "award-3-K003.pdf")
    fonts = subprocess.run(["pdffonts", str(tmp_path / "award-1-K001.pdf")], capture_output=True, text=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


@needs_pdf
def test_certificates_one_landscape_page_each_and_combined(finished, tmp_path):
    r = run("-d", finished, "letters", "certificate", "--for", "participants", "--format", "pdf", "--combine", "-o", tmp_path)
    assert r.code == 0, r.err
    singles = sorted(tmp_path.glob("certificate-K*.pdf"))
    assert len(singles) == 20
    for p in singles[:3]:
        pages, size = pdf_pages(p)
        assert pages == 1 and size.startswith("841.89 x 595.2")
    assert pdf_pages(tmp_path / "certificate-semua.pdf")[0] == 20
    text = pdf_text(tmp_path / "certificate-K005.pdf")
    assert "PIAGAM PENGHARGAAN" in text and "Dinas Nomor 5" in text and "FINALIS 5 BESAR" in text  # CSS upper-cases it
    assert "PESERTA" in pdf_text(tmp_path / "certificate-K020.pdf")


@needs_pdf
def test_minutes_and_nomination(finished, tmp_path):
    assert run("-d", finished, "letters", "minutes", "--round", "4", "--format", "pdf", "-o", tmp_path).code == 0
    text = pdf_text(tmp_path / "minutes-round-4.pdf")
    assert "BERITA ACARA" in text and "PENILAIAN IV" in text
    assert "Penilaian III (50%) dan Penilaian IV (50%)" in text
    assert "Dr. Siti Rahayu" in text and "Ir. Budi" in text
    assert "Pada hari ini Senin, tanggal tiga puluh satu bulan Juli tahun dua ribu tujuh belas" in text
    assert run("-d", finished, "letters", "nomination", "--format", "pdf", "-o", tmp_path).code == 0
    nom = pdf_text(next(tmp_path.glob("nomination-dinas-nomor-2-*.pdf")))  # the stem ends in a digest of the name
    assert "Kompetisi Inovasi Pelayanan Publik (KIPP)" in nom and "Tahun 2018" in nom and "Juara II" in nom


def test_html_escapes_user_text(finished, tmp_path):
    assert run("-d", finished, "letters", "award", "-o", tmp_path).code == 0
    html = (tmp_path / "award-1-K001.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}" in html
    assert "<script>" not in html and "49" not in html.split("Nilai akhir")[0][-200:]


def test_refusals(finished, tmp_path):
    memo = run("-d", finished, "letters", "memo")  # a usage error (exit 2), like an unknown command
    assert memo.code == 2 and memo.errors == [
        "Error: Invalid value for KIND: unknown document kind 'memo'; choose one of award, certificate, nomination, minutes, awards-minutes, decree, judge-recap, call, announcement, ceremony-invitation, feedback, presentation-invitation, sinovik-draft"]
    fresh = tmp_path / "fresh"
    run("init", fresh)
    assert run("-d", fresh, "letters", "award").errors == ["Error: the awards are not decided yet; run `krenova awards` first"]
    assert run("-d", fresh, "letters", "minutes", "--round", "1").errors == [
        "Error: round 1 is not closed; its minutes are written when it closes (`krenova advance --round 1`)"]


def test_user_template_overrides_and_is_sandboxed(finished, tmp_path):
    tpl = finished / "templates" / "award.html"
    try:
        tpl.write_text("<p>Selamat {{ doc.entry.institution }}: {{ doc.amount | rupiah }}</p>")
        assert run("-d", finished, "letters", "award", "-o", tmp_path).code == 0
        assert "<p>Selamat Dinas Nomor 1: Rp5.000.000,00</p>" in (tmp_path / "award-1-K001.html").read_text()
        tpl.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
        r = run("-d", finished, "letters", "award", "-o", tmp_path / "x")
        assert r.code == 1 and r.errors[0].startswith("Error: template refused:")
        tpl.write_text("{{ doc.entri.title }}")
        r = run("-d", finished, "letters", "award", "-o", tmp_path / "y")
        assert r.code == 1 and "entri" in r.errors[0] and r.errors[0].startswith("Error: template error:")
    finally:
        tpl.unlink()


@needs_pdf
def test_pdf_cannot_read_files_outside_the_data_directory(finished, tmp_path):
    tpl = finished / "templates" / "certificate.html"
    try:
        tpl.write_text('<p>X</p><img src="file:///etc/passwd"><link rel="stylesheet" href="file:///etc/hostname">'
                       '{% with where = "cert" %}{% include "verify_mark.html" %}{% endwith %}')  # a paper prints its code
        r = run("-d", finished, "letters", "certificate", "--format", "pdf", "-o", tmp_path)
        assert r.code == 0
        assert "root:" not in pdf_text(tmp_path / "certificate-K001.pdf")
        from krenova_cli.documents.rendering import _allowed

        assert not _allowed("file:///etc/passwd", [str(finished)])
        assert _allowed(f"file://{finished}/templates/logo.png", [str(finished)])
        assert not _allowed("http://example.com/x.png", [str(finished)])
    finally:
        tpl.unlink()


def test_english_locale(finished, tmp_path):
    import shutil as sh

    en = tmp_path / "en"
    sh.copytree(finished, en)
    settings = en / "competition.toml"
    settings.write_text(settings.read_text().replace('locale = "id"', 'locale = "en"'))
    assert run("-d", en, "adopt", "competition.toml", "--reason", "English papers").code == 0
    assert run("-d", en, "letters", "award", "-o", tmp_path / "out").code == 0
    html = (tmp_path / "out" / "award-1-K001.html").read_text()
    assert "five million rupiah" in html and "17 August 2017" in html


def test_letters_change_only_the_register_and_only_once(finished, tmp_path):
    before = {k: v for k, v in tree_hash(finished).items() if not k.startswith("out/")}
    assert run("-d", finished, "letters", "certificate", "--for", "winners", "-o", tmp_path).code == 0
    after = {k: v for k, v in tree_hash(finished).items() if not k.startswith("out/")}
    assert {k for k in set(before) | set(after) if before.get(k) != after.get(k)} <= {"letters.toml", "ledger.jsonl"}
    assert run("-d", finished, "letters", "certificate", "--for", "winners", "-o", tmp_path).code == 0
    assert {k: v for k, v in tree_hash(finished).items() if not k.startswith("out/")} == after  # numbers kept
