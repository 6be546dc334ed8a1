"""Validators that return errors as values: score files as plain mappings, references, locked rounds."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable, Mapping

from krenova_cli.errors import DataError
from krenova_cli.lifecycle import State, active_entries
from krenova_cli.domain import Criterion, frac, in_conflict, is_id
from krenova_cli.parsing import line_of

SCORE_KEYS = {"round", "judge", "scores"}


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
            return f"{value!r} is not a number"
        if value < self.lo:
            return f"{_show(value)} is below the minimum {_show(self.lo)} of {self.id}"
        if value > self.hi:
            return f"{_show(value)} is above the maximum {_show(self.hi)} of {self.id}"
        if self.integral:
            if isinstance(value, int):
                return None
            if value.denominator == 1:
                return None
            return f"{_show(value)} is not a whole number ({self.id} is scored in steps of 1)"
        if ((value - self.lo) / self.step).denominator != 1:
            return f"{_show(value)} is not on a step of {_show(self.step)} from {_show(self.lo)} ({self.id})"
        return None


def _show(value: Any) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return format(float(value), "g")
    return str(value)


def rules_for(criteria: Iterable[Criterion]) -> dict[str, ValueRule]:
    return {c.id: ValueRule(c) for c in criteria}


def _all_fine(values: dict, rules: Mapping[str, ValueRule]) -> bool:
    """The common case, checked without building messages: every criterion, whole numbers in range."""
    if len(values) != len(rules):
        return False
    for cid, value in values.items():
        rule = rules.get(cid)
        if rule is None or type(value) is not int or not rule.integral or not rule.lo_i <= value <= rule.hi_i:
            return False
    return True


def check_entry_values(values: Any, rules: Mapping[str, ValueRule]) -> list[str]:
    """Problems with one entry's criterion -> value mapping (all criteria of the round, nothing else)."""
    if type(values) is dict and _all_fine(values, rules):
        return []
    if not isinstance(values, dict):
        return ["expected a table of criterion = value"]
    problems = []
    for cid, value in values.items():
        rule = rules.get(cid)
        if rule is None:
            problems.append(f"unknown criterion {cid!r} (this round scores {', '.join(rules)})")
            continue
        p = rule.problem(value)
        if p:
            problems.append(p)
    lacking = [c for c in rules if c not in values]
    if lacking:
        problems.append(f"missing criteria {', '.join(lacking)} (each entry needs all of {', '.join(rules)})")
    return problems


def check_score_file(data: Any, source: str, text: str, round_no: int, judge_id: str,
                     rules: Mapping[str, ValueRule], entries: Mapping[str, Any]) -> list[DataError]:
    if not isinstance(data, dict):
        return [DataError(source, 1, "expected an object with round, judge and scores")]
    errors = []
    extra = set(data) - SCORE_KEYS
    if extra:
        errors.append(DataError(source, line_of(text, f'"{sorted(extra)[0]}"'), f"unknown key {sorted(extra)[0]!r}"))
    if data.get("round") != round_no:
        errors.append(DataError(source, line_of(text, '"round"'), f"round is {data.get('round')!r} but the file is in round {round_no}'s folder"))
    if data.get("judge") != judge_id:
        errors.append(DataError(source, line_of(text, '"judge"'), f"judge is {data.get('judge')!r} but the file is named for {judge_id}"))
    scores = data.get("scores")
    if not isinstance(scores, dict):
        errors.append(DataError(source, None, "scores must be an object of entry -> criterion -> value"))
        return errors
    for entry_id, values in scores.items():
        if entry_id not in entries:
            why = "not a valid id" if not is_id(entry_id) else "unknown entry"
            errors.append(DataError(source, line_of(text, f'"{entry_id}"'), f"{entry_id!r}: {why}"))
            continue
        for p in check_entry_values(values, rules):
            errors.append(DataError(source, line_of(text, f'"{entry_id}"'), f"{entry_id}: {p}"))
    return errors


