"""Simulation: do mixed panels with z-score pick more of the true Top 45 than fixed panels?

    python benchmarks/panels_sim.py [--entries 1500] [--judges 40] [--per-entry 3] [--top 45] [--seeds 5]

Each entry has a true quality (known here, never in life); each judge has a leniency (an offset)
and a severity of spread (a factor), and adds noise to every score:

    score = clamp(round(70 + spread_j * (quality - 70) + leniency_j + noise), 0, 100)

Two ways of making panels: `fixed` (judges in fixed groups of 3, entries shared out among the
groups: what the national trial's assignment amounted to, 72 panels for 3,000 entries) and `mixed`
(krenova's assignment). Two ways of combining: the plain mean, and krenova's z-score. Two
allocations: `random` (entries reach panels at random) and `by category` (each fixed group takes one
category, as committees often arrange it, and categories differ in quality; mixed panels ignore
categories). The figure is how many of the true Top 45 end in the computed Top 45 (mean over seeds).
Scoring is krenova's own `score_round`, with the settings' default edge rules.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from krenova_cli.core.assignment import assign  # noqa: E402
from krenova_cli.core.model import Criterion  # noqa: E402
from krenova_cli.core.scoring import Rubric, score_round  # noqa: E402

RUBRIC = Rubric.of([Criterion(id="nilai", name="Nilai", weight=1)])
CATEGORIES = 4


def world(n_entries: int, n_judges: int, seed: int):
    rng = random.Random(seed)
    category = {f"K{i:04d}": i % CATEGORIES for i in range(1, n_entries + 1)}
    # categories differ in quality (one field is simply stronger this year)
    quality = {e: rng.gauss(64 + 4 * c, 8) for e, c in category.items()}
    judges = {f"J{i}": (rng.gauss(0, 7), rng.uniform(0.6, 1.4)) for i in range(1, n_judges + 1)}
    return rng, category, quality, judges


def fixed_panels(entries, category, judges, k, by_category):
    names = list(judges)
    groups = [names[i:i + k] for i in range(0, len(names) - len(names) % k, k)]
    out = {}
    for i, e in enumerate(entries):
        if by_category:
            mine = [g for n, g in enumerate(groups) if n % CATEGORIES == category[e]]
            out[e] = mine[(i // CATEGORIES) % len(mine)]
        else:
            out[e] = groups[i % len(groups)]
    return out


def run_once(n_entries, n_judges, k, top, seed, panels, by_category, how):
    rng, category, quality, judges = world(n_entries, n_judges, seed)
    entries = sorted(quality)
    if panels == "fixed":
        table = fixed_panels(entries, category, judges, k, by_category)
    else:
        table = assign({e: list(judges) for e in entries}, list(judges), k, seed)
    scores: dict = {}
    for e, panel in table.items():
        for j in panel:
            lenient, spread = judges[j]
            value = round(70 + spread * (quality[e] - 70) + lenient + rng.gauss(0, 4))
            scores.setdefault(j, {})[e] = {"nilai": min(100, max(0, value))}
    rs = score_round(1, RUBRIC, scores, table, "mean", how)
    picked = set(sorted(rs.scores, key=lambda e: -rs.scores[e])[:top])
    truth = set(sorted(quality, key=lambda e: -quality[e])[:top])
    return len(picked & truth)


def table(n_entries=1500, n_judges=40, k=3, top=45, seeds=5) -> dict:
    out = {}
    for by_category in (False, True):
        for panels in ("fixed", "mixed"):
            for how in ("none", "zscore"):
                hits = [run_once(n_entries, n_judges, k, top, s, panels, by_category, how) for s in range(1, seeds + 1)]
                out[("by category" if by_category else "random", panels, how)] = statistics.mean(hits)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entries", type=int, default=1500)
    ap.add_argument("--judges", type=int, default=40)
    ap.add_argument("--per-entry", type=int, default=3)
    ap.add_argument("--top", type=int, default=45)
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args()
    result = table(a.entries, a.judges, a.per_entry, a.top, a.seeds)
    print(f"true Top {a.top} found in the computed Top {a.top} ({a.entries} entries, {a.judges} judges, "
          f"{a.per_entry} per entry, mean of {a.seeds} seeds)\n")
    print("| allocation | panels | combined by | hits |")
    print("|---|---|---|---|")
    for (alloc, panels, how), hits in result.items():
        print(f"| {alloc} | {panels} | {'z-score' if how == 'zscore' else 'mean'} | {hits:.1f} |")


if __name__ == "__main__":
    main()
