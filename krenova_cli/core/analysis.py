"""Pure cutoff robustness: who passes a round's cutoff under other rules, and without each judge.

A rule is an aggregation and a normalisation for every round the ranking needs
(`rank_by` rounds and tie-break rounds), and a set of judges left out. Its
passing set is decided by the ordinary code path -- `scoring.score_round` with
a changed `expected` map, then `ranking.rank` with the round's own `rank_by`
and tie-break chain -- so the answer is exact, like `standings`.

At national scale that path costs half a second a rule, so a float pass picks
the entries that can matter first. With float ranking scores `f` within
`DELTA` of the exact ones and `f_K` the K-th largest, every entry of rank <= K
has `f >= f_K - 2*DELTA`, and every entry that beats such an entry has
`f >= f_K - 4*DELTA`; ranking the candidates `f >= f_K - 4*DELTA` alone gives
every one of them with rank <= K its true rank (proof in `candidates`). A
normalised rule needs the whole round for its statistics; when its candidates
are exactly K entries (a clear gap at the cutoff) they are the passing set and
the exact path is skipped.

The float twin applies the round's z-score rules (min_scores, min_spread,
clip) as `scoring._zscore` does, and is checked on the round it answers: its
ranking under the round's own rule must lie within DELTA of the exact
standings for every entry, and no judge's spread may sit within a hair of
min_spread (where float and exact could classify the judge apart). Otherwise
every rule takes the exact path over the whole round.

"Passing" is rank <= K: entries tied across the cutoff are all on the passing
side (as with `advance --include-ties`) and are listed as `tied`. Each other
rule is compared (`compare`) with the closed round's recorded advancing set:
the committee's decision on a tie carries over to the same tie for the same
places, and any other tie across the cutoff is named as needing a new
decision. An open round (or a `--top` other than the recorded cutoff) is
compared with the tie-inclusive set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import sqrt
from typing import Mapping, Sequence

from krenova_cli.core import agreement, lifecycle
from krenova_cli.core.cutoff import tie_across
from krenova_cli.core.decisions import Decision
from krenova_cli.core.lifecycle import State
from krenova_cli.core.ranking import rank
from krenova_cli.core.scoring import Rubric, ZRules, score_round

AGGREGATIONS: dict[str, tuple[str, str]] = {
    "mean": ("mean", "none"),
    "median": ("median", "none"),
    "trimmed": ("trimmed", "none"),
    "zscore": ("mean", "zscore"),  # mean of the judges' totals after per-judge z-score normalisation
}
# Float scores are within 1e-9 points of the exact ones (totals are at most 100); a million times safer.
DELTA = 1e-6


@dataclass(frozen=True)
class Rule:
    """How every needed round is scored: None keeps the round's own aggregation or normalisation."""

    how: str | None = None
    normalise: str | None = None
    without: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Outcome:
    passing: tuple[str, ...]  # sorted entry ids with rank <= K
    tied: tuple[str, ...] = ()  # entries tied across the cutoff (all of them counted as passing)


@dataclass
class RoundTotals:
    """One round's judges' totals as floats (raw, before any normalisation), for fast passes."""

    round_no: int
    rows: dict[str, dict[str, float]]  # entry -> judge -> total
    judges: list[str] = field(default_factory=list)


def float_totals(state: State, r: int) -> RoundTotals:
    rubric = Rubric.of(state.competition.criteria_for(r))
    scores = state.scores.get(r, {})
    pairs = list(zip(rubric.coefficients, rubric.criteria, rubric.minimums))
    scale = float(rubric.scale)
    rows: dict[str, dict[str, float]] = {}
    judges: set[str] = set()
    for entry_id, expected_judges in lifecycle.expected(state, r).items():
        row = {}
        for j in expected_judges:
            values = scores.get(j, {}).get(entry_id)
            if values is not None:
                row[j] = float(sum(c * (values[k] - low) for c, k, low in pairs)) / scale
                judges.add(j)
        rows[entry_id] = row
    return RoundTotals(r, rows, sorted(judges))


def zscore_floats(rows: Mapping[str, Mapping[str, float]], rules: ZRules = ZRules()) -> dict[str, dict[str, float]]:
    """The float twin of scoring's z-score normalisation with its rules (see `scoring._zscore`)."""
    return _zscore_floats(rows, rules)[0]


# a judge's float spread this close to min_spread (relative) may be classified apart from the exact one
EDGE = 1e-9


