"""What a kind of paper reads besides the folder's records: the scores, and the judges' comments kept
with them. `letters` and `verify` build the same papers from the same inputs."""

from __future__ import annotations

from krenova_cli.store.datafolder import Store

SCORE_KINDS = {"judge-recap", "feedback", "sinovik-draft"}  # kinds that read the score files (and the judges' comments kept in them)
COMMENT_KINDS = {"feedback", "sinovik-draft"}  # kinds that read every closed round's comments, not only the round asked for


def load_for(store: Store, state, kind: str, rounds):
    """The state with what a kind's papers read besides the folder's records: the scores (and the
    judges' comments) of the given closed rounds."""
    rounds = [n for n in rounds if n in state.records]
    if kind in SCORE_KINDS:
        state = store.add_scores(state, rounds)  # the comments come with the scores
    return state
