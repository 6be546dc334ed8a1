"""Recording scores through the store: one entry, a batch from a file, or one at a time for a prompt.

Every path ends in `save_scores`, which rewrites each touched judge file once and
logs one ledger record with the old and the new values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.core.lifecycle import State, current_round, screening_open
from krenova_cli.core.model import Criterion, Entry
from krenova_cli.core.score_rules import (ValueRule, batch_problems, canonical_criteria, check_submission, parse_assignments,
                                         parse_value, pending_for, require_judge, require_open, rules_for)
from krenova_cli.core.scoring import Value
from krenova_cli.i18n.messages import _, localize
from krenova_cli.store.serialize import plain_number, score_file
from krenova_cli.store.commit import Transaction
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout


def resolve_round(state: State, round_no: int | None) -> int:
    if round_no is not None:
        return round_no
    n = current_round(state)
    if n is None and screening_open(state):
        return 1  # refused as round 1 not started, naming `advance --round 0`
    if n is None:
        raise UserError(_("every round is closed; there is no round to score"))
    return n


def _plain(values: Mapping[str, Value] | None):
    return None if values is None else {c: v if type(v) is int else plain_number(v) for c, v in sorted(values.items())}


def file_comments(store, n: int, judge_id: str) -> dict[str, dict]:
    """The comments kept in a judge's score file of round n (the loader has checked the file)."""
    from krenova_cli.store.parsing import parse_json
    from krenova_cli.store.score_files import comments_of

    rel = layout.score_file(n, judge_id)
    if not store.path(rel).is_file():
        return {}
    return comments_of(parse_json(store.text(rel), rel))


def save_scores(tx: Transaction, state: State, n: int, batch: Mapping[str, Mapping[str, Mapping[str, Value]]],
                action: str, target: str, note: str = "",
                comments: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None) -> dict:
    """Write each judge's file of round n with `batch` (judge -> entry -> values) merged in; one ledger record.
    `comments` (judge -> entry -> {"comment", "criteria"}) replace those entries' comments; the others stay."""
    old_all, new_all = {}, {}
    old_said, new_said = {}, {}
    comments = comments or {}
    for judge_id, entries in sorted(batch.items()):
        current = dict(state.scores.get(n, {}).get(judge_id, {}))
        said = file_comments(tx.store, n, judge_id)
        kept = dict(said)
        for entry_id, values in entries.items():
            before = current.get(entry_id)
            given = comments.get(judge_id, {}).get(entry_id)
            if given is not None and given != said.get(entry_id, {}):
                old_said.setdefault(judge_id, {})[entry_id] = said.get(entry_id)
                new_said.setdefault(judge_id, {})[entry_id] = given or None
                if given:
                    kept[entry_id] = dict(given)
                else:
                    kept.pop(entry_id, None)
            if before is not None and dict(before) == dict(values):
                continue
            old_all.setdefault(judge_id, {})[entry_id] = _plain(before)
            new_all.setdefault(judge_id, {})[entry_id] = _plain(values)
            current[entry_id] = dict(values)
        if judge_id in new_all or judge_id in new_said:
            tx.put(layout.score_file(n, judge_id), score_file(n, judge_id, current, kept))
    if not new_all and not new_said:
        return {}
    new = {"round": n, "scores": new_all}
    old = {"round": n, "scores": old_all}
    if new_said:
        new["comments"], old["comments"] = new_said, old_said
    if note:
        new["note"] = note
    return tx.commit(action, target, old, new)


def round_comments(store: Store, n: int) -> dict[str, dict[str, dict]]:
    """The judges' comments of round n: entry -> judge -> {"comment", "criteria"}."""
    out: dict[str, dict[str, dict]] = {}
    for judge_id in store.score_judges(n):
        for entry_id, said in file_comments(store, n, judge_id).items():
            out.setdefault(entry_id, {})[judge_id] = said
    return out


def comment_of(text: str | None, criteria: Mapping[str, str] | None, where: str = "--comment") -> dict | None:
    """The comment to keep (None: leave the entry's comment as it is), its words checked by the one rule."""
    from krenova_cli.core.comments import comment_problem, tidy

    if text is None and not criteria:
        return None
    out: dict = {}
    if text is not None and tidy(text):
        out["comment"] = tidy(text)
    if criteria:
        out["criteria"] = {c: tidy(t) for c, t in sorted(criteria.items()) if tidy(t)}
        if not out["criteria"]:
            del out["criteria"]
    for value in [out.get("comment", ""), *out.get("criteria", {}).values()]:
        problem = comment_problem(value)
        if problem is not None:
            raise UserError(_("{option}: {problem}").format(option=where, problem=localize(problem)))
    return out


