"""Z-score normalisation against hand-worked tables, one per edge case (one score, zero spread, ceiling judge, clip).

One criterion scored 0-100, so a judge's total is the score given. The round:

    entry   J1   J2   J3   J4
    A       60   80   50   98
    B       70   80    -   99
    C       80   80    -  100
    D       90   80    -  100

All 13 raw totals: sum 1067, sum of squares 90505, so the round's mean M = 1067/13 = 82.0769 and its
population SD S = sqrt(90505/13 - (1067/13)^2) = sqrt(38076)/13 = 15.0100.
J1: mean 75, SD sqrt(125): standardised, M + (t - 75) / sqrt(125) * S.
J2: spread 0 (< min_spread 1): shifted, 80 + (M - 80) = M.
J3: one total (< min_scores 3): raw, 50.
J4: the ceiling judge, mean 99.25, SD sqrt(0.6875) = 0.83 (< 1): shifted, t + M - 99.25.
"""

from __future__ import annotations

from fractions import Fraction
from math import sqrt

from krenova_cli.core.scoring import ZRules, co_panel_differences, score_round

from .helpers import ONE, scores_from

TABLE = {"A": {"J1": 60, "J2": 80, "J3": 50, "J4": 98}, "B": {"J1": 70, "J2": 80, "J4": 99},
         "C": {"J1": 80, "J2": 80, "J4": 100}, "D": {"J1": 90, "J2": 80, "J4": 100}}
M = 1067 / 13
S = sqrt(38076) / 13


def scored(table, rules=ZRules()):
    return score_round(1, ONE, scores_from(table), {e: sorted(js) for e, js in table.items()}, "mean", "zscore", rules)


def test_each_edge_case_against_the_hand_worked_table():
    rs = scored(TABLE)
    got = {e: {j: float(v) for j, v in row.items()} for e, row in rs.totals.items()}
    want = {
        "A": {"J1": M + (60 - 75) / sqrt(125) * S, "J2": M, "J3": 50, "J4": 98 + M - 99.25},
        "B": {"J1": M + (70 - 75) / sqrt(125) * S, "J2": M, "J4": 99 + M - 99.25},
        "C": {"J1": M + (80 - 75) / sqrt(125) * S, "J2": M, "J4": 100 + M - 99.25},
        "D": {"J1": M + (90 - 75) / sqrt(125) * S, "J2": M, "J4": 100 + M - 99.25},
    }
    for e in want:
        assert got[e].keys() == want[e].keys()
        for j in want[e]:
            assert abs(got[e][j] - want[e][j]) < 1e-9, (e, j, got[e][j], want[e][j])
    assert abs(float(rs.scores["A"]) - sum(want["A"].values()) / 4) < 1e-9
    # raw totals are kept beside the normalised ones, untouched
    assert rs.raw_totals["A"] == {"J1": 60, "J2": 80, "J3": 50, "J4": 98}
    assert [(n.judge_id, n.rule, n.count) for n in rs.notes] == [("J2", "shifted", 4), ("J3", "raw", 1), ("J4", "shifted", 4)]
    assert abs(float(rs.notes[2].sd) - sqrt(0.6875)) < 1e-12
    assert rs.notes[1].text(1, ZRules()) == ("round 1: judge J3 has 1 total(s), fewer than min_scores 3: too few to "
                                             "measure leniency, so the raw totals are used unnormalised")
    assert "J4's totals spread 0.83 points (population SD), below min_spread 1" in rs.notes[2].text(1, ZRules())


def test_a_lower_min_spread_standardises_the_ceiling_judge():
    rs = scored(TABLE, ZRules(min_spread=Fraction(1, 2)))
    sd4 = sqrt(0.6875)
    assert abs(float(rs.totals["B"]["J4"]) - (M + (99 - 99.25) / sd4 * S)) < 1e-9
    assert [n.judge_id for n in rs.notes] == ["J2", "J3"]


def test_clip_holds_normalised_totals_to_0_100():
    # J2 gives 0, 0, 0, 100: its 100 becomes M + sqrt(3) * S = 55 + 1.732 * 43.59 = 130.5 unclipped.
    table = {"A": {"J1": 70, "J2": 0}, "B": {"J1": 80, "J2": 0}, "C": {"J1": 90, "J2": 0}, "D": {"J1": 100, "J2": 100}}
    free = scored(table)
    assert abs(float(free.totals["D"]["J2"]) - (55 + sqrt(3) * sqrt(1900))) < 1e-9
    assert float(free.totals["D"]["J1"]) > 100
    held = scored(table, ZRules(clip=True))
    assert held.totals["D"] == {"J1": 100, "J2": 100}
    assert all(0 <= v <= 100 for row in held.totals.values() for v in row.values())
    assert held.scores["D"] == 100


def test_judge_statistics_compare_with_co_panellists_on_raw_totals():
    raw = {"A": {"J1": Fraction(90), "J2": Fraction(80), "J3": Fraction(70)}, "B": {"J1": Fraction(60), "J2": Fraction(50)},
           "C": {"J3": Fraction(40)}}
    got = co_panel_differences(raw)
    # J1: A 90 - 75 = 15, B 60 - 50 = 10 -> 12.5; J2: A 80 - 80 = 0, B 50 - 60 = -10 -> -5; J3: A 70 - 85 = -15 (C alone)
    assert got == {"J1": (2, Fraction(25, 2)), "J2": (2, Fraction(-5)), "J3": (1, Fraction(-15))}
