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
from functools import cached_property
from math import gcd, lcm
from operator import itemgetter, mul
from typing import Callable, Iterable, Mapping

from krenova_cli.core.errors import T
from krenova_cli.core.model import Criterion, frac
from krenova_cli.core.registry import Registry

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
        """The judge's 0-100 total times `scale` (an int when the scores are ints): the sum of
        coef * (value - min), computed as sum(coef * value) - sum(coef * min), the same number."""
        return sum(map(mul, self.coefficients, self._pick(values))) - self._offset

    @cached_property
    def _pick(self) -> Callable[[Mapping[str, Value]], tuple]:
        # the criteria's values in rubric order, fetched in C (a KeyError names a missing one, as before)
        if len(self.criteria) == 1:
            only = self.criteria[0]
            return lambda values: (values[only],)
        return itemgetter(*self.criteria)

    @cached_property
    def _offset(self) -> Value:
        return sum(coef * low for coef, low in zip(self.coefficients, self.minimums))


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
    # the judges' totals before normalisation (the same mapping as `totals` without it)
    raw_totals: dict[str, dict[str, Fraction]] = field(repr=False, default_factory=dict)
    # judges the z-score could not standardise, and what was done instead
    notes: tuple["JudgeNote", ...] = ()

    def criterion_total(self, entry_id: str, criterion_id: str) -> tuple[Fraction | int, int]:
        """The sum of one criterion's values over the judges who count for the entry, and their number."""
        values = [self.raw[j][entry_id][criterion_id] for j in self.totals.get(entry_id, {})]
        return sum(values), len(values)

    def criterion_mean(self, entry_id: str, criterion_id: str) -> Fraction | None:
        total, count = self.criterion_total(entry_id, criterion_id)
        if not count:
            return None
        return Fraction(total, count) if type(total) is int else Fraction(total) / count

    def median_total(self, entry_id: str) -> Fraction | None:
        values = sorted(self.totals.get(entry_id, {}).values())
        return _median(values) if values else None


# -- aggregations: how judges' totals make the round score (a registry; settings name its keys) ----
Aggregation = Callable[[list], Fraction]
AGGREGATIONS: Registry = Registry("aggregation")
aggregation = AGGREGATIONS.register


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


@dataclass(frozen=True)
class ZRules:
    """The z-score's edge cases, from the settings' [scoring] (see `_zscore`)."""

    min_scores: int = 3
    min_spread: Fraction = Fraction(1)
    clip: bool = False

    @classmethod
    def of(cls, scoring) -> "ZRules":
        return cls(scoring.min_scores, frac(scoring.min_spread), scoring.clip)


@dataclass(frozen=True)
class JudgeNote:
    """A judge whose totals were not standardised: `raw` (too few) or `shifted` (too little spread)."""

    judge_id: str
    rule: str
    count: int
    mean: Fraction
    sd: Fraction

    def text(self, round_no: int, rules: ZRules) -> str:
        if self.rule == "raw":
            return T("round {n}: judge {judge} has {count} total(s), fewer than min_scores {min_scores}: "
                     "too few to measure leniency, so the raw totals are used unnormalised",
                     n=round_no, judge=self.judge_id, count=self.count, min_scores=rules.min_scores)
        return T("round {n}: judge {judge}'s totals spread {sd:.2f} points (population SD), below "
                 "min_spread {min_spread:g}: shifted by the round mean minus the judge's mean, not rescaled",
                 n=round_no, judge=self.judge_id, sd=float(self.sd), min_spread=float(rules.min_spread))


