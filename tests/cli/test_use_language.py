"""Issue 13: the use cases, the spreadsheet readers and the documents speak the secretariat's language.

`settings set` says what a value should look like, `status` says something true at every stage up to
the end, and the same errors and advice come in Indonesian with KRENOVA_LANG=id.
"""

from __future__ import annotations

import importlib.util
import io

import pytest

from tests.conftest import CRITERIA, ROOT, run, score_all, tree_hash


def refused(d, *args):
    before = tree_hash(d)
    r = run("-d", d, *args)
    assert r.code == 1, (r.code, r.err)
    assert tree_hash(d) == before, "a refused command changed the directory"
    return [line for line in r.err.splitlines() if line]


def next_step(d) -> str:
    r = run("-d", d, "status", "--json")
    assert r.code == 0, r.err
    return r.json()["next"]


def _finish_rounds(d):
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c: 100 - int(e[1:]))
        assert run("-d", d, "advance", "--round", n).code == 0, n


# -- settings set: one plain line naming the key, the value, what is expected and an example -------------
def test_settings_set_says_what_a_value_should_look_like(comp):
    assert refused(comp, "settings", "set", "--", "prizes.1.amount", "7.500.000") == [
        "Error: prizes.1.amount: '7.500.000' is not a whole number; write digits only, without dots, commas or spaces, "
        "e.g. krenova settings set prizes.1.amount 7500000"]
    assert refused(comp, "settings", "set", "competition.award_date", "17-08-2017") == [
        "Error: competition.award_date: '17-08-2017' is not a date written year-month-day (YYYY-MM-DD); "
        "e.g. krenova settings set competition.award_date 2017-08-17"]
    assert refused(comp, "settings", "set", "competition.award_date", "besok") == [
        "Error: competition.award_date: 'besok' is not a date written year-month-day (YYYY-MM-DD); "
        "e.g. krenova settings set competition.award_date 2017-08-17"]
    assert refused(comp, "settings", "set", "awards.min_score", "97,5") == [
        "Error: awards.min_score: '97,5' is not a number; write digits, with a point before any decimals, "
        "e.g. krenova settings set awards.min_score 97.5"]
    assert refused(comp, "settings", "set", "competition.locale", "fr") == [
        "Error: competition.locale: 'fr' is not one of id, en; e.g. krenova settings set competition.locale id"]
    assert refused(comp, "settings", "set", "rounds.4.advance_top", "0") == [
        "Error: rounds.4.advance_top: '0' is less than 1, the smallest value allowed; "
        "e.g. krenova settings set rounds.4.advance_top 15"]
    assert refused(comp, "settings", "set", "competition.date", "2017-08-17") == [
        "Error: competition.date: no such key in the settings; did you mean competition.award_date? "
        "`krenova settings show` lists the keys"]
    # the values written as the examples say are taken
    assert run("-d", comp, "settings", "set", "prizes.1.amount", "7500000").code == 0
    assert run("-d", comp, "settings", "set", "competition.award_date", "2017-08-18").code == 0


# -- status: the next step is true at every stage, to the end -------------------------------------------------
def test_status_says_what_is_left_at_every_stage(tmp_path, comp):
    fresh = tmp_path / "fresh"
    assert run("init", fresh).code == 0
    assert next_step(fresh) == "krenova entry import FILE.xlsx (or entry add) to register entries"
    assert next_step(comp) == ("record round 1 scores: krenova sheets --round 1, then krenova score --round 1 --from FILE")
    score_all(comp, 1, lambda e, j, c: 100 - int(e[1:]))
    assert next_step(comp) == "krenova advance --round 1"
    assert run("-d", comp, "advance", "--round", "1").code == 0
    for n in range(2, 7):
        score_all(comp, n, lambda e, j, c: 100 - int(e[1:]))
        assert run("-d", comp, "advance", "--round", n).code == 0, n
    assert next_step(comp) == "krenova awards"
    assert run("-d", comp, "awards").code == 0
    assert next_step(comp) == "still to make: krenova export; krenova letters award|certificate|nomination|minutes"
    assert run("-d", comp, "export").code == 0
    assert next_step(comp) == "still to make: krenova letters award|certificate|nomination|minutes"
    for kind in ("award", "certificate"):
        assert run("-d", comp, "letters", kind, "--format", "html").code == 0
    assert next_step(comp) == "still to make: krenova letters nomination|minutes"
    for kind in ("nomination", "minutes"):
        assert run("-d", comp, "letters", kind, "--format", "html").code == 0
    assert next_step(comp) == ("krenova publish, if the results and the verification pages should go on a website; "
                               "otherwise the competition is complete")
    assert run("-d", comp, "publish").code == 0
    assert next_step(comp) == "nothing: the competition is complete (the recap, the papers and the website are made)"
    # the same in the table
    assert run("-d", comp, "status").out.rstrip().endswith(
        "Next: nothing: the competition is complete (the recap, the papers and the website are made)")
    # a winner disqualified after all that: the new winners' papers and the website are to make again
    assert run("-d", comp, "awards", "--undo", "--reason", "K001 terbukti plagiat").code == 0
    assert run("-d", comp, "entry", "withdraw", "K001", "--reason", "plagiat").code == 0
    assert run("-d", comp, "awards").code == 0
    # the nominations too: K001's institution's letter named K001, and verify calls it revoked
    assert next_step(comp) == "still to make: krenova export; krenova letters award|certificate|nomination"
    assert run("-d", comp, "export").code == 0
    for kind in ("award", "certificate", "nomination"):
        assert run("-d", comp, "letters", kind, "--format", "html").code == 0
    assert next_step(comp) == "krenova publish again: the website was written before the latest changes"
    assert run("-d", comp, "publish").code == 0
    assert next_step(comp) == "nothing: the competition is complete (the recap, the papers and the website are made)"


