"""The read path's fast ways of computing scores and ranks give exactly what the plain definitions give.

Each fast path (the mean in one step, one Fraction per distinct total, one round's weight left out,
ranking keys compared as whole numbers) is checked against the definition it replaces, on random
rounds with ties, missing judges, half points, criteria of other ranges and weighted rounds.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from krenova_cli.core.ids import natural_key
from krenova_cli.core.ranking import _desc, parse_tie_break, rank, ranking_score, ranking_scores, tie_break_value
from krenova_cli.core.scoring import AGGREGATIONS, Rubric, ZRules, co_panel_differences, score_round
from krenova_cli.spreadsheets.recap_tables import _criterion_means
from krenova_cli.store.schema import Criterion

CRITERIA = [Criterion(id="a", name="A", weight=25, min=0, max=100), Criterion(id="b", name="B", weight=15, min=10, max=60),
            Criterion(id="c", name="C", weight=20, min=0, max=10, step=0.5)]


def random_round(rng: random.Random, n: int, entries: list[str], judges: list[str], coarse: bool):
    """scores[judge][entry][criterion], expected panels (some judges missing), values in few steps (ties)."""
    scores: dict = {j: {} for j in judges}
    expected = {}
    for e in entries:
        panel = sorted(rng.sample(judges, rng.randint(1, len(judges))))
        expected[e] = panel
        for j in panel:
            if rng.random() < 0.1:
                continue  # missing
            step = 20 if coarse else 1
            scores[j][e] = {"a": rng.randrange(0, 101, step), "b": rng.randrange(10, 61, 10 if coarse else 1),
                            "c": Fraction(rng.randrange(0, 21, 10 if coarse else 1), 2) if rng.random() < 0.5 else rng.randrange(0, 11, 5)}
    return scores, expected


def plain_total(rubric: Rubric, values) -> Fraction:
    total = 0
    for cid, coef, low in zip(rubric.criteria, rubric.coefficients, rubric.minimums):
        total += coef * (values[cid] - low)
    return total


def plain_rank(round_no, entries, rank_by, tie_break, rounds):
    """The ranking as first written: Fraction keys sorted through `_desc`."""
    parsed = [parse_tie_break(k) for k in tie_break]
    scores = {e: ranking_score(e, rank_by, rounds) for e in entries}
    ranked = [e for e in entries if scores[e] is not None]
    groups: dict = {}
    for e in ranked:
        groups.setdefault(scores[e], []).append(e)
    keys = {}
    for score, members in groups.items():
        for e in members:
            keys[e] = (score,) if len(members) == 1 or not tie_break else \
                (score,) + tuple(tie_break_value(k, e, round_no, rank_by, rounds) for k in parsed)
    width = 1 + len(tie_break)

    def sort_key(e):
        k = keys[e] + (None,) * (width - len(keys[e]))
        return tuple(_desc(v) for v in k) + (natural_key(e),)

    ordered = sorted(ranked, key=sort_key)
    out, i = [], 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and sort_key(ordered[j + 1])[:-1] == sort_key(ordered[i])[:-1]:
            j += 1
        out += [(e, i + 1, j > i, scores[e], keys[e][1:]) for e in ordered[i: j + 1]]
        i = j + 1
    return out


@pytest.mark.parametrize("seed", range(12))
def test_scores_and_ranks_match_their_definitions(seed):
    rng = random.Random(seed)
    entries = [f"K{i}" for i in rng.sample(range(1, 400), 60)]
    judges = ["J1", "J2", "J3", "J10"]
    rubric = Rubric.of(CRITERIA)
    how = rng.choice(sorted(AGGREGATIONS))
    norm = rng.choice(["none", "none", "zscore"])
    rounds = {}
    for n in (1, 2):
        scores, expected = random_round(rng, n, entries, judges, coarse=seed % 2 == 0)
        rs = score_round(n, rubric, scores, expected, how, norm, ZRules())
        rounds[n] = rs
        for e, panel in expected.items():
            row = {j: plain_total(rubric, scores[j][e]) for j in panel if e in scores[j]}
            assert {j: rubric.scaled_total(scores[j][e]) for j in row} == row
            if norm == "none":
                assert rs.totals[e] == {j: Fraction(v) / rubric.scale for j, v in sorted(row.items())}
                assert list(rs.totals[e]) == sorted(row)
                if row:
                    assert rs.scores[e] == AGGREGATIONS[how](list(row.values())) / rubric.scale
            means = []
            for c in ("a", "b", "c"):
                values = [scores[j][e][c] for j in rs.totals.get(e, {})]
                means.append(Fraction(sum(values)) / len(values) if values else None)
                assert rs.criterion_mean(e, c) == means[-1]
            assert _criterion_means(rs, e, CRITERIA) == [None if m is None else float(m) for m in means]  # the recap's
    for rank_by in ([(2, Fraction(1))], [(1, Fraction(1, 2)), (2, Fraction(1, 2))], [(1, Fraction(1, 3)), (2, Fraction(2, 3))],
                    [(2, Fraction(3))]):
        assert ranking_scores(entries, rank_by, rounds) == {e: ranking_score(e, rank_by, rounds) for e in entries}
        for tie_break in ((), ("criterion:a",), ("criterion:c", "round:1", "median")):
            st = rank(2, entries, rank_by, tie_break, rounds)
            got = [(r.entry_id, r.rank, r.tied, r.ranking_score, r.tie_break) for r in st.rows if r.rank is not None]
            assert got == plain_rank(2, entries, rank_by, tie_break, rounds)
            if not tie_break and seed % 2 == 0 and norm == "none" and len(rank_by) == 1:
                assert any(r.tied for r in st.rows)  # the coarse rounds do tie: the tie-break steps are exercised


@pytest.mark.parametrize("seed", range(6))
def test_co_panel_differences_are_the_mean_difference_from_the_others(seed):
    rng = random.Random(seed)
    raw = {}
    for i in range(40):
        panel = rng.sample(["J1", "J2", "J3", "J4", "J5"], rng.randint(1, 5))
        raw[f"K{i}"] = {j: Fraction(rng.randrange(0, 2000), rng.choice([1, 3, 7, 20])) for j in panel}
    want: dict = {}
    for row in raw.values():
        if len(row) < 2:
            continue
        for j, v in row.items():
            others = [w for k, w in row.items() if k != j]
            want.setdefault(j, []).append(v - sum(others, Fraction(0)) / len(others))
    got = co_panel_differences(raw)
    assert got == {j: (len(d), sum(d, Fraction(0)) / len(d)) for j, d in sorted(want.items())}


def test_whole_scores_pass_exactly_when_the_full_check_finds_nothing():
    from krenova_cli.core.score_rules import check_entry_values, fine_whole, rules_for, whole_scores

    criteria = [Criterion(id="a", name="A", weight=1, min=1, max=10), Criterion(id="b", name="B", weight=2, min=1, max=10)]
    whole = whole_scores(criteria)
    assert whole == (frozenset({"a", "b"}), 1, 10)
    assert whole_scores(CRITERIA) is None  # other bounds, half points: always the full check
    rules = rules_for(criteria)
    odd = [None, True, 0, 1, 10, 11, -1, 5.0, Fraction(5), Fraction(11, 2), "5", [5]]
    cases = [{"a": x, "b": y} for x in odd for y in odd] + [{"a": 5}, {"a": 5, "b": 5, "c": 5}, {"b": 5, "c": 5}, {}, [], None, "x"]
    for values in cases:
        fine = check_entry_values(values, rules) == []
        if fine_whole(values, whole):  # a pass is never wrong; anything else goes to the full check
            assert fine, values
        elif type(values) is dict and all(type(v) is int for v in values.values()):
            assert not fine, values  # ... and whole scores only go there when something is wrong


def test_long_plain_lines_wrap_as_rich_prints_them():
    """`output.plain_lines` wraps a long line itself (status without importing rich): as rich would."""
    import io

    from rich.console import Console

    from krenova_cli.cli.output import plain_lines

    rng = random.Random(7)
    words = ["a", "is", "krenova", "publish,", "the", "verification", "x" * 30, "y" * 130, "", ";", "--round", "{n}", "|",
             "award|certificate|nomination|minutes"]
    lines = [" " * 200, "", "a" * 121, "b " * 80, "Next: " + "word " * 30 + "   ", "   lead"]
    for _ in range(1500):
        line = (" " * rng.randint(0, 2)).join(rng.choice(words) + " " * rng.randint(0, 3) for _ in range(rng.randint(1, 30)))
        lines.append(" " * rng.randint(0, 3) + line)
    for line in lines:
        for width in (7, 13, 40, 80, 120):
            buf = io.StringIO()
            Console(file=buf, width=width, highlight=False, force_terminal=False).print(line, markup=False)
            assert plain_lines([line], width) == buf.getvalue(), (line, width)


@pytest.mark.parametrize("seed", range(8))
def test_criterion_tie_break_over_several_rounds_is_its_definition(seed):
    """`_criterion_mean` over several ranking rounds (whole numbers over one denominator) equals the
    weighted mean of the rounds' criterion means in Fractions, for whole and half points alike."""
    from krenova_cli.core.ranking import TieBreakKey, _criterion_mean

    rng = random.Random(seed)
    entries = [f"K{i:03d}" for i in range(60)]
    rounds = {}
    for n in (1, 2, 3):
        raw = {}
        for j in ("J1", "J2", "J3", "J4"):
            raw[j] = {e: {"a": rng.choice([rng.randint(0, 100), Fraction(rng.randint(0, 200), 2)]) if seed % 2
                          else rng.randint(0, 100)} for e in entries if rng.random() < 0.8}
        expected = {e: sorted(j for j in raw if e in raw[j]) for e in entries}
        rubric = Rubric.of([Criterion(id="a", name="A", weight=1, min=0, max=100)])
        rounds[n] = score_round(n, rubric, raw, expected, "mean", "none", ZRules())
    for rank_by in ([(1, Fraction(1, 2)), (2, Fraction(1, 2))], [(1, Fraction(1, 3)), (3, Fraction(2, 3))],
                    [(1, 2), (2, 1), (3, Fraction(5, 7))]):
        for e in entries:
            means = [rounds[r].criterion_mean(e, "a") for r, _ in rank_by]
            want = None if None in means else sum((w * m for (_, w), m in zip(rank_by, means)), Fraction(0)) / sum(w for _, w in rank_by)
            got = _criterion_mean(TieBreakKey("criterion", "a"), e, 3, rank_by, rounds)
            assert got == want and (got is None or type(got) is Fraction)
