"""A hand edit of a decision leads out: `adopt awards.json` names `awards --redo`, which (like `--undo`)
replaces the edited decision whole instead of sending the user back to `adopt` (the attacker's pass found
adopt -> awards --redo -> adopt ... with no way out but restoring the bytes by hand)."""

from __future__ import annotations

import shlex

import pytest

from tests.conftest import run, score_all


@pytest.fixture
def decided(comp, tmp_path):
    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c: 60 + int(e[1:]) * 2, tmp_path)
        assert run("-d", comp, "advance", "--round", str(n), "--include-ties").code == 0
    assert run("-d", comp, "awards").code == 0
    return comp


def test_the_advice_after_a_hand_edit_of_the_awards_leads_out(decided):
    path = decided / "awards.json"
    path.write_text(path.read_text().replace("5000000", "9000000"))
    r = run("-d", decided, "adopt", "awards.json", "--reason", "koreksi")
    assert r.code == 1
    advice = next(part for part in r.err.split("`") if part.startswith("krenova awards"))
    words = shlex.split(advice.replace("TEXT", "'keputusan dipulihkan'"))
    r = run("-d", decided, *words[1:])
    assert r.code == 0, r.err
    assert run("-d", decided, "check").code == 0
    assert "9000000" not in path.read_text()


def test_undo_takes_a_hand_edited_decision_away_too(decided):
    path = decided / "awards.json"
    path.write_text(path.read_text().replace("5000000", "9000000"))
    assert run("-d", decided, "awards", "--undo", "--reason", "keputusan diubah tangan").code == 0
    assert run("-d", decided, "awards").code == 0
    assert run("-d", decided, "check").code == 0
    assert run("-d", decided, "log", "--json").json()[-2]["old"]["places"][0]["amount"] == 9000000
