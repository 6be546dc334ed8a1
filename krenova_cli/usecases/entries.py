"""Registering and changing entries: one at a time, from a spreadsheet, withdrawals."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from krenova_cli.core.errors import UserError
from krenova_cli.core.ids import id_width
from krenova_cli.core.lifecycle import State
from krenova_cli.core.model import Entry, normalise_name
from krenova_cli.i18n.messages import _, localize
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


def resolve_ids(state: State, category: str | None, entity_type: str | None,
                label: FieldLabel = _plain_label) -> tuple[str | None, str | None]:
    """Categories and entity types may be given by id or by name, in any case; one that matches
    neither is refused listing the ids (before the id's own pattern would say "not a valid id")."""
    from krenova_cli.spreadsheets.import_columns import resolve

    comp = state.competition
    if category is not None:
        found, problem = resolve(category, comp.categories, "categories")
        if problem:
            raise UserError(label("category") + ": " + problem)
        category = found
    if entity_type is not None:
        found, problem = resolve(entity_type, comp.entity_types, "entity types")
        if problem:
            raise UserError(label("entity_type") + ": " + problem)
        entity_type = found
    return category, entity_type


def _check_refs(state: State, entry: Entry, label: FieldLabel) -> None:
    from krenova_cli.spreadsheets.import_columns import resolve

    comp = state.competition
    if entry.category not in {c.id for c in comp.categories}:
        raise UserError(label("category") + ": " + resolve(entry.category, comp.categories, "categories")[1])
    if entry.entity_type not in {t.id for t in comp.entity_types}:
        raise UserError(label("entity_type") + ": " + resolve(entry.entity_type, comp.entity_types, "entity types")[1])
    for other in state.entries.values():
        if other.id != entry.id and normalise_name(other.institution) == normalise_name(entry.institution) \
                and normalise_name(other.title) == normalise_name(entry.title):
            raise UserError(_("{column}: {institution} already has an entry titled {title!r} ({entry})").format(
                column=label("title"), institution=entry.institution, title=entry.title, entry=other.id))


def proposal_sections(state: State, given: list[tuple[str, str]] | None, old: dict,
                      label: FieldLabel = _plain_label) -> dict | None:
    """The entry's proposal with the sections given (`--proposal SECTION=TEXT`) written over `old`; a
    section named by its id or its name ([sinovik] sections), an empty text removing it. None: none given."""
    from krenova_cli.spreadsheets.import_columns import _loose
    from krenova_cli.spreadsheets.import_columns import tidy_text

    if not given:
        return None
    sections = state.competition.sinovik.sections
    out = dict(old)
    for name, text in given:
        wanted = _loose(name)
        section = next((s for s in sections if _loose(s.id) == wanted or _loose(s.name) == wanted), None)
        if section is None:
            raise UserError(_("{option}: {section!r} is not a section of the proposal outline ([sinovik] in "
                              "competition.toml); choose one of {ids}").format(
                option=label("proposal"), section=name, ids=", ".join(s.id for s in sections)))
        text = tidy_text(text)
        if text:
            out[section.id] = text
        else:
            out.pop(section.id, None)
    return out


def registration_open(state: State) -> None:
    """Entries are registered while round 1 is open: a closed round 1 fixed who competes; so does a closed
    administrative screening, when the competition holds one."""
    if 1 not in state.records and state.screening is not None and state.competition.screening.round:
        raise UserError(_("registration is closed: the administrative screening was closed on {day}; to register more "
                          "entries, reopen it first with `krenova reopen --round 0 --reason TEXT` (possible while round 1 "
                          "has no scores)").format(day=state.screening.closed_at[:10]))
    if 1 in state.records:
        name = state.competition.round(1).name
        raise UserError(_("registration is closed: round 1 ({name}) was closed on {day}; "
                          "to register more entries, reopen it first with `krenova reopen --round 1 --reason TEXT` "
                          "(possible while round 2 has no scores)").format(name=name, day=state.records[1].closed_at[:10]))


def removed_ids(store: Store) -> set[str]:
    """The ids of entries removed earlier: never given again, so that `log --entry ID` speaks of one entry."""
    from krenova_cli.store import ledger

    records, _problems = ledger.verify(store.path(layout.LEDGER))  # a broken chain is `check`'s to report
    return {r["target"] for r in records if r.get("action") == "entry.remove" and isinstance(r.get("target"), str)}


def add_entry(store: Store, fields: dict, label: FieldLabel = _plain_label) -> Entry:
    """Register one entry; `fields` as the entry file names them (id optional: the next K number)."""
    from krenova_cli.spreadsheets.import_columns import next_id
    from krenova_cli.store.serialize import entry_dict, entry_toml

    with store.transaction() as tx:
        state = store.load(rounds=())
        category, entity_type = resolve_ids(state, fields.get("category"), fields.get("entity_type"), label)
        entry_id = fields.get("id")
        if entry_id is not None and not entry_id.strip():
            raise UserError(_("{column}: an empty id; leave {column} out to get the next K number").format(column=label("id")))
        same = {e.casefold(): e for e in state.entries}.get(entry_id.casefold()) if entry_id else None
        if same is not None:
            if same == entry_id:
                raise UserError(_("{column}: entry {entry} already exists; choose another id or use `krenova entry edit`").format(
                    column=label("id"), entry=entry_id))
            raise UserError(_("{column}: entry {entry} already exists (as {other}: ids are unique regardless of case); "
                              "choose another id or use `krenova entry edit`").format(column=label("id"), entry=entry_id, other=same))
        retired = removed_ids(store)
        gone = {e.casefold(): e for e in retired}.get(entry_id.casefold()) if entry_id else None
        if gone is not None:
            raise UserError(_("{column}: {entry} was given to an entry removed earlier (see `krenova log --entry {entry}`); "
                              "choose another id, or leave {column} out to get the next K number").format(column=label("id"), entry=gone))
        new_id = entry_id or next_id("K", set(state.entries) | retired, width=id_width(len(state.entries) + 1))()
        data = fields | {"id": new_id, "category": category, "entity_type": entity_type,
                         "proposal": proposal_sections(state, fields.get("proposal"), {}, label)}
        entry = _validated({k: v for k, v in data.items() if v not in ("", None)}, label)
        _check_refs(state, entry, label)
        registration_open(state)  # after the fields' own checks: a bad id is worth saying first
        tx.put(layout.entry_file(entry.id), entry_toml(entry))
        tx.commit("entry.add", entry.id, None, entry_dict(entry))
    return entry


# What the papers print about an entry (documents/verification.IDENTITY): after the awards an edit of
# these revokes the papers that printed the old identity, so it needs a reason (issue 24).
IDENTITY_FIELDS = ("title", "institution", "category", "entity_type", "head_title", "region")


def edit_entry(store: Store, entry_id: str, changes: dict, label: FieldLabel = _plain_label,
               reason: str = "") -> tuple[Entry, dict, dict]:
    """Change fields of an entry (None: unchanged); logged with the old values (and the reason).
    Returns the entry and the (old, new) values of the fields that really changed."""
    from krenova_cli.core.consistency import check_references
    from krenova_cli.store.serialize import entry_dict, entry_toml

    with store.transaction() as tx:
        state = store.load()
        if entry_id not in state.entries:
            raise UserError(_("no entry {entry!r}; see `krenova entry list`").format(entry=entry_id))
        category, entity_type = resolve_ids(state, changes.get("category"), changes.get("entity_type"), label)
        proposal = proposal_sections(state, changes.get("proposal"), dict(state.entries[entry_id].proposal), label)
        changes = {k: v for k, v in (changes | {"category": category, "entity_type": entity_type, "proposal": proposal}).items()
                   if v is not None}
        if not changes:
            raise UserError(_("nothing to change; give at least one option such as --title"))
        old = state.entries[entry_id]
        entry = _validated(entry_dict(old) | changes, label)
        _check_refs(state, entry, label)
        after = replace(state, entries=state.entries | {entry.id: entry})
        problems = [e.worded(localize) for e in check_references(after)]
        if problems:
            raise UserError(_("{entry}: the change would make the data inconsistent: {problem}").format(entry=entry_id, problem=problems[0]))
        before, now = entry_dict(old), entry_dict(entry)
        changed = [k for k in changes if before.get(k) != now.get(k)]
        if not changed:
            raise UserError(_("{entry} already has these values; nothing changed").format(entry=entry_id))
        old_values, new_values = {k: before.get(k) for k in changed}, {k: now.get(k) for k in changed}
        printed = [k for k in changed if k in IDENTITY_FIELDS]
        if printed and state.awards is not None and not reason.strip():
            raise UserError(_("{entry}: {fields} is printed on the papers of the decided awards (award letters, certificates, "
                              "the decree, the minutes of the awards, nominations); an edit now revokes the papers that print "
                              "the old one. Say why: `{command} --reason TEXT`").format(
                entry=entry_id, fields=", ".join(label(k) for k in printed),
                command=_edit_command(entry_id, {k: now.get(k) for k in changed}, label)))
        tx.put(layout.entry_file(entry.id), entry_toml(entry))
        tx.commit("entry.edit", entry.id, old_values, new_values | ({"reason": reason.strip()} if reason.strip() else {}))
    return entry, old_values, new_values


def _edit_command(entry_id: str, values: dict, label: FieldLabel) -> str:
    """The `entry edit` command with these values, as the user would type it again."""
    import shlex

    words = ["krenova", "entry", "edit", entry_id]
    for k, v in values.items():
        words += [label(k), str(v)]
    return " ".join(shlex.quote(w) for w in words)


IDENTITY = ("title", "institution", "entity_type", "category")  # what registration fixes, with round 1's close


def import_entries(store: Store, path: Path, dry_run: bool = False, warnings: list[str] | None = None,
                   update: bool = False, tidy: bool = False):
    """Register every new entry of a spreadsheet, all or nothing; an entry already registered is
    matched, and with `update` the row's other values are applied (an `Imported`)."""
    from krenova_cli.core.consistency import check_references
    from krenova_cli.spreadsheets.import_columns import ENTRY_HEADER_NAMES, Matched, entries_from
    from krenova_cli.store.serialize import entry_dict, entry_toml
    from krenova_cli.spreadsheets.reader import read_table
    from krenova_cli.usecases.judges import Imported

    table = read_table(path, ENTRY_HEADER_NAMES)
    with store.transaction() as tx:
        state = store.load(rounds=())
        found = Matched()
        entries = entries_from(table, state.competition, state.entries, warnings, retired=removed_ids(store),
                               found=found, update=update, tidy=tidy)
        if entries:
            registration_open(state)  # first among the refusals: rows already registered would only hide it
        if not entries and not found.same and not found.differing:
            raise UserError(_("{file}: no entries in the file").format(file=path.name))
        result = Imported([e.id for e in entries], found.same,
                          {i: (where, fields, by) for i, (where, fields, _o, _n, _e, by) in found.differing.items()},
                          case=found.case)
        changed = {i: d[4] for i, d in found.differing.items()} if update else {}
        if changed:
            fixed = {i: [f for f in found.differing[i][1] if f in IDENTITY] for i in changed}
            fixed = {i: f for i, f in fixed.items() if f}
            if fixed and 1 in state.records:
                entry_id, fields = next(iter(fixed.items()))
                raise UserError(_("{where}: {entry}: {fields} cannot change by an import once round 1 is closed; "
                                  "leave those columns out, or use `krenova entry edit {entry}`").format(
                    where=found.differing[entry_id][0], entry=entry_id, fields=", ".join(fields)))
            state = store.load()
            after = replace(state, entries=state.entries | changed | {e.id: e for e in entries})
            problems = [p.worded(localize) for p in check_references(after)]
            if problems:
                raise UserError(_("{file}: the update would make the data inconsistent: {problem}").format(
                    file=path.name, problem=problems[0]))
            result.updated = {i: found.differing[i][1] for i in changed}
            result.differing = {}
        from krenova_cli.usecases.institutions import near_names

        result.near = near_names(state.judges.values(), [*entries, *changed.values()])
        if not dry_run and (entries or changed):
            for e in [*entries, *changed.values()]:
                tx.put(layout.entry_file(e.id), entry_toml(e))
            if changed:
                old = {i: found.differing[i][2] for i in changed}
                new = {i: found.differing[i][3] for i in changed} | {e.id: entry_dict(e) for e in entries}
                tx.commit("entry.import", path.name, old, new)
            else:
                tx.commit("entry.import", path.name, None, [entry_dict(e) for e in entries])
    return result


def withdraw_entry(store: Store, entry_id: str, reason: str, disqualify: bool = False) -> int:
    """Withdraw an entry (it withdraws) or disqualify it (the committee takes it out); returns the round."""
    from krenova_cli.core.lifecycle import current_round, is_active, screening_open
    from krenova_cli.core.model import Withdrawal
    from krenova_cli.store.serialize import entry_toml

    with store.transaction() as tx:
        state = store.load(rounds=())
        if entry_id not in state.entries:
            raise UserError(_("no entry {entry!r}; see `krenova entry list`").format(entry=entry_id))
        if not reason.strip():
            if disqualify:
                raise UserError(_("--disqualify needs --reason TEXT: why the entry is disqualified (recorded and printed "
                                  "on the minutes)"))
            raise UserError(_("--reason must say why the entry withdraws"))
        if state.awards is not None:
            raise UserError(_("the awards are decided; to withdraw or disqualify {entry}, remove the decision first with "
                              "`krenova awards --undo --reason TEXT`, then withdraw it and run `krenova awards` again").format(entry=entry_id))
        # After the last round closed, a withdrawal (a disqualified finalist) counts from the last
        # round: the entry keeps its scores and leaves the awards' ranking.
        screening = screening_open(state)  # an entry may withdraw during the administrative screening: from round 1
        n = 1 if screening else current_round(state) or state.last_round
        old = state.entries[entry_id]
        if old.withdrawn is not None and old.withdrawn.disqualified:
            raise UserError(_("{entry} was already disqualified in round {n}").format(entry=entry_id, n=old.withdrawn.round))
        if old.withdrawn is not None:
            raise UserError(_("{entry} already withdrew in round {n}").format(entry=entry_id, n=old.withdrawn.round))
        if not screening and not is_active(state, entry_id, n):
            raise UserError(_("{entry} is not active in round {n}; only active entries can withdraw").format(entry=entry_id, n=n))
        entry = replace(old, withdrawn=Withdrawal(round=n, reason=reason.strip(), disqualified=disqualify))
        tx.put(layout.entry_file(entry.id), entry_toml(entry))
        tx.commit("entry.withdraw", entry.id, None,
                  {"round": n, "reason": reason.strip()} | ({"disqualified": True} if disqualify else {}))
    return n


def remove_entry(store: Store, entry_id: str, reason: str) -> list[str]:
    """Remove an entry registered by mistake (a duplicate, a test): only while it has no scores and no
    closed round ranked it. Judges' declared conflicts with it go too; returns those judges."""
    from dataclasses import replace as dc_replace

    from krenova_cli.store.serialize import entry_dict, judges_toml

    with store.transaction() as tx:
        state = store.load()
        if entry_id not in state.entries:
            raise UserError(_("no entry {entry!r}; see `krenova entry list`").format(entry=entry_id))
        scored = sorted(n for n, by_judge in state.scores.items() if any(entry_id in by_entry for by_entry in by_judge.values()))
        ranked = sorted(n for n, rec in state.records.items() if entry_id in rec.entries)
        if scored or ranked:
            n = min(scored + ranked)
            raise UserError(_("{entry} has scores in round {n}, so it stays on record; to take it out of the competition "
                              "use `krenova entry withdraw {entry} --reason TEXT`").format(entry=entry_id, n=n))
        if state.screening is not None and entry_id in state.screening.named():
            raise UserError(_("{entry} was screened in the closed administrative screening, so it stays on record; to take "
                              "it out use `krenova entry withdraw {entry} --reason TEXT`, or reopen the screening first "
                              "(`krenova reopen --round 0 --reason TEXT`)").format(entry=entry_id))
        assigned = sorted(n for n, table in state.assignments.items() if entry_id in table)
        if assigned:
            raise UserError(_("{entry} is in the judges' assignment of round {n}, so it stays on record; "
                              "withdraw it instead: `krenova entry withdraw {entry} --reason TEXT`").format(entry=entry_id, n=assigned[0]))
        from krenova_cli.store.attachments import read_manifest

        files = read_manifest(store.root, entry_id)
        if files:
            raise UserError(_("{entry} has attached files ({names}); detach them first "
                              "(`krenova entry detach {entry} NAME`), then remove the entry").format(
                entry=entry_id, names=", ".join(f.name for f in files)))
        judges = {j: v for j, v in state.judges.items()}
        touched = sorted(j for j, v in judges.items() if entry_id in v.conflicts)
        for j in touched:
            judges[j] = dc_replace(judges[j], conflicts=tuple(c for c in judges[j].conflicts if c != entry_id))
        tx.put(layout.entry_file(entry_id), None)
        if touched:
            tx.put(layout.JUDGES, judges_toml(judges))
        tx.commit("entry.remove", entry_id, entry_dict(state.entries[entry_id]),
                  {"reason": reason.strip(), "conflicts_dropped": touched} if (reason.strip() or touched) else None)
    return touched


def write_entry_template(store: Store, path: Path) -> Path:
    """A blank entries workbook to hand out: the import's headers, categories and entity types as
    drop-down lists of their names (the import takes names as well as ids)."""
    from krenova_cli.spreadsheets.entry_template import write_template

    if path.suffix.lower() != ".xlsx":
        raise UserError(_("{file}: the template is an Excel workbook; name it with .xlsx, e.g. peserta.xlsx").format(file=path.name))
    store.output(path)  # not among the data files, as export and sheets
    if path.exists():
        raise UserError(_("{file}: already exists; choose another name or remove it first").format(file=path))
    return write_template(store.competition(), path)
