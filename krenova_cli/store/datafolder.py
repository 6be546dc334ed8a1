"""The only module that reads or writes the data directory: find, load, lock, atomic commit, ledger.

A change is committed in four steps under an exclusive lock: (1) a pending
marker holding the ledger record and the new file contents is written
atomically, (2) each file is replaced atomically, (3) the record is appended to
the ledger, (4) the marker is removed. A process killed at any instant leaves
either no marker (old or new state, complete) or a marker, which the next
command rolls forward. So a change is never half applied, and never unlogged.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from krenova_cli.store import atomic
from krenova_cli.store import ledger
from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.core.model import Competition, Entry, Judge, competition_from, entry_from, is_id, judge_from
from krenova_cli.store.parsing import parse_json, parse_toml, pydantic_errors
from krenova_cli.core.score_rules import rules_for
from krenova_cli.store.score_files import check_score_file
from krenova_cli.store.validation_cache import ValidationCache, signature

SETTINGS = "competition.toml"
PENDING = ".krenova-pending.json"
LOCK = ".krenova.lock"
ROUND_FILE = re.compile(r"round-([1-9][0-9]{0,2})\.(toml|json)")


def utc_now() -> datetime:
    forced = os.environ.get("KRENOVA_NOW")
    if forced:
        value = datetime.fromisoformat(forced)
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def default_actor() -> str:
    actor = os.environ.get("KRENOVA_ACTOR")
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"


def find_root(option: str | None) -> Path:
    """--dir, else $KRENOVA_DIR, else the nearest ancestor holding competition.toml (as git finds its repo)."""
    explicit = option or os.environ.get("KRENOVA_DIR")
    if explicit:
        root = Path(explicit)
        if not (root / SETTINGS).is_file():
            raise UserError(f"{root}: no {SETTINGS} here; create a competition with `krenova init {root}`")
        return root
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / SETTINGS).is_file():
            return folder
    raise UserError(f"no {SETTINGS} in {here} or any folder above it; run `krenova init PATH` or pass --dir PATH")


def utc_text(moment: datetime) -> str:
    """A moment as the ledger and the records write it: ISO 8601 in UTC with a Z."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Store:
    root: Path
    clock: Callable[[], datetime] = utc_now
    actor: str = ""
    use_cache: bool = True

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        self.actor = self.actor or default_actor()
        self._competition: Competition | None = None
        self._cache: ValidationCache | None = None

    # -- reading -----------------------------------------------------------------------
    def path(self, rel: str) -> Path:
        return self.root / rel

    def text(self, rel: str) -> str:
        try:
            return self.path(rel).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DataErrors(DataError(rel, None, "not UTF-8 text")) from None

    @property
    def cache(self) -> ValidationCache:
        if self._cache is None:
            self._cache = ValidationCache(self.root, self.use_cache)
        return self._cache

    def _validated(self, model: str, rel: str) -> Any:
        """A file's data as its pydantic model (named in schema.py) normalises it; cached by stat."""
        sig = signature(self.path(rel))
        hit = self.cache.get(rel, sig)
        if hit is not None:
            return hit
        from pydantic import ValidationError

        from krenova_cli.store import schema

        text = self.text(rel)
        data = parse_toml(text, rel)
        try:
            clean = schema.validated(getattr(schema, model), data)
        except ValidationError as exc:
            raise pydantic_errors(exc, rel, text) from None
        self.cache.put(rel, sig, clean)
        return clean

    def competition(self) -> Competition:
        if self._competition is None:
            self._competition = competition_from(self._validated("Competition", SETTINGS))
            self.cache.save()
        return self._competition

    def entries(self, errors: list[DataError]) -> dict[str, Entry]:
        folder = self.path("entries")
        out: dict[str, Entry] = {}
        if not folder.is_dir():
            return out
        for path in sorted(folder.iterdir()):
            name = path.name
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            rel = f"entries/{name}"
            stem = name[:-5]
            if not is_id(stem):
                errors.append(DataError(rel, None, "file name is not a valid entry id; rename the file"))
                continue
            try:
                entry = entry_from(self._validated("Entry", rel))
            except DataErrors as exc:
                errors.extend(exc.errors)
                continue
            if entry.id != stem:
                errors.append(DataError(rel, 1, f"id {entry.id!r} does not match the file name {stem!r}"))
                continue
            out[entry.id] = entry
        folded: dict[str, str] = {}
        for entry_id in out:
            other = folded.setdefault(entry_id.casefold(), entry_id)
            if other != entry_id:
                errors.append(DataError(f"entries/{entry_id}.toml", None, f"id {entry_id!r} differs from {other!r} only in case; rename one"))
        return out

    def judges(self, errors: list[DataError]) -> dict[str, Judge]:
        if not self.path("judges.toml").is_file():
            return {}
        try:
            listed = [judge_from(j) for j in self._validated("Judges", "judges.toml")["judges"]]
        except DataErrors as exc:
            errors.extend(exc.errors)
            return {}
        out: dict[str, Judge] = {}
        for j in listed:
            if j.id in out:
                errors.append(DataError("judges.toml", None, f"duplicate judge id {j.id!r}"))
            out[j.id] = j
        return out

    def round_files(self, folder: str, ext: str) -> Iterator[tuple[int, str]]:
        path = self.path(folder)
        if not path.is_dir():
            return
        for p in sorted(path.iterdir()):
            if p.name.startswith("."):
                continue
            m = ROUND_FILE.fullmatch(p.name)
            if m and m.group(2) == ext:
                yield int(m.group(1)), f"{folder}/{p.name}"

    def assignments(self, errors: list[DataError]) -> dict[int, dict[str, tuple[str, ...]]]:
        out = {}
        for n, rel in self.round_files("assignments", "toml"):
            try:
                table = self._validated("Assignment", rel)
            except DataErrors as exc:
                errors.extend(exc.errors)
                continue
            if table["round"] != n:
                errors.append(DataError(rel, None, f"round is {table['round']} but the file is for round {n}"))
                continue
            out[n] = {e: tuple(js) for e, js in table["entries"].items()}
        return out

    def records(self, errors: list[DataError]) -> dict[int, dict]:
        out = {}
        for n, rel in self.round_files("rounds", "json"):
            try:
                data = parse_json(self.text(rel), rel)
            except DataErrors as exc:
                errors.extend(exc.errors)
                continue
            missing = RECORD_KEYS - set(data) if isinstance(data, dict) else RECORD_KEYS
            if missing or data.get("round") != n:
                errors.append(DataError(rel, None, f"not a round record (missing {', '.join(sorted(missing)) or 'round'})"))
                continue
            out[n] = data
        return out

    def awards(self, errors: list[DataError]) -> dict | None:
        if not self.path("awards.json").is_file():
            return None
        try:
            data = parse_json(self.text("awards.json"), "awards.json")
        except DataErrors as exc:
            errors.extend(exc.errors)
            return None
        if not isinstance(data, dict) or not isinstance(data.get("places"), list):
            errors.append(DataError("awards.json", None, "not an awards record (no places)"))
            return None
        return data

    def score_judges(self, n: int) -> list[str]:
        folder = self.path(f"scores/round-{n}")
        if not folder.is_dir():
            return []
        return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json") and not p.name.startswith("."))

    def scores(self, n: int, comp: Competition, entries: dict, errors: list[DataError]) -> dict:
        out = {}
        rules = rules_for(comp.criteria_for(n))
        for judge_id in self.score_judges(n):
            rel = f"scores/round-{n}/{judge_id}.json"
            if not is_id(judge_id):
                errors.append(DataError(rel, None, "file name is not a valid judge id"))
                continue
            text = self.text(rel)
            try:
                data = parse_json(text, rel, exact=True)
            except DataErrors as exc:
                errors.extend(exc.errors)
                continue
            problems = check_score_file(data, rel, text, n, judge_id, rules, entries)
            if problems:
                errors.extend(problems)
                continue
            out[judge_id] = data["scores"]
        return out

    def add_scores(self, state: State, rounds: Iterable[int]) -> State:
        """Load more rounds' score files into an already loaded state."""
        errors: list[DataError] = []
        for n in rounds:
            if n not in state.scores and 1 <= n <= state.last_round:
                state.scores[n] = self.scores(n, state.competition, state.entries, errors)
        if errors:
            raise DataErrors(errors)
        return state

    def load(self, rounds: Iterable[int] | str = "all", collect: list[DataError] | None = None) -> State:
        """Load and validate the directory; raise every problem at once (or collect them for `check`)."""
        self.recover_if_pending()
        errors: list[DataError] = [] if collect is None else collect
        comp = self.competition()
        entries = self.entries(errors)
        judges = self.judges(errors)
        assignments = self.assignments(errors)
        records = self.records(errors)
        awards = self.awards(errors)
        wanted = range(1, len(comp.rounds) + 1) if rounds == "all" else rounds
        scores = {}
        for n in wanted:
            if 1 <= n <= len(comp.rounds):
                scores[n] = self.scores(n, comp, entries, errors)
        self.cache.save()
        if errors and collect is None:
            raise DataErrors(errors)
        return State(comp, entries, judges, assignments, records, awards, scores)

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path(LOCK)), timeout=float(os.environ.get("KRENOVA_LOCK_TIMEOUT", "120")))
        try:
            lock.acquire()
        except Timeout:
            raise UserError(f"{self.root}: another krenova command is changing this competition; try again when it ends") from None
        try:
            self._recover()
            atomic.clean_temporaries(self.root)
            yield Transaction(self)
        finally:
            lock.release()

    def recover_if_pending(self) -> None:
        if self.path(PENDING).exists():
            with self.transaction():
                pass

    def _recover(self) -> None:
        marker = self.path(PENDING)
        if not marker.exists():
            return
        pending = json.loads(marker.read_text(encoding="utf-8"))
        record = pending["record"]
        self._drop_partial_line(ledger.canonical(record) + b"\n")
        head, problems = ledger.read_head(self.path(ledger.LEDGER))
        if head.hash != record["hash"]:
            if problems or head.hash != record["prev"]:
                raise DataErrors(DataError(PENDING, None, "an interrupted change does not follow the ledger; run `krenova check`"))
            self._apply(pending["files"], record)
        atomic.atomic_delete(marker)

    def _drop_partial_line(self, line: bytes) -> None:
        """A kill during the ledger append can leave part of the pending record's line (a write that
        crosses a page boundary may stop between pages). Only that exact prefix is cut off; anything
        else at the end of the ledger is left for `check` to report."""
        path = self.path(ledger.LEDGER)
        if not path.exists():
            return
        size = path.stat().st_size
        with open(path, "rb+") as fh:
            fh.seek(max(0, size - len(line)))
            tail = fh.read()
            if not tail or tail.endswith(b"\n"):
                return
            cut = tail.rfind(b"\n") + 1  # 0 when the partial line starts the window
            partial = tail[cut:]
            if cut == 0 and size > len(tail):
                return  # longer than our line: not ours
            if line.startswith(partial):
                fh.truncate(size - len(partial))
                fh.flush()
                os.fsync(fh.fileno())

    def _apply(self, files: dict[str, str | None], record: dict) -> None:
        # Each file is written and fsynced; each folder is fsynced once at the end, before the
        # ledger line. Until the pending marker is removed, a crash is rolled forward anyway.
        folders = set()
        for rel, content in files.items():
            path = self.path(rel)
            folders.add(path.parent)
            if content is None:
                path.unlink(missing_ok=True)
            else:
                atomic.atomic_write(path, content.encode("utf-8"), sync_dir=False)
        for folder in sorted(folders):
            atomic.fsync_dir(folder)
        atomic.append_line(self.path(ledger.LEDGER), ledger.canonical(record) + b"\n")


