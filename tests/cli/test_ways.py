"""Issue 13, the newcomer's dead ends and things recorded wrongly: papers of the wrong year and their
numbers, a disqualification recorded as a withdrawal, silent no-ops, ways out that do not lead out."""

from __future__ import annotations

import tomllib

import pytest

from tests.cli.test_afternoon import FULL, _to_the_end, refused
from tests.cli.test_indonesian import catalog_with_parts  # noqa: F401
from tests.conftest import run, score_all

LATER = "2025-08-10T10:00:00+00:00"  # the clerk works in 2025 with the 2017 preset's dates


def _register(comp) -> dict:
    return tomllib.loads((comp / "letters.toml").read_text())


# -- 1. the year of the papers ----------------------------------------------------------------------
def test_a_new_year_warns_letters_refuse_and_move_dates_moves_them(comp, monkeypatch, tmp_path):
    monkeypatch.setenv("KRENOVA_NOW", LATER)
    r = run("-d", comp, "settings", "set", "competition.year", "2025")
    assert r.code == 0, r.err
    warning = ("Warning: 13 dates in competition.toml are not in 2025, the competition's year (rounds.1.start 2017-05-15, "
               "rounds.1.end 2017-06-09, rounds.2.start 2017-06-12, rounds.2.end 2017-07-07 ...); the papers print them. "
               "Move them all to 2025: `krenova settings set competition.year 2025 --move-dates`")
    renamed = ('Warning: competition.name and competition.id still say 2017 ("Krenova OPD BUMD Kota Magelang 2017", '
               '"krenova-magelang-2017"); the papers and file names print them. Rename them with `krenova settings set '
               'competition.year 2025 --move-dates`, or each with `krenova settings set KEY VALUE`')
    assert r.err.splitlines() == ["competition.year: 2017 -> 2025", warning, renamed]
    assert warning in run("-d", comp, "status").err.splitlines()
    r = run("-d", comp, "check")
    assert r.code == 0 and warning in r.err.splitlines()
    assert run("-d", comp, "check", "--json").json() == {"errors": [], "warnings": [warning.removeprefix("Warning: ")]}
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    assert refused(comp, "letters", "award", "-o", tmp_path / "l") == [
        "Error: the papers would be numbered and dated with dates of another year than 2025 (rounds.1.start 2017-05-15, "
        "rounds.1.end 2017-06-09, rounds.2.start 2017-06-12, rounds.2.end 2017-07-07 ...), and a number once given stays; "
        "move the dates first: `krenova settings set competition.year 2025 --move-dates` (or correct each with "
        "`krenova settings set KEY DATE`)"]
    r = run("-d", comp, "settings", "set", "competition.year", "2025", "--move-dates")
    assert r.code == 0, r.err
    assert r.err.splitlines()[:3] == [
        'competition.name: "Krenova OPD BUMD Kota Magelang 2017" -> "Krenova OPD BUMD Kota Magelang 2025"',
        'competition.id: "krenova-magelang-2017" -> "krenova-magelang-2025"', "rounds.1.start: 2017-05-15 -> 2025-05-15"]
    assert len(r.err.splitlines()) == 16 and "competition.award_date: 2017-08-17 -> 2025-08-17" in r.err
    assert r.err.splitlines()[-1] == (  # 19 July 2025 is a Saturday (issue 26)
        "Warning: rounds.3.end 2025-07-19 is a Saturday: the round's minutes would be dated on a weekend; the working day "
        "before is 2025-07-18: `krenova settings set rounds.3.end 2025-07-18`")
    text = (comp / "competition.toml").read_text()
    assert "2017-" not in text and "start = 2025-05-15" in text and "award_date = 2025-08-17" in text
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "settings.set" and last["target"] == "competition.year --move-dates"
    assert last["old"]["rounds.6.end"] == "2017-08-14" and last["new"]["rounds.6.end"] == "2025-08-14"
    assert "Warning" not in run("-d", comp, "status").err
    r = run("-d", comp, "settings", "set", "competition.year", "2025", "--move-dates")
    assert r.code == 0 and r.err.strip() == "competition.year is already 2025 and every date of the settings is in 2025; nothing changed"
    assert refused(comp, "settings", "set", "signatory.name", "x", "--move-dates") == [
        "Error: --move-dates goes with competition.year only, e.g. `krenova settings set competition.year 2025 --move-dates`"]
    r = run("-d", comp, "letters", "award", "-o", tmp_path / "l")
    assert r.code == 0, r.err
    assert {x["number"] for x in _register(comp)["letter"]} == {f"070/00{i}/Balitbang/2025" for i in (1, 2, 3)}


