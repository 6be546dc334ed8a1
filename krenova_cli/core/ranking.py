"""Pure ranking: the ranking score over `rank_by` rounds, the tie-break chain, (rank, tied) pairs.

Entries that stay equal after the whole chain share a rank (1, 2, 2, 4). Their
order on screen is by entry id, but nothing is ever decided by id: a tie at a
cutoff or a prize is left for the committee (see `advance.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Sequence

from krenova_cli.core.scoring import RoundScores


@dataclass(frozen=True)
class Row:
    entry_id: str
    rank: int | None
    tied: bool
    round_score: Fraction | None
    ranking_score: Fraction | None
    totals: dict[str, Fraction]
    missing: tuple[str, ...]
    tie_break: tuple[Fraction | None, ...]


@dataclass(frozen=True)
class Standings:
    round_no: int
    rows: tuple[Row, ...]
    tie_break: tuple[str, ...]

    def ranked(self) -> list[Row]:
        return [r for r in self.rows if r.rank is not None]

    def row(self, entry_id: str) -> Row:
        for r in self.rows:
            if r.entry_id == entry_id:
                return r
        raise KeyError(entry_id)


def ranking_score(entry_id: str, rank_by: Sequence[tuple[int, Fraction]], rounds: Mapping[int, RoundScores]) -> Fraction | None:
    total_weight = sum(w for _, w in rank_by)
    acc = Fraction(0)
    for round_no, weight in rank_by:
        value = rounds[round_no].scores.get(entry_id)
        if value is None:
            return None
        acc += weight * value
    return acc / total_weight


def tie_break_value(key: str, entry_id: str, round_no: int, rank_by, rounds: Mapping[int, RoundScores]) -> Fraction | None:
    kind, _, arg = key.partition(":")
    if kind == "criterion":
        total_weight = sum(w for _, w in rank_by)
        acc = Fraction(0)
        for r, weight in rank_by:
            mean = rounds[r].criterion_mean(entry_id, arg)
            if mean is None:
                return None
            acc += weight * mean
        return acc / total_weight
    if kind == "round":
        return rounds[int(arg)].scores.get(entry_id)
    return rounds[round_no].median_total(entry_id)


def _desc(value: Fraction | None) -> tuple:
    # Missing values sort after every present value.
    return (1, 0) if value is None else (0, -value)


def rank(
    round_no: int,
    entries: Sequence[str],
    rank_by: Sequence[tuple[int, Fraction]],
    tie_break: Sequence[str],
    rounds: Mapping[int, RoundScores],
) -> Standings:
    this = rounds[round_no]
    scores = {e: ranking_score(e, rank_by, rounds) for e in entries}
    ranked = [e for e in entries if scores[e] is not None]
    unranked = sorted(e for e in entries if scores[e] is None)
    # Tie-break values are computed only inside groups of equal ranking scores.
    groups: dict[Fraction, list[str]] = {}
    for e in ranked:
        groups.setdefault(scores[e], []).append(e)
    keys: dict[str, tuple] = {}
    for score, members in groups.items():
        if len(members) == 1 or not tie_break:
            for e in members:
                keys[e] = (score,)
        else:
            for e in members:
                keys[e] = (score,) + tuple(tie_break_value(k, e, round_no, rank_by, rounds) for k in tie_break)
    width = 1 + len(tie_break)

    def sort_key(e: str) -> tuple:
        k = keys[e] + (None,) * (width - len(keys[e]))
        return tuple(_desc(v) for v in k) + (e,)

    ordered = sorted(ranked, key=sort_key)
    full = {e: sort_key(e)[:-1] for e in ordered}
    rows: list[Row] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and full[ordered[j + 1]] == full[ordered[i]]:
            j += 1
        for e in ordered[i : j + 1]:
            rows.append(_row(e, i + 1, j > i, this, scores[e], keys[e][1:]))
        i = j + 1
    for e in unranked:
        rows.append(_row(e, None, False, this, None, ()))
    return Standings(round_no, tuple(rows), tuple(tie_break))


def _row(entry_id: str, position: int | None, tied: bool, this: RoundScores, score, tb) -> Row:
    return Row(
        entry_id=entry_id,
        rank=position,
        tied=tied,
        round_score=this.scores.get(entry_id),
        ranking_score=score,
        totals=this.totals.get(entry_id, {}),
        missing=this.missing.get(entry_id, ()),
        tie_break=tuple(tb),
    )