RECORD_KEYS = {"round", "name", "closed_at", "entries", "advancing", "eliminated", "cutoff", "decisions",
               "standings", "score_files", "ledger_head"}


class Transaction:
    """Changes made under the lock; `commit` makes one atomic, logged step."""

    def __init__(self, store: Store):
        self.store = store
        self.files: dict[str, bytes | None] = {}

    def put(self, rel: str, data: bytes | None) -> None:
        self.files[rel] = data

    def commit(self, action: str, target: str, old: Any, new: Any) -> dict:
        store = self.store
        head, problems = ledger.read_head(store.path(ledger.LEDGER))
        if problems:
            raise DataErrors(problems)
        digests = {rel: (None if data is None else sha256(data)) for rel, data in sorted(self.files.items())}
        time = utc_text(store.clock())
        record = ledger.make_record(head, time, store.actor, action, target, old, new, digests)
        contents = {rel: (None if d is None else d.decode("utf-8")) for rel, d in sorted(self.files.items())}
        atomic.atomic_write(store.path(PENDING), json.dumps({"record": record, "files": contents}, ensure_ascii=False).encode())
        store._apply(contents, record)
        atomic.atomic_delete(store.path(PENDING))
        self.files = {}
        return record

    def head(self) -> ledger.Head:
        head, problems = ledger.read_head(self.store.path(ledger.LEDGER))
        if problems:
            raise DataErrors(problems)
        return head
