"""Pure ranking: the ranking score over `rank_by` rounds, the tie-break chain, (rank, tied) pairs.

Entries that stay equal after the whole chain share a rank (1, 2, 2, 4). Their
order on screen is by entry id, but nothing is ever decided by id: a tie at a
cutoff or a prize is left for the committee (see `advance.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm
from typing import Callable, Mapping, Sequence

from krenova_cli.core.errors import T
from krenova_cli.core.ids import natural_key
from krenova_cli.core.registry import Registry
from krenova_cli.core.scoring import RoundScores


@dataclass(frozen=True, slots=True)  # slots: one per entry and round, tens of thousands at national scale
class Row:
    entry_id: str
    rank: int | None
    tied: bool
    round_score: Fraction | None
    ranking_score: Fraction | None
    totals: dict[str, Fraction]
    missing: tuple[str, ...]
    tie_break: tuple[Fraction | None, ...]
    raw_totals: dict[str, Fraction] = field(default_factory=dict)  # before normalisation


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


# -- tie-break keys: a registry of kinds, each key parsed once -------------------------------------
@dataclass(frozen=True)
class TieBreakKey:
    """One step of the tie-break chain as written in the settings: `criterion:ID`, `round:N`, `median`."""

    kind: str
    arg: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.arg}" if self.arg else self.kind


TieBreakValue = Callable[[TieBreakKey, str, int, Sequence[tuple[int, Fraction]], Mapping[int, RoundScores]], "Fraction | None"]
TIE_BREAKS: Registry = Registry("tie-break key")
tie_break_kind = TIE_BREAKS.register
TIE_BREAK_FORMS = "'criterion:ID', 'round:N', 'median'"


def parse_tie_break(text: str) -> TieBreakKey:
    """The key written in the settings, checked for its form (ValueError says what is wrong)."""
    kind, sep, arg = text.partition(":")
    if kind not in TIE_BREAKS or bool(sep) != (kind != "median") or (sep and not arg):
        raise ValueError(T("tie_break {key!r} is not one of {forms}", key=text, forms=TIE_BREAK_FORMS))
    if kind == "round" and not arg.isdigit():
        raise ValueError(T("tie_break {key!r}: name an earlier round, e.g. 'round:3'", key=text))
    return TieBreakKey(kind, arg)


@tie_break_kind("criterion")
def _criterion_mean(key, entry_id, round_no, rank_by, rounds) -> Fraction | None:
    """The judges' mean of one criterion, combined over the ranking rounds with their weights."""
    if len(rank_by) == 1 and type(rank_by[0][1]) in (int, Fraction) and rank_by[0][1] != 0:  # weight * mean / weight
        mean = rounds[rank_by[0][0]].criterion_mean(entry_id, key.arg)
        return mean if mean is None or type(mean) is Fraction else Fraction(mean)
    total_weight = sum(w for _, w in rank_by)
    # Whole scores (the common case): the weighted means summed as one numerator over one denominator,
    # one Fraction at the end instead of four per round (ties are most of a 20,000-entry round).
    num, den = 0, 1
    for r, weight in rank_by:
        total, count = rounds[r].criterion_total(entry_id, key.arg)
        if not count:
            return None
        if type(total) is not int or type(weight) not in (int, Fraction):
            return _criterion_mean_exact(key, entry_id, rank_by, rounds, total_weight)
        w = Fraction(weight)
        part = w.denominator * count
        num, den = num * part + w.numerator * total * den, den * part
    total_weight = Fraction(total_weight)
    return Fraction(num * total_weight.denominator, den * total_weight.numerator)


def _criterion_mean_exact(key, entry_id, rank_by, rounds, total_weight) -> Fraction | None:
    """`_criterion_mean` by its definition, in Fractions (half points, other weights)."""
    acc = Fraction(0)
    for r, weight in rank_by:
        mean = rounds[r].criterion_mean(entry_id, key.arg)
        if mean is None:
            return None
        acc += weight * mean
    return acc / total_weight


@tie_break_kind("round")
def _earlier_round(key, entry_id, round_no, rank_by, rounds) -> Fraction | None:
    return rounds[int(key.arg)].scores.get(entry_id)


@tie_break_kind("median")
def _median_judge(key, entry_id, round_no, rank_by, rounds) -> Fraction | None:
    return rounds[round_no].median_total(entry_id)


def tie_break_value(key: TieBreakKey, entry_id: str, round_no: int, rank_by, rounds: Mapping[int, RoundScores]) -> Fraction | None:
    return TIE_BREAKS[key.kind](key, entry_id, round_no, rank_by, rounds)


