"""Pure agreement and bias figures of a judging panel: Kendall's W, Krippendorff's alpha, leniency, outliers.

Every function takes plain numbers (`int`, `Fraction` or `float`) and works in
the numbers it is given: `Fraction`s give exact results (the unit tests check
hand-worked tables that way), floats are fast enough at national scale.

Choices, also written down in the README ("Analysing a round"):

- Kendall's W uses the entries scored by every judge of the panel (a complete
  block), mid-ranks for tied totals and the usual correction for ties:
  `W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)` with `T_j = sum (t^3 - t)` over
  judge j's groups of t equal totals.
- Krippendorff's alpha (interval) uses every pairable value (entries with at
  least two totals): `alpha = 1 - D_o / D_e`.
- A judge's deviation on an entry is their total minus the mean of the other
  judges' totals on it; its mean over the judge's entries gets a 95% interval
  from Student's t with the sample standard deviation (n - 1).
- A single criterion score is an outlier when it lies more than 3 standard
  deviations from the mean of the other judges' scores of that entry and
  criterion. The standard deviation is the criterion's pooled within-entry
  sample spread over the round, scaled for the comparison with a mean of
  k others (`s * sqrt(1 + 1/k)`): with 5-7 judges a spread computed from the
  entry's own scores can never reach 3 (and is 0 when the others agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import sqrt
from typing import Mapping, Sequence

Number = int | float | Fraction
# totals[judge_id][entry_id] = the judge's total (missing when the judge did not score the entry)
Table = Mapping[str, Mapping[str, Number]]


def doubled_midranks(values: Sequence[Number]) -> tuple[list[int], int]:
    """Twice the mid-rank of each value (rank 1 = smallest; integers even with ties) and sum(t^3 - t) of its ties."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0] * len(values)
    ties = 0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        # positions i..j (0-based) share ranks i+1..j+1: twice their mean is i + j + 2
        for k in range(i, j + 1):
            ranks[order[k]] = i + j + 2
        t = j - i + 1
        ties += t * t * t - t
        i = j + 1
    return ranks, ties


def complete_block(totals: Table) -> tuple[list[str], list[str]]:
    """The judges and the entries every one of them scored (sorted)."""
    judges = sorted(j for j, row in totals.items() if row)
    if not judges:
        return [], []
    common = set(totals[judges[0]])
    for j in judges[1:]:
        common &= set(totals[j])
    return judges, sorted(common)


def kendall_w(totals: Table) -> Fraction | None:
    """Kendall's coefficient of concordance of the judges' rankings, corrected for ties (None if undefined)."""
    judges, entries = complete_block(totals)
    m, n = len(judges), len(entries)
    if m < 2 or n < 2:
        return None
    rank_sums = [0] * n
    tie_sum = 0
    for j in judges:
        row = totals[j]
        ranks, ties = doubled_midranks([row[e] for e in entries])
        tie_sum += ties
        for i, r in enumerate(ranks):
            rank_sums[i] += r
    centre = m * (n + 1)  # twice the mean rank sum
    s4 = sum((r - centre) ** 2 for r in rank_sums)  # 4 S
    denominator = m * m * (n ** 3 - n) - m * tie_sum
    if denominator == 0:
        return None  # every judge gave every entry the same total
    return Fraction(12 * s4, 4 * denominator)


def krippendorff_alpha(units: Sequence[Sequence[Number]]) -> Number | None:
    """Krippendorff's alpha for interval data; `units` holds each entry's totals (None if undefined)."""
    pairable = [u for u in units if len(u) >= 2]
    n = sum(len(u) for u in pairable)
    if n < 2:
        return None
    observed = 0
    total = 0
    total_sq = 0
    for u in pairable:
        s = sum(u)
        sq = sum(v * v for v in u)
        m = len(u)
        # sum over ordered pairs i != j of (v_i - v_j)^2 = 2 (m sum v^2 - (sum v)^2)
        observed += _div(2 * (m * sq - s * s), m - 1)
        total += s
        total_sq += sq
    d_o = _div(observed, n)
    d_e = _div(2 * (n * total_sq - total * total), n * (n - 1))
    if d_e == 0:
        return None
    return 1 - d_o / d_e


def _div(a: Number, b: int) -> Number:
    return Fraction(a, b) if isinstance(a, int) else a / b


def t_quantile_975(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom (exact table to 30, then Cornish-Fisher)."""
    table = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788,
             2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
             2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423]
    if df < 1:
        raise ValueError(df)
    if df <= len(table):
        return table[df - 1]
    z = 1.959963984540054
    v = float(df)
    return (z + (z ** 3 + z) / (4 * v) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * v ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * v ** 3))


@dataclass(frozen=True)
class Leniency:
    judge_id: str
    n: int
    mean_deviation: float
    ci_low: float | None
    ci_high: float | None


def leniency(totals: Table) -> list[Leniency]:
    """Each judge's mean deviation from the other judges on the same entries, most lenient first."""
    by_entry: dict[str, list[tuple[str, float]]] = {}
    for j, row in totals.items():
        for e, v in row.items():
            by_entry.setdefault(e, []).append((j, float(v)))
    devs: dict[str, list[float]] = {j: [] for j in totals}
    for scored in by_entry.values():
        m = len(scored)
        if m < 2:
            continue
        s = sum(v for _, v in scored)
        for j, v in scored:
            devs[j].append(v - (s - v) / (m - 1))
    out = []
    for j, ds in devs.items():
        n = len(ds)
        if n == 0:
            continue
        mean = sum(ds) / n
        if n >= 2:
            sd = sqrt(sum((d - mean) ** 2 for d in ds) / (n - 1))
            half = t_quantile_975(n - 1) * sd / sqrt(n)
            out.append(Leniency(j, n, mean, mean - half, mean + half))
        else:
            out.append(Leniency(j, n, mean, None, None))
    out.sort(key=lambda x: (-x.mean_deviation, x.judge_id))
    return out


@dataclass(frozen=True)
class Outlier:
    entry_id: str
    judge_id: str
    criterion: str
    value: Number
    z: float


# values[criterion][entry_id][judge_id] = the judge's score of that criterion
def outliers(values: Mapping[str, Mapping[str, Mapping[str, Number]]], limit: float = 3.0) -> list[Outlier]:
    """Single criterion scores more than `limit` pooled standard deviations from the other judges' mean."""
    found = []
    for crit, by_entry in values.items():
        ss = 0.0
        dof = 0
        for scored in by_entry.values():
            m = len(scored)
            if m < 2:
                continue
            vals = [float(v) for v in scored.values()]
            mean = sum(vals) / m
            ss += sum((v - mean) ** 2 for v in vals)
            dof += m - 1
        if dof == 0 or ss == 0:
            continue
        spread = sqrt(ss / dof)
        for entry_id, scored in by_entry.items():
            m = len(scored)
            if m < 3:  # the mean of a single other judge is no panel
                continue
            s = sum(float(v) for v in scored.values())
            scale = spread * sqrt(1 + 1 / (m - 1))
            for judge_id, v in scored.items():
                z = (float(v) - (s - float(v)) / (m - 1)) / scale
                if abs(z) > limit:
                    found.append(Outlier(entry_id, judge_id, crit, v, z))
    found.sort(key=lambda o: (-abs(o.z), o.entry_id, o.judge_id, o.criterion))
    return found
