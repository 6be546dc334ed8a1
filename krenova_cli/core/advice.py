"""Pure: what a committee should know about a round before it closes (warnings, not refusals).

Entries without a panel in an assigned round, and judges whose totals the z-score could not
standardise (too few totals, or too little spread), each named, so `status` and `advance` can say so.
"""

from __future__ import annotations

from krenova_cli.core import lifecycle
from krenova_cli.core.scoring import ZRules


def unassigned_text(state: lifecycle.State, n: int) -> str | None:
    missing = lifecycle.unassigned(state, n)
    if not missing:
        return None
    shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
    return (f"round {n}: {len(missing)} active entr{'y has' if len(missing) == 1 else 'ies have'} no judges assigned "
            f"(registered after `krenova assign`): {shown}; give each a panel with `krenova assign --round {n} --add {missing[0]}`")


def normalisation_notes(state: lifecycle.State, n: int) -> list[str]:
    """One line per judge the round's z-score leaves raw or only shifts (needs the round's scores loaded)."""
    if state.competition.normalisation_for(n) != "zscore":
        return []
    rules = ZRules.of(state.competition.scoring)
    return [note.text(n, rules) for note in lifecycle.round_scores(state, n).notes]


def round_warnings(state: lifecycle.State, n: int) -> list[str]:
    out = [t for t in (unassigned_text(state, n),) if t]
    return out + normalisation_notes(state, n)
