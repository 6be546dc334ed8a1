"""Issue 27 part 6: the SINOVIK draft, the national competition's proposal outline filled in for each entry.

A competition of eight entries through its six rounds, with proposals imported by section (by the
section's id or its name as the call's form heads it), the judges' comments on criteria and on the
entry, and the awards. Each draft (HTML for speed, one in PDF and Word) is read back: the entry's text
in each section, a section without text marked, a summary over its word limit flagged, the outline and
its weights from the settings (another outline, another paper), comments mapped to sections through
the preset's criteria, no judge named, and the criterion averages against the finalists'.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import pdf_ready, run, score_all

needs_pdf = pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing")
LONG_SUMMARY = " ".join(["Layanan perizinan satu hari mempercepat investasi daerah"] * 36)  # 252 words
JUDGES = "nama,instansi\nDr. Siti Rahayu,Universitas Tidar\nIr. Budi Santoso,BRIN\nProf. Wahyu Hidayat,UGM\n"
OFFSET = {"kebaruan": 4, "efektivitas": 0, "kemanfaatan": -2, "replikasi": -6, "keberlanjutan": 1}


def value(e: str, j: str, c: str) -> int:
    """K001 best, K008 last; J2 a point more generous; each criterion its own offset."""
    return 88 - 4 * int(e[1:]) + OFFSET[c] + (1 if j == "J2" else 0)


@pytest.fixture(scope="module")
def comp(tmp_path_factory) -> Path:
    import os

    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    base = tmp_path_factory.mktemp("sinovik")
    d = base / "comp"
    assert run("init", d).code == 0
    with open(base / "e.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        # the call's form: section columns headed by their names (and one by its id)
        w.writerow(["judul", "instansi", "jenis", "kategori", "Ringkasan", "Latar Belakang dan Tujuan", "kebaruan",
                    "Signifikansi", "sumber_daya"])
        for i in range(1, 9):
            w.writerow([f"Layanan Terpadu {i}", f"Dinas Nomor {i}", "OPD", "tik",
                        LONG_SUMMARY if i == 1 else f"Ringkasan inovasi {i} dalam tiga puluh kata.",
                        "" if i == 2 else "Antrean panjang di loket perizinan.\n\nTujuan: izin terbit dalam satu hari.",
                        "Pertama di Jawa Tengah.", "Waktu layanan turun dari 14 hari menjadi 1 hari.",
                        "Dua petugas dan satu server."])
    r = run("-d", d, "entry", "import", base / "e.csv")
    assert r.code == 0, r.err
    (base / "j.csv").write_text(JUDGES)
    assert run("-d", d, "judge", "import", base / "j.csv").code == 0
    said = {3: [("J1", "K001", "Perlu data pengguna yang lebih lengkap.",
                 {"kebaruan": "Jelaskan pembeda dengan inovasi serupa di daerah lain.",
                  "efektivitas": "Tunjukkan penurunan waktu layanan dengan data bulanan."})],
            6: [("J2", "K001", None, {"replikasi": "Susun panduan replikasi untuk daerah lain."}),
                ("J3", "K001", None, {"kebaruan": "Jelaskan pembeda dengan inovasi serupa di daerah lain."})]}
    for n in range(1, 7):
        for j, e, comment, per in said.get(n, ()):
            argv = ["-d", d, "score", e, "--round", n, "--judge", j,
                    *[f"{c}={value(e, j, c)}" for c in OFFSET]]
            argv += ["--comment", comment] if comment else []
            for c, text in per.items():
                argv += ["--criterion-comment", f"{c}={text}"]
            r = run(*argv)
            assert r.code == 0, r.err
        score_all(d, n, value, base)
        r = run("-d", d, "advance", "--round", n)
        assert r.code == 0, r.err
    assert run("-d", d, "awards").code == 0
    return d


def drafts(d: Path, out: Path, *opts: str) -> dict[str, str]:
    r = run("-d", d, "letters", "sinovik-draft", "--format", "html", "-o", out, *opts)
    assert r.code == 0, r.err
    return {p.stem.removeprefix("sinovik-draft-"): text(p) for p in sorted(out.glob("sinovik-draft-*.html"))}


def text(path: Path) -> str:
    import html

    body = re.sub(r"<style>.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def section(page: str, heading: str, following: str) -> str:
    """The text of a section: from its heading to the next one (a numbered section's heading is followed by
    its weight in brackets, its row in the outline's table by the weight alone)."""
    def at(text: str, after: int = 0) -> int:
        return page.index(text + " (", after) if text[:1].isdigit() and "(" not in text else page.index(text, after)

    start = at(heading)
    return page[start:at(following, start + len(heading))]


@pytest.fixture(scope="module")
def papers(comp, tmp_path_factory) -> dict[str, str]:
    return drafts(comp, tmp_path_factory.mktemp("drafts"))


def test_one_draft_for_each_entry_still_in_each_with_its_covering_letter(papers):
    assert sorted(papers) == [f"K{i:03d}" for i in range(1, 9)]
    page = papers["K004"]
    assert "Hal : Draf Proposal Kompetisi Inovasi Pelayanan Publik (KIPP) / SINOVIK" in page
    assert "Yth. Kepala Dinas Nomor 4" in page
    assert "siap membantu Saudara menyempurnakan proposal" in page  # the agency offers its drafting help
    assert "LAMPIRAN" in page and "Proposal KIPP 2023 Kelompok Umum" in page


def test_the_filled_sections_print_the_entrys_own_text(papers):
    page = papers["K004"]
    background = section(page, "2. Latar Belakang dan Tujuan", "3. Kebaruan/Nilai Tambah")
    assert "Antrean panjang di loket perizinan." in background and "Tujuan: izin terbit dalam satu hari." in background
    assert "Pertama di Jawa Tengah." in section(page, "3. Kebaruan/Nilai Tambah", "4. Implementasi Inovasi")
    assert "Dua petugas dan satu server." in section(page, "7. Sumber Daya", "8. Strategi Keberlanjutan")


def test_a_section_the_entry_left_empty_is_marked_where_it_stands(papers):
    empty = "BELUM DIISI. Peserta belum memberikan isian untuk bagian ini"
    page = papers["K002"]
    assert empty in section(page, "2. Latar Belakang dan Tujuan", "3. Kebaruan/Nilai Tambah")
    assert empty not in section(page, "3. Kebaruan/Nilai Tambah", "4. Implementasi Inovasi")
    # the entries gave no implementation, adaptability nor sustainability: each marked, and said in the letter
    assert page.count(empty) == 4 and papers["K004"].count(empty) == 3
    assert "Sebanyak empat bagian belum ada isiannya" in page
    assert "Latar Belakang dan Tujuan, Implementasi Inovasi, Adaptabilitas, dan Strategi Keberlanjutan" in page


def test_a_summary_over_its_word_limit_is_flagged(papers):
    summary = section(papers["K001"], "1. Ringkasan (bobot 0%; paling banyak 200 kata)", "2. Latar Belakang dan Tujuan")
    assert "MELEBIHI BATAS KATA: 252 kata, paling banyak 200 kata" in summary
    assert "Bagian Ringkasan berisi 252 kata, melebihi batas 200 kata" in papers["K001"]  # the letter says it too
    assert "MELEBIHI" not in papers["K004"]


def test_the_weights_and_word_limits_are_the_presets(papers):
    page = papers["K004"]
    for name, weight in (("Ringkasan", "0"), ("Latar Belakang dan Tujuan", "10"), ("Kebaruan/Nilai Tambah", "15"),
                         ("Implementasi Inovasi", "5"), ("Signifikansi", "30"), ("Adaptabilitas", "20"),
                         ("Sumber Daya", "5"), ("Strategi Keberlanjutan", "15")):
        assert f"{name} (bobot {weight}%" in page, name


NEXT_YEAR = '''[sinovik]
outline = "Proposal KIPP 2024 Kelompok Khusus"

[[sinovik.sections]]
id = "ringkasan"
name = "Ringkasan Eksekutif"
weight = 0
max_words = 150

[[sinovik.sections]]
id = "dampak"
name = "Dampak Inovasi"
weight = 60
criteria = ["efektivitas", "kemanfaatan"]

[[sinovik.sections]]
id = "kebaruan"
name = "Kebaruan"
weight = 40
'''


def _new_outline(d: Path, block: str) -> None:
    p = d / "competition.toml"
    body = p.read_text(encoding="utf-8")
    start = body.index("[sinovik]")
    end = body.index("# Papers the head of region signs")
    p.write_text(body[:start] + block + "\n" + body[end:], encoding="utf-8")


def test_another_outline_in_the_settings_makes_another_paper(comp, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(comp, d)
    _new_outline(d, NEXT_YEAR)
    r = run("-d", d, "adopt", "competition.toml", "--reason", "Kerangka proposal KIPP 2024")
    assert r.code == 0, r.err
    page = drafts(d, tmp_path / "out")["K004"]
    assert "Proposal KIPP 2024 Kelompok Khusus" in page and "Proposal KIPP 2023" not in page
    assert "1. Ringkasan Eksekutif (bobot 0%; paling banyak 150 kata)" in page
    assert "2. Dampak Inovasi (bobot 60%)" in page and "3. Kebaruan (bobot 40%)" in page
    assert "Signifikansi" not in page and "Latar Belakang dan Tujuan" not in section(page, "LAMPIRAN", "Kekuatan dan Kelemahan")
    # text kept under a section the outline no longer has is not lost: it is listed apart
    assert "Bahan Lain dari Usulan" in page and "Antrean panjang di loket perizinan." in page
    # the comments follow the new map: effectiveness now feeds the impact section
    k1 = drafts(d, tmp_path / "out1")["K001"]
    assert "Tunjukkan penurunan waktu layanan" in section(k1, "2. Dampak Inovasi", "3. Kebaruan")


def test_an_outline_whose_weights_do_not_add_up_to_100_is_refused(comp, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(comp, d)
    _new_outline(d, NEXT_YEAR.replace("weight = 40", "weight = 30"))
    r = run("-d", d, "adopt", "competition.toml", "--reason", "salah ketik")
    assert r.code == 1 and "add up to 90; they must add up to 100" in r.err, r.err
    _new_outline(d, NEXT_YEAR.replace('["efektivitas", "kemanfaatan"]', '["dampak"]'))
    r = run("-d", d, "adopt", "competition.toml", "--reason", "salah ketik")
    assert r.code == 1 and "unknown criterion 'dampak'" in r.err, r.err


def test_the_judges_comments_are_notes_under_the_sections_their_criteria_feed(papers):
    page = papers["K001"]
    novelty = section(page, "3. Kebaruan/Nilai Tambah", "4. Implementasi Inovasi")
    assert "Catatan dewan juri untuk penguatan:" in novelty
    # two judges said the same: said once, with the rounds it was said in
    assert "Jelaskan pembeda dengan inovasi serupa di daerah lain. (Kebaruan, Penilaian III)" in novelty
    assert "Jelaskan pembeda dengan inovasi serupa di daerah lain. (Kebaruan, Penilaian VI)" in novelty
    significance = section(page, "5. Signifikansi", "6. Adaptabilitas")
    assert "Tunjukkan penurunan waktu layanan dengan data bulanan. (Efektivitas, Penilaian III)" in significance
    assert "Susun panduan replikasi untuk daerah lain." in section(page, "6. Adaptabilitas", "7. Sumber Daya")
    general = section(page, "Catatan Umum Dewan Juri", "Kekuatan dan Kelemahan")
    assert "Perlu data pengguna yang lebih lengkap. (Penilaian III)" in general
    assert "Catatan dewan juri untuk penguatan" not in papers["K004"]  # no judge commented on K004


def test_no_judge_is_named_on_a_draft(papers):
    for page in papers.values():
        for name in ("Siti Rahayu", "Budi Santoso", "Wahyu Hidayat", "Universitas Tidar", "BRIN", "UGM"):
            assert name not in page
        assert not re.search(r"\bJ[123]\b", page)


def test_strengths_and_weaknesses_by_criterion_against_the_finalists(papers):
    """K001 and K008 were scored in round 6 (every entry was: the cut of 5 is after it); the finalists are
    K001..K005. K001's novelty: (92+93+92)/3 = 92.33 against K002..K005's mean 80.33 - 4*1.5 = 76.33 ..."""
    def mean(e, c):
        return sum(value(e, j, c) for j in ("J1", "J2", "J3")) / 3

    page = papers["K001"]
    table = section(page, "Kekuatan dan Kelemahan menurut Kriteria Penilaian", "Kode verifikasi")
    assert "tahap Penilaian VI" in table and "4 finalis" in table
    others = sum(mean(f"K00{i}", "kebaruan") for i in range(2, 6)) / 4
    own = mean("K001", "kebaruan")
    shown = f"{own:.2f}".replace(".", ",") + " " + f"{others:.2f}".replace(".", ",") + " +" + f"{own - others:.2f}".replace(".", ",")
    assert f"Kebaruan {shown} kekuatan Kebaruan/Nilai Tambah" in table, table
    assert "Kemudahan replikasi" in table and "Adaptabilitas" in table and "kelemahan" not in table
    last = section(papers["K008"], "Kekuatan dan Kelemahan menurut Kriteria Penilaian", "Kode verifikasi")
    assert "5 finalis" in last and last.count("kelemahan") == 5 and "kekuatan" not in last
    # and beside the section each criterion feeds
    assert "Dibandingkan dengan finalis (Penilaian VI): Kebaruan" in section(page, "3. Kebaruan/Nilai Tambah", "4. Implementasi Inovasi")


def test_drafts_for_the_winners_only(comp, tmp_path):
    assert sorted(drafts(comp, tmp_path / "w", "--for", "winners")) == ["K001", "K002", "K003"]


def test_the_draft_is_numbered_coded_and_verified_and_its_texts_are_not_among_its_facts(comp, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(comp, d)
    page = drafts(d, tmp_path / "out")["K004"]
    number = re.search(r"Nomor : (\S+)", page).group(1)
    code = re.search(r"Kode verifikasi ([0-9A-Z]{10})", page).group(1)
    assert number.startswith("070/") and code
    r = run("-d", d, "verify", code, "--json")
    assert r.code == 0 and r.json()["kind"] == "sinovik-draft" and r.json()["status"] == "valid", r.out
    # the entry completes its proposal: the same paper, the same number and code
    assert run("-d", d, "entry", "edit", "K004", "--proposal", "implementasi=Diterapkan sejak 2016 di tiga kecamatan.").code == 0
    again = drafts(d, tmp_path / "again")["K004"]
    assert "Diterapkan sejak 2016 di tiga kecamatan." in again
    assert f"Nomor : {number}" in again and f"Kode verifikasi {code}" in again
    assert run("-d", d, "verify", code).code == 0


@needs_pdf
@pytest.mark.parametrize("locale", ["id", "en"])
def test_the_draft_in_pdf_and_word(comp, tmp_path, locale):
    import subprocess

    d = comp
    if locale == "en":
        d = tmp_path / "c"
        shutil.copytree(comp, d)
        assert run("-d", d, "settings", "set", "competition.locale", "en").code == 0
    for fmt in ("pdf", "docx"):
        r = run("-d", d, "letters", "sinovik-draft", "--for", "winners", "--format", fmt, "-o", tmp_path / fmt)
        assert r.code == 0, r.err
    pdf = subprocess.run(["pdftotext", "-layout", str(tmp_path / "pdf" / "sinovik-draft-K001.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    mark = {"id": ("MELEBIHI BATAS KATA", "BELUM DIISI", "Kode verifikasi"),
            "en": ("OVER THE WORD LIMIT", "NOT FILLED IN", "Verification code")}[locale]
    for word in mark:
        assert word in pdf, word
    import docx

    body = "\n".join(p.text for p in docx.Document(str(tmp_path / "docx" / "sinovik-draft-K001.docx")).paragraphs)
    assert mark[0] in body and mark[1] in body


@needs_pdf
@pytest.mark.parametrize("locale", ["id", "en"])
def test_word_says_what_the_pdf_says_with_texts_notes_and_marks(comp, tmp_path, locale):
    """test_word_parity's check on drafts that hold the entry's texts, a flag, marks, notes and the table."""
    import subprocess

    pytest.importorskip("docx")
    from tests.e2e.test_word_parity import docx_words, normal, pdf_words, table_heads

    d = comp
    if locale == "en":
        d = tmp_path / "c"
        shutil.copytree(comp, d)
        assert run("-d", d, "settings", "set", "competition.locale", "en").code == 0
    for fmt in ("pdf", "html", "docx"):
        r = run("-d", d, "letters", "sinovik-draft", "--for", "winners", "--format", fmt, "-o", tmp_path / fmt)
        assert r.code == 0, r.err
    for pdf in sorted((tmp_path / "pdf").glob("*.pdf")):
        shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        code = re.search(r"(?:Kode\s+verifikasi|Verification\s+code)\s+([0-9A-Z]{10})", shown).group(1)
        a = normal(pdf_words(pdf, table_heads(tmp_path / "html" / (pdf.stem + ".html"))), code)
        b = normal(docx_words(tmp_path / "docx" / (pdf.stem + ".docx")), code)
        assert a == b, pdf.name


def test_criteria_feed_the_sections_of_their_name_unless_the_settings_say_which():
    """KIPP's aspects feed the sections of the same name; the city's other criteria go to the general notes."""
    import tomllib

    from krenova_cli.core.model import KIPP_SECTIONS
    from krenova_cli.documents.sinovik import criteria_of
    from krenova_cli.store import schema
    from krenova_cli.store.packaged import preset_text

    kipp = schema.competition(tomllib.loads(preset_text("kipp-2025")))
    fed = {s.id: criteria_of(s, kipp.criteria) for s in kipp.sinovik.sections}
    assert fed == {"ringkasan": [], "latar-belakang": ["latar-belakang"], "kebaruan": ["kebaruan"],
                   "implementasi": ["implementasi"], "signifikansi": ["signifikansi"], "adaptabilitas": ["adaptabilitas"],
                   "sumber-daya": ["sumber-daya"], "keberlanjutan": ["keberlanjutan"]}
    city = schema.competition(tomllib.loads(preset_text("magelang-2017")))
    by_name = {s.id: criteria_of(s, city.criteria) for s in KIPP_SECTIONS}  # without the preset's lists
    assert by_name["kebaruan"] == ["kebaruan"] and by_name["keberlanjutan"] == ["keberlanjutan"]
    assert by_name["signifikansi"] == [] and by_name["adaptabilitas"] == []
    stated = {s.id: criteria_of(s, city.criteria) for s in city.sinovik.sections}
    assert stated["signifikansi"] == ["efektivitas", "kemanfaatan"] and stated["adaptabilitas"] == ["replikasi"]
    blank = schema.competition(tomllib.loads(preset_text("blank")))  # no [sinovik]: KIPP 2023's general group
    assert "[sinovik]" not in preset_text("blank") and blank.sinovik.sections == KIPP_SECTIONS