def test_a_wrong_number_is_renumbered_and_the_old_one_stays_withdrawn(comp, monkeypatch, tmp_path):
    monkeypatch.setenv("KRENOVA_NOW", LATER)
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    assert run("-d", comp, "letters", "award", "-o", tmp_path / "a").code == 0  # 2017: the preset's award_date
    before = _register(comp)
    old = {x["key"]: x for x in before["letter"]}
    assert old["award/1/K001"]["number"] == "070/001/Balitbang/2017"
    assert run("-d", comp, "settings", "set", "competition.year", "2025", "--move-dates").code == 0
    assert refused(comp, "letters", "award", "--renumber") == [
        "Error: --renumber needs --reason TEXT (the withdrawn numbers and the reason are logged)"]
    assert refused(comp, "letters", "certificate", "--renumber", "--reason", "x") == [
        "Error: no certificate paper has a number yet, so there is nothing to renumber; `krenova letters certificate` numbers them"]
    r = run("-d", comp, "letters", "award", "--renumber", "--reason", "tahun 2017 tercetak salah", "-o", tmp_path / "b")
    assert r.code == 0, r.err
    assert "3 award papers renumbered; the old numbers stay in letters.toml as withdrawn" in r.err
    after = _register(comp)
    now = {x["key"]: x for x in after["letter"]}
    assert now["award/1/K001"]["number"] == "070/004/Balitbang/2025" and now["award/1/K001"]["seq"] == 4
    withdrawn = {x["number"]: x for x in after["withdrawn"]}
    assert set(withdrawn) == {"070/001/Balitbang/2017", "070/002/Balitbang/2017", "070/003/Balitbang/2017"}
    assert withdrawn["070/001/Balitbang/2017"]["key"] == "award/1/K001"
    assert withdrawn["070/001/Balitbang/2017"]["replaced_by"] == "070/004/Balitbang/2025"
    assert withdrawn["070/001/Balitbang/2017"]["reason"] == "tahun 2017 tercetak salah"
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "letters.renumber" and last["target"] == "award"
    assert last["old"]["award/1/K001"] == "070/001/Balitbang/2017" and last["new"]["award/1/K001"] == "070/004/Balitbang/2025"
    assert last["new"]["reason"] == "tahun 2017 tercetak salah"
    assert run("-d", comp, "check").code == 0
    # the old paper's code: superseded, naming the new number
    r = run("-d", comp, "verify", old["award/1/K001"]["code"])
    assert r.code == 1
    assert "superseded: number 070/001/Balitbang/2017 was withdrawn and the paper renumbered 070/004/Balitbang/2025" in r.out
    assert run("-d", comp, "verify", now["award/1/K001"]["code"]).code == 0
    # rendering again keeps the new numbers; a later paper takes the next one, never a withdrawn one
    assert run("-d", comp, "letters", "award", "-o", tmp_path / "b").code == 0
    assert _register(comp)["letter"] == after["letter"]
    assert run("-d", comp, "letters", "awards-minutes", "-o", tmp_path / "m").code == 0
    assert {x["key"]: x for x in _register(comp)["letter"]}
    assert max(x["seq"] for x in _register(comp)["letter"]) == 7


