"""Scoring, ranking and cutoffs, with results worked out by hand."""

from fractions import Fraction

import pytest

from krenova_cli.core.cutoff import cutoff, tie_across
from krenova_cli.core.errors import UserError
from tests.unit.helpers import refused
from krenova_cli.store.schema import Criterion
from krenova_cli.core.scoring import ZRules, Rubric, aggregate, score_round
from krenova_cli.core.ranking import rank

from .helpers import ONE, TWO, ranks, standings_of

PRESET = [Criterion(id="kebaruan", name="K", weight=25), Criterion(id="efektivitas", name="E", weight=20),
          Criterion(id="kemanfaatan", name="M", weight=20), Criterion(id="replikasi", name="R", weight=15),
          Criterion(id="keberlanjutan", name="B", weight=20)]


def total(rubric, values):
    return Fraction(rubric.scaled_total(values), rubric.scale)


def test_judge_total_is_the_weighted_mean_on_0_100():
    r = Rubric.of(PRESET)
    # 25*80 + 20*70 + 20*60 + 15*50 + 20*40 = 6150, / 100 = 61.5
    assert total(r, {"kebaruan": 80, "efektivitas": 70, "kemanfaatan": 60, "replikasi": 50, "keberlanjutan": 40}) == Fraction(123, 2)


def test_criteria_on_different_ranges_are_rescaled():
    r = Rubric.of([Criterion(id="a", name="A", weight=1, min=0, max=10), Criterion(id="b", name="B", weight=3, min=50, max=100)])
    # a=7 -> 70; b=75 -> 50; (1*70 + 3*50) / 4 = 55
    assert total(r, {"a": 7, "b": 75}) == 55


def test_decimal_steps_stay_exact():
    r = Rubric.of([Criterion(id="a", name="A", weight=1, min=0, max=10, step=0.5)])
    assert total(r, {"a": Fraction(15, 2)}) == 75


@pytest.mark.parametrize("how, values, expected", [
    ("mean", [60, 70, 80, 100], Fraction(155, 2)),
    ("median", [60, 70, 80, 100], 75),
    ("median", [100, 60, 70], 70),
    ("trimmed", [60, 70, 80, 100], 75),          # drops 60 and 100
    ("trimmed", [60, 70, 100], Fraction(230, 3)),  # fewer than 4 judges: plain mean
    ("trimmed", [10, 50, 50, 50, 90], 50),
])
def test_aggregation(how, values, expected):
    assert aggregate(values, how) == expected


def test_mean_median_trimmed_on_the_same_panel_rank_differently():
    table = {"A": {"J1": 100, "J2": 60, "J3": 61, "J4": 62},  # one enthusiastic judge
             "B": {"J1": 70, "J2": 70, "J3": 70, "J4": 70}}
    assert ranks(standings_of(table, "mean"))["A"] == (1, False)  # 70.75 > 70
    assert ranks(standings_of(table, "median"))["B"] == (1, False)  # 61.5 < 70
    assert ranks(standings_of(table, "trimmed"))["B"] == (1, False)  # 61.5 < 70


def test_zscore_corrects_a_lenient_and_a_strict_judge():
    # J1 is lenient and scores X and Y; J2 is strict and scores Z and W. Each judge ranks
    # their own pair the same way, so after normalisation X ties Z and Y ties W.
    table = {"X": {"J1": 90}, "Y": {"J1": 80}, "Z": {"J2": 70}, "W": {"J2": 60}}
    plain = standings_of(table)
    assert [r.entry_id for r in plain.rows] == ["X", "Y", "Z", "W"]
    # two totals a judge is enough here (the default min_scores of 3 would keep them raw)
    norm = standings_of(table, norm="zscore", rules=ZRules(min_scores=2))
    got = ranks(norm)
    assert got["X"] == got["Z"] == (1, True)
    assert got["Y"] == got["W"] == (3, True)
    # mapped back onto the round's mean 75 and spread sqrt(125)
    x = norm.row("X").round_score
    assert abs(float(x) - (75 + 125 ** 0.5)) < 1e-12


def test_rank_by_two_rounds_at_half_each():
    r3 = score_round(3, ONE, {"J": {"A": {"nilai": 90}, "B": {"nilai": 70}}}, {"A": ["J"], "B": ["J"]})
    r4 = score_round(4, ONE, {"J": {"A": {"nilai": 60}, "B": {"nilai": 84}}}, {"A": ["J"], "B": ["J"]})
    st = rank(4, ["A", "B"], [(3, Fraction(1, 2)), (4, Fraction(1, 2))], [], {3: r3, 4: r4})
    # A: (90 + 60) / 2 = 75; B: (70 + 84) / 2 = 77
    assert [r.entry_id for r in st.rows] == ["B", "A"]
    assert st.row("B").ranking_score == 77 and st.row("A").round_score == 60