def _zscore_floats(rows: Mapping[str, Mapping[str, float]], rules: ZRules) -> tuple[dict[str, dict[str, float]], bool]:
    """(normalised rows, whether a judge's spread sits at min_spread, where only the exact path can tell)."""
    by_judge: dict[str, list[float]] = {}
    for row in rows.values():
        for j, v in row.items():
            by_judge.setdefault(j, []).append(v)
    everything = [v for vs in by_judge.values() for v in vs]
    if not everything:
        return {e: dict(row) for e, row in rows.items()}, False
    overall_mean, overall_sd = _mean_sd(everything)
    floor = float(rules.min_spread)
    stats, how, doubtful = {}, {}, False
    for j, vs in by_judge.items():
        stats[j] = mean, sd = _mean_sd(vs)
        if len(vs) < rules.min_scores:
            how[j] = "raw"
        elif sd < floor or sd == 0:
            how[j] = "shifted"
        else:
            how[j] = "z"
        doubtful |= len(vs) >= rules.min_scores and abs(sd - floor) <= EDGE * max(1.0, floor)
    out = {}
    for e, row in rows.items():
        new_row = {}
        for j, v in row.items():
            mean, sd = stats[j]
            if how[j] == "raw":
                new = v
            elif how[j] == "shifted":
                new = v + (overall_mean - mean)
            else:
                new = overall_mean + (v - mean) / sd * overall_sd
            if rules.clip and how[j] != "raw":
                new = min(max(new, 0.0), 100.0)
            new_row[j] = new
        out[e] = new_row
    return out, doubtful


