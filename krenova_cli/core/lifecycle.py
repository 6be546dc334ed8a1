"""Pure derived state: round states, who is active, who should score whom, standings of a round.

Everything here is computed from the loaded `State`; nothing is stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from krenova_cli.core.model import Competition, Entry, Judge, in_conflict
from krenova_cli.core.scoring import RoundScores, Rubric, Value, score_round
from krenova_cli.core.ranking import Standings, rank

OPEN, CLOSED, PENDING = "open", "closed", "pending"


@dataclass(frozen=True)
class State:
    competition: Competition
    entries: dict[str, Entry]
    judges: dict[str, Judge]
    assignments: dict[int, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    records: dict[int, dict[str, Any]] = field(default_factory=dict)
    awards: dict[str, Any] | None = None
    # scores[round][judge][entry][criterion]; only the rounds that were loaded
    scores: dict[int, dict[str, dict[str, dict[str, Value]]]] = field(default_factory=dict)
    # memo of derived values that do not depend on scores (active entries per round)
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def last_round(self) -> int:
        return len(self.competition.rounds)


def round_state(state: State, n: int) -> str:
    if n in state.records:
        return CLOSED
    if n == 1 or (n - 1) in state.records:
        return OPEN
    return PENDING


def current_round(state: State) -> int | None:
    for n in range(1, state.last_round + 1):
        if round_state(state, n) == OPEN:
            return n
    return None


def withdrawn_by(entry: Entry, n: int) -> bool:
    return entry.withdrawn is not None and entry.withdrawn.round <= n


def active_entries(state: State, n: int) -> list[str]:
    """Entries ranked in round n: the closed round's own list, else those that went on into it."""
    key = ("active", n)
    if key not in state.memo:
        state.memo[key] = _active(state, n)
        state.memo[("active-set", n)] = frozenset(state.memo[key])
    return list(state.memo[key])


def is_active(state: State, entry_id: str, n: int) -> bool:
    if ("active-set", n) not in state.memo:
        active_entries(state, n)
    return entry_id in state.memo[("active-set", n)]


def _active(state: State, n: int) -> list[str]:
    if n in state.records:
        return list(state.records[n]["entries"])
    st = round_state(state, n)
    if st == PENDING:
        return []
    pool = sorted(state.entries) if n == 1 else state.records[n - 1]["advancing"]
    return sorted(e for e in pool if e in state.entries and not withdrawn_by(state.entries[e], n))


def judges_for(state: State, n: int, entry_id: str) -> list[str]:
    entry = state.entries[entry_id]
    assigned = state.assignments.get(n, {}).get(entry_id)
    pool = assigned if assigned is not None else state.judges.keys()
    return sorted(j for j in pool if j in state.judges and not in_conflict(state.judges[j], entry))


def expected(state: State, n: int) -> dict[str, list[str]]:
    """Entry -> judges who should score it in round n; computed once per loaded state (it needs no scores)."""
    key = ("expected", n)
    if key not in state.memo:
        state.memo[key] = {e: judges_for(state, n, e) for e in active_entries(state, n)}
    return dict(state.memo[key])


def round_scores(state: State, n: int) -> RoundScores:
    """Computed once per loaded state and round (forget_scores drops it when scores change)."""
    key = ("round-scores", n)
    if key not in state.memo:
        comp = state.competition
        rubric = Rubric.of(comp.criteria_for(n))
        state.memo[key] = score_round(n, rubric, state.scores.get(n, {}), expected(state, n),
                                      comp.aggregation_for(n), comp.normalisation_for(n))
    return state.memo[key]


def forget_scores(state: State) -> None:
    """Drop what was computed from scores, after scores in this state changed."""
    for key in [k for k in state.memo if k[0] == "round-scores"]:
        del state.memo[key]


def rounds_needed(comp: Competition, n: int) -> list[int]:
    needed = {n} | {r for r, _ in comp.rank_by(n)}
    for key in comp.tie_break_for(n):
        if key.startswith("round:"):
            needed.add(int(key.split(":", 1)[1]))
    return sorted(needed)


def standings(state: State, n: int) -> Standings:
    comp = state.competition
    rounds = {r: round_scores(state, r) for r in rounds_needed(comp, n)}
    return rank(n, active_entries(state, n), comp.rank_by(n), comp.tie_break_for(n), rounds)


def entry_status(state: State, entry_id: str) -> str:
    """active in round N, eliminated after round N, withdrawn in round N, winner (place), finalist."""
    entry = state.entries[entry_id]
    if state.awards:
        for place in state.awards.get("places", []):
            if place["entry_id"] == entry_id:
                return f"winner: {place['title']}"
    if entry.withdrawn is not None:
        return f"withdrawn in round {entry.withdrawn.round}"
    for n in range(1, state.last_round + 1):
        if n not in state.records:
            return f"active in round {n}" if is_active(state, entry_id, n) else "not active"
        if ("advancing-set", n) not in state.memo:
            state.memo[("advancing-set", n)] = frozenset(state.records[n]["advancing"])
        if entry_id not in state.memo[("advancing-set", n)]:
            return f"eliminated after round {n}" if is_active(state, entry_id, n) else "not active"
    return "finalist"


def counts(state: State, n: int) -> tuple[int, int, int]:
    """(active entries, expected scores, recorded expected scores) of round n."""
    exp = expected(state, n)
    scores = state.scores.get(n, {})
    want = sum(len(j) for j in exp.values())
    have = sum(1 for e, judges in exp.items() for j in judges if e in scores.get(j, {}))
    return len(exp), want, have
