"""Re-deriving the decision records: a closed round's standings and advancing set from its score
files with the round's recorded rules, and the awards from the final round's record.

A round record or `awards.json` edited by hand (and its new SHA-256 adopted with it) must not pass
`check` or `adopt`: each is recomputed here and compared with what it says.
"""

from __future__ import annotations

from fractions import Fraction

from krenova_cli.core.cutoff import cutoff
from krenova_cli.core.errors import DataError, KrenovaError, T, said
from krenova_cli.core.lifecycle import State
from krenova_cli.core.locks import closed_round_changes
from krenova_cli.core.prizes import decide
from krenova_cli.core.ranking import parse_tie_break, rank
from krenova_cli.core.records import RoundRecord, exact
from krenova_cli.core.scoring import RoundScores, Rubric, ZRules, score_round


def _recorded_scores(state: State, n: int, record: RoundRecord) -> RoundScores:
    """Round n's scores with its recorded aggregation and normalisation; every judge whose file
    scores an entry counts, and those the record says were missing."""
    scored = state.scores.get(n, {})
    expected: dict[str, list[str]] = {}
    rows = {r.entry_id: r for r in record.standings}
    for e in record.entries:
        judges = {j for j, by_entry in scored.items() if e in by_entry}
        row = rows.get(e)
        if row is not None:
            judges |= set(row.missing)
        expected[e] = sorted(judges)
    rubric = Rubric.of(state.competition.criteria_for(n))
    return score_round(n, rubric, scored, expected, record.aggregation, record.normalisation, ZRules.of(state.competition.scoring))


def _short(value: str | None) -> str:
    if value is None:
        return T("none")
    f = Fraction(value)
    return f"{float(f):.4f}"


def check_round(state: State, n: int, recorded: dict[int, RoundScores] | None = None) -> list[DataError]:
    """Round n recomputed from its score files and recorded rules, compared with its record;
    `recorded` keeps each round's recomputed scores for the rounds after it that rank by it."""
    recorded = {} if recorded is None else recorded
    record = state.records[n]
    src = f"rounds/round-{n}.json"
    way_out = T("restore the record and its score files, or `krenova reopen --round {n}` and close it again", n=n)
    try:
        rank_by = tuple((r, Fraction(w)) for r, w in record.rank_by)
        needed = {n} | {r for r, _ in rank_by}
        for key in record.tie_break:
            parsed = parse_tie_break(key)
            if parsed.kind == "round":
                needed.add(int(parsed.arg))
        rounds = {}
        for r in sorted(needed):
            if r not in state.records:
                return [DataError(src, None, T("ranks by round {r}, which is not closed; {way_out}", r=r, way_out=way_out))]
            if r not in recorded:
                recorded[r] = _recorded_scores(state, r, state.records[r])
            rounds[r] = recorded[r]
        st = rank(n, list(record.entries), rank_by, record.tie_break, rounds)
        include_ties = any(d.kind == "include-ties" for d in record.decisions)
        prefer = next((d for d in record.decisions if d.kind == "prefer"), None)
        cut = cutoff(st, record.cutoff, include_ties, prefer.chosen if prefer else (), prefer.reason if prefer else "")
    except (KrenovaError, KeyError, ValueError, TypeError, ZeroDivisionError) as exc:
        return [DataError(src, None, T("does not follow from its score files and rules ({problem}); {way_out}",
                                             problem=said(exc), way_out=way_out))]
    errors = []
    kept = {row.entry_id: row.exact_ranking_score for row in record.standings}
    for row in st.rows:
        again = row.ranking_score
        if again is not None and type(again) is not Fraction:
            again = Fraction(again)
        had = kept.get(row.entry_id)
        if had is None and again is None:
            continue
        # the record keeps "n/d" in lowest terms (records.exact): the same text is the same number
        if had is not None and again is not None and (had == exact(again) or Fraction(had) == again):
            continue
        again = None if again is None else str(again)
        errors.append(DataError(src, None, T("{entry}: ranking score {had} does not follow from the score files "
                                             "({again} recomputed); {way_out}", entry=row.entry_id, had=_short(had),
                                             again=_short(again), way_out=way_out)))
    if cut.tie:
        errors.append(DataError(src, None, T("the score files leave a tie at the cutoff ({tied}) that the record does not decide; {way_out}",
                                               tied=", ".join(cut.tie), way_out=way_out)))
    elif set(cut.advancing) != set(record.advancing):
        more = sorted(set(record.advancing) - set(cut.advancing))
        less = sorted(set(cut.advancing) - set(record.advancing))
        if more and less:
            wrong = T("it advances {more} who should not; leaves out {less} who should advance",
                      more=", ".join(more), less=", ".join(less))
        elif more:
            wrong = T("it advances {more} who should not", more=", ".join(more))
        else:
            wrong = T("it leaves out {less} who should advance", less=", ".join(less))
        errors.append(DataError(src, None, T("the advancing entries do not follow from the standings: {wrong}; {way_out}",
                                             wrong=wrong, way_out=way_out)))
    return errors