def record_one(store: Store, round_no: int | None, judge_id: str, entry_id: str, pairs: list[str],
               replace: bool, note: str, comment: str | None = None,
               criterion_comments: Mapping[str, str] | None = None) -> tuple[int, bool]:
    """The round and whether anything changed: the same values again change nothing and log nothing
    (a note is recorded only with a change), which the command says instead of "recorded"."""
    with store.transaction() as tx:
        n, changed, _values = record_in(tx, store.load(rounds=()), round_no, judge_id, entry_id, pairs, replace, note,
                                        comment, criterion_comments)
    return n, changed


def record_in(tx: Transaction, state: State, round_no: int | None, judge_id: str, entry_id: str, pairs: list[str],
              replace: bool, note: str, comment: str | None = None,
              criterion_comments: Mapping[str, str] | None = None) -> tuple[int, bool, dict[str, Value]]:
    """`record_one` inside a change already under way, on the folder as `state` holds it (a fresh load,
    or what a resident process holds and knows to be current under the lock): the round, whether
    anything changed, and the values as recorded."""
    values = parse_assignments(pairs)
    store = tx.store
    n = resolve_round(state, round_no)
    state = store.add_scores(state, [n])
    require_open(state, n)
    require_judge(state, judge_id)
    values = canonical_criteria(values, state.competition.criteria_for(n))
    problems = check_submission(state, n, judge_id, entry_id, values, replace)
    if problems:  # one Error line per problem, each naming the entry
        raise DataErrors([DataError("" if p.startswith(entry_id) else entry_id, None, p) for p in problems])
    said = comment_of(comment, criterion_comments)
    unknown = sorted(set((said or {}).get("criteria", {})) - set(values))
    if unknown:
        raise UserError(_("--criterion-comment: {criterion!r} is not a criterion of round {n}").format(criterion=unknown[0], n=n))
    action = "score.replace" if replace and entry_id in state.scores.get(n, {}).get(judge_id, {}) else "score"
    changed = save_scores(tx, state, n, {judge_id: {entry_id: values}}, action, f"round-{n}/{judge_id}/{entry_id}", note,
                          {judge_id: {entry_id: said}} if said is not None else None)
    return n, bool(changed), dict(values)


def import_file(store: Store, path: Path, round_no: int | None, replace: bool, note: str) -> tuple[int, int]:
    """A filled score sheet (.xlsx) or a long CSV; all or nothing for the file."""
    return import_files(store, [path], round_no, replace, note)


def import_files(store: Store, paths: list[Path], round_no: int | None, replace: bool, note: str,
                 skipped: list[str] | None = None) -> tuple[int, int]:
    """Filled score sheets (.xlsx) and long CSVs: every file is read and checked, then all of them
    are recorded in one ledger record, or none (a later file's problem never leaves an earlier one recorded).
    Returns (entry scores in the files, entry scores that changed): a sheet imported twice changes nothing.
    A sheet with no score filled in is skipped beside filled ones (its note appended to `skipped`);
    a batch of empty sheets only is refused."""
    with store.transaction() as tx:
        return import_in(tx, store.load(rounds=()), paths, round_no, replace, note, skipped)


