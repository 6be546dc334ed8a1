"""Issue 13, the newcomer's words: the log shows the ledger's records in the interface language, the
document kinds go by their Indonesian names (and are accepted by them), one placeholder and one term
per concept in the Indonesian catalog."""

from __future__ import annotations

import re

import pytest

from tests.cli.test_indonesian import catalog_with_parts  # noqa: F401  (the merged catalog)
from tests.conftest import CRITERIA, run, score_all

pytestmark = pytest.mark.usefixtures("catalog_with_parts")

# the ledger's own words that leaked into the Indonesian log
LEDGER_WORDS = re.compile(r"settings\.set|entry\.(edit|import|add|withdraw)|score\.(replace|import)|awards\.undo|"
                          r"letters\.number|(?<![\w.-])(phone|institution|contact|reason|advancing|decisions|places|round|entries)(?![\w.-])|"
                          r"chosen=|kind=|scores\.J|entries\.K|butir|\bcertificate\b|\baward\b")


def _value(e, j, c):
    """K015 and K016 share every score: a tie at round 4's cutoff of 15."""
    return 100 - int(e[1:]) + (e == "K016")


@pytest.fixture
def finished(comp, tmp_path, monkeypatch):
    """The competition run to its awards in Indonesian: edits, a withdrawal, a tie at the cutoff decided with
    --prefer, a corrected score, the awards undone and decided again."""
    monkeypatch.setenv("KRENOVA_LANG", "id")
    monkeypatch.setenv("COLUMNS", "200")  # the log's lines whole (it wraps them to the terminal)
    steps = [("entry", "edit", "K001", "--phone", "08123", "--institution", "Dinas Satu Kota Magelang"),
             ("entry", "edit", "K002", "--contact", "Andi Wijaya"),
             ("judge", "edit", "J1", "--add-conflict", "K003"),
             ("settings", "set", "competition.name", "Krenova Kota Magelang 2017")]
    for step in steps:
        assert run("-d", comp, *step).code == 0, step
    for n in range(1, 7):
        score_all(comp, n, _value, tmp_path)
        if n == 2:
            assert run("-d", comp, "entry", "withdraw", "K020", "--reason", "surat pengunduran diri").code == 0
        if n == 4:
            r = run("-d", comp, "advance", "--round", 4)
            assert r.code == 1, r.err
            r = run("-d", comp, "advance", "--round", 4, "--prefer", "K016", "--reason", "Rapat pleno dewan juri")
            assert r.code == 0, r.err
            assert "Keputusan: dari peserta yang seri (K015, K016), yang lolos K016. Alasan: Rapat pleno dewan juri" in r.err
            assert "(prefer)" not in r.err
            continue
        if n == 5:
            r = run("-d", comp, "score", "K001", *[f"{c}=90" for c in CRITERIA], "--judge", "J2", "--replace",
                    "--note", "salah ketik")
            assert r.code == 0, r.err
        assert run("-d", comp, "advance", "--round", n).code == 0, n
    assert run("-d", comp, "awards").code == 0
    assert run("-d", comp, "awards", "--undo", "--reason", "koreksi").code == 0
    assert run("-d", comp, "awards").code == 0
    return comp


def test_the_log_shows_the_records_in_indonesian(finished, tmp_path):
    r = run("-d", finished, "letters", "piagam", "--for", "peserta", "-o", tmp_path / "piagam")
    assert r.code == 0, r.err
    assert "19 piagam ditulis" in r.err and "certificate" not in r.err
    r = run("-d", finished, "log")
    assert r.code == 0, r.err
    leak = LEDGER_WORDS.search(r.out)
    assert leak is None, (leak.group(), r.out)
    lines = r.out.splitlines()
    assert "    telepon: - -> '08123'" in lines or any(line.startswith("    telepon: ") for line in lines), r.out
    assert any(line.startswith("    instansi: 'Dinas 1' -> 'Dinas Satu Kota Magelang'") for line in lines), r.out
    assert any(line.endswith("data peserta diubah  K002") for line in lines)
    assert any(line.endswith("pengaturan diubah  competition.name") for line in lines)
    assert "    20 peserta: K001, K002, K003, K004, K005, K006, K007, K008, K009, K010 ..." in lines
    assert "    keputusan: dari peserta yang seri (K015, K016), yang lolos K016. Alasan: Rapat pleno dewan juri" in lines
    assert any(line.startswith("    pemenang: Juara I K002, Juara II K001") for line in lines), r.out
    assert any(line.endswith("penetapan pemenang dibatalkan") for line in lines)
    assert any(line.startswith("    nilai dari J2 untuk K001: ") for line in lines)
    assert any(line.endswith("naskah diberi nomor  piagam") for line in lines)
    assert any(line.startswith("    piagam K002/Juara I: '") for line in lines), r.out
    # --json keeps the ledger's records as they are
    records = run("-d", finished, "log", "--json").json()
    assert {"settings.set", "entry.edit", "awards.undo", "letters.number"} <= {x["action"] for x in records}
    assert run("-d", finished, "log", "--action", "entry.edit").out.count("data peserta diubah") == 2
    assert run("-d", finished, "log", "--action", "data peserta").out.count("data peserta diubah") == 2