def check_awards(state: State) -> list[DataError]:
    awards = state.awards
    src = "awards.json"
    way_out = T("restore it, or decide the awards again with `krenova awards --redo --reason TEXT`")
    last = state.last_round
    record = state.records.get(awards.round if awards else last)
    if awards is None or record is None:
        return [] if awards is None else [DataError(src, None, T("round {n} is not closed; {way_out}", n=awards.round, way_out=way_out))]
    if awards.round != last:
        return [DataError(src, None, T("decided on round {n}, but the final round is {last}; {way_out}", n=awards.round, last=last,
                                          way_out=way_out))]
    ranked = [(r.entry_id, r.rank, r.exact_score) for r in record.standings
              if r.rank is not None and record.advances(r.entry_id) and r.entry_id in state.entries
              and state.entries[r.entry_id].withdrawn is None]
    categories = {e: state.entries[e].category for e, _, _ in ranked}
    prefer: list[str] = []
    reason = ""
    for d in awards.decisions:
        if d.kind == "prefer":
            prefer.extend(e for e in d.chosen if e not in prefer)
            reason = reason or d.reason
    try:
        places, _ = decide(ranked, categories, state.competition.prizes, tuple(prefer), reason or "recorded",
                           state.competition.awards.min_score)
    except (KrenovaError, KeyError, ValueError, TypeError) as exc:
        return [DataError(src, None, T("does not follow from round {last}'s record ({problem}); {way_out}", last=last,
                                          problem=said(exc), way_out=way_out))]
    want = [(p.place, p.entry_id, p.amount) for p in places]
    have = [(p.place, p.entry_id, p.amount) for p in awards.places]
    if want == have:
        return []
    errors = []
    by_place = {p: (e, a) for p, e, a in have}
    for p, e, a in want:
        got = by_place.pop(p, None)
        if got is None:
            errors.append(DataError(src, None, T("place {place} is missing (it goes to {entry}, {amount}); {way_out}", place=p,
                                                 entry=e or T("nobody"), amount=a, way_out=way_out)))
        elif got != (e, a):
            errors.append(DataError(src, None, T("place {place}: {had} ({had_amount}) does not follow from round {last}'s record "
                                                 "and the prizes ({entry}, {amount}); {way_out}", place=p,
                                                 had=got[0] or T("vacant"), had_amount=got[1], last=last,
                                                 entry=e or T("vacant"), amount=a, way_out=way_out)))
    for p, (e, a) in sorted(by_place.items()):
        errors.append(DataError(src, None, T("place {place} ({entry}, {amount}) is not a prize of the settings; {way_out}",
                                             place=p, entry=e, amount=a, way_out=way_out)))
    return errors or [DataError(src, None, T("its places are not in the order the prizes give; {way_out}", way_out=way_out))]


def rederive(state: State, digests: dict[int, dict[str, str]] | None = None, rounds: set[int] | None = None,
             awards: bool = True) -> list[DataError]:
    """Every closed round (its score files loaded in `state`) and the awards, recomputed and compared.
    With `digests` (round -> score file -> SHA-256), a round whose files differ from its record is
    left out, with the rounds after it: that difference is the error to report; so is a round whose
    deciding settings (criteria, scoring) were changed since it closed. `rounds` and `awards` choose
    a part of the work (`split_rounds`: two processes share it); the parts together say the same."""
    errors: list[DataError] = []
    changed = [n for n in state.records if digests is not None and digests.get(n, {}) != state.records[n].score_files]
    # a round whose deciding settings moved since it closed is reported as that (core/locks.py)
    changed += [n for n, _ in closed_round_changes(state.competition, state.records)]
    recorded: dict[int, RoundScores] = {}
    for n in sorted(state.records):
        if any(r <= n for r in changed):  # later rounds rank by earlier ones
            continue
        if rounds is None or n in rounds:
            errors.extend(check_round(state, n, recorded))
    if awards:
        from krenova_cli.core.screening import record_problems

        errors.extend(check_awards(state))
        errors.extend(record_problems(state))  # the administrative screening (round 0), with the awards' part
    return errors


def split_rounds(state: State, share: float) -> set[int]:
    """The first closed rounds whose entries come nearest to `share` of all closed rounds' entries:
    one process's part of `rederive` (the work grows with the entries a round ranks)."""
    weights = [(n, len(state.records[n].entries)) for n in sorted(state.records)]
    total = sum(w for _, w in weights) or 1
    best, best_gap, running, taken = set(), share * total, 0, []
    for n, w in weights:
        running += w
        taken.append(n)
        gap = abs(running - share * total)
        if gap < best_gap:
            best, best_gap = set(taken), gap
    return best
