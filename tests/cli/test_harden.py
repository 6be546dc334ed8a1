"""The security tester's findings (hardening): each one as a regression test."""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run, tree_hash

ADD = ["entry", "add", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"]


def _edit_ledger_line(d: Path, lineno: int) -> None:
    path = d / "ledger.jsonl"
    lines = path.read_text().splitlines()
    record = json.loads(lines[lineno - 1])
    record["actor"] = "mallory"  # its hash no longer matches
    lines[lineno - 1] = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n")


# -- 1: a ledger broken in the middle or forked stops every write ---------------------------------

def test_a_ledger_altered_in_the_middle_refuses_writes_and_reads_warn(comp):
    for i in range(4):
        assert run("-d", comp, "settings", "set", "signatory.name", f"Name {i}").code == 0
    assert run("-d", comp, "status").code == 0  # the verified head is cached
    _edit_ledger_line(comp, 3)
    r = run("-d", comp, "check")
    assert r.code == 1 and any("record 3 was altered" in e for e in r.errors)
    before = tree_hash(comp)
    r = run("-d", comp, "settings", "set", "signatory.name", "Mallory")
    assert r.code == 1 and len(r.errors) == 1, r.err
    assert r.errors[0].startswith("Error: ledger.jsonl:3: record 3 was altered") and "krenova check" in r.errors[0]
    assert tree_hash(comp) == before
    r = run("-d", comp, "status")
    assert r.code == 0 and "Warning: ledger.jsonl:3: record 3 was altered" in r.err


def test_a_ledger_altered_in_the_middle_without_a_cache_refuses_writes(comp, monkeypatch):
    monkeypatch.setenv("KRENOVA_NO_CACHE", "1")
    _edit_ledger_line(comp, 2)
    before = tree_hash(comp)
    r = run("-d", comp, *ADD)
    assert r.code == 1 and len(r.errors) == 1 and "record 2 was altered" in r.errors[0] and "krenova check" in r.errors[0]
    assert tree_hash(comp) == before


def test_a_ledger_altered_before_lines_were_appended_is_still_found(comp):
    assert run("-d", comp, "status").code == 0  # the verified head is cached at this size
    path = comp / "ledger.jsonl"
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"actor":"tester"', b'"actor":"tester"'.replace(b"tester", b"mallor"), 1))  # same length
    assert len(path.read_bytes()) == len(data)
    from krenova_cli.store import ledger

    head, _ = ledger.read_head(path)
    record = ledger.make_record(head, "2017-08-17T10:00:00Z", "x", "note", "", None, None, {})
    with open(path, "ab") as fh:
        fh.write(ledger.canonical(record) + b"\n")  # a well-formed append after the edit
    r = run("-d", comp, *ADD)
    assert r.code == 1 and "record 1 was altered" in r.errors[0], r.err


def test_a_forked_ledger_refuses_writes(comp, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(comp, other)
    assert run("-d", comp, "settings", "set", "signatory.name", "Satu").code == 0
    assert run("-d", other, "judge", "edit", "J1", "--name", "Juri Kesatu").code == 0
    mine = (comp / "ledger.jsonl").read_text().splitlines()
    theirs = (other / "ledger.jsonl").read_text().splitlines()
    (comp / "ledger.jsonl").write_text("\n".join(mine + theirs[-1:]) + "\n")
    shutil.copy(other / "judges.toml", comp / "judges.toml")
    before = tree_hash(comp)
    r = run("-d", comp, "judge", "edit", "J2", "--name", "Juri Kedua")
    assert r.code == 1 and len(r.errors) == 1 and "the ledger was forked" in r.errors[0] and "krenova check" in r.errors[0], r.err
    assert tree_hash(comp) == before
    assert run("-d", comp, "adopt", "judges.toml", "--reason", "x").code == 1
    assert tree_hash(comp) == before


def test_an_intact_ledger_is_verified_incrementally_and_writes_go_on(comp):
    from krenova_cli.store.validation_cache import ValidationCache

    for i in range(3):
        assert run("-d", comp, *ADD[:3], f"T{i}", *ADD[4:]).code == 0
        assert run("-d", comp, "status").code == 0
    hit = ValidationCache(comp).files["#chain"]
    assert hit[1]["size"] == (comp / "ledger.jsonl").stat().st_size
    assert run("-d", comp, "check").code == 0


# -- 2: the clock compares moments, not text ------------------------------------------------------

def test_the_clock_check_compares_moments_not_text(comp, monkeypatch):
    monkeypatch.setenv("KRENOVA_NOW", "2030-01-01T00:00:00.900")
    assert run("-d", comp, "settings", "set", "signatory.name", "A").code == 0
    before = tree_hash(comp)
    monkeypatch.setenv("KRENOVA_NOW", "2030-01-01T00:00:00")  # 0.9 s back
    r = run("-d", comp, "settings", "set", "signatory.name", "Z")
    assert r.code == 1 and r.errors[0].startswith("Error: the clock says 2030-01-01T00:00:00Z, earlier than the ledger's last record"), r.err
    assert tree_hash(comp) == before
    monkeypatch.setenv("KRENOVA_NOW", "2030-01-01T00:00:01")
    assert run("-d", comp, "settings", "set", "signatory.name", "B").code == 0
    monkeypatch.setenv("KRENOVA_NOW", "2030-01-01T00:00:01.5")  # later, though "." sorts before "Z"
    r = run("-d", comp, "settings", "set", "signatory.name", "Z")
    assert r.code == 0, r.err
    assert run("-d", comp, "check").code == 0


def test_check_names_a_record_whose_time_goes_back(comp):
    from krenova_cli.store import ledger

    path = comp / "ledger.jsonl"
    head, _ = ledger.read_head(path)
    record = ledger.make_record(head, "2017-08-17T09:59:59Z", "x", "note", "", None, None, {})
    with open(path, "ab") as fh:
        fh.write(ledger.canonical(record) + b"\n")
    r = run("-d", comp, "check")
    assert r.code == 1
    assert f"Error: ledger.jsonl:{head.seq + 1}: record {head.seq + 1} is earlier (2017-08-17T09:59:59Z) than a record before it" in r.err, r.err


# -- 3: a score file with many errors is checked in linear time ------------------------------------

def test_a_score_file_with_many_unknown_entries_is_checked_fast_and_its_errors_capped(comp):
    import time

    n = 40_000
    folder = comp / "scores" / "round-1"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ['{"round": 1, "judge": "J1", "scores": {']
    lines += [f'  "X{i}": {{"kebaruan": 70}},' for i in range(n - 1)] + [f'  "X{n - 1}": {{"kebaruan": 70}}', "}}"]
    (folder / "J1.json").write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    r = run("-d", comp, "check")
    took = time.perf_counter() - started
    assert r.code == 1
    mine = [e for e in r.errors if e.startswith("Error: scores/round-1/J1.json")]
    assert mine[0] == "Error: scores/round-1/J1.json:2: 'X0': unknown entry"
    assert "Error: scores/round-1/J1.json:51: 'X49': unknown entry" in mine
    assert "Error: scores/round-1/J1.json: ... and 39950 more problems" in mine
    assert len(mine) <= 52
    assert took < 5, took


def test_line_numbers_of_many_keys_come_from_one_scan():
    from krenova_cli.store.parsing import KeyLines

    text = '{\n "a": 1,\n "b\\"q": {"c": 2},\n\n "d": 3}'
    lines = KeyLines(text)
    assert [lines.first("a"), lines.first('b"q'), lines.first("c"), lines.first("d"), lines.first("zz")] == [2, 3, 3, 5, None]


# -- 4: more sync-conflict and backup copies --------------------------------------------------------

@pytest.mark.parametrize("source, copy, kind", [
    ("judges.toml", "judges 2.toml", "a sync-conflict copy"),
    ("ledger.jsonl", "ledger 2.jsonl", "a sync-conflict copy"),
    ("rounds/round-1.json", "rounds/round-1 2.json", "a sync-conflict copy"),
    ("entries/K001.toml", "entries/K001 3.toml", "a sync-conflict copy"),
    ("judges.toml", "judges.toml.bak", "a backup copy"),
    ("competition.toml", "competition.toml.bak", "a backup copy"),
])
def test_icloud_and_backup_copies_are_named_and_stop_writes(comp, source, copy, kind):
    (comp / "rounds").mkdir(exist_ok=True)
    src = comp / source
    data = src.read_bytes() if src.exists() else b'{"round": 1}\n'
    (comp / copy).write_bytes(data)
    before = tree_hash(comp)
    r = run("-d", comp, "check")
    assert r.code == 1 and any(e.startswith(f"Error: {copy}: {kind}") and "move the copy out of the folder" in e for e in r.errors), r.err
    r = run("-d", comp, *ADD)
    assert r.code == 1 and r.errors[0].startswith(f"Error: {copy}: {kind}"), r.err
    assert tree_hash(comp) == before


@pytest.mark.parametrize("name", ["notes 2.txt", "minutes 2.pdf", "backup.bak", "Inovasi 2017.docx"])
def test_other_files_with_a_number_or_bak_are_not_copies(comp, name):
    (comp / name).write_text("mine")
    assert run("-d", comp, "check").code == 0


# -- 5: deep nesting is a problem of the file, not an internal error --------------------------------

DEEP = 200_000


def test_deeply_nested_files_are_named_and_check_lists_every_problem(comp):
    (comp / "entries" / "K002.toml").write_text("judul = " + "[" * DEEP + "]" * DEEP + "\n")
    folder = comp / "scores" / "round-1"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "J1.json").write_text('{"round": 1, "judge": "J1", "scores": ' + "[" * DEEP + "]" * DEEP + "}\n")
    (folder / "J2.json").write_text('{"round": 1, "judge": "J2", "scores": {"K001": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}}\n")
    r = run("-d", comp, "check")
    assert r.code == 1 and "internal error" not in r.err and "Traceback" not in r.err, r.err
    for rel in ("entries/K002.toml", "scores/round-1/J1.json", "scores/round-1/J2.json"):
        assert f"Error: {rel}: nested too deeply" in r.err, r.err
    assert "Error: entries/K002.toml: changed outside krenova" in r.err  # check goes on past the deep file
    before = tree_hash(comp)
    r = run("-d", comp, *ADD)
    assert r.code == 1 and "internal error" not in r.err
    assert tree_hash(comp) == before


def test_a_deeply_nested_import_is_one_error(comp, tmp_path):
    from krenova_cli.core.errors import DataErrors
    from krenova_cli.store.parsing import parse_json, parse_toml

    with pytest.raises(DataErrors) as exc:
        parse_toml("a = " + "[" * DEEP + "]" * DEEP, "x.toml")
    assert str(exc.value).startswith("x.toml: nested too deeply")
    with pytest.raises(DataErrors) as exc:
        parse_json("[" * DEEP + "]" * DEEP, "x.json", exact=True)
    assert str(exc.value).startswith("x.json: nested too deeply")


def test_a_deeply_nested_ledger_line_is_named(comp):
    with open(comp / "ledger.jsonl", "a") as fh:
        fh.write("[" * DEEP + "]" * DEEP + "\n")
    before = tree_hash(comp)
    for command in (["check"], ["status"], ADD):
        r = run("-d", comp, *command)
        assert "internal error" not in r.err, (command, r.err)
    r = run("-d", comp, "check")
    assert r.code == 1 and any(e.startswith("Error: ledger.jsonl") for e in r.errors), r.err
    assert tree_hash(comp) == before


# -- 6: check and adopt re-derive the closed rounds, the awards and the letter register ------------

@pytest.fixture(scope="module")
def demo_master(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KRENOVA_LANG", "en")
        mp.setenv("KRENOVA_NOW", "2017-08-17T10:00:00+00:00")
        mp.setenv("KRENOVA_ACTOR", "tester")
        mp.setenv("KRENOVA_CACHE_DIR", str(base / ".cache"))
        assert run("demo", base / "d").code == 0
    return base / "d"


@pytest.fixture
def demo(demo_master, tmp_path):
    d = tmp_path / "d"
    shutil.copytree(demo_master, d)
    assert run("-d", d, "check").code == 0
    return d


def _refused_and_reported(d, names, expected):
    before = tree_hash(d)
    r = run("-d", d, "adopt", *names, "--reason", "x")
    assert r.code == 1 and any(expected in e for e in r.errors), r.err
    assert tree_hash(d) == before
    r = run("-d", d, "check")
    assert r.code == 1 and any(expected in e for e in r.errors), r.err


def test_awards_with_swapped_winners_are_not_adopted(demo):
    path = demo / "awards.json"
    awards = json.loads(path.read_text())
    first, second = awards["places"][0], awards["places"][1]
    first["entry_id"], second["entry_id"] = second["entry_id"], first["entry_id"]
    path.write_text(json.dumps(awards, indent=2, ensure_ascii=False) + "\n")
    _refused_and_reported(demo, ["awards.json"], "Error: awards.json: place 1: ")


def test_awards_with_another_amount_are_not_adopted(demo):
    path = demo / "awards.json"
    awards = json.loads(path.read_text())
    awards["places"][2]["amount"] += 1_000_000
    path.write_text(json.dumps(awards, indent=2, ensure_ascii=False) + "\n")
    _refused_and_reported(demo, ["awards.json"], "Error: awards.json: place 3: ")


def test_a_closed_round_edited_with_its_new_sha_is_not_adopted(demo):
    from krenova_cli.store import ledger

    score = demo / "scores" / "round-6" / "J1.json"
    text = score.read_text()
    data = json.loads(text)
    entry = sorted(data["scores"])[0]
    old = data["scores"][entry]["kebaruan"]
    score.write_text(text.replace(f'"{entry}": {{"efektivitas"', f'"{entry}": {{"efektivitas"', 1)
                     .replace(f'"kebaruan": {old}', f'"kebaruan": {old - 30 if old > 40 else old + 30}', 1))
    record = demo / "rounds" / "round-6.json"
    rec = json.loads(record.read_text())
    rec["score_files"]["scores/round-6/J1.json"] = ledger.sha256(score.read_bytes())
    record.write_text(json.dumps(rec, indent=2, ensure_ascii=False) + "\n")
    _refused_and_reported(demo, ["scores/round-6/J1.json", "rounds/round-6.json"], "does not follow from the score files")


def test_a_closed_round_with_another_advancing_set_is_not_adopted(demo):
    record = demo / "rounds" / "round-4.json"
    rec = json.loads(record.read_text())
    out = next(row["entry_id"] for row in rec["standings"] if not row["advances"] and row["rank"] is not None)
    rec["advancing"] = rec["advancing"][:-1] + [out]
    record.write_text(json.dumps(rec, indent=2, ensure_ascii=False) + "\n")
    _refused_and_reported(demo, ["rounds/round-4.json"], "Error: rounds/round-4.json: the advancing entries do not follow from the standings")


def test_a_letter_register_giving_one_number_twice_is_not_adopted(demo):
    path = demo / "letters.toml"
    text = path.read_text()
    numbers = [line.split('"')[1] for line in text.splitlines() if line.startswith("number = ")]
    path.write_text(text.replace(f'number = "{numbers[1]}"', f'number = "{numbers[0]}"', 1))
    _refused_and_reported(demo, ["letters.toml"], f"Error: letters.toml: letter 2: number '{numbers[0]}' is given twice")


def test_check_anchor_needs_at_least_16_hex_digits(comp):
    head = run("-d", comp, "log", "--json").json()[-1]["hash"]
    r = run("-d", comp, "check", "--anchor", head[:8])
    assert r.code == 1 and r.errors == [f"Error: --anchor: '{head[:8]}' is not a ledger head (16 hex digits, as printed on the minutes)"]
    assert run("-d", comp, "check", "--anchor", head[:16]).code == 0
