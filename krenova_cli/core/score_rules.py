"""Pure rules for recording scores: which judge may score which entry, in which round, with which values."""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType
from fractions import Fraction
from typing import Any, Iterable, Mapping

from krenova_cli.core.errors import T
from krenova_cli.core.problems import BadScorePair, NoSuchRound, RoundClosed, RoundNotStarted, UnknownJudge
from krenova_cli.core.lifecycle import CLOSED, PENDING, State, active_entries, entry_status, in_round_pool, is_active, round_state
from krenova_cli.core.model import Criterion, conflict_reason, frac, in_conflict
from krenova_cli.core.scoring import Value


class ValueRule:
    """Range and step of one criterion, checked without building a Fraction for whole-number scores."""

    __slots__ = ("id", "lo", "hi", "step", "integral", "lo_i", "hi_i")

    def __init__(self, c: Criterion):
        self.id = c.id
        self.lo, self.hi, self.step = frac(c.min), frac(c.max), frac(c.step)
        self.integral = self.step == 1 and self.lo.denominator == 1
        # whole-number bounds for the fast path (scores in steps of 1 are compared as ints)
        self.lo_i = self.lo.numerator if self.integral else None
        self.hi_i = int(self.hi) if self.integral else None

    def problem(self, value: Any) -> str | None:
        if type(value) is int and self.integral and self.lo_i <= value <= self.hi_i:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
            return T("{value!r} is not a number", value=value)
        if value < self.lo:
            return T("{value} is below the minimum {low} of {criterion}", value=_show(value), low=_show(self.lo), criterion=self.id)
        if value > self.hi:
            return T("{value} is above the maximum {high} of {criterion}", value=_show(value), high=_show(self.hi), criterion=self.id)
        if self.integral:
            if isinstance(value, int):
                return None
            if value.denominator == 1:
                return None
            return T("{value} is not a whole number ({criterion} is scored in steps of 1)", value=_show(value), criterion=self.id)
        if ((value - self.lo) / self.step).denominator != 1:
            return T("{value} is not on a step of {step} from {low} ({criterion})", value=_show(value), step=_show(self.step),
                     low=_show(self.lo), criterion=self.id)
        return None


def _show(value: Any) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return format(float(value), "g")
    return str(value)


def round_rules(state: State, n: int) -> Mapping[str, ValueRule]:
    """The rules of round n's criteria, looked up once per state (an import checks thousands of entries)."""
    key = ("rules", n)
    if key not in state._derived:
        state._derived[key] = rules_for(state.competition.criteria_for(n))
    return state._derived[key]


def rules_for(criteria: Iterable[Criterion]) -> Mapping[str, ValueRule]:
    """The rules of a round's criteria, built once per criteria list (read-only)."""
    return _rules(tuple(criteria))


@lru_cache(maxsize=64)
def _rules(criteria: tuple[Criterion, ...]) -> Mapping[str, ValueRule]:
    return MappingProxyType({c.id: ValueRule(c) for c in criteria})


def _all_fine(values: dict, rules: Mapping[str, ValueRule]) -> bool:
    """The common case, checked without building messages: every criterion, whole numbers in range."""
    if len(values) != len(rules):
        return False
    for cid, value in values.items():
        rule = rules.get(cid)
        if rule is None or type(value) is not int or not rule.integral or not rule.lo_i <= value <= rule.hi_i:
            return False
    return True


@lru_cache(maxsize=64)
def _whole(criteria: tuple[Criterion, ...]) -> tuple[frozenset, int, int] | None:
    rules = _rules(criteria)
    if not rules or not all(r.integral for r in rules.values()) or len({(r.lo_i, r.hi_i) for r in rules.values()}) != 1:
        return None
    first = next(iter(rules.values()))
    return frozenset(rules), first.lo_i, first.hi_i


def whole_scores(criteria: Iterable[Criterion]) -> tuple[frozenset, int, int] | None:
    """(criterion ids, min, max) when every criterion is scored in whole steps between the same bounds."""
    return _whole(tuple(criteria))


