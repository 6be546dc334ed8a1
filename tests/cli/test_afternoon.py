"""Issue 13, "the secretariat's afternoon": the dead ends of SPEC 8.3 and the office's everyday requests."""

from __future__ import annotations

from tests.cli.test_indonesian import catalog_with_parts  # noqa: F401  (the catalog with the command line's part)
from tests.conftest import CRITERIA, refused, run, score_all, tree_hash

FULL = [f"{c}=80" for c in CRITERIA]


def _to_the_end(comp):
    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c: 100 - int(e[1:]))
        assert run("-d", comp, "advance", "--round", n).code == 0, n


# -- 1. dead ends ---------------------------------------------------------------------------------
def test_disqualifying_a_winner_after_the_awards(comp):
    _to_the_end(comp)
    assert run("-d", comp, "awards", "--json").json()["places"][0]["entry_id"] == "K001"
    assert refused(comp, "entry", "withdraw", "K001", "--reason", "plagiat") == [
        "Error: the awards are decided; to withdraw or disqualify K001, remove the decision first with "
        "`krenova awards --undo --reason TEXT`, then withdraw it and run `krenova awards` again"]
    assert refused(comp, "awards", "--undo", "--reason", " ") == [
        "Error: --undo needs --reason TEXT (the removal of the decision is logged)"]
    r = run("-d", comp, "awards", "--undo", "--reason", "K001 terbukti plagiat")
    assert r.code == 0, r.err
    assert not (comp / "awards.json").exists()
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "awards.undo" and last["old"]["places"][0]["entry_id"] == "K001"
    assert last["new"] == {"reason": "K001 terbukti plagiat"}
    assert refused(comp, "awards", "--undo", "--reason", "x") == [
        "Error: no awards decided yet, so there is nothing to undo; decide them with `krenova awards`"]
    # the withdrawal after the last round closed: the entry leaves the awards' ranking
    r = run("-d", comp, "entry", "withdraw", "K001", "--reason", "plagiat")
    assert r.code == 0, r.err
    places = run("-d", comp, "awards", "--json").json()["places"]
    assert [p["entry_id"] for p in places] == ["K002", "K003", "K004"]
    assert run("-d", comp, "check").code == 0
    assert run("-d", comp, "entry", "show", "K001", "--json").json()["status"] == "withdrawn in round 6"


def test_reopen_of_the_last_round_after_awards_names_the_undo(comp):
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    assert refused(comp, "reopen", "--round", "6", "--reason", "x") == [
        "Error: the awards are decided from round 6; remove that decision first with `krenova awards --undo --reason TEXT`, "
        "then reopen the round"]
    assert run("-d", comp, "awards", "--undo", "--reason", "nilai salah").code == 0
    assert run("-d", comp, "reopen", "--round", "6", "--reason", "nilai salah").code == 0


def test_redo_without_awards_names_the_way_out(comp):
    assert refused(comp, "awards", "--redo", "--reason", "x") == ["Error: no awards decided yet; decide them with `krenova awards`"]


def test_advance_refuses_a_round_without_any_score(comp, tmp_path):
    errs = refused(comp, "advance", "--round", "1", "--allow-missing", "--reason", "x")
    assert errs == ["Error: round 1: no entry has been scored yet, so there is nothing to rank; record scores first "
                    "(`krenova sheets --round 1`, then `krenova score --round 1 --from FILE`)"]
    empty = tmp_path / "empty"
    assert run("init", empty).code == 0
    assert refused(empty, "advance", "--round", "1", "--allow-missing", "--reason", "x") == [
        "Error: round 1 has no entries to close; register them with `krenova entry add` or `krenova entry import FILE`"]


def test_registration_closes_with_round_1(comp, tmp_path):
    score_all(comp, 1, lambda e, j, c: 60)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    msg = ("Error: registration is closed: round 1 (Penilaian I) was closed on 2017-08-17; to register more entries, "
           "reopen it first with `krenova reopen --round 1 --reason TEXT` (possible while round 2 has no scores)")
    assert refused(comp, "entry", "add", "--title", "Telat", "--institution", "Dinas X", "--type", "OPD", "--category", "tik") == [msg]
    (tmp_path / "late.csv").write_text("judul,instansi,jenis,kategori\nTelat,Dinas X,OPD,tik\n")
    assert refused(comp, "entry", "import", tmp_path / "late.csv") == [msg]
    # the whole workbook again (rows already registered): still the one reason that matters
    (tmp_path / "again.csv").write_text("judul,instansi,jenis,kategori\nInovasi 1,Dinas 1,OPD,tik\nTelat,Dinas X,OPD,tik\n")
    assert refused(comp, "entry", "import", tmp_path / "again.csv") == [msg]