def check_references(state: State) -> list[DataError]:
    errors: list[DataError] = []
    comp = state.competition
    types = {t.id for t in comp.entity_types}
    cats = {c.id for c in comp.categories}
    for e in state.entries.values():
        src = f"entries/{e.id}.toml"
        if e.entity_type not in types:
            errors.append(DataError(src, None, f"entity_type: {e.entity_type!r} is not one of {', '.join(sorted(types))}"))
        if e.category not in cats:
            errors.append(DataError(src, None, f"category: {e.category!r} is not one of {', '.join(sorted(cats))}"))
        if e.withdrawn and e.withdrawn.round > state.last_round:
            errors.append(DataError(src, None, f"withdrawn.round: {e.withdrawn.round} is past the last round"))
    for j in state.judges.values():
        for c in j.conflicts:
            if c not in state.entries:
                errors.append(DataError("judges.toml", None, f"judge {j.id}: conflict with unknown entry {c!r}"))
    for n, table in state.assignments.items():
        src = f"assignments/round-{n}.toml"
        for e, judges in table.items():
            if e not in state.entries:
                errors.append(DataError(src, None, f"unknown entry {e!r}"))
                continue
            for j in judges:
                if j not in state.judges:
                    errors.append(DataError(src, None, f"{e}: unknown judge {j!r}"))
                elif in_conflict(state.judges[j], state.entries[e]):
                    errors.append(DataError(src, None, f"{e}: judge {j} is in conflict with this entry"))
    for n, by_judge in state.scores.items():
        active = set(active_entries(state, n))
        for j, by_entry in by_judge.items():
            src = f"scores/round-{n}/{j}.json"
            judge = state.judges.get(j)
            if judge is None:
                errors.append(DataError(src, None, f"unknown judge {j!r}"))
                continue
            for e in by_entry:
                if e not in state.entries:
                    continue
                if in_conflict(judge, state.entries[e]):
                    errors.append(DataError(src, None, f"{e}: judge {j} is in conflict with this entry and may not score it"))
                elif e not in active and state.entries[e].withdrawn is None:
                    errors.append(DataError(src, None, f"{e}: not active in round {n}"))
    return errors


def check_records(state: State, digests: Mapping[int, Mapping[str, str]], ledger_records: list[dict] | None) -> list[DataError]:
    """Closed rounds: score files unchanged since closing; ledger not cut short since then.

    `ledger_records` is None when the chain itself is broken: that error is reported already,
    and every head check would only repeat it.
    """
    errors: list[DataError] = []
    by_seq = {r["seq"]: r["hash"] for r in ledger_records or []}
    for n, record in sorted(state.records.items()):
        src = f"rounds/round-{n}.json"
        locked = record.get("score_files", {})
        now = digests.get(n, {})
        for rel, digest in sorted(locked.items()):
            if rel not in now:
                errors.append(DataError(rel, None, f"deleted after round {n} closed (its SHA-256 is in {src})"))
            elif now[rel] != digest:
                errors.append(DataError(rel, None, f"changed after round {n} closed: edited by hand? (SHA-256 differs from {src}); restore it or `krenova reopen --round {n}`"))
        for rel in sorted(set(now) - set(locked)):
            errors.append(DataError(rel, None, f"added after round {n} closed"))
        head = record.get("ledger_head") or {}
        seq, digest = head.get("seq"), head.get("hash")
        if ledger_records is None or seq == 0:
            continue
        if seq not in by_seq:
            errors.append(DataError("ledger.jsonl", None, f"cut short: round {n} closed at record {seq}, which is missing"))
        elif by_seq[seq] != digest:
            errors.append(DataError("ledger.jsonl", None, f"record {seq} differs from the one round {n} was closed at"))
    for n in state.records:
        if n > 1 and n - 1 not in state.records:
            errors.append(DataError(f"rounds/round-{n}.json", None, f"round {n} is closed but round {n - 1} is not"))
    return errors
