"""The one reader of each data file, used by the loader (`datafolder.py`) and by the commit (`commit.py`).

A commit asks `problems_of` about every file it is about to write: a content that a later command
would refuse is refused before anything is written, with the reader's own words. What a change
says in words (a reason, a note) is held to the one rule of free text (`schema.Said`), also where it
is kept only in the ledger or a round record.
"""

from __future__ import annotations

import re
from typing import Any

from krenova_cli.core.errors import DataError, DataErrors, T
from krenova_cli.store import layout
from krenova_cli.store.parsing import parse_json, parse_toml, pydantic_errors

_ENTRY = re.compile(rf"{layout.ENTRIES}/(.+)\.toml")
_ASSIGNMENT = re.compile(rf"{layout.ASSIGNMENTS}/round-([0-9]+)\.toml")
_RECORD = re.compile(rf"{layout.ROUNDS}/round-([0-9]+)\.json")


def validated_toml(model: str, rel: str, text: str, lines: bool = True) -> Any:
    """A TOML file's data as its pydantic model (named in schema.py) normalises it; DataErrors otherwise."""
    from pydantic import ValidationError

    from krenova_cli.store import schema

    data = parse_toml(text, rel)
    try:
        return schema.validated(getattr(schema, model), data)
    except ValidationError as exc:
        raise pydantic_errors(exc, rel, text if lines else "") from None


def round_record(data: Any, rel: str, n: int):
    """A round record read from its JSON data; a DataError saying why it is none."""
    from krenova_cli.core.errors import said
    from krenova_cli.core.records import ROUND_RECORD_KEYS, RoundRecord

    missing = ROUND_RECORD_KEYS - set(data) if isinstance(data, dict) else ROUND_RECORD_KEYS
    if missing or data.get("round") != n:
        return DataError(rel, None, T("not a round record (missing {keys})", keys=", ".join(sorted(missing)) or "round"))
    try:
        return RoundRecord.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return DataError(rel, None, T("not a round record ({kind}: {problem})", kind=type(exc).__name__, problem=said(exc)))


def awards_record(data: Any, rel: str):
    """The awards record read from its JSON data; a DataError saying why it is none."""
    from krenova_cli.core.records import AwardsRecord

    if not isinstance(data, dict) or not isinstance(data.get("places"), list):
        return DataError(rel, None, T("not an awards record (no places)"))
    try:
        return AwardsRecord.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return DataError(rel, None, T("not an awards record ({kind}: {problem})", kind=type(exc).__name__, problem=str(exc)))


def screening_record(data: Any, rel: str):
    """The screening record read from its JSON data; a DataError saying why it is none."""
    from krenova_cli.core.screening import SCREENING_RECORD_KEYS, ScreeningRecord

    missing = SCREENING_RECORD_KEYS - set(data) if isinstance(data, dict) else SCREENING_RECORD_KEYS
    if missing:
        return DataError(rel, None, T("not a screening record (missing {keys})", keys=", ".join(sorted(missing))))
    try:
        return ScreeningRecord.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return DataError(rel, None, T("not a screening record ({kind}: {problem})", kind=type(exc).__name__, problem=str(exc)))


# -- what a change says in words -------------------------------------------------------------------
# keys of a ledger record's new value that hold the words of the person (and the option that gave them)
SAID_KEYS = {"reason": "--reason", "redo_reason": "--reason", "missing_allowed": "--reason", "note": "--note"}


def said_problems(value: Any, found: list[DataError] | None = None) -> list[DataError]:
    """Every reason or note inside a ledger record's new value that breaks the rule of free text
    (at most 300 characters, no bidirectional or control character); file contents are not words."""
    from pydantic import ValidationError

    from krenova_cli.store import schema

    found = [] if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SAID_KEYS and isinstance(item, str):
                try:
                    schema.Said.model_validate({"text": item})
                except ValidationError as exc:
                    for problem in pydantic_errors(exc, "", where=lambda _f, key=key: SAID_KEYS[key]).errors:
                        found.append(problem)
            elif key not in ("files", "scores") and isinstance(item, (dict, list)):  # contents and values are no words
                said_problems(item, found)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                said_problems(item, found)
    return found


# -- a file about to be written ---------------------------------------------------------------------
class _Written:
    """What `letter_register.read_register` asks of a store, answered with the content to be written."""

    def __init__(self, text: str):
        self._text = text

    def path(self, rel: str) -> "_Written":
        return self

    def is_file(self) -> bool:
        return True

    def text(self, rel: str) -> str:
        return self._text