def test_a_prize_below_the_pass_mark_stays_vacant(comp):
    # K0nn scores 100 - nn: K001 99, K002 98, K003 97; the pass mark 97.5 leaves the third place vacant
    assert run("-d", comp, "settings", "set", "awards.min_score", "97.5").code == 0
    _to_the_end(comp)
    places = run("-d", comp, "awards", "--json").json()["places"]
    assert [(p["place"], p["entry_id"]) for p in places] == [(1, "K001"), (2, "K002"), (3, None)]
    assert places[2]["amount"] == 2000000 and places[2]["ranking_score"] is None
    r = run("-d", comp, "awards")
    assert r.code == 0 and "tidak ada pemenang" in r.out
    assert run("-d", comp, "export", "-o", comp / "out" / "r.xlsx").code == 0
    r = run("-d", comp, "letters", "award", "--format", "html", "-o", comp / "out" / "l")
    assert r.code == 0, r.err
    assert sorted(p.name for p in (comp / "out" / "l").glob("*.html")) == ["award-1-K001.html", "award-2-K002.html"]


def test_settings_model_and_schema_declare_the_same_fields():
    import dataclasses

    from krenova_cli.core import model
    from krenova_cli.store import schema

    for name in ("Competition", "Meta", "AwardsSettings", "Prize", "Signatory", "Round", "Scoring", "Criterion", "Named"):
        plain = {f.name for f in dataclasses.fields(getattr(model, name))}
        assert plain == set(getattr(schema, name).model_fields), name


# -- 2. settings, judge edit/remove, entry remove ----------------------------------------------------
def test_settings_set_validates_logs_and_keeps_comments(comp):
    before = (comp / "competition.toml").read_text()
    assert "# Every value here can be changed" in before
    r = run("-d", comp, "settings", "set", "signatory.name", "dr. Muchamad Nur Aziz")
    assert r.code == 0 and r.err.strip() == 'signatory.name: "" -> "dr. Muchamad Nur Aziz"'
    assert run("-d", comp, "settings", "set", "prizes.1.amount", "7500000").code == 0
    assert run("-d", comp, "settings", "set", "competition.year", "2018").code == 0
    after = (comp / "competition.toml").read_text()
    assert "# Every value here can be changed" in after  # the comments stay
    assert 'name = "dr. Muchamad Nur Aziz"' in after and "amount = 7500000" in after and "year = 2018" in after
    assert len(after.splitlines()) == len(before.splitlines())  # a targeted edit, nothing else moved
    shown = run("-d", comp, "settings", "show").out
    assert 'signatory.name = "dr. Muchamad Nur Aziz"' in shown and "prizes.1.amount = 7500000" in shown
    assert run("-d", comp, "settings", "show", "--json").json()["competition"]["year"] == 2018
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "settings.set" and last["old"] == {"competition.year": 2017} and last["new"] == {"competition.year": 2018}
    assert run("-d", comp, "check").code == 0
    assert refused(comp, "settings", "set", "competition.year", "tahun depan") == [
        "Error: competition.year: 'tahun depan' is not a whole number; write digits only, without dots, commas or spaces, "
        "e.g. krenova settings set competition.year 2018"]
    assert refused(comp, "settings", "set", "prizes.9.amount", "1") == ["Error: 'prizes.9.amount': prizes has 3 items; count from 1"]
    assert refused(comp, "settings", "set", "--", "prizes.1.amount", "-5")[0].startswith("Error: prizes.1.amount: ")
    before = tree_hash(comp)  # the value it already has: said, exit 0, nothing logged (issue 26)
    r = run("-d", comp, "settings", "set", "competition.year", "2018")
    assert r.code == 0 and r.err.strip() == "competition.year is already 2018; nothing changed" and tree_hash(comp) == before
    assert run("-d", comp, "settings", "set", "awards.min_score", "70").code == 0
    assert "[awards]\nmin_score = 70" in (comp / "competition.toml").read_text()