def import_in(tx: Transaction, state: State, paths: list[Path], round_no: int | None, replace: bool, note: str,
              skipped: list[str] | None = None) -> tuple[int, int]:
    """`import_files` inside a change already under way, on the folder as `state` holds it (a fresh load,
    or what a resident process holds and knows to be current under the lock)."""
    from krenova_cli.core.errors import EmptySheet

    store = tx.store
    errors: list[DataError] = []
    batch: dict[str, dict[str, dict[str, Value]]] = {}
    cells: dict[tuple[str, str], str] = {}
    files: dict[tuple[str, str], str] = {}  # the file each score came from
    rounds: dict[int, str] = {}
    comments: dict[str, dict[str, dict]] = {}
    empty: list[EmptySheet] = []
    for path in paths:
        try:
            n, one, where, said = _read_one(path, state, round_no)
            for judge_id, by_entry in said.items():
                comments.setdefault(judge_id, {}).update(by_entry)
        except EmptySheet as exc:
            empty.append(exc)
            continue
        except DataErrors as exc:
            errors.extend(exc.errors)
            continue
        except UserError as exc:  # its message as raised (a message of the core stays one, worded at the boundary)
            errors.append(DataError("", None, exc.args[0] if len(exc.args) == 1 else str(exc)))
            continue
        rounds.setdefault(n, path.name)
        for judge_id, entries in one.items():
            for entry_id, values in entries.items():
                if entry_id in batch.get(judge_id, {}):
                    errors.append(DataError(where.get((judge_id, entry_id), path.name), None,
                                            _("{entry} by {judge} is also in {file}; give each score once").format(
                                                entry=entry_id, judge=judge_id, file=files[(judge_id, entry_id)])))
                    continue
                batch.setdefault(judge_id, {})[entry_id] = values
                cells[(judge_id, entry_id)] = where.get((judge_id, entry_id), path.name)
                files[(judge_id, entry_id)] = path.name
    if len(rounds) > 1:
        listing = ", ".join(_("{file}: round {n}").format(file=f, n=n) for n, f in sorted(rounds.items()))
        errors.append(DataError("", None, _("the files are for different rounds ({listing}); import each round separately").format(
            listing=listing)))
    if empty and not rounds and not errors:  # nothing but empty sheets: refused as before
        raise empty[0]
    if errors:
        raise DataErrors(errors + [DataError("", None, e.args[0]) for e in empty])
    if skipped is not None:
        skipped += [_("{note}; skipped").format(note=e.args[0]) for e in empty]
    (n,) = rounds
    require_open(state, n)
    state = store.add_scores(state, [n])
    for judge_id, entry_id, p in batch_problems(state, n, batch, replace):
        errors.append(DataError(cells.get((judge_id, entry_id), ""), None, p))
    if errors:
        raise DataErrors(errors)
    record = save_scores(tx, state, n, batch, "score.import", " ".join(p.name for p in paths), note, comments)
    changed = sum(len(v) for v in record["new"]["scores"].values()) if record else 0
    return sum(len(v) for v in batch.values()), changed


