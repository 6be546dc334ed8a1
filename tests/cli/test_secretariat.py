"""Issue 26, "the secretariat's second afternoon": no silent surprises in settings and imports."""

from __future__ import annotations

from tests.conftest import refused, run


# -- 1. moving the year ---------------------------------------------------------------------------
def test_moving_the_year_renames_what_says_the_old_year(comp):
    r = run("-d", comp, "settings", "set", "competition.year", "2025", "--move-dates")
    assert r.code == 0, r.err
    lines = r.err.splitlines()
    assert lines[:3] == ["competition.year: 2017 -> 2025",
                         'competition.name: "Krenova OPD BUMD Kota Magelang 2017" -> "Krenova OPD BUMD Kota Magelang 2025"',
                         'competition.id: "krenova-magelang-2017" -> "krenova-magelang-2025"'], lines
    shown = run("-d", comp, "settings", "show", "--json").json()
    assert shown["competition"]["name"] == "Krenova OPD BUMD Kota Magelang 2025"
    assert shown["competition"]["id"] == "krenova-magelang-2025"
    assert not [line for line in (comp / "competition.toml").read_text().splitlines()
                if "2017" in line and not line.startswith("#")]
    assert run("-d", comp, "check").code == 0


def test_a_year_set_alone_proposes_the_names_that_say_the_old_year(comp):
    r = run("-d", comp, "settings", "set", "competition.year", "2025")
    assert r.code == 0, r.err
    assert ("Warning: competition.name and competition.id still say 2017 (\"Krenova OPD BUMD Kota Magelang 2017\", "
            "\"krenova-magelang-2017\"); the papers and file names print them. Rename them with "
            "`krenova settings set competition.year 2025 --move-dates`, or each with `krenova settings set KEY VALUE`"
            ) in r.err.splitlines(), r.err
    # the move after a year set alone still renames 2017 (the year the names and the dates say)
    r = run("-d", comp, "settings", "set", "competition.year", "2025", "--move-dates")
    assert r.code == 0, r.err
    assert 'competition.id: "krenova-magelang-2017" -> "krenova-magelang-2025"' in r.err.splitlines()
    assert "still say" not in r.err


# -- 2. imports are idempotent ----------------------------------------------------------------------
def _ledger_lines(d):
    return (d / "ledger.jsonl").read_text().count("\n")


def test_importing_the_same_judges_twice_matches_them(comp, tmp_path):
    before = (comp / "judges.toml").read_text()
    lines = _ledger_lines(comp)
    r = run("-d", comp, "judge", "import", tmp_path / "judges.csv", "--dry-run")
    assert r.code == 0 and r.err.splitlines() == [
        "would import 0 judges from judges.csv; 3 already registered, unchanged (J1, J2, J3)"], r.err
    r = run("-d", comp, "judge", "import", tmp_path / "judges.csv")
    assert r.code == 0 and r.err.splitlines() == [
        "imported 0 judges from judges.csv; 3 already registered, unchanged (J1, J2, J3)"], r.err
    assert (comp / "judges.toml").read_text() == before and _ledger_lines(comp) == lines
    # without ids, in other capitals and spacing: the same judges; a new one is added
    (tmp_path / "juri.csv").write_text("\ufeffnama;instansi;email\r\n  JURI   satu ;universitas tidar;\r\n"
                                       "Juri Empat;Bappeda;empat@example.id\r\n", encoding="utf-8")
    r = run("-d", comp, "judge", "import", tmp_path / "juri.csv")
    assert r.code == 0 and r.err.splitlines() == [
        "imported 1 judge from juri.csv (J4); 1 already registered, unchanged (J1)"], r.err
    assert sorted(run("-d", comp, "judge", "list", "--json").json(), key=lambda j: j["id"])[-1]["id"] == "J4"
    # the same e-mail is the same judge, whatever the name says
    (tmp_path / "juri2.csv").write_text("nama,instansi,email\nDr. Juri Empat,Bappeda Kota Magelang,EMPAT@example.id\n")
    r = run("-d", comp, "judge", "import", tmp_path / "juri2.csv")
    assert r.code == 0, r.err
    assert r.err.splitlines() == [
        "Warning: juri2.csv row 2: the same judge as J4 (same e-mail) with other name, affiliation; "
        f"`krenova judge import {tmp_path / 'juri2.csv'} --update` applies them",
        "imported 0 judges from juri2.csv; 1 already registered with other values (J4)"], r.err
    r = run("-d", comp, "judge", "import", tmp_path / "juri2.csv", "--update")
    assert r.code == 0 and r.err.splitlines()[-1] == "imported 0 judges from juri2.csv; updated J4 (name, affiliation)", r.err
    j4 = [j for j in run("-d", comp, "judge", "list", "--json").json() if j["id"] == "J4"][0]
    assert j4["name"] == "Dr. Juri Empat" and j4["affiliation"] == "Bappeda Kota Magelang" and j4["email"] == "empat@example.id"
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "judge.import" and last["old"] == {"J4": {"name": "Juri Empat", "affiliation": "Bappeda"}}


