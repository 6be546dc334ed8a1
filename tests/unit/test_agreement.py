"""Agreement and bias figures on hand-worked tables, cross-checked against independent implementations."""

from fractions import Fraction
import random

import pytest

from krenova_cli.core.agreement import kendall_w, krippendorff_alpha, leniency, outliers, t_quantile_975


def naive_midranks(values):
    # rank = 1 + number smaller + (number equal - 1) / 2: a different route from the sort-and-group in the core
    return [1 + sum(w < v for w in values) + Fraction(sum(w == v for w in values) - 1, 2) for v in values]


def naive_w(table):
    judges = sorted(table)
    entries = sorted(set.intersection(*(set(table[j]) for j in judges)))
    m, n = len(judges), len(entries)
    sums = [0] * n
    ties = 0
    for j in judges:
        vals = [table[j][e] for e in entries]
        for i, r in enumerate(naive_midranks(vals)):
            sums[i] += r
        ties += sum(c ** 3 - c for c in (vals.count(v) for v in set(vals)))
    # the textbook form 12 sum R^2 - 3 m^2 n (n+1)^2, instead of the core's sum of squared deviations
    return Fraction(12 * sum(r * r for r in sums) - 3 * m * m * n * (n + 1) ** 2, m * m * (n ** 3 - n) - m * ties)


def test_kendall_w_hand_worked_without_ties():
    # ranks A 1 2 3 4, B 2 1 4 3, C 1 3 2 4: rank sums 4 6 9 11, mean 7.5, S = 29, W = 12*29 / (9*60) = 29/45
    table = {"A": {"e1": 10, "e2": 20, "e3": 30, "e4": 40}, "B": {"e1": 20, "e2": 10, "e3": 40, "e4": 30},
             "C": {"e1": 1, "e2": 3, "e3": 2, "e4": 4}}
    assert kendall_w(table) == Fraction(29, 45)
    assert kendall_w({"A": table["A"], "B": {k: v * 2 for k, v in table["A"].items()}}) == 1


def test_kendall_w_hand_worked_with_ties():
    # A: 10 10 20 -> ranks 1.5 1.5 3 (T = 2^3 - 2 = 6); B: 1 2 3. Rank sums 2.5 3.5 6, mean 4, S = 6.5
    # W = 12 * 6.5 / (4 * 24 - 2 * 6) = 78 / 84 = 13/14
    table = {"A": {"x": 10, "y": 10, "z": 20}, "B": {"x": 1, "y": 2, "z": 3}}
    assert kendall_w(table) == Fraction(13, 14)


def test_kendall_w_against_the_textbook_form_on_random_tables_with_ties_and_a_conflict():
    rnd = random.Random(7)
    for _ in range(30):
        m, n = rnd.randint(2, 6), rnd.randint(3, 12)
        table = {f"J{j}": {f"E{e}": rnd.randint(0, 4) for e in range(n)} for j in range(m)}
        del table["J0"]["E0"]  # a conflicted judge: E0 leaves the complete block
        if len({tuple(r.values()) for r in table.values()}) == 1 and len(set(table["J1"].values())) == 1:
            continue
        assert kendall_w(table) == naive_w(table)


def test_kendall_w_undefined():
    assert kendall_w({"A": {"x": 1, "y": 2}}) is None  # one judge
    assert kendall_w({"A": {"x": 5, "y": 5}, "B": {"x": 5, "y": 5}}) is None  # no variation at all


def test_krippendorff_alpha_hand_worked():
    # values 1,2 | 3,3: D_o = (2*1 + 0) / 4 = 1/2; D_e = 2(4*23 - 81) / 12 = 11/6; alpha = 1 - 3/11 = 8/11
    assert krippendorff_alpha([[1, 2], [3, 3]]) == Fraction(8, 11)
    assert krippendorff_alpha([[1, 2], [3, 3], [7]]) == Fraction(8, 11)  # an unpairable unit is left out
    assert krippendorff_alpha([[5, 5], [5, 5]]) is None


def test_krippendorff_alpha_against_the_krippendorff_package():
    kd = pytest.importorskip("krippendorff")
    import numpy as np

    rnd = random.Random(3)
    for _ in range(20):
        m, n = rnd.randint(2, 7), rnd.randint(3, 30)
        data = [[float(rnd.randint(40, 100)) if rnd.random() > 0.15 else np.nan for _ in range(n)] for _ in range(m)]
        units = [[data[j][u] for j in range(m) if not np.isnan(data[j][u])] for u in range(n)]
        if sum(len(u) for u in units if len(u) >= 2) < 2:
            continue
        ours = krippendorff_alpha([[Fraction(v) for v in u] for u in units])
        theirs = kd.alpha(reliability_data=np.array(data), level_of_measurement="interval")
        assert float(ours) == pytest.approx(theirs, abs=1e-9)


def test_leniency_deviation_from_the_other_judges_and_its_interval():
    # J1 = J3 + 10 everywhere, J2 = J3 +/- 1 alternately: J1's deviation is 10 - (+-1)/2 on each entry
    j3 = {f"E{i}": 50 + 3 * i for i in range(8)}
    table = {"J1": {e: v + 10 for e, v in j3.items()}, "J2": {e: v + (1 if i % 2 else -1) for i, (e, v) in enumerate(j3.items())},
             "J3": j3}
    by_id = {x.judge_id: x for x in leniency(table)}
    assert [x.judge_id for x in leniency(table)] == ["J1", "J2", "J3"]
    assert by_id["J1"].mean_deviation == pytest.approx(10.0)
    devs = [10 - (1 if i % 2 else -1) / 2 for i in range(8)]  # +-0.5 around 10: sample sd = sqrt(8 * 0.25 / 7)
    half = 2.3646 * (8 * 0.25 / 7) ** 0.5 / 8 ** 0.5
    assert by_id["J1"].ci_low == pytest.approx(10 - half, abs=1e-4) and by_id["J1"].ci_high == pytest.approx(10 + half, abs=1e-4)
    assert sum(devs) / 8 == pytest.approx(by_id["J1"].mean_deviation)
    assert by_id["J3"].mean_deviation == pytest.approx(-5.0)


def test_t_quantile_against_published_tables_and_scipy():
    published = {1: 12.706, 5: 2.571, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980, 10 ** 6: 1.960}
    for df, value in published.items():
        assert t_quantile_975(df) == pytest.approx(value, abs=6e-4)
    stats = pytest.importorskip("scipy.stats")
    for df in (1, 2, 5, 10, 30, 31, 40, 52, 100, 1000, 4998):
        assert t_quantile_975(df) == pytest.approx(stats.t.ppf(0.975, df), rel=2e-5)


def test_outlier_hand_worked():
    # 10 entries scored 50 by 3 judges, except J3 gives E3 90. Pooled SS = 40^2 * 2/3 = 3200/3 over 20 degrees
    # of freedom; against the mean of 2 others the spread is sqrt(3200/60 * 1.5) = sqrt(80): z = 40/sqrt(80) = 4.47.
    values = {"kebaruan": {f"E{i}": {"J1": 50, "J2": 50, "J3": 90 if i == 3 else 50} for i in range(10)}}
    found = outliers(values)
    assert [(o.entry_id, o.judge_id, o.criterion, o.value) for o in found] == [("E3", "J3", "kebaruan", 90)]
    assert found[0].z == pytest.approx(40 / 80 ** 0.5)
    # the other two judges of E3 are 20 below the others' mean 70: z = -20/sqrt(80) = -2.24, not flagged
    assert outliers(values, limit=2.2) and len(outliers(values, limit=2.2)) == 3