# -- 2. disqualification --------------------------------------------------------------------------
def test_a_disqualification_is_recorded_and_shown_as_one(comp, tmp_path):
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    assert run("-d", comp, "awards", "--undo", "--reason", "K001 plagiat").code == 0
    assert refused(comp, "entry", "withdraw", "K001", "--disqualify", "--reason", " ") == [
        "Error: --disqualify needs --reason TEXT: why the entry is disqualified (recorded and printed on the minutes)"]
    r = run("-d", comp, "entry", "withdraw", "K001", "--disqualify", "--reason", "plagiat")
    assert r.code == 0, r.err
    assert r.err.strip() == "K001 disqualified in round 6"
    shown = run("-d", comp, "entry", "show", "K001")
    assert "Status:" in shown.out and "disqualified in round 6" in shown.out and "withdrawn" not in shown.out
    assert "Reason for disqualification: plagiat" in shown.out
    assert run("-d", comp, "entry", "show", "K001", "--json").json()["status"] == "disqualified in round 6"
    assert "disqualified in round 6" in run("-d", comp, "entry", "list").out
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "entry.withdraw" and last["new"] == {"round": 6, "reason": "plagiat", "disqualified": True}
    assert "[withdrawn]\nround = 6\nreason = \"plagiat\"\ndisqualified = true" in (comp / "entries" / "K001.toml").read_text()
    r = run("-d", comp, "standings", "--round", "6")
    assert "K001: disqualified in round 6 (plagiat)" in r.err
    assert refused(comp, "entry", "withdraw", "K001", "--disqualify", "--reason", "x") == ["Error: K001 was already disqualified in round 6"]
    assert run("-d", comp, "awards").code == 0
    assert run("-d", comp, "check").code == 0
    r = run("-d", comp, "letters", "awards-minutes", "-o", tmp_path / "m")
    assert r.code == 0, r.err
    html = next((tmp_path / "m").glob("*.html")).read_text()
    assert "<td>K001</td>" in html and "didiskualifikasi: plagiat" in html
    assert '<td class="num">1</td><td>K001</td>' not in html
    # the recap
    assert run("-d", comp, "export", "-o", tmp_path / "r.xlsx").code == 0
    from openpyxl import load_workbook

    cells = [c for ws in load_workbook(tmp_path / "r.xlsx") for row in ws.iter_rows(values_only=True) for c in row]
    # with the reason (issue 25 item 3), and as disqualified, never as withdrawn
    assert "didiskualifikasi di babak 6 (plagiat)" in cells and not any(str(c).startswith("mengundurkan diri") for c in cells)


@pytest.mark.usefixtures("catalog_with_parts")
def test_a_disqualification_in_indonesian(comp, monkeypatch):
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "entry", "withdraw", "K003", "--disqualify", "--reason", "data palsu")
    assert r.code == 0, r.err
    r = run("-d", comp, "entry", "show", "K003")
    assert "didiskualifikasi di babak 1" in r.out and "mengundurkan diri" not in r.out
    assert "Alasan diskualifikasi" in r.out


# -- 3. silent no-ops -------------------------------------------------------------------------------
def test_replacing_scores_with_the_same_values_says_nothing_changed(comp):
    assert run("-d", comp, "score", "K001", "--judge", "J1", *FULL).code == 0
    before = (comp / "ledger.jsonl").read_bytes()
    r = run("-d", comp, "score", "K001", "--judge", "J1", *FULL, "--replace", "--note", "cek ulang")
    assert r.code == 0, r.err  # the same values again: idempotent, said, nothing logged
    assert r.err.strip() == "K001 already has these round 1 scores from J1; nothing changed (a note is recorded only with a change of scores)"
    assert (comp / "ledger.jsonl").read_bytes() == before


def test_prefer_after_the_awards_are_decided_is_refused(comp):
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    assert refused(comp, "awards", "--prefer", "K004", "K001", "--reason", "x") == [
        "Error: the awards are decided already; to decide them again in another order use "
        "`krenova awards --redo --prefer IDS --reason TEXT`, or remove the decision with `krenova awards --undo --reason TEXT`"]


# -- 4. ways out that lead out ----------------------------------------------------------------------
def test_changing_a_locked_setting_after_the_awards_names_the_real_sequence(comp):
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    errs = refused(comp, "settings", "set", "criteria.1.weight", "30")
    assert len(errs) == 1
    assert errs[0].startswith("Error: criteria.1.weight would change settings that decided closed rounds: round 1 (criteria); ")
    assert errs[0].endswith(
        "a closed round's ranking is locked, and it can no longer change: round 1 reopens only after every later round, "
        "and a round reopens only while the next one has no scores (round 2 has scores). Keep the setting as it is")
    # a setting of the last round only: the awards first, then the round
    assert refused(comp, "settings", "set", "rounds.6.advance_top", "4") == [
        "Error: rounds.6.advance_top would change settings that decided closed rounds: round 6 (advance_top); a closed "
        "round's ranking is locked. To change it: remove the awards decision with `krenova awards --undo --reason TEXT`, "
        "then reopen the round with `krenova reopen --round 6 --reason TEXT`, change the setting, and close it again with "
        "`krenova advance --round 6`"]
    assert run("-d", comp, "awards", "--undo", "--reason", "x").code == 0
    assert run("-d", comp, "reopen", "--round", "6", "--reason", "x").code == 0
    assert run("-d", comp, "settings", "set", "rounds.6.advance_top", "4").code == 0