def fine_whole(values: Any, whole: tuple[frozenset, int, int]) -> bool:
    """`check_entry_values(values, rules) == []` for the rules `whole_scores` describes, asked in C: the
    same criteria, ints only (not bools), within the bounds. False sends the caller to the full check."""
    ids, lo, hi = whole
    if type(values) is not dict or values.keys() != ids:
        return False
    given = values.values()
    return set(map(type, given)) == _INT and lo <= min(given) and max(given) <= hi


_INT = {int}


def check_entry_values(values: Any, rules: Mapping[str, ValueRule]) -> list[str]:
    """Problems with one entry's criterion -> value mapping (all criteria of the round, nothing else)."""
    if type(values) is dict and _all_fine(values, rules):
        return []
    if not isinstance(values, dict):
        return [T("expected a table of criterion = value")]
    problems = []
    for cid, value in values.items():
        rule = rules.get(cid)
        if rule is None:
            problems.append(T("unknown criterion {criterion!r} (this round scores {criteria})", criterion=cid, criteria=", ".join(rules)))
            continue
        p = rule.problem(value)
        if p:
            problems.append(p)
    lacking = [c for c in rules if c not in values]
    if lacking:
        problems.append(T("missing criteria {missing} (each entry needs all of {criteria})", missing=", ".join(lacking),
                          criteria=", ".join(rules)))
    return problems



_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_value(text: str) -> Value:
    """A score typed by a person: '85', '7.5' or '7,5'. Exact, never a binary float."""
    cleaned = text.strip().replace(",", ".")
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 40:  # the common case: a whole number
        return int(cleaned)
    if len(cleaned) > 40 or not _PLAIN.fullmatch(cleaned):  # no exponents, fractions or words
        raise ValueError(T("{value!r} is not a number", value=text))
    value = Fraction(cleaned)
    return value.numerator if value.denominator == 1 else value