def test_shared_ranks_are_1_2_2_4_and_ties_listed_by_id():
    st = standings_of({"D": {"J": 90}, "C": {"J": 80}, "A": {"J": 80}, "B": {"J": 70}})
    assert [(r.entry_id, r.rank, r.tied) for r in st.rows] == [("D", 1, False), ("A", 2, True), ("C", 2, True), ("B", 4, False)]


def test_kebaruan_tie_break_separates_equal_totals():
    # Both total 70 (mean of the two criteria); E1 has the better kebaruan.
    scores = {"J": {"E1": {"nilai": 60, "kebaruan": 80}, "E2": {"nilai": 80, "kebaruan": 60}}}
    rs = score_round(1, TWO, scores, {"E1": ["J"], "E2": ["J"]})
    assert rs.scores["E1"] == rs.scores["E2"] == 70
    st = rank(1, ["E1", "E2"], [(1, Fraction(1))], ["criterion:kebaruan"], {1: rs})
    assert ranks(st) == {"E1": (1, False), "E2": (2, False)}
    untied = rank(1, ["E1", "E2"], [(1, Fraction(1))], [], {1: rs})
    assert ranks(untied) == {"E1": (1, True), "E2": (1, True)}


def _line(n, tie_at=None, width=1):
    """n entries scored n..1; `width` entries share the score at position `tie_at`."""
    table = {}
    for i in range(1, n + 1):
        score = 100 - i
        if tie_at is not None and tie_at <= i < tie_at + width:
            score = 100 - tie_at
        table[f"E{i:02d}"] = {"J": score}
    return standings_of(table)


def test_tie_exactly_at_15_16_stops_the_cutoff():
    st = _line(20, tie_at=15, width=2)
    assert tie_across(st.ranked(), 15) == ("E15", "E16")
    cut = cutoff(st, 15)
    assert cut.tie == ("E15", "E16") and cut.advancing == ()


def test_tie_resolved_by_include_ties_or_prefer():
    st = _line(20, tie_at=15, width=2)
    assert len(cutoff(st, 15, include_ties=True).advancing) == 16
    cut = cutoff(st, 15, prefer=["E16"], reason="rapat juri")
    assert "E16" in cut.advancing and "E15" not in cut.advancing and len(cut.advancing) == 15
    assert cut.decisions[0].to_json() == {"kind": "prefer", "tied": ["E15", "E16"], "chosen": ["E16"], "reason": "rapat juri"}


def test_three_way_tie_across_the_cutoff_needs_the_right_number_of_choices():
    st = _line(20, tie_at=14, width=3)  # places 14, 15, 16 share rank 14: 2 of 3 go on
    assert cutoff(st, 15).tie == ("E14", "E15", "E16")
    with refused("exactly 2 of the tied entries"):
        cutoff(st, 15, prefer=["E14"], reason="x")
    with refused("needs --reason"):
        cutoff(st, 15, prefer=["E14", "E16"])
    with refused("not among the entries tied"):
        cutoff(st, 15, prefer=["E01", "E14"], reason="x")
    cut = cutoff(st, 15, prefer=["E16", "E14"], reason="x")
    assert set(cut.advancing) == {f"E{i:02d}" for i in range(1, 15)} | {"E16"}


def test_a_tie_inside_the_cutoff_does_not_stop_it():
    st = _line(20, tie_at=3, width=2)
    assert not cutoff(st, 15).tie and len(cutoff(st, 15).advancing) == 15


def test_missing_scores_leave_an_entry_unranked_and_partial_scores_flagged():
    rs = score_round(1, ONE, {"J1": {"A": {"nilai": 50}}}, {"A": ["J1", "J2"], "B": ["J1", "J2"]})
    assert rs.missing == {"A": ("J2",), "B": ("J1", "J2")}
    st = rank(1, ["A", "B"], [(1, Fraction(1))], [], {1: rs})
    assert st.row("A").rank == 1 and st.row("B").rank is None
    assert cutoff(st, 1).eliminated == {"B": "no scores"}


def test_withdrawn_entry_leaves_the_ranking(tmp_path):
    from krenova_cli.core.lifecycle import active_entries
    from tests.unit.test_lifecycle import build_state

    state = build_state(withdrawn={"E2": 1})
    assert "E2" not in active_entries(state, 1)
