"""Pure derived state: round states, who is active, who should score whom, standings of a round.

Everything here is computed from the loaded `State`; nothing is stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Mapping

from krenova_cli.core.errors import T
from krenova_cli.core.ids import natural_key
from krenova_cli.core.model import Competition, Entry, Judge, in_conflict

if TYPE_CHECKING:  # scoring and ranking are imported where they are used: `status` needs neither
    from krenova_cli.core.ranking import Standings
    from krenova_cli.core.records import AwardsRecord, RoundRecord
    from krenova_cli.core.scoring import RoundScores, Value
    from krenova_cli.core.screening import ScreeningRecord

OPEN, CLOSED, PENDING = "open", "closed", "pending"


@dataclass(frozen=True)
class State:
    competition: Competition
    entries: dict[str, Entry]
    judges: dict[str, Judge]
    assignments: dict[int, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    records: dict[int, "RoundRecord"] = field(default_factory=dict)
    awards: "AwardsRecord | None" = None
    # scores[round][judge][entry][criterion]; only the rounds that were loaded
    scores: Mapping[int, Mapping[str, Mapping[str, Mapping[str, Value]]]] = field(default_factory=dict)
    # comments[round][judge][entry] = {"comment": text, "criteria": {criterion: text}}, kept with the scores
    comments: Mapping[int, Mapping[str, Mapping[str, Mapping]]] = field(default_factory=dict)
    screening: "ScreeningRecord | None" = None  # the closed administrative screening (screening.json)
    # Values derived from this state (active entries, expected judges, round scores), each computed
    # once. Honest because a State is never changed after it is built: new scores make a new State
    # (`with_scores`), which starts with an empty cache.
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def last_round(self) -> int:
        return len(self.competition.rounds)

    def with_scores(self, round_no: int, scores: Mapping[str, Mapping[str, Mapping[str, Value]]],
                    comments: Mapping[str, Mapping[str, Mapping]] | None = None) -> "State":
        """This state with round `round_no`'s scores (judge -> entry -> criterion -> value) replaced, and its
        comments (judge -> entry -> {"comment", "criteria"}) when given."""
        said = self.comments if comments is None else {**self.comments, round_no: comments}
        return replace(self, scores={**self.scores, round_no: scores}, comments=said)

    def with_more_scores(self, round_no: int, scores: Mapping[str, Mapping[str, Mapping[str, Value]]]) -> "State":
        """`with_scores`, keeping the derived values that do not depend on scores (active entries, expected
        judges, the round's rules): a process that holds a state records one score after another on it."""
        new = self.with_scores(round_no, scores)
        new._derived.update({k: v for k, v in self._derived.items() if k[0] in SCORE_FREE})
        return new


def has_screening(state: State) -> bool:
    """An administrative round (round 0) comes before round 1 (`[screening] round = true`)."""
    return state.competition.screening.round


def screening_open(state: State) -> bool:
    """The administrative screening is held and not yet closed: round 1 waits for it."""
    return has_screening(state) and state.screening is None


def round_state(state: State, n: int) -> str:
    """open, closed or pending; round 0 is the administrative screening (`has_screening`)."""
    if n == 0:
        return CLOSED if state.screening is not None else OPEN
    if n in state.records:
        return CLOSED
    if n == 1:
        return PENDING if has_screening(state) and state.screening is None else OPEN
    if (n - 1) in state.records:
        return OPEN
    return PENDING


def current_round(state: State) -> int | None:
    for n in range(1, state.last_round + 1):
        if round_state(state, n) == OPEN:
            return n
    return None


# the keys of State._derived whose values do not depend on the scores
SCORE_FREE = ("active", "active-set", "expected", "rules", "round-judges", "round-judge-set")


def withdrawn_by(entry: Entry, n: int) -> bool:
    return entry.withdrawn is not None and entry.withdrawn.round <= n


def active_entries(state: State, n: int) -> list[str]:
    """Entries ranked in round n: the closed round's own list, else those that went on into it."""
    key = ("active", n)
    if key not in state._derived:
        state._derived[key] = _active(state, n)
        state._derived[("active-set", n)] = frozenset(state._derived[key])
    return list(state._derived[key])


def is_active(state: State, entry_id: str, n: int) -> bool:
    if ("active-set", n) not in state._derived:
        active_entries(state, n)
    return entry_id in state._derived[("active-set", n)]


def _active(state: State, n: int) -> list[str]:
    if n in state.records:
        return list(state.records[n].entries)
    st = round_state(state, n)
    if st == PENDING:
        return []
    if n == 1:
        pool = state.screening.passed if has_screening(state) and state.screening is not None else state.entries
    else:
        pool = state.records[n - 1].advancing
    return sorted((e for e in pool if e in state.entries and not withdrawn_by(state.entries[e], n)), key=natural_key)


def round_judges(state: State, n: int) -> list[str]:
    """The judges round n expects scores from: its pool (`rounds.N.judges`, else every judge), less those
    retired by round n; in id order, computed once per state."""
    key = ("round-judges", n)
    if key not in state._derived:
        pool = None
        if 1 <= n <= state.last_round:
            pool = state.competition.round(n).judges
        ids = [j for j in (pool or state.judges) if j in state.judges and not state.judges[j].retired_by(n)]
        state._derived[key] = sorted(dict.fromkeys(ids), key=natural_key)
        state._derived[("round-judge-set", n)] = frozenset(ids)
    return list(state._derived[key])


def in_round_pool(state: State, n: int, judge_id: str) -> bool:
    if ("round-judge-set", n) not in state._derived:
        round_judges(state, n)
    return judge_id in state._derived[("round-judge-set", n)]


def judges_for(state: State, n: int, entry_id: str) -> list[str]:
    entry = state.entries[entry_id]
    table = state.assignments.get(n)
    # In an assigned round, an entry without a panel (added later) expects nobody until `assign --add`.
    if table is not None:
        pool = table.get(entry_id, ())
    else:
        # Every judge of the round's pool; a judge who left (or is outside the pool) keeps the entries
        # they scored already: scores given stay and count.
        scored = state.scores.get(n, {})
        pool = [j for j in state.judges if in_round_pool(state, n, j) or entry_id in scored.get(j, {})]
    return sorted((j for j in pool if j in state.judges and not in_conflict(state.judges[j], entry)), key=natural_key)


def unassigned(state: State, n: int) -> list[str]:
    """Active entries of an assigned round that have no panel (registered after `krenova assign`)."""
    table = state.assignments.get(n)
    if table is None or n in state.records:
        return []
    return [e for e in active_entries(state, n) if e not in table]


def expected(state: State, n: int) -> dict[str, list[str]]:
    """Entry -> judges who should score it in round n; computed once per loaded state (it needs no scores)."""
    key = ("expected", n)
    if key not in state._derived:
        state._derived[key] = {e: judges_for(state, n, e) for e in active_entries(state, n)}
    return dict(state._derived[key])


def round_scores(state: State, n: int) -> RoundScores:
    """Computed once per state and round."""
    key = ("round-scores", n)
    if key not in state._derived:
        from krenova_cli.core.scoring import Rubric, ZRules, score_round

        comp = state.competition
        rubric = Rubric.of(comp.criteria_for(n))
        state._derived[key] = score_round(n, rubric, state.scores.get(n, {}), expected(state, n),
                                          comp.aggregation_for(n), comp.normalisation_for(n), ZRules.of(comp.scoring))
    return state._derived[key]


def rounds_needed(comp: Competition, n: int) -> list[int]:
    from krenova_cli.core.ranking import parse_tie_break

    needed = {n} | {r for r, _ in comp.rank_by(n)}
    for key in comp.tie_break_for(n):
        parsed = parse_tie_break(key)
        if parsed.kind == "round":
            needed.add(int(parsed.arg))
    return sorted(needed)


def standings(state: State, n: int) -> Standings:
    """The ranking of round n; for a closed round, as its record decided it (core/locks.py keeps the
    settings from moving it; a forced change of them still shows the record)."""
    from krenova_cli.core.ranking import rank

    comp = state.competition
    rounds = {r: round_scores(state, r) for r in rounds_needed(comp, n)}
    st = rank(n, active_entries(state, n), comp.rank_by(n), comp.tie_break_for(n), rounds)
    record = state.records.get(n)
    return as_recorded(st, record) if record is not None else st


def as_recorded(st: Standings, record: "RoundRecord") -> Standings:
    """The computed standings with the record's ranks, order and scores wherever they differ: the exact
    ranking score it kept, and its rounded round score, judges' totals and tie-break values when the
    computed ones no longer round to them."""
    from fractions import Fraction

    from krenova_cli.core.ranking import Row, Standings
    from krenova_cli.core.rounding import rounded

    def kept(computed, recorded):
        if recorded is None:
            return None
        return computed if computed is not None and rounded(computed) == recorded else Fraction(str(recorded))

    computed = {r.entry_id: r for r in st.rows}
    rows = []
    for rec in record.standings:
        now = computed.get(rec.entry_id)
        if rec.exact_ranking_score is not None:
            score = Fraction(rec.exact_ranking_score)
        else:
            score = kept(now.ranking_score if now else None, rec.ranking_score)
        if now is not None and now.rank == rec.rank and now.tied == rec.tied and now.ranking_score == score:
            rows.append(now)
            continue
        totals = dict(now.totals) if now else {}
        for j, v in rec.judges.items():
            if v is None:
                totals.pop(j, None)
            else:
                totals[j] = kept(totals.get(j), v)
        rows.append(Row(entry_id=rec.entry_id, rank=rec.rank, tied=rec.tied,
                        round_score=(Fraction(rec.exact_round_score) if rec.exact_round_score is not None
                                     else kept(now.round_score if now else None, rec.round_score)), ranking_score=score,
                        totals=totals, missing=tuple(rec.missing),
                        tie_break=tuple(None if v is None else Fraction(str(v)) for v in rec.tie_break),
                        raw_totals=dict(now.raw_totals) if now else {}))
    return Standings(st.round_no, tuple(rows), tuple(record.tie_break) or st.tie_break)


def entry_standing(state: State, entry_id: str) -> tuple[str, int | str | None]:
    """Where an entry stands, as (kind, detail) for any language to word: ("winner", place title),
    ("withdrawn", round), ("disqualified", round), ("active", round), ("eliminated", round), ("not-active", None), ("finalist", None),
    ("screening", None) while the administrative screening is open, ("stopped", None) when it stopped the entry."""
    entry = state.entries[entry_id]
    place = state.awards.place_of(entry_id) if state.awards else None
    if place is not None:
        return "winner", place.title
    if entry.withdrawn is not None:
        return ("disqualified" if entry.withdrawn.disqualified else "withdrawn"), entry.withdrawn.round
    if has_screening(state):
        if state.screening is None:
            return "screening", None
        if entry_id in state.screening.stopped:
            return "stopped", None
    for n in range(1, state.last_round + 1):
        if n not in state.records:
            return ("active", n) if is_active(state, entry_id, n) else ("not-active", None)
        if not state.records[n].advances(entry_id):
            return ("eliminated", n) if is_active(state, entry_id, n) else ("not-active", None)
    return "finalist", None


def entry_status(state: State, entry_id: str) -> str:
    """active in round N, eliminated after round N, withdrawn in round N, winner (place), finalist."""
    kind, detail = entry_standing(state, entry_id)
    if kind == "winner":
        return T("winner: {place}", place=detail)
    if kind == "withdrawn":
        return T("withdrawn in round {n}", n=detail)
    if kind == "disqualified":
        return T("disqualified in round {n}", n=detail)
    if kind == "active":
        return T("active in round {n}", n=detail)
    if kind == "eliminated":
        return T("eliminated after round {n}", n=detail)
    if kind == "screening":
        return T("in administrative screening")
    if kind == "stopped":
        return T("stopped in administrative screening")
    return T("not active") if kind == "not-active" else T("finalist")


def missing_pairs(state: State, n: int) -> list[tuple[str, list[str]]]:
    """Round n's entries still lacking scores, each with the judges it lacks."""
    scores = state.scores.get(n, {})
    out = []
    for entry_id, judges in expected(state, n).items():
        lacking = [j for j in judges if entry_id not in scores.get(j, {})]
        if lacking:
            out.append((entry_id, lacking))
    return out


def counts(state: State, n: int) -> tuple[int, int, int]:
    """(active entries, expected scores, recorded expected scores) of round n."""
    exp = expected(state, n)
    scores = state.scores.get(n, {})
    want = sum(len(j) for j in exp.values())
    have = sum(1 for e, judges in exp.items() for j in judges if e in scores.get(j, {}))
    return len(exp), want, have