def parse_assignments(pairs: list[str]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for pair in pairs:
        crit, sep, raw = pair.partition("=")
        if not sep or not crit.strip():
            raise BadScorePair(pair=pair, problem="form", criterion="", detail="")
        crit = crit.strip()
        if crit in values:
            raise BadScorePair(pair=pair, problem="twice", criterion=crit, detail="")
        try:
            values[crit] = parse_value(raw)
        except ValueError as exc:
            raise BadScorePair(pair=pair, problem="value", criterion=crit, detail=exc.args[0] if exc.args else str(exc)) from None
    return values


def criterion_ids(criteria) -> dict[str, str]:
    """Each criterion's id and name, as `normalise_name` compares them, to its id: a criterion as people type it."""
    from krenova_cli.core.model import normalise_name

    known: dict[str, str] = {}
    for c in criteria:
        known.setdefault(normalise_name(c.id), c.id)
        known.setdefault(normalise_name(c.name), c.id)
    return known


def canonical_criteria(values: Mapping[str, Value], criteria) -> dict[str, Value]:
    """Criterion ids as typed (`Kebaruan=76`, the name the score sheet shows) matched to the round's
    ids regardless of case, by id or by name; anything unknown stays as typed, to be refused by name."""
    from krenova_cli.core.model import normalise_name

    known = criterion_ids(criteria)
    out: dict[str, Value] = {}
    for typed, value in values.items():
        cid = known.get(normalise_name(typed), typed)
        if cid in out:
            raise BadScorePair(pair=f"{typed}={value}", problem="twice", criterion=cid, detail="")
        out[cid] = value
    return out


def require_open(state: State, n: int) -> None:
    if not 1 <= n <= state.last_round:
        raise NoSuchRound(round_no=n, last=state.last_round)
    st = round_state(state, n)
    if st == CLOSED:
        # the awards are decided from the last round: `reopen` would refuse until they are undone
        raise RoundClosed(round_no=n, awards_decided=state.awards is not None and state.awards.round == n)
    if st == PENDING:
        raise RoundNotStarted(round_no=n)


def entry_problem(state: State, n: int, judge_id: str, entry_id: str) -> str | None:
    """Why `judge_id` may not score `entry_id` in round n, or None."""
    if entry_id not in state.entries:
        return T("unknown entry {entry!r}", entry=entry_id)
    if not is_active(state, entry_id, n):
        return T("{entry} is not active in round {n} ({status})", entry=entry_id, n=n, status=entry_status(state, entry_id))
    judge = state.judges[judge_id]
    entry = state.entries[entry_id]
    if in_conflict(judge, entry):
        why = conflict_reason(judge, entry)
        return T("judge {judge} is in conflict with {entry} ({why}) and may not score it", judge=judge_id, entry=entry_id, why=why)
    assigned = state.assignments.get(n, {}).get(entry_id)
    if n not in state.assignments and not in_round_pool(state, n, judge_id) \
            and entry_id not in state.scores.get(n, {}).get(judge_id, {}):
        if judge.retired_by(n):
            return T("judge {judge} retired from round {r} ({reason}) and scores nothing from then on; "
                     "`krenova judge reactivate {judge}` brings them back", judge=judge_id, r=judge.retired.round,
                     reason=judge.retired.reason)
        return T("judge {judge} is not in round {n}'s pool of judges (rounds.{n}.judges); add them with "
                 "`krenova settings set rounds.{n}.judges ...`", judge=judge_id, n=n)
    if assigned is None and n in state.assignments:
        return T("{entry} has no judges assigned in round {n} (registered after the assignment); give it a panel with "
                 "`krenova assign --round {n} --add {entry}`", entry=entry_id, n=n)
    if assigned is not None and judge_id not in assigned:
        return T("judge {judge} is not assigned to {entry} in round {n} (see assignments/round-{n}.toml)", judge=judge_id, entry=entry_id, n=n)
    return None


def check_submission(state: State, n: int, judge_id: str, entry_id: str, values: Mapping[str, Value], replace: bool) -> list[str]:
    """Every problem with one judge's scores for one entry (empty when they may be recorded)."""
    problem = entry_problem(state, n, judge_id, entry_id)
    if problem:
        return [problem]
    problems = check_entry_values(dict(values), round_rules(state, n))
    existing = state.scores.get(n, {}).get(judge_id, {}).get(entry_id)
    if not problems and existing is not None and not replace and dict(existing) != dict(values):
        problems.append(T("{entry} already has round {n} scores from {judge}; use --replace to correct them (the old values are logged)",
                          entry=entry_id, n=n, judge=judge_id))
    return problems


def batch_problems(state: State, n: int, batch: Mapping[str, Mapping[str, Mapping[str, Value]]],
                   replace: bool) -> Iterable[tuple[str, str, Any]]:
    """(judge, entry, problem) for each problem of a batch of submissions, in the batch's order: what
    `check_submission` says of each. The submissions an import is made of (an active, assigned entry
    without conflict, all criteria in range, nothing recorded yet) are passed without a call each;
    any other goes through `check_submission`. tests/unit/test_score_rules_batch.py compares both."""
    rules = round_rules(state, n)
    entries = state.entries
    if ("active-set", n) not in state._derived:
        active_entries(state, n)
    active = state._derived[("active-set", n)]
    table = state.assignments.get(n)
    recorded = state.scores.get(n, {})
    for judge_id, submitted in batch.items():
        judge = state.judges[judge_id]
        done = recorded.get(judge_id, {})
        for entry_id, values in submitted.items():
            if (entry_id in active and entry_id in entries and entry_id not in done
                    and (judge_id in table.get(entry_id, ()) if table is not None else in_round_pool(state, n, judge_id))
                    and type(values) is dict and _all_fine(values, rules)
                    and not in_conflict(judge, entries[entry_id])):
                continue
            for problem in check_submission(state, n, judge_id, entry_id, values, replace):
                yield judge_id, entry_id, problem


def require_judge(state: State, judge_id: str) -> None:
    if judge_id not in state.judges:
        raise UnknownJudge(judge_id=judge_id, known=tuple(state.judges))


def pending_for(state: State, n: int, judge_id: str) -> list[str]:
    """The entries this judge should still score in round n, in id order."""
    done = state.scores.get(n, {}).get(judge_id, {})
    return [e for e in active_entries(state, n) if e not in done and entry_problem(state, n, judge_id, e) is None]