def _read_one(path: Path, state: State, round_no: int | None):
    if not path.is_file():
        raise UserError(_("{file}: no such file; check its name and folder (a wildcard that matched nothing stays as typed)").format(file=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from krenova_cli.spreadsheets.score_sheets import read_sheet

        sheet = read_sheet(path, state, round_no)
        return sheet.round_no, {sheet.judge_id: sheet.values}, sheet.cells, {sheet.judge_id: sheet.comments}
    if suffix == ".csv":
        n = resolve_round(state, round_no)
        batch, cells, comments = _read_long_csv(path, state, n)
        return n, batch, cells, comments
    raise UserError(_("{file}: score files are .xlsx sheets from `krenova sheets` or .csv (entry,judge,criterion,value)").format(file=path.name))


MAX_ROW_ERRORS = 50  # problems listed from one file before it stops being read


def _read_long_csv(path: Path, state: State, n: int):
    from krenova_cli.spreadsheets.reader import read_table, row_label

    table = read_table(path, frozenset({"entry", "judge", "criterion", "value", "peserta", "juri", "kriteria", "nilai",
                                        "comment", "catatan"}))
    headers = [h.strip().lower() for h in table.headers]
    # the Indonesian header is the same table in the secretariat's words; a fifth column holds the judge's
    # comment on the entry (on any one of its rows)
    with_comment = headers[4:] in (["comment"], ["catatan"])
    if headers[:4] not in (["entry", "judge", "criterion", "value"], ["peserta", "juri", "kriteria", "nilai"]) or (
            len(headers) > 4 and not with_comment):
        raise DataErrors(DataError(row_label(path.name, table.header_row), None, _("the header must be entry,judge,criterion,value "
                                   "or peserta,juri,kriteria,nilai (found {found})").format(found=",".join(table.headers))))
    batch: dict[str, dict[str, dict[str, Value]]] = {}
    cells: dict[tuple[str, str], str] = {}
    errors = []
    error_rows: list[int] = []  # the row of each problem
    name = path.name
    judges, known = state.judges, state.entries
    last_entry = last_judge = None  # a judge's criteria of one entry come in consecutive rows: their values
    values: dict = {}
    comments: dict[str, dict[str, dict]] = {}
    from krenova_cli.core.model import normalise_name
    from krenova_cli.core.score_rules import criterion_ids

    # a criterion as the secretariat types it: its id or its name, in any case ("Kebaruan", "KEBARUAN")
    by_name = criterion_ids(state.competition.criteria_for(n))
    ids = set(by_name.values())
    for number, row in table.rows:
        entry_id, judge_id, crit, raw = row[:4]
        if crit not in ids:
            crit = by_name.get(normalise_name(crit), crit)
        if errors and len(errors) > MAX_ROW_ERRORS:
            break  # a file this wrong is not read to its end: the first problems say what to fix
        said = row[4] if with_comment and len(row) > 4 else ""
        if said and said.strip():
            from krenova_cli.core.comments import comment_problem, tidy

            text = tidy(said)
            before = comments.get(judge_id, {}).get(entry_id, {}).get("comment")
            problem = comment_problem(text)
            if problem is None and before is not None and before != text:
                problem = _("another comment on {entry} by {judge}; give the entry's comment on one row").format(
                    entry=entry_id, judge=judge_id)
            if problem is not None:
                errors.append(DataError(row_label(name, number), None, _("{column}: {problem}").format(
                    column=headers[4], problem=localize(problem))))
                error_rows.append(number)
                continue
            comments.setdefault(judge_id, {})[entry_id] = {"comment": text}
        if judge_id in judges and entry_id in known:  # the common case, without building a message
            if raw.isdigit() and raw.isascii() and len(raw) <= 40:  # parse_value's own first case (cells come stripped)
                value = int(raw)
            else:
                try:
                    value = parse_value(raw)
                except ValueError:
                    value = None
            if value is not None:
                if entry_id != last_entry or judge_id != last_judge:
                    by_entry = batch.get(judge_id)
                    if by_entry is None:
                        by_entry = batch[judge_id] = {}
                    values = by_entry.get(entry_id)
                    if values is None:
                        values = by_entry[entry_id] = {}
                        cells.setdefault((judge_id, entry_id), row_label(name, number))
                    last_entry, last_judge = entry_id, judge_id
                if crit not in values:
                    values[crit] = value
                    continue
        where = row_label(name, number)
        if judge_id not in state.judges:
            problem = _("judge: unknown judge {judge!r}").format(judge=judge_id)
        elif entry_id not in state.entries:
            problem = _("entry: unknown entry {entry!r}").format(entry=entry_id)
        else:
            try:
                value = parse_value(raw)
            except ValueError as exc:
                problem = _("value: {problem}").format(problem=localize(exc.args[0]) if len(exc.args) == 1 else exc)
            else:
                given = batch.setdefault(judge_id, {}).setdefault(entry_id, {})
                if crit in given:
                    problem = _("criterion: {criterion} of {entry} by {judge} is given twice").format(
                        criterion=crit, entry=entry_id, judge=judge_id)
                else:
                    given[crit] = value
                    cells.setdefault((judge_id, entry_id), where)
                    continue
        errors.append(DataError(where, None, problem))
        error_rows.append(number)
    if errors:
        shown = errors[:MAX_ROW_ERRORS]
        if len(errors) > MAX_ROW_ERRORS:
            shown.append(DataError(name, None, _("... and more problems after row {row}; fix these first").format(
                row=error_rows[MAX_ROW_ERRORS])))
        raise DataErrors(shown)
    return batch, cells, comments


@dataclass(frozen=True)
class ScoringSession:
    """What a judge scores interactively in a round: the pending entries and the criteria's rules."""

    round_no: int
    judge_id: str
    judge_name: str
    todo: tuple[Entry, ...]
    criteria: tuple[Criterion, ...]
    rules: dict[str, ValueRule]


def start_session(store: Store, round_no: int | None, judge_id: str) -> ScoringSession:
    state = store.load(rounds=())
    n = resolve_round(state, round_no)
    require_open(state, n)
    state = store.add_scores(state, [n])
    require_judge(state, judge_id)
    criteria = tuple(state.competition.criteria_for(n))
    return ScoringSession(n, judge_id, state.judges[judge_id].name,
                          tuple(state.entries[e] for e in pending_for(state, n, judge_id)), criteria, rules_for(criteria))


def save_one(store: Store, session: ScoringSession, entry_id: str, values: Mapping[str, Value], note: str,
             comment: str | None = None) -> list[str]:
    """Record one entry's scores of the session (a fresh load under the lock); the problems, or [] when saved."""
    n, judge_id = session.round_no, session.judge_id
    with store.transaction() as tx:
        fresh = store.load(rounds=())
        require_open(fresh, n)
        fresh = store.add_scores(fresh, [n])
        problems = check_submission(fresh, n, judge_id, entry_id, values, False)
        if problems:
            return problems
        said = comment_of(comment, None)
        save_scores(tx, fresh, n, {judge_id: {entry_id: values}}, "score", f"round-{n}/{judge_id}/{entry_id}", note,
                    {judge_id: {entry_id: said}} if said else None)
    return []
