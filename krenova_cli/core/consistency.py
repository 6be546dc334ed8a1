"""Consistency checks as errors-as-values: references between files, locked rounds, the ledger head."""

from __future__ import annotations

from typing import Mapping

from krenova_cli.core.errors import DataError
from krenova_cli.core.lifecycle import State, active_entries
from krenova_cli.core.model import in_conflict


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
        locked = record.score_files
        now = digests.get(n, {})
        for rel, digest in sorted(locked.items()):
            if rel not in now:
                errors.append(DataError(rel, None, f"deleted after round {n} closed (its SHA-256 is in {src})"))
            elif now[rel] != digest:
                errors.append(DataError(rel, None, f"changed after round {n} closed: edited by hand? (SHA-256 differs from {src}); restore it or `krenova reopen --round {n}`"))
        for rel in sorted(set(now) - set(locked)):
            errors.append(DataError(rel, None, f"added after round {n} closed"))
        seq, digest = record.ledger_head.seq, record.ledger_head.hash
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