def test_judge_edit_and_remove(comp):
    r = run("-d", comp, "judge", "add", "--name", "Juri Empat", "--affiliation", "UNDIP")
    assert r.code == 0 and r.out.strip() == "J4: Juri Empat"
    r = run("-d", comp, "judge", "edit", "J4", "--name", "Prof. Juri Empat", "--add-conflict", "K003")
    assert r.code == 0, r.err
    assert r.err.splitlines() == ["J4 conflicts: [] -> ['K003']", "J4 name: 'Juri Empat' -> 'Prof. Juri Empat'"]
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "judge.edit" and last["old"] == {"conflicts": [], "name": "Juri Empat"}
    assert refused(comp, "judge", "edit", "J9", "--name", "x") == ["Error: no judge 'J9'; see `krenova judge list`"]
    assert run("-d", comp, "judge", "remove", "J4", "--reason", "salah daftar").code == 0
    assert "J4" not in run("-d", comp, "judge", "list").out
    assert run("-d", comp, "score", "K002", "--judge", "J1", *FULL).code == 0
    assert refused(comp, "judge", "remove", "J1") == [
        "Error: J1 has scores in round 1, so the judge stays on record; to correct a name or affiliation use `krenova judge edit J1`"]
    assert refused(comp, "judge", "edit", "J1", "--add-conflict", "K002") == [
        "Error: J1 already scored K002 in round 1; the change would put them in conflict. Replace or remove those scores first, "
        "or declare nothing that contradicts them"]


def test_entry_remove_only_without_scores_and_edit_says_what_changed(comp):
    assert run("-d", comp, "judge", "edit", "J1", "--add-conflict", "K020").code == 0
    r = run("-d", comp, "entry", "remove", "K020", "--reason", "didaftarkan dua kali")
    assert r.code == 0 and r.err.strip() == "K020 removed; its declared conflicts left judges J1"
    assert not (comp / "entries" / "K020.toml").exists()
    assert run("-d", comp, "check").code == 0
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "entry.remove" and last["old"]["title"] == "Inovasi 20"
    assert run("-d", comp, "score", "K002", "--judge", "J1", *FULL).code == 0
    assert refused(comp, "entry", "remove", "K002") == [
        "Error: K002 has scores in round 1, so it stays on record; to take it out of the competition use "
        "`krenova entry withdraw K002 --reason TEXT`"]
    r = run("-d", comp, "entry", "edit", "K005", "--title", "Baru", "--category", "tata-kelola")
    assert r.code == 0 and r.err.splitlines() == ["K005 title: 'Inovasi 5' -> 'Baru'", "K005 category: 'tik' -> 'tata-kelola'"]
    assert refused(comp, "entry", "edit", "K005", "--title", "Baru") == ["Error: K005 already has these values; nothing changed"]


