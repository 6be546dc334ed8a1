"""Consistency checks as errors-as-values: references between files, locked rounds, the ledger head."""

from __future__ import annotations

from typing import Mapping

from krenova_cli.core.errors import DataError, T
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
            errors.append(DataError(src, None, T("entity_type: {value!r} is not one of {allowed}", value=e.entity_type,
                                                  allowed=", ".join(sorted(types)))))
        if e.category not in cats:
            errors.append(DataError(src, None, T("category: {value!r} is not one of {allowed}", value=e.category,
                                                  allowed=", ".join(sorted(cats)))))
        if e.withdrawn and e.withdrawn.round > state.last_round:
            errors.append(DataError(src, None, T("withdrawn.round: {n} is past the last round", n=e.withdrawn.round)))
    for j in state.judges.values():
        for c in j.conflicts:
            if c not in state.entries:
                errors.append(DataError("judges.toml", None, T("judge {judge}: conflict with unknown entry {entry!r}", judge=j.id, entry=c)))
    for rnd in comp.rounds:
        for j in rnd.judges or ():
            if j not in state.judges:
                errors.append(DataError("competition.toml", None, T("rounds.{n}.judges: unknown judge {judge!r}; see `krenova judge list`",
                                                                    n=rnd.number, judge=j)))
    for j in state.judges.values():
        if j.retired is not None and j.retired.round > state.last_round:
            errors.append(DataError("judges.toml", None, T("judge {judge}: retired.round {n} is past the last round", judge=j.id, n=j.retired.round)))
        if j.retired is not None and j.retired.back is not None and j.retired.back <= j.retired.round:
            errors.append(DataError("judges.toml", None, T("judge {judge}: retired.back {back} must come after retired.round {n}",
                                                           judge=j.id, back=j.retired.back, n=j.retired.round)))
    for n, table in state.assignments.items():
        src = f"assignments/round-{n}.toml"
        for e, judges in table.items():
            if e not in state.entries:
                errors.append(DataError(src, None, T("unknown entry {entry!r}", entry=e)))
                continue
            for j in judges:
                if j not in state.judges:
                    errors.append(DataError(src, None, T("{entry}: unknown judge {judge!r}", entry=e, judge=j)))
                elif in_conflict(state.judges[j], state.entries[e]):
                    errors.append(DataError(src, None, T("{entry}: judge {judge} is in conflict with this entry", entry=e, judge=j)))
    clashes: dict[str, dict[str, bool]] = {}  # judge -> entry -> in conflict; asked once per pair, not once per round
    for n, by_judge in state.scores.items():
        active = set(active_entries(state, n))
        for j, by_entry in by_judge.items():
            src = f"scores/round-{n}/{j}.json"
            judge = state.judges.get(j)
            if judge is None:
                errors.append(DataError(src, None, T("unknown judge {judge!r}", judge=j)))
                continue
            known = clashes.setdefault(j, {})
            for e in by_entry:
                if e not in state.entries:
                    continue
                clash = known.get(e)
                if clash is None:
                    clash = known[e] = in_conflict(judge, state.entries[e])
                if clash:
                    errors.append(DataError(src, None, T("{entry}: judge {judge} is in conflict with this entry and may not score it",
                                                          entry=e, judge=j)))
                elif e not in active and state.entries[e].withdrawn is None:
                    errors.append(DataError(src, None, T("{entry}: not active in round {n}", entry=e, n=n)))
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
                errors.append(DataError(rel, None, T("deleted after round {n} closed (its SHA-256 is in {record})", n=n, record=src)))
            elif now[rel] != digest:
                errors.append(DataError(rel, None, T("changed after round {n} closed: edited by hand? (SHA-256 differs from {record}); "
                                                   "restore it or `krenova reopen --round {n}`", n=n, record=src)))
        for rel in sorted(set(now) - set(locked)):
            errors.append(DataError(rel, None, T("added after round {n} closed", n=n)))
        seq, digest = record.ledger_head.seq, record.ledger_head.hash
        if ledger_records is None or seq == 0:
            continue
        if seq not in by_seq:
            errors.append(DataError("ledger.jsonl", None, T("cut short: round {n} closed at record {seq}, which is missing", n=n, seq=seq)))
        elif by_seq[seq] != digest:
            errors.append(DataError("ledger.jsonl", None, T("record {seq} differs from the one round {n} was closed at", seq=seq, n=n)))
    for n in state.records:
        if n > 1 and n - 1 not in state.records:
            errors.append(DataError(f"rounds/round-{n}.json", None, T("round {n} is closed but round {before} is not", n=n, before=n - 1)))
    return errors
