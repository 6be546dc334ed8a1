"""Pure scoring: judge totals on 0-100, aggregation of judges, optional z-score normalisation.

Exactness without the cost of Fractions in the inner loop: for each round the
criterion coefficients `100 * w / ((max - min) * sum(w))` are brought to one
common denominator `scale`, so a judge's total times `scale` is an integer
whenever the scores are (steps of 1). Only the aggregated round score becomes a
`Fraction`. Equal scores therefore tie exactly, whatever the input order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Context, Decimal
from fractions import Fraction
from math import lcm
from typing import Callable, Iterable, Mapping

from krenova_cli.core.model import Criterion, frac

Value = int | Fraction
# scores[judge_id][entry_id][criterion_id] = value
JudgeScores = Mapping[str, Mapping[str, Mapping[str, Value]]]


@dataclass(frozen=True)
class Rubric:
    """The criteria of one round as exact integer coefficients."""

    criteria: tuple[str, ...]
    coefficients: tuple[int, ...]
    minimums: tuple[Value, ...]
    scale: int

    @classmethod
    def of(cls, criteria: Iterable[Criterion]) -> "Rubric":
        crits = list(criteria)
        total_weight = sum(frac(c.weight) for c in crits)
        coefs = [frac(c.weight) * 100 / ((frac(c.max) - frac(c.min)) * total_weight) for c in crits]
        scale = lcm(*(c.denominator for c in coefs))
        mins = tuple(_plain(frac(c.min)) for c in crits)
        return cls(tuple(c.id for c in crits), tuple(int(c * scale) for c in coefs), mins, scale)

    def scaled_total(self, values: Mapping[str, Value]) -> Value:
        """The judge's 0-100 total times `scale` (an int when the scores are ints)."""
        total = 0
        for cid, coef, low in zip(self.criteria, self.coefficients, self.minimums):
            total += coef * (values[cid] - low)
        return total


def _plain(value: Fraction) -> Value:
    return value.numerator if value.denominator == 1 else value


@dataclass(frozen=True)
class RoundScores:
    """Per entry: each expected judge's total, the round score and who is missing."""

    round_no: int
    totals: dict[str, dict[str, Fraction]]
    scores: dict[str, Fraction]
    missing: dict[str, tuple[str, ...]]
    raw: JudgeScores = field(repr=False, default_factory=dict)

    def criterion_mean(self, entry_id: str, criterion_id: str) -> Fraction | None:
        values = [self.raw[j][entry_id][criterion_id] for j in self.totals.get(entry_id, {})]
        if not values:
            return None
        return Fraction(sum(values)) / len(values)

    def median_total(self, entry_id: str) -> Fraction | None:
        values = sorted(self.totals.get(entry_id, {}).values())
        return _median(values) if values else None


# -- aggregations: how judges' totals make the round score (a registry; settings name its keys) ----
Aggregation = Callable[[list], Fraction]
AGGREGATIONS: dict[str, Aggregation] = {}


def aggregation(name: str) -> Callable[[Aggregation], Aggregation]:
    def register(fn: Aggregation) -> Aggregation:
        AGGREGATIONS[name] = fn
        return fn
    return register


@aggregation("mean")
def _mean(values: list) -> Fraction:
    return Fraction(sum(values)) / len(values)


@aggregation("median")
def _median_of(values: list) -> Fraction:
    return _median(sorted(values))


@aggregation("trimmed")
def _trimmed(values: list) -> Fraction:
    """Drop one highest and one lowest total from 4 judges on."""
    if len(values) >= 4:
        values = sorted(values)[1:-1]
    return Fraction(sum(values)) / len(values)


def aggregate(values: list, how: str) -> Fraction:
    """Combine judges' (scaled) totals with the named aggregation."""
    return AGGREGATIONS[how](values)


def _median(values: list) -> Fraction:
    n = len(values)
    mid = n // 2
    if n % 2:
        return Fraction(values[mid])
    return Fraction(values[mid - 1] + values[mid]) / 2


def score_round(
    round_no: int,
    rubric: Rubric,
    scores: JudgeScores,
    expected: Mapping[str, Iterable[str]],
    how: str = "mean",
    normalise: str = "none",
) -> RoundScores:
    """Totals and round scores for the entries in `expected` (entry -> judges who should score it)."""
    scaled: dict[str, dict[str, Value]] = {}
    missing: dict[str, tuple[str, ...]] = {}
    for entry_id, judges in expected.items():
        row: dict[str, Value] = {}
        lacking = []
        for judge_id in judges:
            values = scores.get(judge_id, {}).get(entry_id)
            if values is None:
                lacking.append(judge_id)
            else:
                row[judge_id] = rubric.scaled_total(values)
        scaled[entry_id] = row
        if lacking:
            missing[entry_id] = tuple(sorted(lacking))
    scaled = NORMALISATIONS[normalise](scaled)
    round_scores: dict[str, Fraction] = {}
    totals: dict[str, dict[str, Fraction]] = {}
    s = rubric.scale
    for entry_id, row in scaled.items():
        totals[entry_id] = {j: (Fraction(v, s) if type(v) is int else v / s) for j, v in sorted(row.items())}
        if row:
            round_scores[entry_id] = aggregate(list(row.values()), how) / s
    return RoundScores(round_no, totals, round_scores, missing, scores)


# -- normalisations: per-judge corrections before aggregating (a registry; settings name its keys) --
Normalisation = Callable[[dict], dict]
NORMALISATIONS: dict[str, Normalisation] = {}


def normalisation(name: str) -> Callable[[Normalisation], Normalisation]:
    def register(fn: Normalisation) -> Normalisation:
        NORMALISATIONS[name] = fn
        return fn
    return register


@normalisation("none")
def _raw(scaled: dict) -> dict:
    return scaled


_DEC = Context(prec=40)


def _sqrt(value: Fraction) -> Fraction:
    """Square root to 40 significant digits, computed the same way whatever the input order."""
    if value <= 0:
        return Fraction(0)
    return Fraction(_DEC.sqrt(_DEC.divide(Decimal(value.numerator), Decimal(value.denominator))))


def _mean_sd(values: list) -> tuple[Fraction, Fraction]:
    n = len(values)
    mean = Fraction(sum(values)) / n
    var = Fraction(sum(v * v for v in values)) / n - mean * mean
    return mean, _sqrt(var)


@normalisation("zscore")
def _zscore(scaled: dict[str, dict[str, Value]]) -> dict[str, dict[str, Value]]:
    """Standardise each judge's totals within the round, then map back to the round's mean and spread."""
    by_judge: dict[str, list] = {}
    for row in scaled.values():
        for judge_id, value in row.items():
            by_judge.setdefault(judge_id, []).append(value)
    everything = [v for vals in by_judge.values() for v in vals]
    if not everything:
        return scaled
    overall_mean, overall_sd = _mean_sd(everything)
    stats = {j: _mean_sd(vals) for j, vals in by_judge.items()}
    out: dict[str, dict[str, Value]] = {}
    for entry_id, row in scaled.items():
        new_row = {}
        for judge_id, value in row.items():
            mean, sd = stats[judge_id]
            new_row[judge_id] = overall_mean if sd == 0 else overall_mean + (value - mean) / sd * overall_sd
        out[entry_id] = new_row
    return out