# -- 3. office spreadsheets ---------------------------------------------------------------------------
def _office_workbook(path):
    """As a secretariat makes it: a merged title, an empty row, `No.` first, trailing spaces, a phone
    typed as a number, category and entity type by name in other capitalisations."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR PESERTA KRENOVA 2017"
    ws.merge_cells("A1:I1")
    ws["A2"] = None
    ws.append(["No.", "Judul ", "Instansi", "Jenis", "Kategori", "Narahubung", "Telepon", "Email", "Tahun Mulai"])
    ws.append([1, "Sistem Antrean Daring  ", "Dinas Kesehatan ", "organisasi perangkat daerah", "TATA KELOLA PEMERINTAHAN",
               "Budi", 81234567890, "budi@example.org", 2016])
    ws.append([None] * 9)
    ws.append([2, "Air Bersih Keliling", "Perumda Air Minum", "BUMD", "pelayanan langsung kepada masyarakat",
               "Sari", "0293-362121", "", None])
    ws.append([3] + [None] * 8)  # numbered in advance, left empty
    wb.save(path)
    return path


def test_an_office_workbook_imports(tmp_path):
    d = tmp_path / "c"
    assert run("init", d).code == 0
    r = run("-d", d, "entry", "import", _office_workbook(tmp_path / "peserta.xlsx"))
    assert r.code == 0, r.err
    assert r.err.splitlines() == [
        "Warning: peserta.xlsx row 4 (K001), Telepon: 81234567890 was a number in Excel, which drops a leading 0; kept as shown. "
        "If it should start with 0, correct it with `krenova entry edit K001 --phone 081234567890`, and format the column as Text next time",
        "imported 2 entries from peserta.xlsx"]
    k1 = run("-d", d, "entry", "show", "K001", "--json").json()
    assert (k1["title"], k1["institution"], k1["entity_type"], k1["category"], k1["phone"], k1["year_started"]) == (
        "Sistem Antrean Daring", "Dinas Kesehatan", "OPD", "tata-kelola", "81234567890", 2016)
    k2 = run("-d", d, "entry", "show", "K002", "--json").json()
    assert (k2["entity_type"], k2["category"], k2["phone"]) == ("BUMD", "pelayanan-langsung", "0293-362121")


def test_office_workbook_errors_name_the_rows_the_spreadsheet_shows(tmp_path):
    from openpyxl import Workbook

    d = tmp_path / "c"
    assert run("init", d).code == 0
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR PESERTA"
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["No", "Judul", "Instansi", "Jenis", "Kategori"])
    ws.append([1, "A", "Dinas A", "OPD", "olahraga"])
    wb.save(tmp_path / "p.xlsx")
    assert refused(d, "entry", "import", tmp_path / "p.xlsx") == [
        "Error: p.xlsx row 4: Kategori: 'olahraga' is not one of the categories (tata-kelola, tik, kesejahteraan-sosial, pelayanan-langsung)"]
    ws["C3"] = "Asal Pengusul"
    wb.save(tmp_path / "p.xlsx")
    assert refused(d, "entry", "import", tmp_path / "p.xlsx")[0].startswith(
        "Error: p.xlsx row 3: unknown column 'Asal Pengusul'; known columns: ")


def test_the_headers_office_tables_use_and_a_table_without_known_headers(tmp_path):
    """'Judul Inovasi', 'Nama Instansi', 'Jenis Instansi', 'Kategori Inovasi', 'No. HP' are understood;
    a table of unknown headers says what it found instead of '9 cells but only 1 headers'."""
    from openpyxl import Workbook

    d = tmp_path / "c"
    assert run("init", d).code == 0
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR PESERTA KRENOVA 2025"
    ws.merge_cells("A1:F1")
    ws.append(["No.", "Judul Inovasi", "Nama Instansi", "Jenis Instansi", "Kategori Inovasi", "No. HP"])
    ws.append([1, "Layanan A", "Dinas A", "OPD", "tik", "'0812"])
    wb.save(tmp_path / "p.xlsx")
    r = run("-d", d, "entry", "import", tmp_path / "p.xlsx")
    assert r.code == 0, r.err
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DAFTAR PESERTA"
    ws.append(["Nomor Urut Peserta", "Nama Karya", "Asal", "Golongan", "Bidang"])
    ws.append([1, "Layanan B", "Dinas B", "OPD", "tik"])
    wb.save(tmp_path / "q.xlsx")
    errors = refused(d, "entry", "import", tmp_path / "q.xlsx")
    assert errors[0].startswith("Error: q.xlsx row 2: no header row found (the widest row holds 'Nomor Urut Peserta', 'Nama Karya',")


def test_the_blank_template_round_trips(tmp_path):
    import openpyxl

    d = tmp_path / "c"
    assert run("init", d).code == 0
    r = run("-d", d, "entry", "template", tmp_path / "peserta.xlsx")
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(tmp_path / "peserta.xlsx")
    ws = wb["Peserta"]
    assert [c.value for c in ws[3]][:5] == ["No", "Judul", "Instansi", "Jenis", "Kategori"]
    formulas = sorted(dv.formula1 for dv in ws.data_validations.dataValidation)
    assert formulas == ["=Pilihan!$A$2:$A$3", "=Pilihan!$B$2:$B$5"]
    assert [c.value for c in wb["Pilihan"]["B"]][1:] == [
        "Tata kelola pemerintahan", "Penggunaan teknologi informasi dan komunikasi dalam penyelenggaraan pelayanan publik",
        "Perbaikan kesejahteraan sosial dalam penyelesaian masalah-masalah sosial", "Pelayanan langsung kepada masyarakat"]
    ws.append([1, "Lapor Cepat", "Kecamatan Utara", "Organisasi Perangkat Daerah", "Tata kelola pemerintahan", "Rina",
               "081234567890", "", "", 2017])
    wb.save(tmp_path / "peserta.xlsx")
    r = run("-d", d, "entry", "import", tmp_path / "peserta.xlsx")
    assert r.code == 0 and r.err.strip() == "imported 1 entry from peserta.xlsx", r.err
    assert run("-d", d, "entry", "show", "K001", "--json").json()["phone"] == "081234567890"
    assert refused(d, "entry", "template", tmp_path / "peserta.xlsx") == [
        f"Error: {tmp_path / 'peserta.xlsx'}: already exists; choose another name or remove it first"]


def test_score_csv_with_indonesian_headers(comp, tmp_path):
    rows = ["peserta,juri,kriteria,nilai"] + [f"K002,J1,{c},80" for c in CRITERIA]
    (tmp_path / "nilai.csv").write_text("\n".join(rows) + "\n")
    r = run("-d", comp, "score", "--round", "1", "--from", tmp_path / "nilai.csv")
    assert r.code == 0, r.err
    assert run("-d", comp, "entry", "show", "K002", "--json").json()["rounds"][0]["judges"] == {"J1": 80.0}


# -- 4 and 7. names instead of ids; tables that fit ------------------------------------------------------
def _words_whole(out: str, words: list[str]) -> None:
    """Every id and amount appears whole on one line (never folded over two)."""
    for w in words:
        assert w in out, w


def test_entry_list_shows_names_and_fits_80_and_60_columns(comp, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("-d", comp, "entry", "list")
    assert "Tata kelola pemerintahan" in wide.out and "Organisasi Perangkat Daerah" in wide.out
    assert "tata-kelola" not in wide.out  # ids stay in --json and --csv
    assert run("-d", comp, "entry", "list", "--json").json()[0]["category"] == "tik"
    for width, left_out in ((80, ""), (60, "Category, Institution")):
        monkeypatch.setenv("COLUMNS", str(width))
        r = run("-d", comp, "entry", "list")
        assert r.code == 0
        assert max(len(line) for line in r.out.splitlines()) <= width
        _words_whole(r.out, [f"K{i:03d}" for i in range(1, 21)] + ["active in round 1"])
        if left_out:
            assert r.err.strip() == f"(not shown at {width} columns: {left_out}; widen the terminal, or use --json or --csv)"
        else:
            assert r.err == ""


def test_standings_and_awards_fit_and_say_what_they_leave_out(comp, monkeypatch):
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    for width in (80, 60):
        monkeypatch.setenv("COLUMNS", str(width))
        r = run("-d", comp, "standings", "--round", "4")
        assert r.code == 0
        assert max(len(line) for line in r.out.splitlines()) <= width
        _words_whole(r.out, ["K001", "K020", "99.00", "80.00"])
        # the judges' columns go last, after the category and the institution (README: standings at 120 columns)
        assert "(not shown at" in r.err and "Category, Institution" in r.err
        assert ("J1, J2, J3" in r.err) == (width == 60)
        a = run("-d", comp, "awards")
        assert max(len(line) for line in a.out.splitlines()) <= width
        _words_whole(a.out, ["Juara III", "Rp5.000.000,00", "Rp2.000.000,00", "K003", "97.00"])
    monkeypatch.setenv("COLUMNS", "200")
    r = run("-d", comp, "standings", "--round", "1")
    assert "Penggunaan teknologi informasi" in r.out and "(not shown" not in r.err


def test_score_sheets_name_the_category(comp, tmp_path):
    import openpyxl

    assert run("-d", comp, "sheets", "--round", "1", "-o", tmp_path / "s").code == 0
    ws = openpyxl.load_workbook(tmp_path / "s" / "round-1-J1.xlsx").worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Tata kelola pemerintahan" in values and "tata-kelola" not in values


# -- 5. manners ---------------------------------------------------------------------------------------------
def test_a_mistyped_command_suggests_the_nearest():
    r = run("statsu")
    assert r.code == 2 and "Error: No such command 'statsu'. Did you mean 'status'?" in r.err
    r = run("zzzz")
    assert r.code == 2 and "Did you mean" not in r.err


def test_usage_errors_exit_2(comp):
    r = run("-d", comp, "letters", "awards")
    assert r.code == 2 and "unknown document kind 'awards'" in r.err and "did you mean 'award'?" in r.err
    for args in (["entry", "list"], ["judge", "list"], ["standings", "--round", "1"], ["log"]):
        r = run("-d", comp, *args, "--csv", "--json")
        assert r.code == 2 and "Error: --json and --csv cannot be used together; choose one" in r.err, args
    assert run("-d", comp, "export", "--json", "--csv", comp / "csv").code == 2


def test_score_help_keeps_its_examples_on_their_lines():
    r = run("score", "--help")
    lines = r.out.splitlines()
    assert lines[0] == "Usage: krenova score [OPTIONS] [ENTRY] [CRIT=VALUE]..."
    examples = [line.strip() for line in lines if line.strip().startswith("krenova score")]
    assert len(examples) == 3 and examples[1].startswith("krenova score --round 2 --judge J1")


def test_reimporting_an_unchanged_sheet_says_nothing_changed(comp, tmp_path):
    rows = ["entry,judge,criterion,value"] + [f"K00{e},J1,{c},80" for e in (2, 3) for c in CRITERIA]
    (tmp_path / "n.csv").write_text("\n".join(rows) + "\n")
    r = run("-d", comp, "score", "--round", "1", "--from", tmp_path / "n.csv")
    assert r.err.strip() == "n.csv: recorded 2 entry score(s)"
    before = tree_hash(comp)
    r = run("-d", comp, "score", "--round", "1", "--from", tmp_path / "n.csv")
    assert r.code == 0 and r.err.strip() == "n.csv: nothing changed (its 2 entry score(s) are recorded already)"
    assert tree_hash(comp) == before


def test_interactive_scoring_with_no_input_fails(comp):
    errs = refused(comp, "score", "--round", "1", "--judge", "J1", stdin="")
    assert errs == ["Error: the input ended before any score was saved; nothing recorded. Run `krenova score --round 1 "
                    "--judge J1` at a terminal, or import a file with --from"]


def test_pdf_hint_keeps_the_brackets(monkeypatch):
    from krenova_cli.documents import rendering

    assert "pip install '.[pdf]'" in rendering.PDF_HELP


def test_shell_completion_script(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "_KRENOVA_COMPLETE": "bash_source"}
    r = subprocess.run([sys.executable, "-m", "krenova_cli"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0 and "_krenova_completion()" in r.stdout
    env |= {"_KRENOVA_COMPLETE": "bash_complete", "COMP_WORDS": "krenova sta", "COMP_CWORD": "1"}
    r = subprocess.run([sys.executable, "-m", "krenova_cli"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.stdout.split() == ["plain,standings", "plain,status"]


# -- 6. a readable log ----------------------------------------------------------------------------------------
def test_the_log_reads_old_to_new_in_local_time_and_filters(comp, monkeypatch):
    assert run("-d", comp, "entry", "edit", "K005", "--title", "Baru").code == 0
    assert run("-d", comp, "score", "K005", "--judge", "J1", *FULL).code == 0
    monkeypatch.setenv("KRENOVA_NOW", "2017-08-20T01:30:00+00:00")
    assert run("-d", comp, "score", "K006", "--judge", "J1", *FULL).code == 0
    r = run("-d", comp, "log", "--entry", "K005")
    assert r.code == 0
    assert r.out.splitlines() == [
        "#2  2017-08-17 17:00 WIB  tester  entries imported  entries.csv",
        "    K005 among 20 entries",
        "#4  2017-08-17 17:00 WIB  tester  entry edited  K005",
        "    title: 'Inovasi 5' -> 'Baru'",
        "#5  2017-08-17 17:00 WIB  tester  score recorded  round 1 J1/K005",
        "    scores of J1 for K005: efektivitas 80, kebaruan 80, keberlanjutan 80, kemanfaatan 80, replikasi 80"]
    since = run("-d", comp, "log", "--since", "2017-08-20")
    assert [line.split()[0] for line in since.out.splitlines() if line.startswith("#")] == ["#6"]
    assert "2017-08-20 08:30 WIB" in since.out
    assert run("-d", comp, "log", "--since", "2017-08-20", "--json").json()[0]["time"] == "2017-08-20T01:30:00Z"
    assert run("-d", comp, "log", "--since", "kemarin").code == 2
    assert run("-d", comp, "settings", "set", "competition.timezone", "Asia/Jayapura").code == 0
    assert "2017-08-20 10:30 WIT" in run("-d", comp, "log", "--since", "2017-08-20").out
    assert refused(comp, "settings", "set", "competition.timezone", "Mars/Olympus") == [
        "Error: competition.timezone: 'Mars/Olympus' is not a time zone; use a name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura"]


# -- 8. the secretariat's language ----------------------------------------------------------------------------
def test_the_interface_speaks_indonesian(comp, monkeypatch, catalog_with_parts):
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "entry", "show", "K099")
    assert r.code == 1 and r.err.strip() == "Kesalahan: tidak ada peserta 'K099'; lihat `krenova entry list`"
    st = run("-d", comp, "status")
    assert "Babak" in st.out and "dibuka" in st.out and "Langkah berikutnya: catat nilai babak 1" in st.out
    assert run("-d", comp, "status", "--json").json()["rounds"][0]["state"] == "open"  # keys and values stay
    h = run("--help")
    assert "menyelenggarakan kompetisi inovasi" in h.out and "Menampilkan posisi" not in h.out
    assert "Keadaan kompetisi saat ini dan langkah berikutnya." in h.out
    # the preset's own setting, without KRENOVA_LANG
    monkeypatch.delenv("KRENOVA_LANG")
    assert run("-d", comp, "entry", "show", "K099").err.startswith("Kesalahan: ")
    assert run("-d", comp, "settings", "set", "--", "prizes.1.amount", "-1").err.startswith("Kesalahan: ")
    monkeypatch.setenv("KRENOVA_LANG", "en")
    assert run("-d", comp, "entry", "show", "K099").err.startswith("Error: ")
    assert "krenova: run a multi-round" in run("--help").out


def test_a_disqualified_winner_gets_no_paper_and_old_letters_are_named(comp, tmp_path):
    """After `awards --undo`, a withdrawal and new awards: the disqualified entry gets no finalist
    certificate, the new letters take new numbers, and the old letters left in the folder are named."""
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    out = tmp_path / "award"
    assert run("-d", comp, "letters", "award", "-o", out).code == 0
    import tomllib

    def numbers() -> set[str]:
        return {x["number"] for x in tomllib.loads((comp / "letters.toml").read_text())["letter"]}

    old_numbers = numbers()
    assert run("-d", comp, "awards", "--undo", "--reason", "K001 terbukti plagiat").code == 0
    assert run("-d", comp, "entry", "withdraw", "K001", "--reason", "diskualifikasi: plagiat").code == 0
    assert run("-d", comp, "awards").code == 0
    r = run("-d", comp, "letters", "award", "-o", out)
    assert r.code == 0, r.err
    # revoked papers are moved aside, not only named (issue 26 item 8)
    assert "3 revoked award papers moved to " in r.err and "award-1-K001.html, award-2-K002.html, award-3-K003.html" in r.err
    assert sorted(p.name for p in (out / "dicabut").iterdir()) == ["award-1-K001.html", "award-2-K002.html", "award-3-K003.html"]
    assert len(numbers() - old_numbers) == 3  # K002, K003, K004 at new places: new letters, new numbers
    r = run("-d", comp, "letters", "certificate", "--for", "finalists", "-o", tmp_path / "cert")
    assert r.code == 0, r.err
    assert not (tmp_path / "cert" / "certificate-K001.html").exists()
    assert (tmp_path / "cert" / "certificate-K002.html").exists()


def test_letters_warn_when_the_dates_are_of_another_year(comp):
    """A competition set to 2025 still holding the preset's 2017 dates: every paper would say 2017, so
    `letters` numbers nothing until the dates are moved (test_ways covers --move-dates and --renumber)."""
    _to_the_end(comp)
    assert run("-d", comp, "settings", "set", "competition.year", "2025").code == 0
    r = run("-d", comp, "letters", "minutes", "--round", "1")
    assert r.code == 1
    assert " dates in competition.toml are not in 2025, the competition's year (rounds.1.start 2017-" in r.err
    assert "krenova settings set competition.year 2025 --move-dates" in r.err