def _mean_sd(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    return mean, sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def aggregate_float(values: list[float], how: str) -> float:
    if how == "median":
        values = sorted(values)
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    if how == "trimmed" and len(values) >= 4:
        values = sorted(values)[1:-1]
    return sum(values) / len(values)


class Analyser:
    """The robustness of one round's cutoff of K; float totals are computed once and shared by every rule."""

    def __init__(self, state: State, n: int, top: int):
        self.state, self.n, self.top = state, n, top
        comp = state.competition
        self.rounds_needed = lifecycle.rounds_needed(comp, n)
        self.rank_by = comp.rank_by(n)
        self.entries = lifecycle.active_entries(state, n)
        self.totals = {r: float_totals(state, r) for r in self.rounds_needed}
        self.rules = ZRules.of(comp.scoring)
        # (round, judges left out) -> (normalised float rows, whether a judge's spread sits at min_spread)
        self._normalised: dict[tuple[int, frozenset], tuple[dict, bool]] = {}
        self._rankings: dict[Rule, dict[str, float]] = {}
        # the exact standings of round n (as recorded, for a closed round): the actual outcome, and the
        # check that proves the float twin on this round
        self.standings = lifecycle.standings(state, n)
        self.floats_proven = self._prove_floats()

    def _prove_floats(self) -> bool:
        """The float ranking under the round's own rule lies within DELTA of the exact one for every entry."""
        floats = self.float_ranking(Rule())
        if self.doubtful(Rule()):
            return False
        exact_scores = {r.entry_id: r.ranking_score for r in self.standings.ranked()}
        if set(exact_scores) != set(floats):
            return False
        return all(abs(floats[e] - float(v)) <= DELTA for e, v in exact_scores.items())

    def actual(self) -> Outcome:
        """The exact outcome under the round's own rules (the standings `standings` shows)."""
        ranked = self.standings.ranked()
        passing = tuple(sorted(r.entry_id for r in ranked if r.rank <= self.top))
        return Outcome(passing, tuple(sorted(tie_across(ranked, self.top))) if len(ranked) > self.top else ())

    def own(self, r: int) -> tuple[str, str]:
        comp = self.state.competition
        return comp.aggregation_for(r), comp.normalisation_for(r)

    def rule_for(self, rule: Rule, r: int) -> tuple[str, str]:
        how, norm = self.own(r)
        return rule.how or how, rule.normalise or norm

    def float_round(self, rule: Rule, r: int) -> dict[str, float]:
        how, norm = self.rule_for(rule, r)
        rows = self.totals[r].rows
        if rule.without:
            rows = {e: {j: v for j, v in row.items() if j not in rule.without} for e, row in rows.items()}
        if norm == "zscore":
            key = (r, rule.without)
            if key not in self._normalised:
                self._normalised[key] = _zscore_floats(rows, self.rules)
            rows = self._normalised[key][0]
        return {e: aggregate_float(list(row.values()), how) for e, row in rows.items() if row}

    def doubtful(self, rule: Rule) -> bool:
        """Whether a z-scored round of the rule has a judge whose float spread sits at min_spread."""
        return any(self._normalised.get((r, rule.without), ({}, False))[1] for r, _ in self.rank_by
                   if self.rule_for(rule, r)[1] == "zscore")

    def float_ranking(self, rule: Rule) -> dict[str, float]:
        """The float ranking score of each ranked entry under the rule (computed once per rule)."""
        found = self._rankings.get(rule)
        if found is None:
            found = self._rankings[rule] = self._float_ranking(rule)
        return found

    def _float_ranking(self, rule: Rule) -> dict[str, float]:
        per_round = {r: self.float_round(rule, r) for r, _ in self.rank_by}
        total_weight = float(sum(w for _, w in self.rank_by))
        out = {}
        for e in self.entries:
            acc = 0.0
            for r, w in self.rank_by:
                v = per_round[r].get(e)
                if v is None:
                    break
                acc += float(w) * v
            else:
                out[e] = acc / total_weight
        return out

    def outcome(self, rule: Rule) -> Outcome:
        if not self.floats_proven:  # the float twin is not proven on this round: every rule the exact way
            return self.exact(rule, self.entries, whole_round=True)
        floats = self.float_ranking(rule)
        if self.doubtful(rule):  # a judge's spread at min_spread: only the exact path can classify it
            return self.exact(rule, self.entries, whole_round=True)
        picked = candidates(floats, self.top)
        normalised = any(self.rule_for(rule, r)[1] != "none" for r in self.rounds_needed)
        if normalised:
            decided = self.by_clusters(rule, floats, picked)
            if decided is not None:
                return decided
        return self.exact(rule, picked, whole_round=normalised)

    def signature(self, rule: Rule, entry_id: str) -> tuple:
        """Everything the rules and the tie-break chain read of an entry: equal signatures rank equal."""
        sig = []
        for r in self.rounds_needed:
            scores = self.state.scores.get(r, {})
            crits = [c.id for c in self.state.competition.criteria_for(r)]
            judges = lifecycle.expected(self.state, r).get(entry_id, [])
            row = []
            for j in judges:
                if j in rule.without:
                    continue
                values = scores.get(j, {}).get(entry_id)
                row.append((j, None if values is None else tuple(values[c] for c in crits)))
            sig.append(tuple(row))
        return tuple(sig)

    def by_clusters(self, rule: Rule, floats: Mapping[str, float], picked: Sequence[str]) -> Outcome | None:
        """Decide a normalised rule without the whole-round exact path when the floats leave no doubt.

        Candidates are grouped into clusters of floats closer than 2*DELTA. Clusters
        further apart are in the same order exactly. A cluster of one entry, or of
        entries with the same signature (equal under any rule and tie-break), has
        one exact rank; any other cluster needs the exact path (None).
        """
        order = sorted(picked, key=lambda e: -floats[e])
        clusters: list[list[str]] = []
        for e in order:
            if clusters and floats[clusters[-1][-1]] - floats[e] < 2 * DELTA:
                clusters[-1].append(e)
            else:
                clusters.append([e])
        passing: list[str] = []
        tied: list[str] = []
        place = 1
        for cluster in clusters:
            if len(cluster) > 1 and len({self.signature(rule, e) for e in cluster}) > 1:
                return None
            if place <= self.top:
                passing.extend(cluster)
                if place + len(cluster) - 1 > self.top:
                    tied = cluster
            place += len(cluster)
        return Outcome(tuple(sorted(passing)), tuple(sorted(tied)))

    def exact(self, rule: Rule, picked: Sequence[str], whole_round: bool) -> Outcome:
        """The ordinary path (score_round, then rank) over the candidates, or the whole round when normalised."""
        state, comp = self.state, self.state.competition
        keep = set(picked)
        rounds = {}
        for r in self.rounds_needed:
            how, norm = self.rule_for(rule, r)
            expected = lifecycle.expected(state, r)
            if not whole_round:
                expected = {e: js for e, js in expected.items() if e in keep}
            expected = {e: [j for j in js if j not in rule.without] for e, js in expected.items()}
            rounds[r] = score_round(r, Rubric.of(comp.criteria_for(r)), state.scores.get(r, {}), expected, how, norm,
                                   ZRules.of(comp.scoring))
        st = rank(self.n, sorted(keep), self.rank_by, comp.tie_break_for(self.n), rounds)
        ranked = st.ranked()
        passing = tuple(sorted(row.entry_id for row in ranked if row.rank <= self.top))
        return Outcome(passing, tuple(sorted(tie_across(ranked, self.top))) if len(ranked) > self.top else ())


def candidates(floats: Mapping[str, float], top: int) -> list[str]:
    """Entries that can have rank <= top, and every entry that can beat one of them.

    If f_e < f_K - 2*DELTA, the K entries with f >= f_K have exact scores above
    f_K - DELTA > exact(e), so e has rank > K. If f_e >= f_K - 2*DELTA, an entry
    x at least as good as e has exact(x) >= exact(e) >= f_K - 3*DELTA, so
    f_x >= f_K - 4*DELTA: it is a candidate too, and e's rank among the
    candidates is its rank among all. A candidate below f_K - 2*DELTA has the
    K best above it, so it ranks below K among the candidates as well.
    """
    if len(floats) <= top:
        return sorted(floats)
    kth = sorted(floats.values(), reverse=True)[top - 1]
    return sorted(e for e, f in floats.items() if f >= kth - 4 * DELTA)


def compare(other: Outcome, top: int, baseline: Sequence[str], decisions: Sequence[Decision] | None) -> dict:
    """An outcome under another rule against the baseline: {advancing, changed, tied, needs_decision}.

    With the committee's recorded decisions (a closed round), a tie across the cutoff that the decisions
    settled (the same entries tied for the same places) is settled the same way; any other tie needs a new
    decision (`needs_decision`: the tied entries and the places they share), and `changed` then lists only
    the certain changes (entries certainly in that were out, certainly out that were in). Without decisions
    (None: an open round) the tie-inclusive sets are compared, as `advance --include-ties` would have it.
    """
    tied = set(other.tied)
    ahead = {e for e in other.passing if e not in tied}
    places = top - len(ahead)
    base = set(baseline)
    advancing = set(other.passing)
    needs = {"tied": sorted(tied), "places": places} if tied else None
    if decisions is None:
        changed = advancing ^ base
    else:
        if tied:
            settled = next((d for d in decisions if d.kind in ("prefer", "include-ties") and set(d.tied) == tied
                            and (d.kind == "include-ties" or len(d.chosen) == places)), None)
            if settled is not None:
                advancing, needs = ahead | set(settled.chosen), None
        changed = advancing ^ base if needs is None else (ahead - base) | (base - ahead - tied)
    return {"advancing": sorted(advancing), "changed": sorted(changed), "tied": sorted(tied), "needs_decision": needs}


@dataclass(frozen=True)
class Robustness:
    top: int
    actual: Outcome
    aggregations: dict[str, Outcome]
    leave_one_out: dict[str, Outcome]
    baseline: tuple[str, ...] = ()  # the recorded advancing set, or the actual tie-inclusive set
    decisions: tuple[Decision, ...] | None = None  # the record's decisions; None: compared tie-inclusive

    def compared(self, other: Outcome) -> dict:
        return compare(other, self.top, self.baseline, self.decisions)

    def changed(self, other: Outcome) -> list[str]:
        return self.compared(other)["changed"]


def robustness(state: State, n: int, top: int) -> tuple[Robustness, Analyser]:
    """The actual passing set, the set under each aggregation and without each judge of round n."""
    a = Analyser(state, n, top)
    actual = a.actual()
    aggs = {name: a.outcome(Rule(how, norm)) for name, (how, norm) in AGGREGATIONS.items()}
    judges = a.totals[n].judges  # the judges who scored round n are left out of every needed round in turn
    loo = {j: a.outcome(Rule(without=frozenset({j}))) for j in judges}
    record = state.records.get(n)
    if record is not None and record.cutoff == top:  # compared with what the committee decided
        baseline, decisions = tuple(record.advancing), tuple(record.decisions)
    else:
        baseline, decisions = actual.passing, None
    return Robustness(top, actual, aggs, loo, baseline, decisions), a


@dataclass(frozen=True)
class Exact:
    """Everything the analysis says without resampling: robustness, agreement and bias of round n's panel."""

    round_no: int
    top: int
    robust: Robustness
    analyser: Analyser
    kendall_w: float | None
    alpha: float | None
    judges: list  # agreement.Leniency, most lenient first
    outliers: list  # agreement.Outlier
    missing: int

    def rows(self) -> list[dict]:
        """Round n's ranked rows as `standings` shows them, in the order of the round record (SPEC 8.6 tables):
        rank, tie, ranking score (exact, and rounded as in `standings --json`), who advances. A closed round at
        its recorded cutoff lists the advancing entries first within a shared rank (`closing.decided_order`);
        otherwise the ranking's order, with the entries tied across the cutoff marked `tie_at_cutoff`."""
        from krenova_cli.core.closing import decided_order
        from krenova_cli.core.rounding import rounded

        rb = self.robust
        ranked = self.analyser.standings.ranked()
        if rb.decisions is not None:
            going, tie = set(rb.baseline), set()
        else:
            tie = set(rb.actual.tied)
            going = set(rb.actual.passing) - tie
        rows = [{"entry_id": r.entry_id, "rank": r.rank, "tied": r.tied, "ranking_score": rounded(r.ranking_score),
                 "exact": r.ranking_score, "advances": r.entry_id in going, "tie_at_cutoff": r.entry_id in tie}
                for r in ranked]
        if rb.decisions is not None:
            rows = decided_order(rows, rb.baseline)
        return rows

    def data(self, state: State) -> dict:
        """The JSON of SPEC 8.6 without the bootstrap (no `pass_probability`, `resamples`, `seed`)."""
        comp = state.competition
        rb, n = self.robust, self.round_no

        decided = rb.decisions is not None
        actual = {"advancing": sorted(rb.baseline), "tied": list(rb.actual.tied)}
        if decided:
            actual["decisions"] = [d.to_json() for d in rb.decisions if d.kind in ("prefer", "include-ties")]

        return {
            "round": n,
            "name": comp.round(n).name,
            "cutoff": self.top,
            "rank_by": [{"round": r, "weight": float(w)} for r, w in comp.rank_by(n)],
            "rules": {str(r): {"aggregation": comp.aggregation_for(r), "normalisation": comp.normalisation_for(r)}
                      for r in lifecycle.rounds_needed(comp, n)},
            "compared_with": "decision" if decided else "tie-inclusive",
            "actual": actual,
            "aggregations": {name: rb.compared(o) for name, o in rb.aggregations.items()},
            "leave_one_out": {j: _loo(rb.compared(o)) for j, o in rb.leave_one_out.items()},
            "kendall_w": _r(self.kendall_w),
            "alpha": _r(self.alpha),
            "judges": {j.judge_id: {"mean_deviation": _r(j.mean_deviation), "ci_low": _r(j.ci_low), "ci_high": _r(j.ci_high),
                                    "n": j.n, "name": state.judges[j.judge_id].name if j.judge_id in state.judges else ""}
                       for j in self.judges},
            "outliers": [{"entry_id": o.entry_id, "judge": o.judge_id, "criterion": o.criterion,
                          "value": o.value if isinstance(o.value, int) else float(o.value), "z": round(o.z, 2)}
                         for o in self.outliers],
            "missing_scores": self.missing,
        }


def _loo(found: dict) -> dict:
    return {k: found[k] for k in ("changed", "advancing", "tied", "needs_decision")}


def _r(value) -> float | None:
    return None if value is None else round(float(value), 4)


def exact(state: State, n: int, top: int) -> Exact:
    """Round n's cutoff of `top` under other rules and without each judge, and its panel's agreement and bias."""
    rob, analyser = robustness(state, n, top)
    rows = analyser.totals[n].rows
    by_judge: dict[str, dict[str, float]] = {}
    for e, row in rows.items():
        for j, v in row.items():
            by_judge.setdefault(j, {})[e] = v
    w = agreement.kendall_w(by_judge)
    alpha = agreement.krippendorff_alpha([list(row.values()) for row in rows.values()])
    return Exact(n, top, rob, analyser, None if w is None else float(w), None if alpha is None else float(alpha),
                 agreement.leniency(by_judge), agreement.outliers(criterion_values(state, n)), missing(state, n))


def criterion_values(state: State, n: int) -> dict[str, dict[str, dict[str, object]]]:
    """values[criterion][entry][judge] of round n, for the expected judges who scored."""
    crits = [c.id for c in state.competition.criteria_for(n)]
    scores = state.scores.get(n, {})
    out: dict[str, dict[str, dict[str, object]]] = {c: {} for c in crits}
    for e, judges in lifecycle.expected(state, n).items():
        for j in judges:
            values = scores.get(j, {}).get(e)
            if values is not None:
                for c in crits:
                    out[c].setdefault(e, {})[j] = values[c]
    return out


def missing(state: State, n: int) -> int:
    scores = state.scores.get(n, {})
    return sum(1 for e, judges in lifecycle.expected(state, n).items() for j in judges if e not in scores.get(j, {}))
