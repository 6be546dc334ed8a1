"""Issue 18, the rest: closed rounds do not move (the settings that decided them are locked), the
minutes of a large round (advancing entries, the top of the eliminated, an annex with the full
ranking, signed by the judges who scored), and a small committee benchmark checked for correctness."""

from __future__ import annotations

import json

from tests.cli.test_rounds import refused
from tests.conftest import run, score_all, tree_hash


def closed_round_1(comp):
    assert run("-d", comp, "settings", "set", "rounds.1.advance_top", "10").code == 0
    score_all(comp, 1, lambda e, j, c: 40 + 2 * int(e[1:]) + (3 if c == "kebaruan" else 0) + (int(e[1:]) % 3) * (c == "replikasi") * 7)
    r = run("-d", comp, "advance", "--round", "1")
    assert r.code == 0, r.err
    return json.loads((comp / "rounds" / "round-1.json").read_text())


def test_a_closed_rounds_settings_are_locked(comp):
    record = closed_round_1(comp)
    assert record["settings"]["criteria"][0]["id"] == "kebaruan" and record["settings"]["advance_top"] == 10
    before = tree_hash(comp)
    for key, value in (("criteria.1.weight", "40"), ("rounds.1.advance_top", "12"), ("scoring.aggregation", "median"),
                       ("scoring.normalisation", "zscore")):
        lines = refused(comp, "settings", "set", key, value)
        assert len(lines) == 1 and "round 1 (" in lines[0], lines
        assert "`krenova reopen --round 1 --reason TEXT`" in lines[0]
    assert tree_hash(comp) == before
    # settings that decide nothing closed stay free
    assert run("-d", comp, "settings", "set", "rounds.2.advance_top", "5").code == 0
    assert run("-d", comp, "settings", "set", "signatory.name", "Ir. Sigit").code == 0
    # a hand edit of a weight is not adopted either
    settings = comp / "competition.toml"
    text = settings.read_text()
    edited = text.replace("weight = 25", "weight = 40", 1)
    assert edited != text
    settings.write_text(edited)
    lines = refused(comp, "adopt", "competition.toml", "--reason", "bobot baru")
    assert len(lines) == 1 and "round 1 (criteria)" in lines[0] and "krenova reopen --round 1" in lines[0]
    # forced anyway (the file edited, read commands only warn): the closed round shows its record
    st = run("-d", comp, "standings", "--round", "1", "--json")
    assert st.code == 0, st.err
    rows = st.json()["rows"]
    assert [(r["entry_id"], r["rank"], r["ranking_score"]) for r in rows] == [
        (r["entry_id"], r["rank"], r["ranking_score"]) for r in record["standings"]]
    assert [r["round_score"] for r in rows] == [r["round_score"] for r in record["standings"]]
    settings.write_text(text)
    # the way out: reopen, change, close again
    assert run("-d", comp, "reopen", "--round", "1", "--reason", "bobot diubah").code == 0
    assert run("-d", comp, "settings", "set", "criteria.1.weight", "40").code == 0
    assert run("-d", comp, "advance", "--round", "1").code == 0
    again = json.loads((comp / "rounds" / "round-1.json").read_text())
    assert again["settings"]["criteria"][0]["weight"] == "40"