def test_replacing_a_score_of_the_last_round_after_the_awards_names_the_undo(comp):
    _to_the_end(comp)
    assert run("-d", comp, "awards").code == 0
    assert refused(comp, "score", "K001", "--round", "6", "--judge", "J1", *FULL, "--replace") == [
        "Error: round 6 is closed and its scores are locked, and the awards are decided from it; to correct them, remove the "
        "awards decision first (`krenova awards --undo --reason TEXT`), then `krenova reopen --round 6 --reason TEXT`"]


def test_a_phone_warning_names_the_id_the_row_got(tmp_path):
    from tests.cli.test_afternoon import _office_workbook

    d = tmp_path / "c"
    assert run("init", d).code == 0
    book = _office_workbook(tmp_path / "peserta.xlsx")
    r = run("-d", d, "entry", "import", book, "--dry-run")
    assert r.code == 0, r.err
    assert "`krenova entry edit K001 --phone 081234567890`" in r.err
    r = run("-d", d, "entry", "import", book)
    assert "`krenova entry edit K001 --phone 081234567890`" in r.err


def test_a_category_by_a_short_name_in_another_case(comp):
    r = run("-d", comp, "entry", "edit", "K005", "--category", "Tata kelola")
    assert r.code == 0, r.err
    assert r.err.strip() == "K005 category: 'tik' -> 'tata-kelola'"
    assert refused(comp, "entry", "edit", "K005", "--category", "Tata usaha") == [
        "Error: --category: 'Tata usaha' is not one of the categories (tata-kelola, tik, kesejahteraan-sosial, pelayanan-langsung)"]


# -- 5. other -----------------------------------------------------------------------------------------
def test_a_removed_entry_id_is_never_given_again(comp, tmp_path):
    assert run("-d", comp, "entry", "remove", "K020", "--reason", "ganda").code == 0
    r = run("-d", comp, "entry", "add", "--title", "Baru", "--institution", "Dinas Baru", "--type", "OPD", "--category", "tik")
    assert r.code == 0 and r.out.strip().startswith("K021"), r.out
    assert refused(comp, "entry", "add", "--id", "K020", "--title", "Lagi", "--institution", "Dinas L", "--type", "OPD",
                   "--category", "tik") == [
        "Error: --id: K020 was given to an entry removed earlier (see `krenova log --entry K020`); choose another id, "
        "or leave --id out to get the next K number"]
    (tmp_path / "more.csv").write_text("judul,instansi,jenis,kategori\nDua,Dinas Dua,OPD,tik\n")
    assert run("-d", comp, "entry", "import", tmp_path / "more.csv").code == 0
    assert (comp / "entries" / "K022.toml").exists() and not (comp / "entries" / "K020.toml").exists()


def test_criteria_by_id_or_name_in_any_case(comp):
    r = run("-d", comp, "score", "K001", "--judge", "J1", "Kebaruan=76", "EFEKTIVITAS=80", "kemanfaatan=80",
            "Replikasi=80", "keberlanjutan=80")
    assert r.code == 0, r.err
    import json

    assert json.loads((comp / "scores" / "round-1" / "J1.json").read_text())["scores"]["K001"]["kebaruan"] == 76


def test_log_since_a_day_written_as_the_office_writes_it(comp):
    assert len(run("-d", comp, "log", "--since", "17-08-2017", "--json").json()) > 0
    assert run("-d", comp, "log", "--since", "17/08/2017").code == 0
    assert run("-d", comp, "log", "--since", "18-08-2017", "--json").json() == []
    r = run("-d", comp, "log", "--since", "kemarin")
    assert r.code == 2
    assert "write it as 2017-07-31, 31-07-2017 or 2017-07-31T14:00" in r.err