def test_edit_lines_name_the_field_in_indonesian(comp, monkeypatch, catalog_with_parts):  # noqa: F811
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "entry", "edit", "K001", "--phone", "08123", "--institution", "Dinas Baru")
    assert r.code == 0 and r.err.splitlines() == ["K001 instansi: 'Dinas 1' -> 'Dinas Baru'", "K001 telepon: - -> '08123'"], r.err
    r = run("-d", comp, "judge", "edit", "J1", "--name", "Prof. Juri Satu")
    assert r.code == 0 and r.err.splitlines() == ["J1 nama: 'Juri Satu' -> 'Prof. Juri Satu'"], r.err
    monkeypatch.setenv("KRENOVA_LANG", "en")  # English stays as it was
    r = run("-d", comp, "entry", "edit", "K001", "--phone", "0812")
    assert r.err.splitlines() == ["K001 phone: '08123' -> '0812'"]


def test_papers_go_by_their_indonesian_names(finished, tmp_path):
    r = run("-d", finished, "letters", "award", "-o", tmp_path / "surat")
    assert r.code == 0 and "3 surat penetapan juara ditulis" in r.err, r.err
    r = run("-d", finished, "letters", "penetapan-juara", "-o", tmp_path / "surat")
    assert r.code == 0 and "3 surat penetapan juara ditulis" in r.err, r.err
    code = re.search(r'key = "award/1/K002"(?s:.*?)code = "(\w+)"', (finished / "letters.toml").read_text()).group(1)
    r = run("-d", finished, "verify", code)
    assert "surat penetapan juara 070/" in r.out and "award" not in r.out and "certificate" not in r.out, r.out
    for alias, kind in (("berita-acara", "berita acara penilaian"), ("keputusan", "keputusan")):
        r = run("-d", finished, "letters", alias, "-o", tmp_path / alias)
        assert r.code == 0 and kind + " ditulis" in r.err, r.err
    r = run("-d", finished, "letters", "piagm")
    assert r.code == 2


# one word per concept: the variants the newcomer met, none left anywhere in the merged catalog
VARIANTS = ["--reason TEXT", "--reason TEKS", "uji coba", "kepala kolom", "Kepala kolom", "Benih", "benih", "kepala buku log",
            "Kepala buku log", "Larik", "bukan termasuk", "paling murah", "kemurahan", "undurkan peserta", "Mengundurkan peserta",
            "berbagi peringkat", "Surel", "surel", "lomba", "(belum diatur)", "Posisi", "P(lolos)", " top {", "(top {", "Top {",
            "dapat dibaca mesin", "graf ", "yang belum dibuat", "seperti yang tertulis;", "disimpan seperti yang tertulis"]


def test_the_catalog_says_each_thing_one_way():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "catalog.py"
    spec = importlib.util.spec_from_file_location("krenova_catalog_words", script)
    catalog = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalog)
    found = [(variant, m.id) for m in catalog.read_catalog() if m.id
             for string in (m.string if isinstance(m.string, tuple) else (m.string,))
             for variant in VARIANTS if variant in (string or "")]
    assert found == []


