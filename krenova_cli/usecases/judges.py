"""Registering judges: one at a time or from a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.core.model import Judge, normalise_name
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store


def add_judge(store: Store, fields: dict) -> Judge:
    """Register one judge; `fields` as judges.toml names them (id optional: the next J number)."""
    from pydantic import ValidationError

    from krenova_cli.spreadsheets.import_columns import next_id
    from krenova_cli.store import schema
    from krenova_cli.store.serialize import judge_dict, judges_toml

    with store.transaction() as tx:
        state = store.load(rounds=())
        judge_id = fields.get("id")
        same = {j.casefold(): j for j in state.judges}.get(judge_id.casefold()) if judge_id else None
        if same is not None:
            also = "" if same == judge_id else f" (as {same}: ids are unique regardless of case)"
            raise UserError(f"--id: judge {judge_id} already exists{also}")
        conflicts = fields.get("conflicts") or []
        unknown = [c for c in conflicts if c not in state.entries]
        if unknown:
            raise UserError(f"--conflict: unknown entries {', '.join(unknown)}")
        data = fields | {"id": judge_id or next_id("J", set(state.judges), width=1)(), "conflicts": sorted(set(conflicts)),
                         "conflict_institutions": _distinct(fields.get("conflict_institutions")),
                         "conflict_regions": _distinct(fields.get("conflict_regions"))}
        try:
            judge = schema.judge(data)
        except ValidationError as exc:
            raise UserError("; ".join(f"--{str(e['loc'][0]).replace('_', '-').removesuffix('s')}: {e['msg']}"
                                      for e in exc.errors())) from None
        tx.put(layout.JUDGES, judges_toml(state.judges | {judge.id: judge}))
        tx.commit("judge.add", judge.id, None, judge_dict(judge))
    return judge


def _distinct(names: list[str] | None) -> list[str]:
    """Names as given, without repeats that differ only in case or spacing."""
    seen: dict[str, str] = {}
    for name in names or []:
        seen.setdefault(normalise_name(name), name.strip())
    return list(seen.values())


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