def test_a_judge_id_given_to_another_person_is_still_refused(comp, tmp_path):
    (tmp_path / "j.csv").write_text("id,nama,instansi\nJ1,Orang Lain,Dinas Lain\n")
    assert refused(comp, "judge", "import", tmp_path / "j.csv") == ["Error: j.csv row 2: id: 'J1' is already used"]


def test_importing_the_same_entries_twice_matches_them(comp, tmp_path):
    lines = _ledger_lines(comp)
    r = run("-d", comp, "entry", "import", tmp_path / "entries.csv")
    assert r.code == 0 and r.err.splitlines() == [
        "imported 0 entries from entries.csv; 20 already registered, unchanged (K001, K002, K003, K004, K005 ... +15)"], r.err
    assert _ledger_lines(comp) == lines
    # without ids: matched by title and institution
    (tmp_path / "e2.csv").write_text("judul,instansi,jenis,kategori\ninovasi  1,DINAS 1,OPD,tik\nInovasi Baru,Dinas 9,OPD,tik\n")
    r = run("-d", comp, "entry", "import", tmp_path / "e2.csv", "--dry-run")
    assert r.code == 0 and r.err.splitlines() == [
        "would import 1 entry from e2.csv (K021); 1 already registered, unchanged (K001)"], r.err