def test_placeholders_and_jargon_in_indonesian(finished, tmp_path):
    r = run("-d", finished, "check")
    assert r.code == 0 and r.err == "ok: buku log, berkas, dan nilai sudah diperiksa dan semuanya sesuai\n"
    r = run("-d", finished, "score", "K001", *[f"{c}=90" for c in CRITERIA], "--judge", "J1", "--round", 6, "--replace")
    assert r.code == 1 and "--reason ALASAN" in r.err and "TEXT" not in r.err, r.err
    r = run("-d", finished, "settings", "set", "criteria.1.weight", "30")
    assert r.code == 1 and "babak 1 (kriteria penilaian)" in r.err and "criteria)" not in r.err, r.err
    r = run("-d", finished, "settings", "set", "rounds.6.advance_top", "4")
    assert r.code == 1 and "babak 6 (batas lolos)" in r.err and "advance_top)" not in r.err, r.err
    assert "--reason ALASAN" in r.err and "TEXT" not in r.err, r.err
    r = run("-d", finished, "awards", "--help")
    assert "--reason ALASAN" in r.out and "TEXT" not in r.out, r.out
    r = run("-d", finished, "standings", "--help")
    assert "`advances`" not in r.out and "kolom Lolos" in r.out
    r = run("-d", finished, "score", "--help")
    assert "peserta,juri,kriteria,nilai" in " ".join(r.out.split())
    r = run("-d", finished, "analyse", "--round", 4, "--resamples", 20)
    assert r.code == 0, r.err
    assert "15 besar" in r.out and "Peluang lolos" in r.out and "top 15" not in r.out.lower() and "P(lolos)" not in r.out
    r = run("-d", finished, "analyse", "--help")
    assert "rata-rata (mean), median (median), rata-rata terpangkas (trimmed) dan skor baku (zscore)" in " ".join(r.out.split())
    r = run("-d", finished, "entry", "show", "K001")
    assert "Status:" in r.out and ("finalis" in r.out or "juara" in r.out.lower()) and "active" not in r.out, r.out
    r = run("-d", finished, "status")
    assert "Langkah berikutnya: buat yang belum ada: krenova export" in r.out, r.out
    r = run("-d", finished, "standings", "--round", 6)
    assert "Nilai babak" in r.out
    r = run("-d", finished, "awards")
    assert "┃ Peringkat" in r.out and "┃ Nilai akhir ┃" in r.out, r.out


def test_an_unknown_import_column_lists_the_headers_as_typed(comp, tmp_path, monkeypatch):
    (tmp_path / "x.csv").write_text("judul,instansi,jenis,kategori,anggaran\nA,B,OPD,tik,5\n")
    for lang in ("en", "id"):
        monkeypatch.setenv("KRENOVA_LANG", lang)
        r = run("-d", comp, "entry", "import", tmp_path / "x.csv", "--dry-run")
        assert r.code == 1
        assert ("id, title/judul/judul inovasi/nama inovasi, institution/instansi/nama instansi/instansi pengusul/"
                "perangkat daerah, entity type/jenis/jenis instansi, category/kategori/kategori inovasi, "
                "contact/narahubung/nama narahubung/kontak, phone/telepon/no. hp/") in r.err, r.err  # every alias (issue 26)
        assert "no._hp" not in r.err and "entity_type" not in r.err


def test_records_of_renumbering_and_disqualification_in_words(monkeypatch):
    from krenova_cli.cli import record_words
    from krenova_cli.i18n import messages

    messages.set_language("id")
    renumber = {"action": "letters.renumber", "target": "award", "old": {"award/1/K001": "070/001/X/2025"},
                "new": {"award/1/K001": "070/009/X/2025", "reason": "salah tanggal", "codes": {"award/1/K001": "ABCDE12345"}}}
    assert record_words.action(renumber) == "naskah diberi nomor baru"
    assert record_words.target(renumber) == "surat penetapan juara"
    assert record_words.changes(renumber, zone="Asia/Jakarta") == [
        "surat penetapan juara 1/K001: '070/001/X/2025' -> '070/009/X/2025'", "alasan: 'salah tanggal'",
        "kode verifikasi surat penetapan juara 1/K001: 'ABCDE12345'"]
    disqualified = {"action": "entry.withdraw", "target": "K004", "old": None,
                    "new": {"round": 6, "reason": "plagiat", "disqualified": True}}
    assert record_words.action(disqualified) == "peserta didiskualifikasi"
    assert record_words.changes(disqualified) == ["babak: 6", "alasan: 'plagiat'", "didiskualifikasi: ya"]
    messages.set_language("en")
    assert record_words.action(disqualified) == "entry disqualified"
    assert record_words.changes(disqualified) == ["round: 6", "reason: 'plagiat'", "disqualified: yes"]
