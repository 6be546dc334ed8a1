"""Registering and changing entries: one at a time, from a spreadsheet, withdrawals."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from krenova_cli.core.errors import UserError
from krenova_cli.core.ids import id_width
from krenova_cli.core.lifecycle import State
from krenova_cli.core.model import Entry, normalise_name
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store

FieldLabel = Callable[[str], str]


def _plain_label(field: str) -> str:
    return field


def _validated(data: dict, label: FieldLabel) -> Entry:
    from pydantic import ValidationError

    from krenova_cli.store import schema
    from krenova_cli.store.parsing import pydantic_errors

    try:
        return schema.entry(data)
    except ValidationError as exc:
        raise pydantic_errors(exc, "entry", where=lambda field: label(field or "entry")) from None


def resolve_ids(state: State, category: str | None, entity_type: str | None) -> tuple[str | None, str | None]:
    """Categories and entity types may be given by id or by name."""
    from krenova_cli.spreadsheets.import_columns import resolve

    comp = state.competition
    if category is not None:
        category = resolve(category, comp.categories, "categories")[0] or category
    if entity_type is not None:
        entity_type = resolve(entity_type, comp.entity_types, "entity types")[0] or entity_type
    return category, entity_type


def _check_refs(state: State, entry: Entry, label: FieldLabel) -> None:
    from krenova_cli.spreadsheets.import_columns import resolve

    comp = state.competition
    if entry.category not in {c.id for c in comp.categories}:
        raise UserError(f"{label('category')}: {resolve(entry.category, comp.categories, 'categories')[1]}")
    if entry.entity_type not in {t.id for t in comp.entity_types}:
        raise UserError(f"{label('entity_type')}: {resolve(entry.entity_type, comp.entity_types, 'entity types')[1]}")
    for other in state.entries.values():
        if other.id != entry.id and normalise_name(other.institution) == normalise_name(entry.institution) \
                and normalise_name(other.title) == normalise_name(entry.title):
            raise UserError(f"{label('title')}: {entry.institution} already has an entry titled {entry.title!r} ({other.id})")


def add_entry(store: Store, fields: dict, label: FieldLabel = _plain_label) -> Entry:
    """Register one entry; `fields` as the entry file names them (id optional: the next K number)."""
    from krenova_cli.spreadsheets.import_columns import next_id
    from krenova_cli.store.serialize import entry_dict, entry_toml

    with store.transaction() as tx:
        state = store.load(rounds=())
        category, entity_type = resolve_ids(state, fields.get("category"), fields.get("entity_type"))
        entry_id = fields.get("id")
        if entry_id is not None and not entry_id.strip():
            raise UserError(f"{label('id')}: an empty id; leave {label('id')} out to get the next K number")
        same = {e.casefold(): e for e in state.entries}.get(entry_id.casefold()) if entry_id else None
        if same is not None:
            also = "" if same == entry_id else f" (as {same}: ids are unique regardless of case)"
            raise UserError(f"{label('id')}: entry {entry_id} already exists{also}; choose another id or use `krenova entry edit`")
        new_id = entry_id or next_id("K", set(state.entries), width=id_width(len(state.entries) + 1))()
        data = fields | {"id": new_id, "category": category, "entity_type": entity_type}
        entry = _validated({k: v for k, v in data.items() if v not in ("", None)}, label)
        _check_refs(state, entry, label)
        tx.put(layout.entry_file(entry.id), entry_toml(entry))
        tx.commit("entry.add", entry.id, None, entry_dict(entry))
    return entry


def edit_entry(store: Store, entry_id: str, changes: dict, label: FieldLabel = _plain_label) -> Entry:
    """Change fields of an entry (None: unchanged); logged with the old values."""
    from krenova_cli.core.consistency import check_references
    from krenova_cli.store.serialize import entry_dict, entry_toml

    with store.transaction() as tx:
        state = store.load()
        if entry_id not in state.entries:
            raise UserError(f"no entry {entry_id!r}; see `krenova entry list`")
        category, entity_type = resolve_ids(state, changes.get("category"), changes.get("entity_type"))
        changes = {k: v for k, v in (changes | {"category": category, "entity_type": entity_type}).items() if v is not None}
        if not changes:
            raise UserError("nothing to change; give at least one option such as --title")
        old = state.entries[entry_id]
        entry = _validated(entry_dict(old) | changes, label)
        _check_refs(state, entry, label)
        after = replace(state, entries=state.entries | {entry.id: entry})
        problems = [str(e) for e in check_references(after)]
        if problems:
            raise UserError(f"{entry_id}: the change would make the data inconsistent: {problems[0]}")
        tx.put(layout.entry_file(entry.id), entry_toml(entry))
        tx.commit("entry.edit", entry.id, {k: entry_dict(old).get(k) for k in changes}, changes)
    return entry


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


def withdraw_entry(store: Store, entry_id: str, reason: str) -> int:
    from krenova_cli.core.lifecycle import current_round, is_active
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
