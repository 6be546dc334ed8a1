"""Judges come and go (issue 29 item 2): a judge retires with a reason, their unscored entries are
spread over the other judges, later rounds expect nothing of them, sheets and imports follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, refused, run, score_all

JUDGES = 8


@pytest.fixture
def trial(tmp_path) -> Path:
    """20 entries, 8 judges; round 1 scored by all and closed; round 2 with 5-judge panels."""
    d = tmp_path / "comp"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"] + [f"K{i:03d},Inovasi {i},Dinas {i},OPD,tik" for i in range(1, 21)]
    (tmp_path / "e.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / "e.csv").code == 0
    rows = ["id,nama,instansi"] + [f"J{i},Juri {i},Universitas {i}" for i in range(1, JUDGES + 1)]
    (tmp_path / "j.csv").write_text("\n".join(rows) + "\n")
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    score_all(d, 1, lambda e, j, c: 60 + (int(e[1:]) * 7 + int(j[1:]) * 3 + len(c)) % 35, tmp_path)
    assert run("-d", d, "advance", "--round", 1).code == 0
    r = run("-d", d, "assign", "--round", 2, "--per-entry", 5, "--json")
    assert r.code == 0, r.err
    return d


def _value(e, j, c):
    return 55 + (int(e[1:]) * 5 + int(j[1:]) * 11 + len(c)) % 40


def _score(d: Path, tmp: Path, pairs, name: str) -> None:
    rows = ["entry,judge,criterion,value"] + [f"{e},{j},{c},{_value(e, j, c)}" for e, j in pairs for c in CRITERIA]
    (tmp / name).write_text("\n".join(rows) + "\n")
    r = run("-d", d, "score", "--round", 2, "--from", tmp / name)
    assert r.code == 0, r.err


def _table(d: Path, n: int) -> dict[str, list[str]]:
    import tomllib

    return tomllib.loads((d / "assignments" / f"round-{n}.toml").read_text())["entries"]


def test_the_trial_story(trial, tmp_path):
    d = trial
    table = _table(d, 2)
    gone = "J8"
    mine = sorted(e for e, js in table.items() if gone in js)
    done = mine[: len(mine) // 2]  # the judge departs halfway
    # every other judge scores everything; J8 half of theirs
    _score(d, tmp_path, [(e, j) for e, js in table.items() for j in js if j != gone] + [(e, gone) for e in done], "r2.csv")
    before = json.loads(run("-d", d, "standings", "--round", 2, "--json").out)

    r = run("-d", d, "assign", "--round", 2, "--retire", gone, "--reason", "tugas ke luar negeri", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    moved = set(out["changed"])
    assert moved == set(mine) - set(done)
    after = _table(d, 2)
    for e in moved:
        assert gone not in after[e] and len(after[e]) == 5 and len(set(after[e])) == 5
    for e in done:
        assert gone in after[e]  # scores given stay, and so does the judge on that panel
    # the departed judge takes no one's place any more
    err = refused(d, "assign", "--round", 2, "--replace-judge", "J1", "--by", gone, "--reason", "x")
    assert any("--by: J8 does not judge round 2" in e for e in err), err
    loads = {j: sum(j in js for js in after.values()) for j in (f"J{i}" for i in range(1, JUDGES))}
    assert max(loads.values()) - min(loads.values()) <= 1, loads
    # one logged change, with the reason
    log = [json.loads(x) for x in (d / "ledger.jsonl").read_text().splitlines()]
    assert log[-1]["action"] == "assign.retire" and log[-1]["new"]["reason"] == "tugas ke luar negeri"
    r = run("-d", d, "judge", "list", "--json")
    assert r.code == 0, r.err
    judges = {j["id"]: j for j in json.loads(r.out)}
    assert judges[gone]["retired"] == {"round": 2, "reason": "tugas ke luar negeri"}
    assert judges["J1"]["retired"] is None
    listing = run("-d", d, "judge", "list").out
    assert "retired from round 2" in listing
    assert json.loads(run("-d", d, "judge", "show", gone, "--json").out)["retired"] == judges[gone]["retired"]
    assert "State: retired from round 2: tugas ke luar negeri" in run("-d", d, "judge", "show", gone).out

    # the scored entries' standings keep J8's scores
    now = json.loads(run("-d", d, "standings", "--round", 2, "--json").out)
    was = {row["entry_id"]: row for row in before["rows"]} if isinstance(before, dict) else {row["entry_id"]: row for row in before}
    rows = now["rows"] if isinstance(now, dict) else now
    for row in rows:
        if row["entry_id"] not in moved:
            assert row["ranking_score"] == was[row["entry_id"]]["ranking_score"], row["entry_id"]

    # the moved entries get their new judges' scores; the round closes without --allow-missing
    _score(d, tmp_path, [(e, j) for e in moved for j in after[e] if j not in table[e]], "r2b.csv")
    r = run("-d", d, "advance", "--round", 2)
    assert r.code == 0, r.err
    # the round's minutes record the departure and its reason
    r = run("-d", d, "letters", "minutes", "--round", 2, "--format", "html", "-o", tmp_path / "papers")
    assert r.code == 0, r.err
    html = "".join(p.read_text() for p in (tmp_path / "papers").rglob("*.html"))
    assert "Penggantian juri" in html and "Juri 8 (J8)" in html and "tugas ke luar negeri" in html
    r = run("-d", d, "letters", "minutes", "--round", 2, "--format", "docx", "-o", tmp_path / "word")
    assert r.code == 0, r.err
    from docx import Document

    docs = [Document(str(f)) for f in (tmp_path / "word").rglob("*.docx")]
    words = " ".join([p.text for d in docs for p in d.paragraphs]
                     + [c.text for d in docs for t in d.tables for row in t.rows for c in row.cells])
    assert "Penggantian juri" in words and "Juri 8 (J8)" in words and "tugas ke luar negeri" in words, words[-800:]

    # round 3: every judge scores everything, but the departed judge is expected nowhere
    status = json.loads(run("-d", d, "status", "--json").out)
    assert gone not in {p["judge"] for p in status["judge_progress"]}
    assert status["rounds"][2]["expected"] == 20 * (JUDGES - 1)
    r = run("-d", d, "sheets", "--round", 3, "-o", tmp_path / "sheets")
    assert r.code == 0, r.err
    written = sorted(p.name for p in (tmp_path / "sheets").iterdir())
    assert written == [f"round-3-J{i}.xlsx" for i in range(1, JUDGES)]
    assert gone in r.err
    err = refused(d, "score", "--round", 3, "--judge", gone, "K001", *(f"{c}=80" for c in CRITERIA))
    assert any("retired" in e and "judge reactivate" in e for e in err), err
    score_all(d, 3, lambda e, j, c: 70, tmp_path)
    r = run("-d", d, "advance", "--round", 3)
    assert r.code == 0, r.err
    r = run("-d", d, "check")
    assert r.code == 0, r.out + r.err

    # back for round 4: the closed rounds keep the absence (their records rest on it)
    closed = [run("-d", d, "standings", "--round", n, "--json").out for n in (2, 3)]
    r = run("-d", d, "judge", "reactivate", gone, "--reason", "kembali")
    assert r.code == 0, r.err
    r = run("-d", d, "judge", "list", "--json")
    assert {j["id"]: j for j in json.loads(r.out)}[gone]["retired"] == {"round": 2, "reason": "tugas ke luar negeri", "back": 4}
    status = json.loads(run("-d", d, "status", "--json").out)
    assert status["rounds"][3]["expected"] == 20 * JUDGES
    assert [run("-d", d, "standings", "--round", n, "--json").out for n in (2, 3)] == closed
    assert run("-d", d, "check").code == 0
    err = refused(d, "judge", "retire", gone, "--reason", "lagi")
    assert any("rounds.N.judges" in e for e in err), err


def test_retire_without_assignment_and_back(trial, tmp_path):
    d = trial
    # round 2 is assigned: a plain retire names the command that hands the entries over
    err = refused(d, "judge", "retire", "J3", "--reason", "sakit")
    assert any("assign --round 2 --retire J3" in e for e in err), err
    err = refused(d, "judge", "retire", "J3")
    assert any("--reason" in e for e in err), err
    # from round 3 on (no assignment there): only the expectation goes
    r = run("-d", d, "judge", "retire", "J3", "--reason", "sakit", "--from-round", 3)
    assert r.code == 0, r.err
    err = refused(d, "judge", "retire", "J3", "--reason", "lagi")
    assert any("judge reactivate J3" in e for e in err), err
    r = run("-d", d, "judge", "reactivate", "J3", "--reason", "sembuh")
    assert r.code == 0, r.err
    assert json.loads(run("-d", d, "judge", "list", "--json").out)[2]["retired"] is None
    err = refused(d, "judge", "reactivate", "J3")
    assert any("not retired" in e for e in err), err


def test_retire_refuses_naming_the_entry_nobody_can_take(tmp_path):
    d = tmp_path / "c"
    assert run("init", d).code == 0
    (tmp_path / "e.csv").write_text("id,judul,instansi,jenis,kategori\nK001,A,Dinas 1,OPD,tik\nK002,B,Dinas 2,OPD,tik\n")
    assert run("-d", d, "entry", "import", tmp_path / "e.csv").code == 0
    (tmp_path / "j.csv").write_text("id,nama,instansi\nJ1,A,U1\nJ2,B,U2\nJ3,C,Dinas 1\n")
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    assert run("-d", d, "assign", "--round", 1, "--per-entry", 2).code == 0
    table = _table(d, 1)
    assert table["K001"] == ["J1", "J2"]  # J3 is in conflict with K001
    err = refused(d, "assign", "--round", 1, "--retire", "J1", "--reason", "mundur")
    assert any("K001" in e and "judge add" in e for e in err), err
    # the way out: a new judge, then the retirement goes through
    assert run("-d", d, "judge", "add", "--name", "Juri Baru", "--affiliation", "U9").code == 0
    r = run("-d", d, "assign", "--round", 1, "--retire", "J1", "--reason", "mundur")
    assert r.code == 0, r.err
    assert "J1" not in _table(d, 1)["K001"]


def test_a_rounds_pool_of_judges(comp, tmp_path):
    """`rounds.N.judges`: only registered judges; the round expects, assigns and accepts only them."""
    d = comp
    err = refused(d, "settings", "set", "rounds.1.judges", '["J1", "J99"]')
    assert any("J99" in e and "judge add" in e for e in err), err
    assert run("-d", d, "settings", "set", "rounds.1.judges", '["J1", "J3"]').code == 0
    status = json.loads(run("-d", d, "status", "--json").out)
    assert status["rounds"][0]["expected"] == 40  # 20 entries, 2 judges (J2's affiliation conflicts with nothing of theirs)
    err = refused(d, "score", "--round", 1, "--judge", "J2", "K002", *(f"{c}=80" for c in CRITERIA))
    assert any("rounds.1.judges" in e for e in err), err
    r = run("-d", d, "sheets", "--round", 1, "-o", tmp_path / "s")
    assert r.code == 0, r.err
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["round-1-J1.xlsx", "round-1-J3.xlsx"]
    r = run("-d", d, "assign", "--round", 1, "--per-entry", 1, "--json")
    assert r.code == 0, r.err
    assert {j for js in json.loads(r.out)["entries"].values() for j in js} == {"J1", "J3"}
    # a judge a pool names stays registered until the pool lets them go
    assert run("-d", d, "judge", "add", "--id", "J4", "--name", "Juri Empat").code == 0
    assert run("-d", d, "settings", "set", "rounds.2.judges", '["J1", "J4"]').code == 0
    err = refused(d, "judge", "remove", "J4")
    assert err == ["Error: J4 is in round 2's judges (rounds.2.judges); take them out first: "
                   "`krenova settings set rounds.2.judges '[\"J1\"]'`"], err
    assert run("-d", d, "settings", "set", "rounds.2.judges", '["J1"]').code == 0
    assert run("-d", d, "judge", "remove", "J4").code == 0
    # an empty pool: every judge again
    assert run("-d", d, "settings", "set", "rounds.1.judges", "[]").code == 0
    assert run("-d", d, "check").code == 0


def test_retire_in_a_round_without_assignment(comp, tmp_path):
    """Every judge scores everything: retiring removes the expectation; the scores given stay and count."""
    d = comp
    crit = " ".join(f"{c}=90" for c in CRITERIA).split()
    assert run("-d", d, "score", "K002", "--round", 1, "--judge", "J3", *crit).code == 0
    r = run("-d", d, "assign", "--round", 1, "--retire", "J3", "--reason", "mengundurkan diri")
    assert r.code == 0, r.err
    assert "no entry had to move" in r.err
    assert not (d / "assignments" / "round-1.toml").exists()
    # the expected scores only: J3's other entries are not among them (K002's, recorded, stays the same)
    score_all(d, 1, lambda e, j, c: 90 if (e, j) == ("K002", "J3") else 70, tmp_path)
    r = run("-d", d, "advance", "--round", 1)
    assert r.code == 0, r.err
    rows = json.loads(run("-d", d, "standings", "--round", 1, "--json").out)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    k2 = next(row for row in rows if row["entry_id"] == "K002")
    assert k2["rank"] == 1  # J3's 90s count
    assert run("-d", d, "check").code == 0


def test_empty_sheet_skipped_beside_filled_ones(trial, tmp_path):
    d = trial
    out = tmp_path / "sheets"
    r = run("-d", d, "sheets", "--round", 2, "-o", out)
    assert r.code == 0, r.err
    from openpyxl import load_workbook

    from krenova_cli.spreadsheets.score_sheets import FIRST_ROW, FIXED

    filled = out / "round-2-J1.xlsx"
    wb = load_workbook(filled)
    ws = wb["Nilai"]
    for col in range(len(FIXED) + 1, len(FIXED) + 1 + len(CRITERIA)):
        ws.cell(row=FIRST_ROW, column=col, value=80)
    wb.save(filled)
    empty = out / "round-2-J2.xlsx"
    r = run("-d", d, "score", "--round", 2, "--from", filled, empty)
    assert r.code == 0, r.err
    assert "round-2-J2.xlsx: no scores filled in" in r.err and "skipped" in r.err
    # a batch of empty sheets only is still refused
    err = refused(d, "score", "--round", 2, "--from", empty, out / "round-2-J3.xlsx")
    assert any("no scores filled in" in e for e in err), err
