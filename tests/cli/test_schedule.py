"""`krenova schedule --round N` and the invitations to a presentation round (issue 27 part 5).

A competition with rounds 1 to 4 closed (round 4 keeps the top 15), round 5 the presentation round:
its schedule from the settings, shown, exported and read back; the refusals; the settings locked
once the round is closed; the invitations (one letter an institution) and their facts through verify.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import refused, run, score_all, tree_hash

INSTITUTIONS = ["Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "RSUD Tidar", "Kecamatan Magelang Utara",
                "Dinas Komunikasi Informatika dan Statistik"]
SCHEDULE = (("rounds.5.presentation", "true"), ("rounds.5.presentation_date", "2017-08-02"),
            ("rounds.5.presentation_start", "08:30"), ("rounds.5.minutes_per_entry", "25"),
            ("rounds.5.room", "Ruang Rapat Wali Kota Magelang"), ("rounds.5.break_start", "12:00"))


@pytest.fixture(scope="module")
def four_closed(tmp_path_factory) -> Path:
    """Rounds 1 to 4 closed: 15 entries of 5 institutions go on into round 5."""
    import os

    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    base = tmp_path_factory.mktemp("schedule")
    d = base / "comp"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"] + [
        f"K{i:03d},Inovasi Layanan {i},{INSTITUTIONS[i % 5]},OPD,tik" for i in range(1, 21)]
    (base / "e.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", base / "e.csv").code == 0
    (base / "j.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UNDIP\nJ3,Juri Tiga,UGM\n")
    assert run("-d", d, "judge", "import", base / "j.csv").code == 0
    for n in range(1, 5):
        score_all(d, n, lambda e, j, c: 60 + int(e[1:]) + len(c) % 3, base)
        r = run("-d", d, "advance", "--round", n)
        assert r.code == 0, r.err
    return d


@pytest.fixture(scope="module")
def scheduled(four_closed, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("scheduled") / "comp"
    shutil.copytree(four_closed, d, symlinks=True)
    for key, value in SCHEDULE:
        r = run("-d", d, "settings", "set", key, value)
        assert r.code == 0, (key, r.err)
    return d


def _copy(src: Path, tmp_path: Path) -> Path:
    d = tmp_path / "c"
    shutil.copytree(src, d, symlinks=True)
    return d


# -- the schedule ------------------------------------------------------------------------------
def test_the_schedule_of_the_finalists_by_id_one_institution_together(scheduled):
    r = run("-d", scheduled, "schedule", "--round", 5, "--json")
    assert r.code == 0, r.err
    data = r.json()
    going = json.loads((scheduled / "rounds" / "round-4.json").read_text())["advancing"]
    assert len(data["slots"]) == 15 and sorted(s["entry_id"] for s in data["slots"]) == sorted(going)
    assert data["room"] == "Ruang Rapat Wali Kota Magelang" and data["minutes_per_entry"] == 25
    assert data["days"] == ["2017-08-02"] and data["break"] == {"start": "12:00", "end": "13:00"}
    ids = [s["entry_id"] for s in data["slots"]]
    # K006..K020 go on; institutions by their first id (K006: i % 5 = 1), each one's entries together
    firsts = {}
    for s in data["slots"]:
        firsts.setdefault(s["institution"], s["entry_id"])
    assert list(firsts.values()) == ["K006", "K007", "K008", "K009", "K010"]
    assert ids[:3] == ["K006", "K011", "K016"], ids
    times = [(s["start"], s["end"]) for s in data["slots"]]
    assert times[0] == ("08:30", "08:55") and times[1] == ("08:55", "09:20")
    # 08:30 + 7 x 25 = 11:25 ... 11:50; the next would run into the break: 13:00
    assert times[6] == ("11:00", "11:25") and times[7] == ("11:25", "11:50") and times[8] == ("13:00", "13:25")
    assert times[-1] == ("15:30", "15:55")


def test_the_table_fits_80_columns_with_indonesian_times(scheduled, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    r = run("-d", scheduled, "schedule", "--round", 5)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "08.30-08.55" in r.out and "13.00-13.25" in r.out  # the papers' language writes 08.30
    assert "K006" in r.out and "Ruang Rapat Wali Kota Magelang" in r.out
    assert "12.00-13.00" in r.out  # the break is said


def test_exports_read_back(scheduled, tmp_path):
    before = tree_hash(scheduled)
    out = tmp_path / "jadwal" / "babak-5"  # missing folders are made
    r = run("-d", scheduled, "schedule", "--round", 5, "--csv", out / "jadwal.csv", "--xlsx", out / "jadwal.xlsx")
    assert r.code == 0, r.err
    assert tree_hash(scheduled) == before  # a read: nothing in the folder changed
    want = run("-d", scheduled, "schedule", "--round", 5, "--json").json()["slots"]
    with open(out / "jadwal.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["order", "entry_id", "title", "institution", "category", "date", "start", "end", "room"]
    assert [(x["entry_id"], x["date"], x["start"], x["end"]) for x in rows] == \
        [(s["entry_id"], s["date"], s["start"], s["end"]) for s in want]
    import openpyxl

    ws = openpyxl.load_workbook(out / "jadwal.xlsx").active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[3] == ["No.", "Kode", "Judul Inovasi", "Instansi", "Kategori", "Tanggal", "Mulai", "Selesai", "Tempat"]
    body = values[4:]
    assert [(b[1], b[5].date().isoformat(), b[6], b[7]) for b in body] == \
        [(s["entry_id"], s["date"], s["start"].replace(":", "."), s["end"].replace(":", ".")) for s in want]
    assert "Penilaian V" in values[0][0]


def test_an_export_among_the_data_files_or_of_another_kind_is_refused(scheduled):
    assert refused(scheduled, "schedule", "--round", 5, "--csv", scheduled / "entries" / "x.csv")
    errors = refused(scheduled, "schedule", "--round", 5, "--xlsx", "jadwal.csv")
    assert errors == ["Error: --xlsx jadwal.csv: give a file name ending in .xlsx"], errors


def test_without_presentation_settings_one_line_names_them(four_closed):
    errors = refused(four_closed, "schedule", "--round", 5)
    assert errors == ["Error: round 5 is not a presentation round; set rounds.5.presentation true, "
                      "rounds.5.presentation_date 2017-08-01, rounds.5.presentation_start 08:30, "
                      "rounds.5.minutes_per_entry 20, rounds.5.room \"Ruang Rapat Wali Kota\" with "
                      "`krenova settings set KEY VALUE`"], errors


def test_the_advice_of_the_refusal_leads_to_a_schedule(four_closed, tmp_path):
    import re
    import shlex

    d = _copy(four_closed, tmp_path)
    said = refused(d, "schedule", "--round", 5)[0]
    listing = said.split("; set ", 1)[1].split(" with `")[0]
    for part in re.split(r", (?=rounds\.)", listing):
        key, value = shlex.split(part)
        r = run("-d", d, "settings", "set", key, value)
        assert r.code == 0, (key, value, r.err)
    r = run("-d", d, "schedule", "--round", 5, "--json")
    assert r.code == 0 and len(r.json()["slots"]) == 15, r.err


def test_a_presentation_round_lacking_a_setting_names_only_that(four_closed, tmp_path):
    d = _copy(four_closed, tmp_path)
    for key, value in SCHEDULE[:3]:
        assert run("-d", d, "settings", "set", key, value).code == 0
    errors = refused(d, "schedule", "--round", 5)
    assert errors == ["Error: round 5 is a presentation round without its schedule; set rounds.5.minutes_per_entry 20, "
                      "rounds.5.room \"Ruang Rapat Wali Kota\" with `krenova settings set KEY VALUE`"], errors


def test_a_round_whose_presenters_are_not_known_yet(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    for key, value in (("rounds.6.presentation", "true"), ("rounds.6.presentation_date", "2017-08-09"),
                       ("rounds.6.presentation_start", "09:00"), ("rounds.6.minutes_per_entry", "30"),
                       ("rounds.6.room", "Aula")):
        assert run("-d", d, "settings", "set", key, value).code == 0
    assert refused(d, "schedule", "--round", 6) == [
        "Error: round 6's presenters are known when round 5 closes (`krenova advance --round 5`)"]
    assert refused(d, "schedule", "--round", 9) == ["Error: there is no round 9; this competition has rounds 1 to 6"]


def test_bad_schedule_settings_are_refused_naming_the_key(four_closed, tmp_path):
    d = _copy(four_closed, tmp_path)
    for key, value in (("rounds.5.presentation_start", "8.30"), ("rounds.5.presentation_start", "25:00"),
                       ("rounds.5.minutes_per_entry", "0"), ("rounds.5.presentation_date", "2 Agustus"),
                       ("rounds.5.room", "")):
        errors = refused(d, "settings", "set", key, value)
        assert len(errors) == 1 and key.split(".")[-1] in errors[0], (key, errors)
    assert run("-d", d, "settings", "set", "rounds.5.presentation_start", "08.30").code == 0  # as Indonesian writes it


def test_a_schedule_running_past_midnight_names_the_days_end(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    assert run("-d", d, "settings", "set", "rounds.5.presentation_start", "20:00").code == 0
    errors = refused(d, "schedule", "--round", 5)
    assert len(errors) == 1 and "rounds.5.presentation_end" in errors[0] and "midnight" in errors[0], errors
    assert run("-d", d, "settings", "set", "rounds.5.presentation_end", "22:00").code == 0
    data = run("-d", d, "schedule", "--round", 5, "--json").json()
    # 2 August 2017 is a Wednesday: four slots of 25 minutes from 20:00 a day, Wed, Thu, Fri, Mon
    assert data["days"] == ["2017-08-02", "2017-08-03", "2017-08-04", "2017-08-07"], data["days"]


# -- locked once the round is closed -------------------------------------------------------------
def test_the_schedule_is_locked_once_the_round_is_closed_and_reopen_leads_out(scheduled, tmp_path):
    from tests.cli.test_locks import follow

    d = _copy(scheduled, tmp_path)
    score_all(d, 5, lambda e, j, c: 70 + int(e[1:]) % 7, tmp_path)
    assert run("-d", d, "advance", "--round", 5).code == 0
    errors = refused(d, "settings", "set", "rounds.5.room", "Aula Adipura")
    assert "round 5 (the presentation schedule)" in errors[0] and "krenova reopen --round 5" in errors[0], errors
    # a closed round that had no schedule gets none afterwards either
    errors = refused(d, "settings", "set", "rounds.4.presentation", "true")
    assert "round 4 (the presentation schedule)" in errors[0], errors

    def done():
        import tomllib

        return tomllib.loads((d / "competition.toml").read_text())["rounds"][4].get("room") == "Aula Adipura"

    follow(d, ["settings", "set", "rounds.5.room", "Aula Adipura"], done)
    assert run("-d", d, "schedule", "--round", 5, "--json").json()["room"] == "Aula Adipura"


# -- the invitations ---------------------------------------------------------------------------
def _register(d: Path) -> list[dict]:
    import tomllib

    return tomllib.loads((d / "letters.toml").read_text())["letter"]


def test_one_invitation_an_institution_with_its_slots(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    r = run("-d", d, "letters", "presentation-invitation", "--round", 5, "-o", tmp_path / "out")
    assert r.code == 0, r.err
    pages = sorted((tmp_path / "out").glob("presentation-invitation-round-5-*.html"))
    assert len(pages) == 5, pages
    import re

    texts = {p.name: re.sub(r"<[^>]+>", " ", p.read_text()) for p in pages}
    kes = " ".join(next(t for t in texts.values() if "Yth. Kepala Dinas Kesehatan" in t).split())
    for said in ("Undangan Paparan Penilaian V", "Rabu, 2 Agustus 2017", "Ruang Rapat Wali Kota Magelang",
                 "paling lama 25 menit", "Inovasi Layanan 10", "Inovasi Layanan 15", "Inovasi Layanan 20"):
        assert said in kes, (said, kes)
    # Dinas Kesehatan presents K010, K015, K020: after the 12 entries of the four institutions before it
    # 08:30 + 7 x 25 = 11:25; 11:25-11:50; break; 13:00 + 4 x 25 = 14:40 ... 15:55
    assert "14.40" in kes and "15.55" in kes and "WIB" in kes, kes
    numbers = [x["number"] for x in _register(d) if x["key"].startswith("presentation-invitation/5/")]
    assert len(set(numbers)) == 5


def test_the_invitations_facts_through_verify(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    assert run("-d", d, "letters", "presentation-invitation", "--round", 5, "-o", tmp_path / "out").code == 0
    rows = [x for x in _register(d) if x["key"].startswith("presentation-invitation/5/")]
    codes = {x["key"]: x["code"] for x in rows}
    verdicts = {k: run("-d", d, "verify", c, "--json").json() for k, c in codes.items()}
    for v in verdicts.values():
        assert v["status"] == "valid" and v["kind"] == "presentation-invitation", v
    kes = next(v for v in verdicts.values() if v["honour"].startswith("Dinas Kesehatan"))
    assert kes["entry_id"] == "K010, K015, K020" and kes["honour"] == "Dinas Kesehatan (Penilaian V)", kes
    # a later start moves every slot: every invitation is revoked, naming the change
    r = run("-d", d, "settings", "set", "rounds.5.presentation_start", "09:00")
    assert r.code == 0, r.err
    for c in codes.values():
        v = run("-d", d, "verify", c, "--json")
        assert v.code == 1 and v.json()["status"] == "revoked", v.out
        assert v.json()["revoked_by"]["action"] == "settings.set"
    # rendered again: the same numbers, new codes
    assert run("-d", d, "letters", "presentation-invitation", "--round", 5, "-o", tmp_path / "again").code == 0
    again = {x["key"]: x for x in _register(d) if x["key"].startswith("presentation-invitation/5/")}
    assert {k: x["number"] for k, x in again.items()} == {x["key"]: x["number"] for x in rows}
    assert all(again[k]["code"] != codes[k] for k in codes)


def test_an_entry_withdrawn_before_the_presentation_leaves_the_schedule(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    first = run("-d", d, "schedule", "--round", 5, "--json").json()["slots"]
    r = run("-d", d, "entry", "withdraw", first[0]["entry_id"], "--reason", "mengundurkan diri")
    assert r.code == 0, r.err
    after = run("-d", d, "schedule", "--round", 5, "--json").json()["slots"]
    # the others keep their order (an institution's place comes from its first id, withdrawn or not)
    assert [s["entry_id"] for s in after] == [s["entry_id"] for s in first[1:]]
    assert after[0]["start"] == "08:30"


def test_letters_without_round_writes_every_presentation_round_and_refuses_none(four_closed, scheduled, tmp_path):
    errors = refused(four_closed, "letters", "presentation-invitation", "-o", tmp_path / "none")
    assert len(errors) == 1 and "rounds.N.presentation true" in errors[0], errors
    d = _copy(scheduled, tmp_path)
    r = run("-d", d, "letters", "undangan-paparan", "-o", tmp_path / "all")
    assert r.code == 0, r.err
    assert len(list((tmp_path / "all").glob("*.html"))) == 5


def test_english_invitations(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    assert run("-d", d, "settings", "set", "competition.locale", "en").code == 0
    assert run("-d", d, "letters", "presentation-invitation", "--round", 5, "-o", tmp_path / "en").code == 0
    import re

    text = " ".join(re.sub(r"<[^>]+>", " ", p.read_text()) for p in (tmp_path / "en").glob("*.html"))
    text = " ".join(text.split())
    assert "Invitation to present, Penilaian V" in text and "Wednesday, 2 August 2017" in text and "08:30" in text
    assert "Undangan" not in text


def test_a_weekend_or_a_day_outside_the_round_is_said(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    assert run("-d", d, "settings", "set", "rounds.5.presentation_date", "2017-08-05").code == 0  # a Saturday
    r = run("-d", d, "schedule", "--round", 5)
    assert r.code == 0, r.err
    assert ("Warning: rounds.5.presentation_date 2017-08-05 is a Saturday or a Sunday; to present on a working day: "
            "`krenova settings set rounds.5.presentation_date 2017-08-07`") in r.err.splitlines(), r.err
    assert run("-d", d, "settings", "set", "rounds.5.presentation_date", "2017-08-07").code == 0  # Monday, in round 5
    assert "Warning" not in run("-d", d, "schedule", "--round", 5).err
    assert run("-d", d, "settings", "set", "rounds.5.presentation_date", "2017-08-09").code == 0  # round 5 ends on the 7th
    r = run("-d", d, "schedule", "--round", 5)
    assert "fall outside round 5's dates (2017-08-01 to 2017-08-07)" in r.err, r.err


def test_invitations_may_have_their_own_agenda_book(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    r = run("-d", d, "settings", "set", "letters.presentation-invitation.number", "005/{n}/Undangan/{year}")
    assert r.code == 0, r.err
    assert run("-d", d, "letters", "presentation-invitation", "--round", 5, "-o", tmp_path / "out").code == 0
    numbers = sorted(x["number"] for x in _register(d) if x["key"].startswith("presentation-invitation/"))
    assert numbers == [f"005/{i}/Undangan/2017" for i in range(1, 6)], numbers


def test_a_later_round_marked_before_its_schedule_is_complete_revokes_nothing(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    assert run("-d", d, "letters", "presentation-invitation", "-o", tmp_path / "out").code == 0
    codes = [x["code"] for x in _register(d) if x["key"].startswith("presentation-invitation/5/")]
    score_all(d, 5, lambda e, j, c: 70 + int(e[1:]) % 7, tmp_path)
    assert run("-d", d, "advance", "--round", 5).code == 0
    assert run("-d", d, "settings", "set", "rounds.6.presentation", "true").code == 0  # its date and room come later
    for c in codes:
        assert run("-d", d, "verify", c, "--json").json()["status"] == "valid", c
    errors = refused(d, "letters", "presentation-invitation", "--round", 6, "-o", tmp_path / "six")
    assert "rounds.6.presentation_date" in errors[0], errors


def test_the_invitation_is_dated_as_the_minutes_that_made_the_presenters_known(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    assert run("-d", d, "letters", "presentation-invitation", "--round", 5, "-o", tmp_path / "out").code == 0
    dates = {x["date"] for x in _register(d) if x["key"].startswith("presentation-invitation/")}
    assert dates == {"2017-07-31"}, dates  # round 4 ends on 31 July 2017 (its minutes' date), the presentations on 2 August
    # a presentation before that day: the letter is dated no later than the presentation
    assert run("-d", d, "settings", "set", "rounds.5.presentation_date", "2017-07-28").code == 0
    assert run("-d", d, "letters", "presentation-invitation", "--round", 5, "-o", tmp_path / "again").code == 0
    v = run("-d", d, "verify", [x for x in _register(d) if x["key"].startswith("presentation-invitation/")][0]["code"], "--json")
    assert v.json()["date"] == "2017-07-28", v.out


def test_the_schedule_workbook_stores_the_users_text_as_text_never_as_a_formula(scheduled, tmp_path):
    """The attacker's finding 1: a title or a room beginning with "=" became a live formula in the schedule's
    workbook (the recap, the sheets and every CSV stored it as text)."""
    import openpyxl

    d = _copy(scheduled, tmp_path)
    assert run("-d", d, "settings", "set", "rounds.5.room", '=HYPERLINK("http://evil","x")').code == 0
    entry = run("-d", d, "schedule", "--round", 5, "--json").json()["slots"][0]["entry_id"]
    assert run("-d", d, "entry", "edit", entry, "--title", '=HYPERLINK("http://e","t")', "--reason", "uji").code == 0
    r = run("-d", d, "schedule", "--round", 5, "--xlsx", tmp_path / "j.xlsx")
    assert r.code == 0, r.err
    ws = openpyxl.load_workbook(tmp_path / "j.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=HYPERLINK") for c in cells)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []


def test_an_invitation_is_never_dated_after_what_it_invites_to(scheduled, tmp_path):
    """The attacker's finding 2: `letters presentation-invitation --date` after the presentation (and the
    ceremony's invitation after the ceremony) was accepted; refused now, naming the last date allowed, with
    nothing changed; the day itself or earlier is taken."""
    d = _copy(scheduled, tmp_path)
    day = run("-d", d, "schedule", "--round", 5, "--json").json()["days"][0]
    before = tree_hash(d)
    r = run("-d", d, "letters", "presentation-invitation", "--round", 5, "--date", "2017-09-01", "-o", tmp_path / "o")
    assert r.code == 1 and day in r.err and "--date" in r.err, r.err
    assert tree_hash(d) == before
    r = run("-d", d, "letters", "presentation-invitation", "--round", 5, "--date", day, "-o", tmp_path / "o")
    assert r.code == 0, r.err
    assert run("-d", d, "settings", "set", "ceremony.venue", "Pendopo").code == 0
    assert run("-d", d, "settings", "set", "competition.award_date", "2017-08-17").code == 0
    before = tree_hash(d)
    r = run("-d", d, "letters", "ceremony-invitation", "--date", "2017-08-20", "-o", tmp_path / "undangan")
    assert r.code == 1 and "2017-08-17" in r.err, r.err
    assert tree_hash(d) == before