def test_entry_import_update_applies_corrected_columns(comp, tmp_path):
    (tmp_path / "hp.csv").write_text("id,telepon\nK001,081234567890\nK002,0293 123456\n")
    errs = refused(comp, "entry", "import", tmp_path / "hp.csv")
    assert errs == ["Error: hp.csv row 1: missing required column 'title' (or 'judul')",
                    "Error: hp.csv row 1: missing required column 'institution' (or 'instansi')",
                    "Error: hp.csv row 1: missing required column 'entity_type' (or 'jenis')",
                    "Error: hp.csv row 1: missing required column 'category' (or 'kategori')"][:len(errs)] and errs, errs
    r = run("-d", comp, "entry", "import", "--update", tmp_path / "hp.csv")
    assert r.code == 0 and r.err.splitlines() == ["imported 0 entries from hp.csv; updated K001, K002 (phone)"], r.err
    shown = run("-d", comp, "entry", "show", "K001", "--json").json()
    assert shown["phone"] == "081234567890"
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "entry.import" and last["new"] == {"K001": {"phone": "081234567890"},
                                                                "K002": {"phone": "0293 123456"}}
    # by title and institution, after round 1 closed (registration closed, contacts still correctable)
    (tmp_path / "hp2.csv").write_text("judul,instansi,narahubung\nInovasi 3,Dinas 3,Ibu Sari\n")
    from tests.conftest import score_all

    score_all(comp, 1, lambda e, j, c: 70, tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    r = run("-d", comp, "entry", "import", "--update", tmp_path / "hp2.csv")
    assert r.code == 0 and r.err.splitlines() == ["imported 0 entries from hp2.csv; updated K003 (contact)"], r.err
    # an unknown entry in an --update file without the columns a new entry needs
    (tmp_path / "hp3.csv").write_text("id,telepon\nK099,0811\n")
    assert refused(comp, "entry", "import", "--update", tmp_path / "hp3.csv") == [
        "Error: hp3.csv row 2: no entry K099 to update; `krenova entry list` shows the ids"]


# -- 4. import columns and messy text ----------------------------------------------------------------
def test_every_unknown_column_is_reported_at_once_with_its_nearest_name(comp, tmp_path):
    (tmp_path / "u.csv").write_text("Judull Inovasi,Nama Instansi,Jenis Instansi,Kategori,Nama Narahubung,No. HP,Alamat,"
                                    "Telpon\nA,B,OPD,tik,X,0812,Jl,1\n")
    errs = refused(comp, "entry", "import", tmp_path / "u.csv")
    assert errs[0].startswith("Error: u.csv row 1: 3 unknown columns: 'Judull Inovasi' (nearest: judul inovasi), "
                              "'Alamat', 'Telpon' (nearest: telepon); known columns: id, title/judul/judul inovasi/"), errs
    assert len([e for e in errs if "unknown column" in e]) == 1, errs
    known = errs[0].split("; known columns: ")[1]
    for alias in ("judul inovasi", "nama instansi", "jenis instansi", "nama narahubung", "no. hp"):
        assert alias in known, alias


def test_messy_text_is_tidied_and_capitals_are_proposed(comp, tmp_path):
    (tmp_path / "m.csv").write_text("judul,instansi,jenis,kategori,narahubung\n"
                                    "  SISTEM  INFORMASI   DESA ,dinas  kominfo ,OPD,tik,budi santoso\n")
    r = run("-d", comp, "entry", "import", tmp_path / "m.csv")
    assert r.code == 0, r.err
    shown = [e for e in run("-d", comp, "entry", "list", "--json").json() if e["id"] == "K021"][0]
    assert shown["title"] == "SISTEM INFORMASI DESA" and shown["institution"] == "dinas kominfo"
    warning = [line for line in r.err.splitlines() if line.startswith("Warning:")]
    assert warning == [
        "Warning: 3 texts are all in capitals or all in lower case (K021 title 'SISTEM INFORMASI DESA' -> 'Sistem "
        "Informasi Desa', K021 institution 'dinas kominfo' -> 'Dinas Kominfo', K021 contact 'budi santoso' -> 'Budi "
        "Santoso'); kept as written. To take the proposed forms: `krenova entry import " + str(tmp_path / "m.csv")
        + " --update --tidy-case`"], r.err
    r = run("-d", comp, "entry", "import", tmp_path / "m.csv", "--update", "--tidy-case")
    assert r.code == 0 and r.err.splitlines()[-1] == "imported 0 entries from m.csv; updated K021 (title, institution, contact)", r.err
    shown = run("-d", comp, "entry", "show", "K021", "--json").json()
    assert (shown["title"], shown["institution"], shown["contact"]) == ("Sistem Informasi Desa", "Dinas Kominfo", "Budi Santoso")


# -- 3. institutions compared as one office writes them ----------------------------------------------
def _conflicts(d, judge):
    return [j for j in run("-d", d, "judge", "list", "--json").json() if j["id"] == judge][0]["conflicts"]


def test_institutions_are_compared_normalised(comp, tmp_path):
    (tmp_path / "e.csv").write_text("id,judul,instansi,jenis,kategori\nK021,Antrean Daring,RSUD Tidar,OPD,tik\n"
                                    "K022,Sehat Bersama,Dinas Kesehatan,OPD,tik\nK023,Dukcapil Keliling,Disdukcapil,OPD,tik\n"
                                    "K024,Jalan Mulus,Dinas P.U. Kota Magelang,OPD,tik\n"
                                    "K025,Kesehatan Desa,Dinas Kesehatan Kabupaten Magelang,OPD,tik\n")
    assert run("-d", comp, "entry", "import", tmp_path / "e.csv").code == 0
    (tmp_path / "j.csv").write_text("id,nama,instansi\nJ4,Dr. Empat,RSUD Tidar Kota Magelang\nJ5,Lima,Dinkes Kota Magelang\n"
                                    "J6,Enam,Dinas Kependudukan dan Pencatatan Sipil\nJ7,Tujuh,Dinas P U\n")
    r = run("-d", comp, "judge", "import", tmp_path / "j.csv")
    assert r.code == 0, r.err
    assert _conflicts(comp, "J4") == ["K021"]
    assert _conflicts(comp, "J5") == ["K022"]  # not K025: another government
    assert _conflicts(comp, "J6") == ["K023"]
    assert _conflicts(comp, "J7") == ["K024"]


def test_a_competition_extends_the_abbreviations(comp, tmp_path):
    with open(comp / "competition.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[institution_names]\nabbreviations = { dkk = "dinas kesehatan kota" }\n')
    assert run("-d", comp, "adopt", "competition.toml", "--reason", "singkatan setempat").code == 0
    (tmp_path / "e.csv").write_text("id,judul,instansi,jenis,kategori\nK021,Sehat,Dinas Kesehatan Kota,OPD,tik\n")
    assert run("-d", comp, "entry", "import", tmp_path / "e.csv").code == 0
    assert run("-d", comp, "judge", "add", "--name", "Delapan", "--affiliation", "DKK").code == 0
    assert _conflicts(comp, "J4") == ["K021"]


def test_near_institution_names_are_warned_at_import(comp, tmp_path):
    (tmp_path / "e.csv").write_text("id,judul,instansi,jenis,kategori\nK021,Antrean Daring,RSUD Tidar,OPD,tik\n")
    assert run("-d", comp, "entry", "import", tmp_path / "e.csv").code == 0
    (tmp_path / "j.csv").write_text("id,nama,instansi\nJ4,Dr. Empat,RSUD Tidarr Magelang\n")
    r = run("-d", comp, "judge", "import", tmp_path / "j.csv")
    assert r.code == 0, r.err
    assert _conflicts(comp, "J4") == []
    assert ("Warning: J4 (RSUD Tidarr Magelang) and K021 (RSUD Tidar): near names, not read as one institution; "
            "if they are one, declare the conflict: `krenova judge edit J4 --add-conflict K021`") in r.err.splitlines(), r.err
    # numbered units are different institutions, not near names
    (tmp_path / "e2.csv").write_text("id,judul,instansi,jenis,kategori\nK022,Sehat,Puskesmas 2,OPD,tik\n")
    (tmp_path / "j2.csv").write_text("id,nama,instansi\nJ5,Lima,Puskesmas 1\n")
    assert run("-d", comp, "entry", "import", tmp_path / "e2.csv").code == 0
    r = run("-d", comp, "judge", "import", tmp_path / "j2.csv")
    assert r.code == 0 and "Warning" not in r.err, r.err
    # and at the entries' import, against the judges registered
    (tmp_path / "e3.csv").write_text("id,judul,instansi,jenis,kategori\nK023,Data,Universitas Tidarr,OPD,tik\n")
    r = run("-d", comp, "entry", "import", tmp_path / "e3.csv")
    assert r.code == 0 and ("Warning: J1 (Universitas Tidar) and K023 (Universitas Tidarr): near names, not read as one "
                            "institution; if they are one, declare the conflict: `krenova judge edit J1 --add-conflict K023`"
                            ) in r.err.splitlines(), r.err


# -- 7. the interface ------------------------------------------------------------------------------------
def test_the_root_help_names_every_letter_kind():
    from krenova_cli.documents.builders import KINDS

    r = run("--help")
    line = next(line for line in r.out.splitlines() if line.strip().startswith("letters"))
    lines = r.out[r.out.index(line):].splitlines()
    block = [lines[0]] + [x for x in __import__("itertools").takewhile(lambda x: x.startswith("    "), lines[1:])]
    said = " ".join(" ".join(block).split())  # the command's line and its wrapped continuation
    for kind in KINDS:
        assert kind in said, (kind, said)


def test_a_round_that_does_not_exist_is_said_so_by_letters(comp):
    assert refused(comp, "letters", "minutes", "--round", "7") == [
        "Error: there is no round 7; this competition has rounds 1 to 6"]
    assert refused(comp, "letters", "judge-recap", "--round", "9") == [
        "Error: there is no round 9; this competition has rounds 1 to 6"]


def test_bad_choices_of_letters_are_usage_errors(comp):
    for args, said in ((["certificate", "--format", "odt"], "choose html, pdf or docx"),
                       (["certificate", "--for", "xyz"], "winners (pemenang, juara), finalists (finalis), participants (peserta)")):
        r = run("-d", comp, "letters", *args)
        assert r.code == 2, (args, r.code, r.err)
        assert said in r.err, r.err
    r = run("letters", "--help")
    assert "juara" in " ".join(r.out.split())


def test_awards_help_disqualifies_with_disqualify():
    r = run("awards", "--help")
    text = " ".join(r.out.split())
    assert "krenova entry withdraw ID --disqualify --reason TEXT" in text, text


def test_status_counts_withdrawals_and_disqualifications(comp, tmp_path):
    from tests.conftest import score_all

    score_all(comp, 1, lambda e, j, c: 70, tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    assert run("-d", comp, "entry", "withdraw", "K005", "--reason", "mengundurkan diri").code == 0
    assert run("-d", comp, "entry", "withdraw", "K006", "--disqualify", "--reason", "plagiat").code == 0
    data = run("-d", comp, "status", "--json").json()
    assert (data["entries"], data["active"], data["withdrawn"], data["disqualified"]) == (20, 18, 1, 1)
    assert data["rounds"][0]["advancing"] == 20 and data["rounds"][0]["out_since"] == 2
    r = run("-d", comp, "status")
    assert r.out.splitlines()[0] == ("Krenova OPD BUMD Kota Magelang 2017: 20 entries (18 active, 1 withdrew, "
                                     "1 disqualified), 3 judges"), r.out
    row = next(line for line in r.out.splitlines() if "Penilaian I " in line)
    # the round closed with 20 advancing (its minutes say so); the 2 who left since are said beside it
    assert "20 (2 left since)" in row and "18" not in row, row


def test_init_and_demo_speak_the_presets_language(tmp_path, monkeypatch):
    monkeypatch.delenv("KRENOVA_LANG")
    r = run("init", tmp_path / "baru")
    assert r.code == 0 and r.err.startswith("Dibuat") or "dari preset" in r.err, r.err
    assert "Created" not in r.err and "Next:" not in r.err, r.err
    r = run("init", tmp_path / "kosong", "--preset", "blank")
    assert r.code == 0 and "Created" in r.err, r.err  # the blank preset speaks English
    r = run("demo", tmp_path / "demo", "--entries", 16, "--judges", 3, "--no-documents")
    assert r.code == 0 and "Try next" not in r.out + r.err and "Winners" not in r.out, r.out


def test_narrow_terminals_never_break_ids_or_scores(comp, tmp_path, monkeypatch):
    """At 40 columns rich squeezed the columns that must stay ("K⏎0⏎1⏎7"): ids and scores stay whole."""
    import re

    from tests.conftest import score_all

    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]) % 37, tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    standings = run("-d", comp, "standings", "--round", "1", "--json").json()
    ids = [f"K{i:03d}" for i in range(1, 21)]
    first = run("-d", comp, "status", "--json").json()["rounds"][0]
    scored = "{0}/{1}".format(first["recorded"], first["expected"])
    for width in (30, 40, 60, 80):
        monkeypatch.setenv("COLUMNS", str(width))
        for args, whole in ((["entry", "list"], ids), (["judge", "list"], ["J1", "J2", "J3"]),
                            (["standings", "--round", "1"], ids), (["status"], [scored])):
            r = run("-d", comp, *args)
            assert r.code == 0, r.err
            assert all(len(line) <= width for line in r.out.splitlines()), (args, width, r.out)
            for word in whole:
                assert re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", r.out), (args, width, word, r.out)
        text = run("-d", comp, "standings", "--round", "1").out
        for row in standings["rows"]:
            assert re.search(rf"(?<![\d.]){row['round_score']:.2f}(?![\d])", text), (width, row["round_score"], text)


def test_warnings_are_wrapped_at_a_terminal(monkeypatch):
    """On a terminal a warning is wrapped at spaces to its width (never inside a command); into a file or
    a pipe it stays one line, as scripts read it."""
    import io
    import sys

    from krenova_cli.cli.context import warn

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    text = ("3 dates in competition.toml are not in 2025, the competition's year (rounds.1.start 2017-05-15, "
            "rounds.1.end 2017-06-09); the papers print them. Move them all to 2025: "
            "`krenova settings set competition.year 2025 --move-dates`")
    monkeypatch.setenv("COLUMNS", "80")
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    warn(text)
    lines = screen.getvalue().splitlines()
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines), lines
    assert "`krenova settings set competition.year 2025 --move-dates`" in screen.getvalue()
    assert " ".join(x.strip() for x in lines) == "Warning: " + text
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    warn(text)
    assert piped.getvalue() == "Warning: " + text + "\n"


