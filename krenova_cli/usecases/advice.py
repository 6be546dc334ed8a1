"""Warnings about a round read from the store (see core/advice.py); reads only, never writes."""

from __future__ import annotations

from krenova_cli.core import lifecycle
from krenova_cli.core.advice import normalisation_notes
from krenova_cli.store.datafolder import Store


def normalisation_warnings(store: Store, n: int) -> list[str]:
    """Judges the round's z-score leaves raw or only shifts; empty (and nothing loaded) without z-score."""
    comp = store.competition()
    if not 1 <= n <= len(comp.rounds) or comp.normalisation_for(n) != "zscore":
        return []
    state = store.load(rounds=lifecycle.rounds_needed(comp, n))
    if lifecycle.round_state(state, n) == lifecycle.PENDING:
        return []
    return normalisation_notes(state, n)