# -- the same in Indonesian --------------------------------------------------------------------------------------
@pytest.fixture
def indonesian(tmp_path, monkeypatch):
    """The interface in Indonesian, from the catalog with the parts laid over it (as the lead merges them)."""
    spec = importlib.util.spec_from_file_location("krenova_catalog", ROOT / "scripts" / "catalog.py")
    catalog = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(catalog)
    from babel.messages.mofile import write_mo

    from krenova_cli.i18n import messages

    folder = tmp_path / "locale" / "id" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    out = io.BytesIO()
    write_mo(out, catalog.read_catalog())
    (folder / "krenova.mo").write_bytes(out.getvalue())
    monkeypatch.setattr(messages, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setenv("KRENOVA_LANG", "id")
    yield
    monkeypatch.setenv("KRENOVA_LANG", "en")
    messages.set_language("en")


def test_import_settings_and_status_speak_indonesian(comp, tmp_path, indonesian):
    bad = tmp_path / "bad.csv"
    bad.write_text("judul,jenis,kategori\nInovasi Baru,OPD,tik\n", encoding="utf-8")
    assert refused(comp, "entry", "import", bad) == [
        "Kesalahan: bad.csv baris 1: kolom wajib 'instansi' (atau 'institution') tidak ada"]
    bad.write_text("id,judul,instansi,jenis,kategori\nK901,Inovasi Baru,Dinas Baru,OPD,tidak-ada\n"
                   "K902,Inovasi Lain,Dinas Lain,OPD,tik,x\n", encoding="utf-8")
    assert refused(comp, "entry", "import", bad) == [
        "Kesalahan: bad.csv baris 3: 6 sel, padahal judul kolom hanya 5"]
    bad.write_text("id,judul,instansi,jenis,kategori,tahun_mulai\nK901,Inovasi Baru,Dinas Baru,OPD,tidak-ada,2015\n"
                   "K902,Inovasi Lain,Dinas Lain,OPD,tik,dulu\n", encoding="utf-8")
    assert refused(comp, "entry", "import", bad) == [
        "Kesalahan: bad.csv baris 2: kategori: 'tidak-ada' bukan salah satu kategori "
        "(tata-kelola, tik, kesejahteraan-sosial, pelayanan-langsung)",
        "Kesalahan: bad.csv baris 3: tahun_mulai: 'dulu' bukan tahun"]
    assert refused(comp, "settings", "set", "--", "prizes.1.amount", "7.500.000") == [
        "Kesalahan: prizes.1.amount: '7.500.000' bukan bilangan bulat; tulis dengan angka saja, tanpa titik, koma, "
        "atau spasi, misalnya krenova settings set prizes.1.amount 7500000"]
    assert refused(comp, "settings", "set", "competition.award_date", "17/08/2017") == [
        "Kesalahan: competition.award_date: '17/08/2017' bukan tanggal dengan urutan tahun-bulan-hari (TTTT-BB-HH); "
        "misalnya krenova settings set competition.award_date 2017-08-17"]
    assert refused(comp, "settings", "set", "prizes.9.amount", "1") == [
        "Kesalahan: 'prizes.9.amount': prizes berisi 3 butir; hitung mulai dari 1"]
    assert refused(comp, "advance", "--round", "1")[0].startswith(
        "Kesalahan: babak 1: belum ada peserta yang dinilai sehingga belum ada yang dapat diperingkat")
    _finish_rounds(comp)
    assert run("-d", comp, "awards").code == 0
    st = run("-d", comp, "status")
    assert "Langkah berikutnya: buat yang belum ada: krenova export; krenova letters award|certificate|nomination|minutes" in st.out
    assert run("-d", comp, "status", "--json").json()["next"].startswith("still to make: ")  # --json stays English
    assert run("-d", comp, "export").code == 0
    for kind in ("award", "certificate", "nomination", "minutes"):
        assert run("-d", comp, "letters", kind, "--format", "html").code == 0
    assert run("-d", comp, "publish").code == 0
    st = run("-d", comp, "status")
    assert st.out.rstrip().endswith(
        "Langkah berikutnya: tidak ada: kompetisi sudah selesai (rekap, naskah, dan situs web sudah dibuat)"), st.out


def test_plural_messages_come_from_the_catalog(indonesian):
    from krenova_cli.i18n import messages

    messages.set_language("id")
    many = messages.ngettext("{key!r}: {table} has {size} item; count from 1", "{key!r}: {table} has {size} items; count from 1", 3)
    one = messages.ngettext("{key!r}: {table} has {size} item; count from 1", "{key!r}: {table} has {size} items; count from 1", 1)
    assert many == one == "{key!r}: {table} berisi {size} butir; hitung mulai dari 1"


def test_scores_of_two_sheets_name_the_other_file(comp, tmp_path):
    """The same score in two files: the message names the other file (it was cut out of a worded location)."""
    from krenova_cli.core.lifecycle import expected
    from krenova_cli.store.datafolder import Store

    (entry, judges), *_rest = expected(Store(comp).load(), 1).items()
    rows = "entry,judge,criterion,value\n" + "".join(f"{entry},{judges[0]},{c},80\n" for c in CRITERIA)
    (tmp_path / "a.csv").write_text(rows)
    (tmp_path / "b.csv").write_text(rows)
    errors = refused(comp, "score", "--round", "1", "--from", tmp_path / "a.csv", "--from", tmp_path / "b.csv")
    assert errors == [f"Error: b.csv row 2: {entry} by {judges[0]} is also in a.csv; give each score once"]
