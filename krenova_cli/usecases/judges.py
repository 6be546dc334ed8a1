"""Registering judges: one at a time or from a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.core.model import Judge, in_conflict, normalise_name
from krenova_cli.i18n.messages import _, localize
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
            if same == judge_id:
                raise UserError(_("--id: judge {judge} already exists").format(judge=judge_id))
            raise UserError(_("--id: judge {judge} already exists (as {other}: ids are unique regardless of case)").format(
                judge=judge_id, other=same))
        conflicts = fields.get("conflicts") or []
        unknown = [c for c in conflicts if c not in state.entries]
        if unknown:
            raise UserError(_("--conflict: unknown entries {entries}").format(entries=", ".join(unknown)))
        data = fields | {"id": judge_id or next_id("J", set(state.judges), width=1)(), "conflicts": sorted(set(conflicts)),
                         "conflict_institutions": _distinct(fields.get("conflict_institutions")),
                         "conflict_regions": _distinct(fields.get("conflict_regions"))}
        try:
            judge = schema.judge(data)
        except ValidationError as exc:
            raise UserError("; ".join(_option_problem(str(e["loc"][0]).replace("_", "-").removesuffix("s"), e)
                                      for e in exc.errors())) from None
        tx.put(layout.JUDGES, judges_toml(state.judges | {judge.id: judge}))
        tx.commit("judge.add", judge.id, None, judge_dict(judge))
    return judge


def _option_problem(option: str, err: dict) -> str:
    """`--email: ...` for a pydantic problem of a judge's field given as an option (pydantic's words
    where there are no plainer ones here)."""
    msg = err.get("msg", "invalid")
    ctx = err.get("ctx") or {}
    if err.get("type") == "string_too_long" and "max_length" in ctx:
        msg = _("longer than {max} characters").format(max=ctx["max_length"])
    elif err.get("type") == "string_pattern_mismatch":
        msg = _("{value!r} is not a valid id (letters, digits, '-' and '_', at most 64)").format(value=err.get("input"))
    elif err.get("type") == "value_error" and getattr(ctx.get("error"), "args", None):
        msg = str(localize(ctx["error"].args[0]))
    return "--" + option + ": " + msg


def _distinct(names: list[str] | None) -> list[str]:
    """Names as given, without repeats that differ only in case or spacing."""
    seen: dict[str, str] = {}
    for name in names or []:
        seen.setdefault(normalise_name(name), name.strip())
    return list(seen.values())


@dataclass
class Imported:
    """What an import did (or, with --dry-run, would do): ids added, rows matching a registered item
    unchanged, rows matching one with other values (id -> (row, fields)), and the items updated."""
    added: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    differing: dict[str, tuple[str, list[str], str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    near: list = field(default_factory=list)  # usecases.institutions.NearNames: the committee decides
    case: list = field(default_factory=list)  # (id, field, as written, tidy form): capitals kept as written

    @property
    def count(self) -> int:
        return len(self.added)


def import_judges(store: Store, path: Path, dry_run: bool = False, update: bool = False, tidy: bool = False) -> Imported:
    """Register every new judge of a spreadsheet, all or nothing; a judge already registered (same id,
    e-mail, or name and affiliation) is matched, and with `update` the row's other values are applied.
    `dry_run` checks the file and changes nothing."""
    from dataclasses import replace

    from krenova_cli.spreadsheets.import_columns import JUDGE_HEADER_NAMES, Matched, judges_from
    from krenova_cli.store.serialize import judge_dict, judges_toml
    from krenova_cli.spreadsheets.reader import read_table

    table = read_table(path, JUDGE_HEADER_NAMES)
    with store.transaction() as tx:
        state = store.load(rounds=())
        found = Matched()
        judges = judges_from(table, state.judges, state.entries, found, tidy)
        if not judges and not found.same and not found.differing:
            raise UserError(_("{file}: no judges in the file").format(file=path.name))
        result = Imported([j.id for j in judges], found.same,
                          {i: (where, fields, by) for i, (where, fields, _o, _n, _j, by) in found.differing.items()},
                          case=found.case)
        changed = {i: d[4] for i, d in found.differing.items()} if update else {}
        if changed:
            state = store.load()
            for judge_id, judge in changed.items():
                for n, by_judge in state.scores.items():
                    for e in by_judge.get(judge_id, {}):
                        if e in state.entries and in_conflict(judge, state.entries[e]):
                            raise UserError(_("{judge} already scored {entry} in round {n}; the change would put them in "
                                              "conflict. Replace or remove those scores first, or leave the row's "
                                              "values out").format(judge=judge_id, entry=e, n=n))
            result.updated = {i: found.differing[i][1] for i in changed}
            result.differing = {}
        from krenova_cli.usecases.institutions import near_names

        result.near = near_names([*judges, *changed.values()], state.entries.values())
        if not dry_run and (judges or changed):
            after = state.judges | changed | {j.id: j for j in judges}
            tx.put(layout.JUDGES, judges_toml(after))
            if changed:
                old = {i: found.differing[i][2] for i in changed}
                new = {i: found.differing[i][3] for i in changed} | {j.id: judge_dict(j) for j in judges}
                tx.commit("judge.import", path.name, old, new)
            else:
                tx.commit("judge.import", path.name, None, [judge_dict(j) for j in judges])
    return result


# What the papers print about a judge (the minutes, the judge recap, the awards minutes): once papers are
# numbered, an edit of these revokes the ones that printed the old words, so it needs a reason (issue 24).
PRINTED_FIELDS = ("name", "position", "affiliation")


def edit_judge(store: Store, judge_id: str, changes: dict, add_conflicts: list[str], drop_conflicts: list[str],
               reason: str = "") -> tuple[dict, dict]:
    """Change fields of a judge (None: unchanged) and its declared conflicts; logged with the old values
    (and the reason). Returns (old, new) of the fields that changed."""
    from dataclasses import replace

    from pydantic import ValidationError

    from krenova_cli.core.consistency import check_references
    from krenova_cli.store import schema
    from krenova_cli.store.serialize import judge_dict, judges_toml

    with store.transaction() as tx:
        state = store.load()
        if judge_id not in state.judges:
            raise UserError(_("no judge {judge!r}; see `krenova judge list`").format(judge=judge_id))
        old = state.judges[judge_id]
        unknown = [c for c in add_conflicts if c not in state.entries]
        if unknown:
            raise UserError(_("--add-conflict: unknown entries {entries}; see `krenova entry list`").format(entries=", ".join(unknown)))
        stray = [c for c in drop_conflicts if c not in old.conflicts]
        if stray:
            raise UserError(_("--remove-conflict: {judge} declares no conflict with {entries} (declared: {declared})").format(
                judge=judge_id, entries=", ".join(stray), declared=", ".join(old.conflicts) or _("none")))
        conflicts = sorted((set(old.conflicts) | set(add_conflicts)) - set(drop_conflicts))
        data = judge_dict(old) | {k: v for k, v in changes.items() if v is not None} | {"conflicts": conflicts}
        try:
            judge = schema.judge(data)
        except ValidationError as exc:
            raise UserError("; ".join(_option_problem(str(e["loc"][0]), e) for e in exc.errors())) from None
        before, after = judge_dict(old), judge_dict(judge)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        if not changed:
            raise UserError(_("nothing to change for {judge}; give at least one option such as --name").format(judge=judge_id))
        # a new affiliation or conflict may not turn recorded scores into conflicted ones
        for n, by_judge in state.scores.items():
            for e in by_judge.get(judge_id, {}):
                if e in state.entries and in_conflict(judge, state.entries[e]):
                    raise UserError(_("{judge} already scored {entry} in round {n}; the change would put them in conflict. "
                                      "Replace or remove those scores first, or declare nothing that contradicts them").format(
                        judge=judge_id, entry=e, n=n))
        after_state = replace(state, judges=state.judges | {judge_id: judge})
        problems = [p.worded(localize) for p in check_references(after_state)]
        if problems:
            raise UserError(_("{judge}: the change would make the data inconsistent: {problem}").format(judge=judge_id, problem=problems[0]))
        printed = [k for k in changed if k in PRINTED_FIELDS]
        if printed and not reason.strip() and store.path(layout.LETTERS).is_file():
            import shlex

            again = " ".join(shlex.quote(w) for w in ["krenova", "judge", "edit", judge_id]
                             + [x for k in printed for x in ("--" + k, str(after.get(k, "")))] + ["--reason", "TEXT"])
            raise UserError(_("{judge}: papers are printed with the judge's {fields}; the change revokes them, so it needs "
                              "a reason: `{command}`").format(judge=judge_id, fields=", ".join(printed), command=again))
        tx.put(layout.JUDGES, judges_toml(state.judges | {judge_id: judge}))
        empty = {"conflicts": []}
        old_values = {k: before.get(k, empty.get(k, "")) for k in changed}
        new_values = {k: after.get(k, empty.get(k, "")) for k in changed}
        tx.commit("judge.edit", judge_id, old_values, new_values | ({"reason": reason.strip()} if reason.strip() else {}))
    return old_values, new_values


def remove_judge(store: Store, judge_id: str, reason: str) -> None:
    """Remove a judge registered by mistake: only while nothing of theirs is recorded (scores, assignments)."""
    from krenova_cli.store.serialize import judge_dict, judges_toml

    with store.transaction() as tx:
        state = store.load()
        if judge_id not in state.judges:
            raise UserError(_("no judge {judge!r}; see `krenova judge list`").format(judge=judge_id))
        rounds = sorted(n for n, by_judge in state.scores.items() if by_judge.get(judge_id))
        rounds += sorted(n for n, rec in state.records.items() if any(judge_id in r.judges for r in rec.standings))
        if rounds:
            raise UserError(_("{judge} has scores in round {n}, so the judge stays on record; to correct a "
                              "name or affiliation use `krenova judge edit {judge}`").format(judge=judge_id, n=min(rounds)))
        assigned = sorted(n for n, table in state.assignments.items() if any(judge_id in js for js in table.values()))
        if assigned:
            raise UserError(_("{judge} is assigned to entries in round {n}; make the assignment again without "
                              "this judge (`krenova assign --round {n} ...`) first").format(judge=judge_id, n=assigned[0]))
        pools = [r for r in state.competition.rounds if judge_id in (r.judges or ())]
        if pools:  # a round's pool of judges names only registered judges
            from krenova_cli.usecases.settings import toml_value

            r = pools[0]
            raise UserError(_("{judge} is in round {n}'s judges (rounds.{n}.judges); take them out first: "
                              "`krenova settings set rounds.{n}.judges '{rest}'`").format(
                judge=judge_id, n=r.number, rest=toml_value([j for j in r.judges if j != judge_id])))
        rest = {j: v for j, v in state.judges.items() if j != judge_id}
        tx.put(layout.JUDGES, judges_toml(rest))
        tx.commit("judge.remove", judge_id, judge_dict(state.judges[judge_id]), {"reason": reason.strip()} if reason.strip() else None)
