"""Prize places from the final ranking; ties at a prize place need the committee's order."""

import re

import pytest

from krenova_cli.core.prizes import decide
from krenova_cli.core.model import Prize
from krenova_cli.core.errors import UserError
from tests.unit.helpers import refused

PRIZES = [Prize(1, "Juara I", 5_000_000), Prize(2, "Juara II", 3_000_000), Prize(3, "Juara III", 2_000_000)]


def places(ranked, prefer=(), reason="", prizes=PRIZES, cats=None):
    got, decisions = decide(ranked, cats or {e: "tik" for e, _, _ in ranked}, prizes, prefer, reason)
    return [(p.title, p.entry_id, p.amount) for p in got], decisions


def test_clean_ranking():
    got, decisions = places([("A", 1, 90), ("B", 2, 80), ("C", 3, 70), ("D", 4, 60)])
    assert got == [("Juara I", "A", 5_000_000), ("Juara II", "B", 3_000_000), ("Juara III", "C", 2_000_000)] and decisions == []


def test_tie_inside_the_prizes_needs_an_order():
    ranked = [("A", 1, 90), ("B", 2, 80), ("C", 2, 80), ("D", 4, 60)]
    with refused("2 entries share rank 2 at a prize place: B, C"):
        places(ranked)
    with refused("needs --reason"):
        places(ranked, prefer=["C"])
    got, decisions = places(ranked, prefer=["C"], reason="rapat juri")
    assert [e for _, e, _ in got] == ["A", "C", "B"]
    assert [d.to_json() for d in decisions] == [{"kind": "prefer", "tied": ["B", "C"], "chosen": ["C", "B"], "reason": "rapat juri"}]


def test_tie_across_the_last_prize():
    ranked = [("A", 1, 90), ("B", 2, 80), ("C", 3, 70), ("D", 3, 70), ("E", 3, 70)]
    with refused("3 entries share rank 3"):
        places(ranked)
    got, _ = places(ranked, prefer=["E"], reason="x")
    assert got[2] == ("Juara III", "E", 2_000_000)
    with refused("not part of a tie"):
        places(ranked, prefer=["E", "A"], reason="x")


def test_category_prize_goes_to_the_best_finalist_without_a_prize():
    prizes = PRIZES[:1] + [Prize(2, "Terbaik TIK", 1_000_000, "tik")]
    cats = {"A": "tik", "B": "pelayanan-langsung", "C": "tik"}
    got, _ = places([("A", 1, 90), ("B", 2, 80), ("C", 3, 70)], prizes=prizes, cats=cats)
    assert got == [("Juara I", "A", 5_000_000), ("Terbaik TIK", "C", 1_000_000)]


def test_every_tie_at_prize_places_is_named_in_one_refusal():
    """Issue 26 item 7: two separate ties at prize places are named together, not one after the other."""
    prizes = PRIZES + [Prize(4, "Harapan I", 1_000_000), Prize(5, "Harapan II", 500_000)]
    ranked = [("A", 1, 90), ("B", 2, 80), ("C", 2, 80), ("D", 4, 70), ("E", 5, 60), ("F", 5, 60), ("G", 7, 50)]
    with refused(re.escape("2 ties at prize places: rank 2 (B, C); rank 5 (E, F). Record the committee's order of each")):
        places(ranked, prizes=prizes)
    with refused("2 entries share rank 5 at a prize place: E, F"):
        places(ranked, prefer=["C"], reason="rapat", prizes=prizes)  # the first answered, the second still open
    got, decisions = places(ranked, prefer=["C", "F"], reason="rapat juri", prizes=prizes)
    assert [e for _, e, _ in got] == ["A", "C", "B", "D", "F"]
    assert [d.tied for d in decisions] == [("B", "C"), ("E", "F")]