def score_round(
    round_no: int,
    rubric: Rubric,
    scores: JudgeScores,
    expected: Mapping[str, Iterable[str]],
    how: str = "mean",
    normalise: str = "none",
    rules: ZRules = ZRules(),
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
    s = rubric.scale
    notes: tuple[JudgeNote, ...] = ()
    raw_totals = _unscaled(scaled, s)
    if normalise != "none":
        scaled, notes = NORMALISATIONS[normalise](scaled, rules, s)
        totals = _unscaled(scaled, s)
    else:
        totals = raw_totals
    round_scores: dict[str, Fraction] = {}
    combine = None
    for entry_id, row in scaled.items():
        if row:
            combine = combine or AGGREGATIONS[how]
            values = list(row.values())
            if combine is _mean and all(type(v) is int for v in values):
                # the mean of whole scaled totals over `s` in one exact step: sum / (n * s)
                round_scores[entry_id] = Fraction(sum(values), len(values) * s)
            else:
                round_scores[entry_id] = combine(values) / s
    return RoundScores(round_no, totals, round_scores, missing, scores, raw_totals, notes)


def _unscaled(scaled: dict[str, dict[str, Value]], s: int) -> dict[str, dict[str, Fraction]]:
    # Whole scaled totals repeat across a round (a few thousand distinct values among hundreds of
    # thousands): each becomes its Fraction once (Fractions are immutable, so sharing one is safe).
    made: dict[int, Fraction] = {}

    def unscale(v: Value) -> Fraction:
        if type(v) is not int:
            return v / s
        f = made.get(v)
        if f is None:
            f = made[v] = Fraction(v, s)
        return f

    return {e: {j: unscale(v) for j, v in sorted(row.items())} for e, row in scaled.items()}


def co_panel_differences(raw_totals: Mapping[str, Mapping[str, Fraction]]) -> dict[str, tuple[int, Fraction]]:
    """Per judge: (entries shared with other judges, mean of own raw total minus the others' mean on each).

    Against co-panellists on the same entries, not against the round's overall mean: with mixed
    panels a judge who happened to draw strong entries is not mistaken for a lenient one.
    """
    # Exact, in whole numbers: every total over the round's common denominator D. Per judge and number
    # of co-panellists k, the sum of its own totals (V) and of the entries' totals (T); the difference
    # is sum over k of V - (T - V) / k = ((k + 1) V - T) / k, over D.
    common = 1
    for d in {v.denominator for row in raw_totals.values() for v in row.values()}:
        common = common * d // gcd(common, d)
    count: dict[str, int] = {}
    acc: dict[str, dict[int, list[int]]] = {}
    for row in raw_totals.values():
        if len(row) < 2:
            continue
        whole = {j: v.numerator * (common // v.denominator) for j, v in row.items()}
        total = sum(whole.values())
        others = len(row) - 1
        for judge_id, value in whole.items():
            count[judge_id] = count.get(judge_id, 0) + 1
            sums = acc.setdefault(judge_id, {}).setdefault(others, [0, 0])
            sums[0] += value
            sums[1] += total
    out = {}
    for j in sorted(acc):
        diff = Fraction(0)
        for k, (own, totals) in acc[j].items():
            diff += Fraction((k + 1) * own - totals, k)
        out[j] = (count[j], diff / common / count[j])
    return out


# -- normalisations: per-judge corrections before aggregating (a registry; settings name its keys) --
# (scaled totals, the settings' edge rules, the rubric's scale) -> (corrected totals, judges treated apart)
Normalisation = Callable[[dict, "ZRules", int], "tuple[dict, tuple[JudgeNote, ...]]"]
NORMALISATIONS: Registry = Registry("normalisation")
normalisation = NORMALISATIONS.register


@normalisation("none")
def _raw(scaled: dict, rules: "ZRules", scale: int) -> tuple[dict, tuple]:
    return scaled, ()


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
def _zscore(scaled: dict[str, dict[str, Value]], rules: ZRules, scale: int) -> tuple[dict[str, dict[str, Value]], tuple[JudgeNote, ...]]:
    """Standardise each judge's totals within the round, then map them onto the round's mean and spread.

    M and S: mean and population SD of every raw total of the round (all judges, all entries).
    A judge j with n_j totals of mean m_j and population SD s_j:
      - n_j >= min_scores and s_j >= min_spread:  M + (t - m_j) / s_j * S
      - n_j <  min_scores:                        t (raw: one or two totals cannot tell leniency from quality)
      - s_j <  min_spread:                        t + (M - m_j) (shifted: the judge's level is known,
                                                   a spread near 0 is not, and dividing by it explodes)
    With `clip`, results are held to 0..100.
    """
    by_judge: dict[str, list] = {}
    for row in scaled.values():
        for judge_id, value in row.items():
            by_judge.setdefault(judge_id, []).append(value)
    everything = [v for vals in by_judge.values() for v in vals]
    if not everything:
        return scaled, ()
    overall_mean, overall_sd = _mean_sd(everything)
    stats = {j: _mean_sd(vals) for j, vals in by_judge.items()}
    floor = rules.min_spread * scale
    rule = {}
    notes = []
    for j in sorted(by_judge):
        mean, sd = stats[j]
        if len(by_judge[j]) < rules.min_scores:
            rule[j] = "raw"
        elif sd < floor or sd == 0:
            rule[j] = "shifted"
        else:
            rule[j] = "z"
        if rule[j] != "z":
            notes.append(JudgeNote(j, rule[j], len(by_judge[j]), Fraction(mean) / scale, sd / scale))
    top = 100 * scale
    out: dict[str, dict[str, Value]] = {}
    for entry_id, row in scaled.items():
        new_row = {}
        for judge_id, value in row.items():
            mean, sd = stats[judge_id]
            how = rule[judge_id]
            if how == "raw":
                new = value
            elif how == "shifted":
                new = value + (overall_mean - mean)
            else:
                new = overall_mean + (value - mean) / sd * overall_sd
            if rules.clip and how != "raw":
                new = min(max(new, 0), top)
            new_row[judge_id] = new
        out[entry_id] = new_row
    return out, tuple(notes)
