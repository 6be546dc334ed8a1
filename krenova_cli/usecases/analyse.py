"""Analysing a round: cutoff robustness (exact), bootstrap pass probabilities (numpy), agreement and bias.

Load the round and the rounds its ranking needs, call the pure core
(`core.analysis`, `core.agreement`), resample the judges with numpy, and
return plain data; nothing is written except the optional report (HTML, or PDF with WeasyPrint).
numpy is imported only here, inside `bootstrap`, so no other command pays for it.

Bootstrap: the panel of J judges who scored the ranking's rounds is drawn J
times with replacement (seeded; the same seed gives the same figures). Each
round's score of an entry is its rule's aggregation (mean, median, trimmed)
over the drawn judges who scored it, counted with their multiplicity; an entry
none of whose judges was drawn keeps its actual score in that round. A round
normalised by z-score uses the totals normalised once over the whole panel.
The ranking score combines the rounds with the round's `rank_by` weights. An
entry passes a resample when fewer than K entries score strictly higher; when
t entries share the score at the K-th place with a entries above them, each of
them counts as (K - a) / t of a pass (the places left shared among the tied).
The tie-break chain is not applied in resamples (ties at the cutoff are for
the committee); the exact robustness figures do apply it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from krenova_cli.core import lifecycle
from krenova_cli.core.analysis import Analyser, Exact, Robustness, Rule, exact, zscore_floats
from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.i18n.messages import _
from krenova_cli.store.datafolder import Store


@dataclass(frozen=True)
class AnalyseOptions:
    round_no: int
    top: int | None = None
    resamples: int = 1000
    seed: int = 0


@dataclass(frozen=True)
class Analysis:
    state: State
    exact: Exact  # robustness, agreement and bias (core.analysis), shared with the recap's analysis sheet
    top_from: str  # "round" (its advance_top) or "--top"
    ranking: dict[str, float]  # float ranking score of each ranked entry under the round's own rule
    pass_probability: dict[str, float]
    resamples: int
    seed: int

    @property
    def round_no(self) -> int:
        return self.exact.round_no

    @property
    def top(self) -> int:
        return self.exact.top

    @property
    def robust(self) -> Robustness:
        return self.exact.robust

    def rows(self) -> list[dict]:
        """Every ranked row in the round record's order (core.analysis.Exact.rows), as `standings` ranks and scores it."""
        return self.exact.rows()

    def order(self) -> list[str]:
        return [r["entry_id"] for r in self.rows()]

    def near_cutoff(self, rows: list[dict] | None = None, around: int = 5, most: int = 20) -> list[dict]:
        """The rows the table shows: `around` places either side of the cutoff line, and every entry whose pass
        probability is neither near 0 nor near 1; at most `most`, in the record's order."""
        rows = self.rows() if rows is None else rows
        line = max((i for i, r in enumerate(rows) if r["advances"] or r["tie_at_cutoff"]), default=self.top - 1)
        p = self.pass_probability
        chosen = [r for i, r in enumerate(rows) if line - around < i <= line + around or 0.05 < p.get(r["entry_id"], 0) < 0.95]
        return chosen[:most]

    def as_json(self) -> dict:
        data = self.exact.data(self.state)
        out = {k: data[k] for k in ("round", "name", "cutoff")}
        out["cutoff_from"] = self.top_from
        out.update((k, v) for k, v in data.items() if k not in out)
        out["resamples"] = self.resamples
        out["seed"] = self.seed
        rows = self.rows()
        out["pass_probability"] = {r["entry_id"]: round(self.pass_probability[r["entry_id"]], 4) for r in rows
                                   if r["entry_id"] in self.pass_probability}
        out["near_cutoff"] = [{k: r[k] for k in ("entry_id", "rank", "tied", "ranking_score", "advances", "tie_at_cutoff")}
                              | {"pass_probability": out["pass_probability"].get(r["entry_id"])} for r in self.near_cutoff(rows)]
        order = ["round", "name", "cutoff", "cutoff_from", "compared_with", "rank_by", "rules", "actual", "aggregations",
                 "leave_one_out", "resamples", "seed", "pass_probability", "kendall_w", "alpha", "judges", "outliers",
                 "missing_scores", "near_cutoff"]
        return {k: out[k] for k in order}


def analyse(store: Store, opts: AnalyseOptions) -> Analysis:
    comp = store.competition()
    n = opts.round_no
    if not 1 <= n <= len(comp.rounds):
        raise UserError(_("there is no round {n}; this competition has rounds 1 to {last}").format(n=n, last=len(comp.rounds)))
    if opts.resamples < 0:
        raise UserError(_("--resamples {resamples}: give a number of resamples of 0 or more (1000 is usual)").format(resamples=opts.resamples))
    state = store.load(rounds=lifecycle.rounds_needed(comp, n))
    if lifecycle.round_state(state, n) == lifecycle.PENDING:
        raise UserError(_("round {n} has not started (round {before} is still open); analyse an earlier round with --round {before}").format(
            n=n, before=n - 1))
    if not any(state.scores.get(n, {}).values()):
        if n > 1:
            raise UserError(_("round {n} has no scores yet, so there is nothing to analyse; record them with "
                              "`krenova score --round {n} ...` or analyse round {before} with --round {before}").format(n=n, before=n - 1))
        raise UserError(_("round {n} has no scores yet, so there is nothing to analyse; record them with "
                          "`krenova score --round {n} ...`").format(n=n))
    top, top_from = opts.top, "--top"
    if top is None:
        top, top_from = comp.round(n).advance_top, "round"
    if top is None:
        raise UserError(_("round {n} has no cutoff; say which top to test with --top K (for example --top 15)").format(n=n))
    if top < 1:
        raise UserError(_("--top {top}: give a number of places of 1 or more").format(top=top))
    found = exact(state, n, top)
    ranking = found.analyser.float_ranking(Rule())
    if top >= len(ranking):
        raise UserError(_("round {n}: a top {top} keeps all {count} ranked entries, so nothing can change sides; "
                          "test a smaller top with --top K").format(n=n, top=top, count=len(ranking)))
    probability = bootstrap(found.analyser, opts.resamples, opts.seed) if opts.resamples else {}
    return Analysis(state, found, top_from, ranking, probability, opts.resamples, opts.seed)