def problems_of(rel: str, data: bytes) -> tuple[list[DataError], Any]:
    """The problems every command would find reading `data` as the file `rel`, and the validated data
    to cache (None for files the validation cache does not hold). Score files are checked by the
    score use case with the same `check_score_file` the loader uses, not again here."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return [DataError(rel, None, T("not UTF-8 text"))], None
    try:
        if rel == layout.SETTINGS:
            from krenova_cli.core.model import competition_from

            clean = validated_toml("Competition", rel, text, lines=False)
            competition_from(clean)
            return [], clean
        if rel == layout.JUDGES:
            return [], validated_toml("Judges", rel, text, lines=False)
        m = _ENTRY.fullmatch(rel)
        if m:
            clean = validated_toml("Entry", rel, text, lines=False)
            if clean["id"] != m.group(1):
                return [DataError(rel, None, T("id {id!r} does not match the file name {stem!r}", id=clean["id"], stem=m.group(1)))], None
            return [], clean
        m = _ASSIGNMENT.fullmatch(rel)
        if m:
            clean = validated_toml("Assignment", rel, text, lines=False)
            if clean["round"] != int(m.group(1)):
                return [DataError(rel, None, T("round is {given} but the file is for round {n}", given=clean["round"], n=int(m.group(1))))], None
            return [], clean
        m = _RECORD.fullmatch(rel)
        if m:  # a decision's reasons are said as the ledger's are
            data = parse_json(text, rel)
            record = round_record(data, rel, int(m.group(1)))
            return ([record] if isinstance(record, DataError) else said_problems(data)), None
        if rel in (layout.AWARDS, layout.SCREENING):
            data = parse_json(text, rel)
            record = (awards_record if rel == layout.AWARDS else screening_record)(data, rel)
            return ([record] if isinstance(record, DataError) else said_problems(data)), None
        if rel.startswith(layout.ATTACHMENTS + "/"):
            from krenova_cli.store.attachments import manifest_problems

            return manifest_problems(rel, text)[0], None
        if rel == layout.LETTERS:
            from krenova_cli.store.letter_register import read_register

            read_register(_Written(text))
            return [], None
    except DataErrors as exc:
        return list(exc.errors), None
    return [], None


# -- the references a change touches, as `check` judges them ----------------------------------------------
MAX_SHOWN = 10  # an orphaning change names its first problems, then how many more


def reference_problems(store: Any, files: dict[str, bytes | None], validated: dict[str, Any]) -> list[DataError]:
    """What `check` would newly report about references once `files` are written (`core.consistency.
    check_references`: entries' types and categories, judges' conflicts, assignments), for the parts the
    change touches: a change of one entry is judged against the settings alone; a change of the settings,
    the judges, an assignment or a removed entry against every entry (from the validation cache). Problems
    the folder had before the change are not the change's."""
    from krenova_cli.core.consistency import check_references
    from krenova_cli.core.lifecycle import State
    from krenova_cli.core.model import competition_from, entry_from, judge_from

    entries_touched = {m.group(1): rel for rel in files if (m := _ENTRY.fullmatch(rel))}
    wide = (layout.SETTINGS in files or layout.JUDGES in files or any(_ASSIGNMENT.fullmatch(rel) for rel in files)
            or any(files[rel] is None for rel in entries_touched.values()))
    if not (entries_touched or wide) or not hasattr(store, "entries"):
        return []
    if not store.path(layout.SETTINGS).is_file():  # `init`: nothing refers to anything yet
        return []
    ignored: list[DataError] = []  # the folder's own problems are `check`'s to report
    try:
        old_comp = store.competition()
    except DataErrors:  # the settings on disk are unreadable (an adopt repairs them): judged by `check`
        return []
    old_entries = store.entries(ignored) if wide else {}
    old_judges = store.judges(ignored) if wide else {}
    old_assignments = store.assignments(ignored) if wide else {}

    comp = competition_from(validated[layout.SETTINGS]) if layout.SETTINGS in validated else old_comp
    entries = dict(old_entries)
    for entry_id, rel in entries_touched.items():
        if files[rel] is None:
            entries.pop(entry_id, None)
        elif rel in validated:
            entries[entry_id] = entry_from(validated[rel])
    judges = old_judges
    if layout.JUDGES in validated:
        judges = {j.id: j for j in (judge_from(x) for x in validated[layout.JUDGES]["judges"])}
    assignments = dict(old_assignments)
    for rel in files:
        m = _ASSIGNMENT.fullmatch(rel)
        if m and rel in validated:
            assignments[int(m.group(1))] = {e: tuple(js) for e, js in validated[rel]["entries"].items()}
        elif m:
            assignments.pop(int(m.group(1)), None)
    found = check_references(State(comp, entries, judges, assignments))
    if not found:
        return []
    before_entries = old_entries if wide else {e: old for e in entries_touched if (old := _old_entry(store, e)) is not None}
    before = {(p.source, p.message) for p in check_references(State(old_comp, before_entries, old_judges, old_assignments))}
    new = [p for p in found if (p.source, p.message) not in before]
    if len(new) > MAX_SHOWN:
        new = new[:MAX_SHOWN] + [DataError("", None, T("... and {n} more problems", n=len(new) - MAX_SHOWN))]
    return new


def _old_entry(store: Any, entry_id: str):
    errors: list[DataError] = []
    try:
        from krenova_cli.core.model import entry_from

        return entry_from(store._validated("Entry", layout.entry_file(entry_id)))
    except (DataErrors, OSError, AttributeError):
        return None
    finally:
        errors.clear()