def test_many_phone_warnings_are_one_line(comp, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Judul", "Instansi", "Jenis", "Kategori", "No. HP"])
    for i in range(23):
        ws.append([f"Inovasi Telepon {i}", f"Kelurahan {i}", "OPD", "tik", 81200000000 + i])
    wb.save(tmp_path / "hp.xlsx")
    r = run("-d", comp, "entry", "import", tmp_path / "hp.xlsx")
    assert r.code == 0, r.err
    warnings = [line for line in r.err.splitlines() if line.startswith("Warning:")]
    assert warnings == [
        "Warning: 23 phone numbers of No. HP were numbers in Excel, which drops a leading 0 (K021, K022, K023, K024, "
        "K025 ... +18); kept as shown. If they should start with 0, correct the file and apply it with "
        "`krenova entry import FILE --update`, and format the column as Text next time"], r.err
    # the corrected file, applied to the entries by title and institution
    ws2 = Workbook()
    sh = ws2.active
    sh.append(["Judul", "Instansi", "No. HP"])
    for i in range(23):
        sh.append([f"Inovasi Telepon {i}", f"Kelurahan {i}", f"0{81200000000 + i}"])
    ws2.save(tmp_path / "hp2.xlsx")
    r = run("-d", comp, "entry", "import", tmp_path / "hp2.xlsx", "--update")
    assert r.code == 0 and r.err.splitlines()[-1] == (
        "imported 0 entries from hp2.xlsx; updated K021, K022, K023, K024, K025 ... +18 (phone)"), r.err
    assert run("-d", comp, "entry", "show", "K030", "--json").json()["phone"] == "081200000009"


def test_a_judge_twice_in_one_file_is_refused(comp, tmp_path):
    (tmp_path / "j.csv").write_text("nama,instansi,email\nJuri Baru,Bappeda,baru@example.id\nJURI BARU,bappeda,\n"
                                    "Orang Lain,Dinkes,BARU@example.id\n")
    assert refused(comp, "judge", "import", tmp_path / "j.csv") == [
        "Error: j.csv row 3: the same judge as j.csv row 2 again; remove one of the two rows",
        "Error: j.csv row 4: the same judge as j.csv row 2 again; remove one of the two rows"]
