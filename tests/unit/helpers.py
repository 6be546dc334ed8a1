"""Small builders for the pure core: a one-criterion rubric makes totals equal to the scores given."""

from __future__ import annotations

import re
from contextlib import contextmanager
from fractions import Fraction

import pytest

from krenova_cli.store.schema import Criterion
from krenova_cli.core.scoring import Rubric, ZRules, score_round
from krenova_cli.core.ranking import rank

ONE = Rubric.of([Criterion(id="nilai", name="Nilai", weight=1)])
TWO = Rubric.of([Criterion(id="nilai", name="Nilai", weight=1), Criterion(id="kebaruan", name="Kebaruan", weight=1)])


def scores_from(table: dict[str, dict[str, int]], crit: str = "nilai") -> dict:
    """{entry: {judge: value}} -> judge -> entry -> {crit: value}"""
    out: dict = {}
    for e, by_judge in table.items():
        for j, v in by_judge.items():
            out.setdefault(j, {})[e] = {crit: v}
    return out


def standings_of(table: dict[str, dict[str, int]], how: str = "mean", norm: str = "none", tie_break=(), rules=ZRules()):
    scores = scores_from(table)
    expected = {e: sorted(js) for e, js in table.items()}
    rs = score_round(1, ONE, scores, expected, how, norm, rules)
    return rank(1, sorted(table), [(1, Fraction(1))], list(tie_break), {1: rs})


def ranks(st) -> dict[str, tuple]:
    return {r.entry_id: (r.rank, r.tied) for r in st.rows}


@contextmanager
def refused(pattern: str):
    """The core refuses with a typed problem; the command line's wording of it matches `pattern`."""
    from krenova_cli.cli.wording import lines
    from krenova_cli.core.errors import UserError

    with pytest.raises(UserError) as info:
        yield info
    text = " ".join(lines(info.value))
    assert re.search(pattern, text), text