def bootstrap(a: Analyser, resamples: int, seed: int, chunk: int = 100) -> dict[str, float]:
    """Each ranked entry's probability of a place within the top K when the judges are resampled (see the module)."""
    import numpy as np

    ranked = sorted(a.float_ranking(Rule()))
    index = {e: i for i, e in enumerate(ranked)}
    judges = sorted({j for r, _ in a.rank_by for j in a.totals[r].judges})
    jpos = {j: i for i, j in enumerate(judges)}
    J, N, K = len(judges), len(ranked), a.top
    if K >= N:
        return {e: 1.0 for e in ranked}
    rounds = []
    for r, weight in a.rank_by:
        how, norm = a.own(r)
        rows = a.totals[r].rows
        if norm == "zscore":
            rows = zscore_floats(rows, a.rules)
        values = np.full((J, N), np.nan)
        for e, row in rows.items():
            i = index.get(e)
            if i is not None:
                for j, v in row.items():
                    values[jpos[j], i] = v
        actual = a.float_round(Rule(), r)
        fallback = np.array([actual.get(e, np.nan) for e in ranked])
        rounds.append((how, float(weight), values, fallback))
    total_weight = sum(w for _, w, _, _ in rounds)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, J, size=(resamples, J))
    passes = np.zeros(N)
    for start in range(0, resamples, chunk):
        d = draws[start:start + chunk]
        b = len(d)
        counts = np.zeros((b, J))
        np.add.at(counts, (np.repeat(np.arange(b), J), d.ravel()), 1)
        score = np.zeros((b, N))
        for how, weight, values, fallback in rounds:
            present = ~np.isnan(values)
            if how == "mean" or (how == "trimmed" and J < 4):
                # a trimmed mean with fewer than 4 drawn values is the mean; J < 4 means always
                weight_sum = counts @ present
                round_score = (counts @ np.where(present, values, 0.0)) / np.where(weight_sum > 0, weight_sum, 1)
                empty = weight_sum == 0
            else:
                round_score, empty = _order_statistic(values, d, how)
            round_score = np.where(empty, fallback, round_score)
            score += weight * round_score
        score = np.round(score / total_weight, 9)  # equal ranking scores computed in another order stay equal
        kth = -np.partition(-score, K - 1, axis=1)[:, K - 1:K]
        above = score > kth
        level = score == kth
        share = (K - above.sum(axis=1, keepdims=True)) / level.sum(axis=1, keepdims=True)
        passes += above.sum(axis=0) + (level * share).sum(axis=0)
    return {e: float(passes[i] / resamples) for e, i in index.items()}


def _order_statistic(values, draws, how: str):
    """Median or trimmed mean over the drawn judges (with repeats) who scored each entry."""
    import numpy as np

    picked = np.sort(values[draws], axis=1)  # (b, J, N); missing (nan) sort last
    k = (~np.isnan(picked)).sum(axis=1)  # (b, N) values present
    empty = k == 0
    k1 = np.maximum(k, 1)
    if how == "median":
        lo = np.take_along_axis(picked, ((k1 - 1) // 2)[:, None, :], axis=1)[:, 0, :]
        hi = np.take_along_axis(picked, (k1 // 2)[:, None, :], axis=1)[:, 0, :]
        return (lo + hi) / 2, empty
    total = np.nansum(picked, axis=1)
    first = picked[:, 0, :]
    last = np.take_along_axis(picked, (k1 - 1)[:, None, :], axis=1)[:, 0, :]
    trim = k >= 4
    total = np.where(trim, total - first - last, total)
    return total / np.where(trim, k1 - 2, k1), empty


def check_report_path(path: Path) -> None:
    """Refuse a report that cannot be written before the analysis runs: a PDF without WeasyPrint (a missing
    folder is made as `mkdir -p`, SPEC 9.1)."""
    if path.suffix.lower() == ".pdf":
        from krenova_cli.documents.rendering import pdf_problem

        problem = pdf_problem()
        if problem is not None:
            raise UserError(_("-o {file}: {problem}").format(file=path.name, problem=problem))


def write_report(store: Store, analysis: Analysis, path: Path) -> Path:
    """The report as HTML, or as PDF (WeasyPrint, the plots stay vector) when `path` ends in .pdf."""
    from krenova_cli.documents.analysis_report import report_html, report_pdf
    from krenova_cli.store.atomic import atomic_write

    check_report_path(path)
    from krenova_cli.i18n import messages

    data = analysis.as_json()
    lang = messages.language()
    html = report_html(store.path("templates"), analysis.state, data, analysis.rows(), verdict(data, lang), lang)
    if path.suffix.lower() == ".pdf":
        from krenova_cli.documents.rendering import allowed_roots

        atomic_write(path, report_pdf(html, allowed_roots(store)), sync_dir=False)
    else:
        atomic_write(path, html.encode("utf-8"), sync_dir=False)
    return path


def verdict(data: dict, lang: str | None = None) -> list[str]:
    """The analysis in plain words, in the interface language unless `lang` is given."""
    from krenova_cli.i18n import messages
    from krenova_cli.i18n.verdict import verdict as words

    return words(data, lang or messages.language())
