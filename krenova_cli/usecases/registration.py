"""Registering entries and judges through the store (shared by the commands and the demo)."""

from __future__ import annotations

from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout


def import_entries(store: Store, path: Path, dry_run: bool = False) -> int:
    from krenova_cli.spreadsheets.import_columns import entries_from
    from krenova_cli.store.serialize import entry_dict, entry_toml
    from krenova_cli.spreadsheets.reader import read_table

    table = read_table(path)
    with store.transaction() as tx:
        state = store.load(rounds=())
        entries = entries_from(table, state.competition, state.entries)
        if not entries:
            raise UserError(f"{path.name}: no entries in the file")
        if not dry_run:
            for e in entries:
                tx.put(layout.entry_file(e.id), entry_toml(e))
            tx.commit("entry.import", path.name, None, [entry_dict(e) for e in entries])
    return len(entries)


def import_judges(store: Store, path: Path) -> int:
    from krenova_cli.spreadsheets.import_columns import judges_from
    from krenova_cli.store.serialize import judge_dict, judges_toml
    from krenova_cli.spreadsheets.reader import read_table

    table = read_table(path)
    with store.transaction() as tx:
        state = store.load(rounds=())
        judges = judges_from(table, state.judges, state.entries)
        if not judges:
            raise UserError(f"{path.name}: no judges in the file")
        tx.put(layout.JUDGES, judges_toml(state.judges | {j.id: j for j in judges}))
        tx.commit("judge.import", path.name, None, [judge_dict(j) for j in judges])
    return len(judges)


def withdraw_entry(store: Store, entry_id: str, reason: str) -> int:
    from krenova_cli.core.lifecycle import current_round, is_active
    from dataclasses import replace

    from krenova_cli.core.model import Withdrawal
    from krenova_cli.store.serialize import entry_toml

    with store.transaction() as tx:
        state = store.load(rounds=())
        if entry_id not in state.entries:
            raise UserError(f"no entry {entry_id!r}; see `krenova entry list`")
        if not reason.strip():
            raise UserError("--reason must say why the entry withdraws")
        n = current_round(state)
        if n is None or state.awards:
            raise UserError("the competition is finished; a withdrawal now needs `krenova awards --redo` first")
        old = state.entries[entry_id]
        if old.withdrawn is not None:
            raise UserError(f"{entry_id} already withdrew in round {old.withdrawn.round}")
        if not is_active(state, entry_id, n):
            raise UserError(f"{entry_id} is not active in round {n}; only active entries can withdraw")
        entry = replace(old, withdrawn=Withdrawal(round=n, reason=reason.strip()))
        tx.put(layout.entry_file(entry.id), entry_toml(entry))
        tx.commit("entry.withdraw", entry.id, None, {"round": n, "reason": reason.strip()})
    return n
