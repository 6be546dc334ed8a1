"""Pure: what a committee should know about a round before it closes (warnings, not refusals).

Judges whose totals the z-score could not standardise (too few totals, or too little spread), each
named with the rule applied, so that `status`, `standings` and `advance` can say so.
"""

from __future__ import annotations

from krenova_cli.core import lifecycle


def normalisation_notes(state: lifecycle.State, n: int) -> list[str]:
    """One line per judge the round's z-score leaves raw or only shifts (needs the round's scores loaded)."""
    if state.competition.normalisation_for(n) != "zscore":
        return []
    from krenova_cli.core.scoring import ZRules

    rules = ZRules.of(state.competition.scoring)
    return [note.text(n, rules) for note in lifecycle.round_scores(state, n).notes]
