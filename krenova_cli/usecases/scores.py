"""Recording scores through the store: one entry, a batch from a file, or one at a time for a prompt.

Every path ends in `save_scores`, which rewrites each touched judge file once and
logs one ledger record with the old and the new values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.core.lifecycle import State, current_round
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
    if n is None:
        raise UserError(_("every round is closed; there is no round to score"))
    return n


def _plain(values: Mapping[str, Value] | None):
    return None if values is None else {c: v if type(v) is int else plain_number(v) for c, v in sorted(values.items())}


def save_scores(tx: Transaction, state: State, n: int, batch: Mapping[str, Mapping[str, Mapping[str, Value]]],
                action: str, target: str, note: str = "") -> dict:
    """Write each judge's file of round n with `batch` (judge -> entry -> values) merged in; one ledger record."""
    old_all, new_all = {}, {}
    for judge_id, entries in sorted(batch.items()):
        current = dict(state.scores.get(n, {}).get(judge_id, {}))
        for entry_id, values in entries.items():
            before = current.get(entry_id)
            if before is not None and dict(before) == dict(values):
                continue
            old_all.setdefault(judge_id, {})[entry_id] = _plain(before)
            new_all.setdefault(judge_id, {})[entry_id] = _plain(values)
            current[entry_id] = dict(values)
        if judge_id in new_all:
            tx.put(layout.score_file(n, judge_id), score_file(n, judge_id, current))
    if not new_all:
        return {}
    new = {"round": n, "scores": new_all}
    if note:
        new["note"] = note
    return tx.commit(action, target, {"round": n, "scores": old_all}, new)


def record_one(store: Store, round_no: int | None, judge_id: str, entry_id: str, pairs: list[str],
               replace: bool, note: str) -> tuple[int, bool]:
    """The round and whether anything changed: the same values again change nothing and log nothing
    (a note is recorded only with a change), which the command says instead of "recorded"."""
    values = parse_assignments(pairs)
    with store.transaction() as tx:
        state = store.load(rounds=())
        n = resolve_round(state, round_no)
        state = store.add_scores(state, [n])
        require_open(state, n)
        require_judge(state, judge_id)
        values = canonical_criteria(values, state.competition.criteria_for(n))
        problems = check_submission(state, n, judge_id, entry_id, values, replace)
        if problems:  # one Error line per problem, each naming the entry
            raise DataErrors([DataError("" if p.startswith(entry_id) else entry_id, None, p) for p in problems])
        action = "score.replace" if replace and entry_id in state.scores.get(n, {}).get(judge_id, {}) else "score"
        changed = save_scores(tx, state, n, {judge_id: {entry_id: values}}, action, f"round-{n}/{judge_id}/{entry_id}", note)
    return n, bool(changed)


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
    from krenova_cli.core.errors import EmptySheet

    with store.transaction() as tx:
        state = store.load(rounds=())
        errors: list[DataError] = []
        batch: dict[str, dict[str, dict[str, Value]]] = {}
        cells: dict[tuple[str, str], str] = {}
        files: dict[tuple[str, str], str] = {}  # the file each score came from
        rounds: dict[int, str] = {}
        empty: list[EmptySheet] = []
        for path in paths:
            try:
                n, one, where = _read_one(path, state, round_no)
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
        record = save_scores(tx, state, n, batch, "score.import", " ".join(p.name for p in paths), note)
    changed = sum(len(v) for v in record["new"]["scores"].values()) if record else 0
    return sum(len(v) for v in batch.values()), changed


def _read_one(path: Path, state: State, round_no: int | None):
    if not path.is_file():
        raise UserError(_("{file}: no such file; check its name and folder (a wildcard that matched nothing stays as typed)").format(file=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from krenova_cli.spreadsheets.score_sheets import read_sheet

        sheet = read_sheet(path, state, round_no)
        return sheet.round_no, {sheet.judge_id: sheet.values}, sheet.cells
    if suffix == ".csv":
        n = resolve_round(state, round_no)
        batch, cells = _read_long_csv(path, state, n)
        return n, batch, cells
    raise UserError(_("{file}: score files are .xlsx sheets from `krenova sheets` or .csv (entry,judge,criterion,value)").format(file=path.name))


MAX_ROW_ERRORS = 50  # problems listed from one file before it stops being read


def _read_long_csv(path: Path, state: State, n: int):
    from krenova_cli.spreadsheets.reader import read_table, row_label

    table = read_table(path, frozenset({"entry", "judge", "criterion", "value", "peserta", "juri", "kriteria", "nilai"}))
    headers = [h.strip().lower() for h in table.headers]
    # the Indonesian header is the same table in the secretariat's words
    if headers not in (["entry", "judge", "criterion", "value"], ["peserta", "juri", "kriteria", "nilai"]):
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
    for number, (entry_id, judge_id, crit, raw) in table.rows:
        if errors and len(errors) > MAX_ROW_ERRORS:
            break  # a file this wrong is not read to its end: the first problems say what to fix
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
    return batch, cells


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


def save_one(store: Store, session: ScoringSession, entry_id: str, values: Mapping[str, Value], note: str) -> list[str]:
    """Record one entry's scores of the session (a fresh load under the lock); the problems, or [] when saved."""
    n, judge_id = session.round_no, session.judge_id
    with store.transaction() as tx:
        fresh = store.load(rounds=())
        require_open(fresh, n)
        fresh = store.add_scores(fresh, [n])
        problems = check_submission(fresh, n, judge_id, entry_id, values, False)
        if problems:
            return problems
        save_scores(tx, fresh, n, {judge_id: {entry_id: values}}, "score", f"round-{n}/{judge_id}/{entry_id}", note)
    return []