def _desc(value: Fraction | None) -> tuple:
    # Missing values sort after every present value.
    return (1, 0) if value is None else (0, -value)


def _desc_column(values: list) -> list[tuple]:
    """`_desc` of each value, as whole numbers over the column's common denominator when the values
    are exact (ints and Fractions): the same order and the same equalities, compared in C instead of
    through Fraction's Python methods (hundreds of thousands of comparisons at national scale)."""
    present = [v for v in values if v is not None]
    if not all(type(v) is int or type(v) is Fraction for v in present):
        return [_desc(v) for v in values]
    common = 1
    for d in {v.denominator for v in present}:
        common = lcm(common, d)
    return [(1, 0) if v is None else (0, -(v.numerator * (common // v.denominator))) for v in values]


def ranking_scores(entries: Sequence[str], rank_by: Sequence[tuple[int, Fraction]],
                   rounds: Mapping[int, RoundScores]) -> dict[str, Fraction | None]:
    """`ranking_score` of each entry; ranking by one round alone, an entry's score is its round score."""
    if not entries or not all(r in rounds for r, _ in rank_by):
        return {e: ranking_score(e, rank_by, rounds) for e in entries}
    columns = [(rounds[r].scores, w) for r, w in rank_by]
    if len(columns) == 1 and type(rank_by[0][1]) in (int, Fraction) and rank_by[0][1] != 0:
        scores = columns[0][0]
        if all(type(v) is Fraction for v in scores.values()):
            return {e: scores.get(e) for e in entries}  # weight * score / weight
    total_weight = Fraction(sum(w for _, w in rank_by))
    exact = all(type(v) is Fraction for scores, _ in columns for v in scores.values())
    if total_weight == 0 or not exact or not all(type(w) in (int, Fraction) for _, w in rank_by):
        return {e: ranking_score(e, rank_by, rounds) for e in entries}
    # sum(weight * score) / total_weight in whole numbers: each round's scores over one common
    # denominator, each weight brought to the denominator of all of them; one Fraction per entry
    parts = []
    for scores, weight in columns:
        common = 1
        for d in {v.denominator for v in scores.values()}:
            common = lcm(common, d)
        parts.append((scores, common, Fraction(weight)))
    denominator = 1
    for _, common, weight in parts:
        denominator = lcm(denominator, common * weight.denominator)
    factors = [(scores, common, weight.numerator * (denominator // (common * weight.denominator)))
               for scores, common, weight in parts]
    out: dict[str, Fraction | None] = {}
    for e in entries:
        total = 0
        for scores, common, factor in factors:
            value = scores.get(e)
            if value is None:
                total = None
                break
            total += factor * value.numerator * (common // value.denominator)
        out[e] = None if total is None else Fraction(total * total_weight.denominator, denominator * total_weight.numerator)
    return out


def rank(
    round_no: int,
    entries: Sequence[str],
    rank_by: Sequence[tuple[int, Fraction]],
    tie_break: Sequence[str],
    rounds: Mapping[int, RoundScores],
) -> Standings:
    this = rounds[round_no]
    keys_parsed = [k if isinstance(k, TieBreakKey) else parse_tie_break(k) for k in tie_break]
    scores = ranking_scores(entries, rank_by, rounds)
    ranked = [e for e in entries if scores[e] is not None]
    unranked = sorted((e for e in entries if scores[e] is None), key=natural_key)
    # Tie-break values are computed only inside groups of equal ranking scores.
    groups: dict[Fraction, list[str]] = {}
    for e in ranked:
        groups.setdefault(scores[e], []).append(e)
    width = 1 + len(tie_break)
    keys: dict[str, tuple] = {}
    for score, members in groups.items():
        if len(members) == 1 or not tie_break:
            for e in members:
                keys[e] = (score,)
        else:
            for e in members:
                keys[e] = (score,) + tuple(tie_break_value(k, e, round_no, rank_by, rounds) for k in keys_parsed)
    # each entry's key: every step of the chain, descending (a value not computed counts as missing)
    columns = [_desc_column([keys[e][i] if i < len(keys[e]) else None for e in ranked]) for i in range(width)]
    full = dict(zip(ranked, zip(*columns)))
    ordered = sorted(ranked, key=lambda e: (full[e], natural_key(e)))
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
    return Standings(round_no, tuple(rows), tuple(str(k) for k in keys_parsed))


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
        raw_totals=this.raw_totals.get(entry_id, {}),
    )
