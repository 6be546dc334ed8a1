"""Pure: a balanced, conflict-free assignment of judges to entries, deterministic for a seed."""

from __future__ import annotations

import random

from krenova_cli.core.errors import UserError


def assign(eligible: dict[str, list[str]], judges: list[str], per_entry: int, seed: int) -> dict[str, list[str]]:
    """Give each entry `per_entry` of its eligible judges so that judges' loads differ by at most one.

    Entries with the fewest eligible judges are placed first; then assignments move from the
    busiest judge to the least busy wherever that judge is eligible, until balanced.
    """
    if per_entry < 1:
        raise UserError("--per-entry must be at least 1")
    short = [e for e, js in eligible.items() if len(js) < per_entry]
    if short:
        e = short[0]
        raise UserError(f"{e} has only {len(eligible[e])} judge(s) without a conflict, fewer than --per-entry {per_entry}"
                        + (f" (and {len(short) - 1} more entries like it)" if len(short) > 1 else ""))
    rng = random.Random(seed)
    tiebreak = {j: rng.random() for j in judges}
    load = {j: 0 for j in judges}
    order = sorted(eligible, key=lambda e: (len(eligible[e]), rng.random()))
    out: dict[str, list[str]] = {}
    for e in order:
        chosen = sorted(eligible[e], key=lambda j: (load[j], tiebreak[j]))[:per_entry]
        for j in chosen:
            load[j] += 1
        out[e] = chosen
    for _ in range(len(eligible) * per_entry * 2):
        hi = max(judges, key=lambda j: (load[j], tiebreak[j]))
        lo = min(judges, key=lambda j: (load[j], tiebreak[j]))
        if load[hi] - load[lo] <= 1:
            break
        moved = False
        for e in sorted(out):
            if hi in out[e] and lo not in out[e] and lo in eligible[e]:
                out[e] = sorted(set(out[e]) - {hi} | {lo})
                load[hi] -= 1
                load[lo] += 1
                moved = True
                break
        if not moved:
            raise UserError(f"no balanced assignment: conflicts leave judge {lo} too few entries to share {hi}'s load "
                            f"({load[lo]} against {load[hi]}); lower --per-entry or review the conflicts")
    return {e: sorted(out[e]) for e in sorted(out)}
