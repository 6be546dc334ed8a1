"""Pure: balanced, conflict-free panels of judges that mix, deterministic for a seed; and what they achieve.

Why mixing matters: z-score normalisation (and any comparison of judges) rests on judges sharing
entries. Panels that repeat (the same three judges on a hundred entries) split the judges into
islands whose leniency can never be compared. So each entry's panel is chosen greedily:

1. the least loaded eligible judges first (loads end within one of each other);
2. among equally loaded judges, the one who has sat least often with the judges already chosen
   for this panel (pairs spread evenly, so every pair of judges meets about equally often);
3. then a seeded random order (no judge is favoured by its id).

Entries with the fewest eligible judges (the most conflicts) are placed first, while everyone's
load is still low. Where conflicts still leave loads more than one apart, assignments move from the
busiest judge to the least busy wherever that one is eligible and not already on the panel.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Mapping

from krenova_cli.core.errors import T, UserError
from krenova_cli.core.ids import natural_key


@dataclass(frozen=True)
class Mixing:
    """What an assignment achieves: how many different panels, how many judge pairs met, one graph or islands."""

    entries: int
    judges: int
    per_entry: int
    panels: int  # distinct panels (sets of judges)
    pairs_together: int  # judge pairs that sit together on at least one entry
    pairs_possible: int  # C(judges, 2)
    pairs_best: int  # an upper bound on pairs_together for these sizes and loads
    connected: bool  # every judge can be compared with every other through shared entries
    components: int  # islands of judges that share no entry with each other
    loads: dict[str, int]

    @property
    def coverage(self) -> float:
        return self.pairs_together / self.pairs_possible if self.pairs_possible else 1.0

    def as_json(self) -> dict:
        return {"entries": self.entries, "judges": self.judges, "per_entry": self.per_entry,
                "distinct_panels": self.panels, "pairs_together": self.pairs_together,
                "pairs_possible": self.pairs_possible, "pairs_best_possible": self.pairs_best,
                "pair_coverage": round(self.coverage, 4), "connected": self.connected,
                "components": self.components, "loads": dict(self.loads)}


class _Panels:
    """Loads and pair counts while panels are being chosen."""

    def __init__(self, judges: list[str], seed: int):
        self.rng = random.Random(seed)
        self.index = {j: i for i, j in enumerate(judges)}
        self.load = {j: 0 for j in judges}
        self.pair = [[0] * len(judges) for _ in judges]

    def take(self, table: Mapping[str, Iterable[str]]) -> None:
        for panel in table.values():
            self.seat(list(panel))

    def seat(self, panel: list[str]) -> None:
        for j in panel:
            self.load[j] += 1
        for a, b in combinations(panel, 2):
            ia, ib = self.index[a], self.index[b]
            self.pair[ia][ib] += 1
            self.pair[ib][ia] += 1

    def choose(self, eligible: list[str], k: int) -> list[str]:
        chosen: list[str] = []
        rows: list[list[int]] = []
        pool = list(eligible)
        rand = self.rng.random
        for _ in range(k):
            best, best_key = None, None
            for j in pool:
                ij = self.index[j]
                key = (self.load[j], sum(r[ij] for r in rows), rand())
                if best_key is None or key < best_key:
                    best, best_key = j, key
            pool.remove(best)
            chosen.append(best)
            rows.append(self.pair[self.index[best]])
        self.seat(chosen)
        return chosen


def assign(eligible: dict[str, list[str]], judges: list[str], per_entry: int, seed: int) -> dict[str, list[str]]:
    """Give each entry `per_entry` of its eligible judges: loads within one, panels mixed (see the module)."""
    if per_entry < 1:
        raise UserError(T("--per-entry must be at least 1"))
    _enough(eligible, per_entry)
    state = _Panels(judges, seed)
    tiebreak = {j: state.rng.random() for j in judges}
    order = sorted(eligible, key=lambda e: (len(eligible[e]), state.rng.random()))
    out = {e: state.choose(eligible[e], per_entry) for e in order}
    if per_entry > 1:
        _improve(out, eligible, state)
    load = state.load
    for _ in range(len(eligible) * per_entry * 2):
        hi = max(judges, key=lambda j: (load[j], tiebreak[j]))
        lo = min(judges, key=lambda j: (load[j], tiebreak[j]))
        if load[hi] - load[lo] <= 1:
            break
        for e in sorted(out, key=natural_key):
            if hi in out[e] and lo not in out[e] and lo in eligible[e]:
                out[e] = [lo if j == hi else j for j in out[e]]
                load[hi] -= 1
                load[lo] += 1
                break
        else:
            raise UserError(T("no balanced assignment: conflicts leave judge {low} too few entries to share {high}'s load "
                              "({low_load} against {high_load}); lower --per-entry or review the conflicts",
                              low=lo, high=hi, low_load=load[lo], high_load=load[hi]))
    return {e: sorted(out[e], key=natural_key) for e in sorted(out, key=natural_key)}


def _improve(out: dict[str, list[str]], eligible: Mapping[str, list[str]], state: _Panels, budget: int = 40_000) -> None:
    """Swap judges between two panels (loads unchanged) while that makes pair counts more even.

    Greedy choice can be cornered near the end of a load cycle (only a few least-loaded judges
    left, who have all met); the swaps lower the sum of squared pair counts, which covers unmet
    pairs first. It runs also when every pair has met: judges kept off a large group of entries (a
    province's) are left for the last entries and would meet each other three times as often as
    the others, on panels reused a dozen times.
    """
    n = len(state.index)
    if n < 3:
        return
    entries = sorted(out, key=natural_key)
    allowed = {e: set(eligible[e]) for e in entries}
    pair, index, rng = state.pair, state.index, state.rng

    def move(panel: list[str], old: str, new: str) -> int:
        delta = 0
        io, inew = index[old], index[new]
        for x in panel:
            if x != old:
                ix = index[x]
                c = pair[io][ix]
                delta += 1 - 2 * c
                pair[io][ix] = pair[ix][io] = c - 1
                c = pair[inew][ix]
                delta += 1 + 2 * c
                pair[inew][ix] = pair[ix][inew] = c + 1
        panel[panel.index(old)] = new
        return delta

    quiet = 0
    for _ in range(budget):
        e1, e2 = rng.choice(entries), rng.choice(entries)
        p1, p2 = out[e1], out[e2]
        a, b = rng.choice(p1), rng.choice(p2)
        if e1 == e2 or a == b or b in p1 or a in p2 or b not in allowed[e1] or a not in allowed[e2]:
            continue
        delta = move(p1, a, b) + move(p2, b, a)
        if delta < 0:
            quiet = 0
            continue
        move(p2, a, b)
        move(p1, b, a)
        quiet += 1
        if quiet > 20 * len(entries) + 2000:
            break


def add_panels(table: Mapping[str, Iterable[str]], eligible: dict[str, list[str]], judges: list[str],
               per_entry: int, seed: int) -> dict[str, list[str]]:
    """Panels for entries added after the assignment, chosen the same way given the panels already made."""
    _enough(eligible, per_entry)
    state = _Panels(judges, seed)
    state.take({e: [j for j in js if j in state.index] for e, js in table.items()})
    return {e: sorted(state.choose(eligible[e], per_entry), key=natural_key) for e in sorted(eligible, key=natural_key)}


def _enough(eligible: Mapping[str, list[str]], per_entry: int) -> None:
    short = [e for e, js in eligible.items() if len(js) < per_entry]
    if short:
        e = short[0]
        if len(short) > 1:
            raise UserError(T("{entry} has only {n} judge(s) without a conflict, fewer than --per-entry {per_entry} "
                              "(and {more} more entries like it)", entry=e, n=len(eligible[e]), per_entry=per_entry,
                              more=len(short) - 1))
        raise UserError(T("{entry} has only {n} judge(s) without a conflict, fewer than --per-entry {per_entry}",
                          entry=e, n=len(eligible[e]), per_entry=per_entry))


def mixing(table: Mapping[str, Iterable[str]], judges: Iterable[str]) -> Mixing:
    """Distinct panels, judge pairs that met, an upper bound on them, and whether the judges form one graph."""
    judges = list(judges)
    panels = [tuple(sorted(js)) for js in table.values()]
    loads = {j: 0 for j in judges}
    met: set[tuple[str, str]] = set()
    parent = {j: j for j in judges}

    def find(j: str) -> str:
        while parent[j] != j:
            parent[j] = parent[parent[j]]
            j = parent[j]
        return j

    for panel in set(panels):
        for a, b in combinations(panel, 2):
            met.add((a, b))
            if a in parent and b in parent:
                parent[find(a)] = find(b)
    for panel in panels:
        for j in panel:
            if j in loads:
                loads[j] += 1
    n = len(judges)
    sizes = [len(p) for p in panels]
    k = max(sizes, default=0)
    possible = n * (n - 1) // 2
    # Each panel seats C(size, 2) pairs, and a judge on L panels meets at most min(n - 1, L * (size - 1)) others.
    by_panels = sum(s * (s - 1) // 2 for s in sizes)
    by_loads = sum(min(n - 1, loads[j] * (k - 1)) for j in judges) // 2
    # A judge on no panel (retired, replaced, or with nothing left to judge) is no island of comparison
    components = len({find(j) for j in judges if loads[j]})
    return Mixing(len(panels), n, k, len(set(panels)), len(met), possible, min(possible, by_panels, by_loads),
                  components <= 1, components, loads)


def spread_out(table: Mapping[str, Iterable[str]], leaving: str, entries: Iterable[str],
               eligible: Mapping[str, list[str]], judges: list[str], seed: int) -> dict[str, list[str]]:
    """The panels of `entries` with `leaving` replaced, each by one eligible judge (not in conflict, not on
    the panel already) chosen as `assign` chooses: the least loaded, then the one who has sat least often
    with the rest of the panel, then a seeded order. Entries with the fewest candidates go first.
    `judges` are the judges who may take entries (without `leaving`); raises naming an entry none can take."""
    targets = list(dict.fromkeys(entries))
    moving = set(targets)
    state = _Panels(judges, seed)
    state.take({e: [j for j in js if j in state.index and not (e in moving and j == leaving)] for e, js in table.items()})
    rest = {e: [j for j in table[e] if j != leaving] for e in targets}
    candidates = {e: [j for j in eligible[e] if j in state.index and j not in rest[e]] for e in targets}
    stuck = [e for e in targets if not candidates[e]]
    if stuck:
        raise UserError(T("{entry} has no judge left to take {judge}'s place (every other judge of the round is in conflict "
                          "or on its panel already); register a judge with `krenova judge add` or widen the round's pool, "
                          "then retire again", entry=stuck[0], judge=leaving))
    out: dict[str, list[str]] = {}
    for e in sorted(targets, key=lambda e: (len(candidates[e]), natural_key(e))):
        rows = [state.pair[state.index[m]] for m in rest[e] if m in state.index]
        best = min(candidates[e], key=lambda j: (state.load[j], sum(r[state.index[j]] for r in rows), state.rng.random()))
        state.seat([best])
        for m in rest[e]:
            if m in state.index:
                ia, ib = state.index[best], state.index[m]
                state.pair[ia][ib] += 1
                state.pair[ib][ia] += 1
        out[e] = sorted(rest[e] + [best], key=natural_key)
    return {e: out[e] for e in sorted(out, key=natural_key)}
