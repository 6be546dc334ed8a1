"""What the judges' portal (`krenova serve`, issue 28) reads and changes, through the same use cases as
the command line.

- `Portal` holds the loaded competition and reloads it when the ledger or the links file moved
  (their size and modification time, one `stat` each per request).
- `judge_round` is a judge's page: the entries `status` and `sheets` expect of the judge in the open
  round (assignments and conflicts as `lifecycle.expected` computes them), with the recorded values.
- `submit` records one entry's scores exactly as `krenova score ENTRY --judge J --replace` does
  (`scores.record_one`: the same checks, one ledger record, actor `judge:J`, old and new values); a
  first submission is a `score` record, a correction a `score.replace` record.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from krenova_cli.core import lifecycle
from krenova_cli.core.errors import DataErrors, KrenovaError, UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.core.model import Criterion, Entry
from krenova_cli.core.problems import Problem, RoundClosed, RoundNotStarted
from krenova_cli.core.score_rules import ValueRule, parse_value, rules_for
from krenova_cli.core.scoring import Value
from krenova_cli.i18n.messages import _, localize
from krenova_cli.store import layout, ledger, link_register
from krenova_cli.store.clock import utc_now, utc_text
from krenova_cli.store.datafolder import Store
from krenova_cli.store.link_register import Register


CACHE_EVERY = 600.0  # seconds between saves of the validation cache (a save holds the interpreter ~0.2 s at national scale)
# what a page looks at before it is served (one stat each): the ledger, the links, a change left pending
PAGE_MARKS = (layout.LEDGER, layout.LINKS, layout.PENDING)


@dataclass(frozen=True)
class Loaded:
    state: State          # with the scores of the round judges see
    register: Register
    round_no: int | None  # the open round, else the last closed one (read-only), else None
    open: bool
    head_seq: int = -1    # the ledger's last record when this was loaded
    marks: Mapping[str, object] = field(default_factory=dict)  # stat signatures of the files it was read from
    clean: bool = False   # the load found the folder as the ledger wrote it (nothing changed outside krenova)

    def __post_init__(self) -> None:
        object.__setattr__(self, "views", {})  # judge -> JudgeRound of this competition (new with each Loaded)


@dataclass(frozen=True)
class Imported:
    name: str
    count: int      # entry scores in the file
    changed: int    # entry scores that changed
    skipped: list[str]

    def said(self) -> str:
        """What `krenova score --from` says of it (the same words)."""
        if self.changed == 0:
            return _("{files}: nothing changed (its {count} entry score(s) are recorded already)").format(
                files=self.name, count=self.count)
        said = _("{files}: recorded {changed} entry score(s)").format(files=self.name, changed=self.changed)
        if self.changed < self.count:
            said += " " + _("({count} unchanged)").format(count=self.count - self.changed)
        return said


def _kept_ids(held: Loaded, new: Loaded) -> Loaded:
    """`new` (the held competition after a save) with the judges' entries of `held`: they depend on no score."""
    new.views.update({k: v for k, v in held.views.items() if isinstance(k, tuple) and k[0] == "ids"})
    return new


def held_marks(loaded: "Loaded | None") -> Mapping[str, object]:
    return loaded.marks if loaded is not None else {}


def uploaded_name(name: str) -> str:
    """The name an upload is read under: the browser's file name without any folder, in plain characters
    (it names the file in the ledger and the errors; the copy is private, outside the competition)."""
    import re

    base = re.split(r"[\\/]", name or "")[-1]
    plain = re.sub(r"[^A-Za-z0-9._ -]+", "-", base).strip(" .-")[:100]
    return plain or "upload"


def refusal(exc: BaseException) -> list[str]:
    """An exception of a use case as the command line says it: one line each (without `Error: `)."""
    if isinstance(exc, Problem):
        return [localize(exc)]
    if isinstance(exc, KrenovaError):
        return exc.lines(localize)
    raise exc


@dataclass(frozen=True)
class Job:
    """One submission to record: what `krenova score ENTRY --judge J --replace J=V...` is given."""

    judge_id: str
    round_no: int
    entry_id: str
    pairs: list[str]
    note: str = ""


class Portal:
    """The competition as the server holds it: validated once, then kept in memory.

    A page compares three stat signatures (ledger, links, pending change) with the ones the held
    competition was read at, and reloads when they moved; the reload reads again only the files whose
    signature changed (one Store kept for the life of the server). A save takes the folder's lock as
    every command does; under it, when the ledger and the files the save reads and writes (settings,
    judges, the round's assignment, the judge's score file) are as the held competition was read from,
    the held competition IS the folder, and the save is recorded on it without a load or a guard: the
    judge's score file and the ledger record through the one commit (which reads back what it writes).
    When anything moved (a command beside the server, a hand edit), the save guards and loads the
    folder afresh under the same lock, as `krenova score` does, and refuses what it refuses."""

    def __init__(self, root: Path):
        import threading

        self.root = Path(root)
        self._store = Store(self.root)
        self._store.hold_cache()  # saved every CACHE_EVERY seconds and at the end (`close`), not after each save
        self._loaded: Loaded | None = None
        self.reloads = 0
        self.fast_saves = 0
        self._cache_saved = time.monotonic()
        self._lock = threading.RLock()  # the held competition and the Store, between pages and saves
        self._writing = threading.Lock()  # one group of saves at a time
        self.saving = 0  # saves under way in worker threads

    def warm(self) -> Loaded:
        """The competition read and the modules a save uses imported (0.1-0.2 s at the first save
        otherwise: the lock, the commit, the thread pool), before the server takes its first connection."""
        from concurrent.futures import ThreadPoolExecutor  # noqa: F401 - the commit's fsyncs run in a pool

        import filelock  # noqa: F401

        from krenova_cli.store import commit, serialize  # noqa: F401
        from krenova_cli.usecases import scores  # noqa: F401

        return self.loaded()

    def store(self) -> Store:
        """The server's Store, to read the folder afresh (guarded again; unchanged files are not read again)."""
        self._store.refresh()
        return self._store

    def read(self, use_case):
        """A read use case (e.g. `status`) on the folder as it stands, while no save of this process changes it."""
        with self._lock:
            return use_case(self.store())

    def close(self) -> None:
        """Write the validation cache once more (the server stops)."""
        self._store.save_cache()

    def _cache_due(self) -> None:
        now = time.monotonic()
        if now - self._cache_saved > CACHE_EVERY:
            self._store.save_cache()
            self._cache_saved = now

    def loaded(self) -> Loaded:
        """The competition as it stands; while this process records a save (in a worker thread), the
        competition as it stood before it, without looking at the folder (the save changes it)."""
        with self._lock:
            if self.saving and self._loaded is not None:
                return self._loaded
            return self._load()

    def _load(self) -> Loaded:
        held = self._loaded
        if held is None or self._store.marks(PAGE_MARKS) != {rel: held.marks.get(rel) for rel in PAGE_MARKS}:
            store = self.store()
            store.recover_if_pending()  # a change interrupted (a killed command or server) is completed first
            self._loaded = self._read(store)
        return self._loaded

    def _read(self, store: Store) -> Loaded:
        """The competition read from the folder (guarded, validated), with the signatures of the files
        a save depends on; the marks of the ledger are the ones taken before the read, so a change made
        during it is seen at the next request."""
        before = store.marks(PAGE_MARKS)
        state = store.load(rounds=())
        n = lifecycle.current_round(state)
        is_open = n is not None
        if n is None and state.records:
            n = max(state.records)
        if n is not None:
            state = store.add_scores(state, [n])
        head, _problems = ledger.read_head(store.path(layout.LEDGER))
        register = link_register.read(store)
        watched = [layout.SETTINGS, layout.JUDGES]
        if n is not None:
            watched += [layout.assignment_file(n), *(layout.score_file(n, j) for j in state.judges)]
        marks = {**store.marks(watched), **before}
        self.reloads += 1
        return Loaded(state, register, n, is_open, head.seq, marks, not store.warnings and store.marks(PAGE_MARKS) == before)

    def record(self, judge_id: str, round_no: int, entry_id: str, pairs: list[str], note: str) -> tuple[int, bool]:
        """Record one entry's scores as `krenova score ENTRY --judge J --replace` does; see `record_many`."""
        (result,) = self.record_many([Job(judge_id, round_no, entry_id, pairs, note)])
        if isinstance(result, BaseException):
            raise result
        return result

    def record_many(self, jobs: list["Job"]) -> list:
        """Saves that arrived together, recorded under one hold of the folder's lock and written in one
        step (a group commit: one ledger record each, actor `judge:J`, the checks of `scores.record_in`);
        for each job (round, changed) or the exception that refused it. A save refused leaves the
        others of its group recorded; a write that fails refuses them all."""
        with self._lock:
            self.saving += 1  # pages keep being served from the held competition, without the Store
        try:
            with self._writing:
                try:
                    results = self._record_many(jobs)
                except Exception as exc:  # the lock, the guard or the write: every save of the group refused
                    results = [exc] * len(jobs)
                self._cache_due()
            return results
        finally:
            with self._lock:
                self.saving -= 1

    def _record_many(self, jobs: list["Job"]) -> list:
        from krenova_cli.usecases.scores import record_in

        store = self._store
        results: list = []
        with store.transaction(guard=False, sweep=False, group=True) as tx:
            rels = {*PAGE_MARKS, layout.SETTINGS, layout.JUDGES, *(layout.assignment_file(j.round_no) for j in jobs),
                    *(layout.score_file(j.round_no, j.judge_id) for j in jobs)}
            current, held = self._current(store, rels, {j.round_no for j in jobs})
            start = held
            for job in jobs:
                mark = tx.mark()
                try:
                    with store.acting(f"judge:{job.judge_id}"):
                        n, changed, values = record_in(tx, held.state, job.round_no, job.judge_id, job.entry_id, job.pairs,
                                                       True, job.note)
                except Exception as exc:  # this save's refusal; the others of the group go on
                    tx.undo(mark)
                    results.append(exc)
                    continue
                if changed:
                    held = self._with_save(held, n, job.judge_id, job.entry_id, values)
                results.append((n, changed))
            try:
                tx.write()
            except BaseException:
                self._stale()
                raise
            if held is not start:
                written = (layout.LEDGER, layout.PENDING, *(layout.score_file(j.round_no, j.judge_id) for j in jobs))
                self._loaded = _kept_ids(held, replace(held, marks={**held.marks, **store.marks(written)}))
            if current:
                self.fast_saves += len(jobs)
        return results

    def _current(self, store: Store, rels, rounds: set[int]) -> tuple[bool, Loaded]:
        """Under the folder's lock: (True, the held competition) when it is the folder (the ledger and
        the files `rels` as it was read from, nothing found changed outside krenova, the round open);
        else (False, the folder guarded and loaded afresh, as the command line does)."""
        held = self._loaded
        rels = set(rels)
        if (held is not None and held.clean and held.open and rounds <= {held.round_no}
                and store.marks(rels) == {rel: held.marks.get(rel) for rel in rels}):
            return True, held
        with self._lock:  # pages wait for this read (they would read the folder themselves)
            store.refresh()
            store.guard(mutating=True)
            self._loaded = self._read(store)
        return False, self._loaded

    def _stale(self) -> None:
        """The held competition is to be read again at the next page; until then (a save may still be under
        way) pages are served from it as it is, never from a half-read folder."""
        held = self._loaded
        if held is not None:
            self._loaded = dataclasses.replace(held, marks={}, clean=False)

    @staticmethod
    def _with_save(held: Loaded, n: int, judge_id: str, entry_id: str, values: Mapping[str, Value]) -> Loaded:
        """The held competition with the values just recorded (the ledger grew by that record)."""
        state = held.state
        round_scores = dict(state.scores.get(n, {}))
        round_scores[judge_id] = {**round_scores.get(judge_id, {}), entry_id: dict(values)}
        return _kept_ids(held, replace(held, state=state.with_more_scores(n, round_scores), head_seq=held.head_seq + 1))

    def import_scores(self, name: str, data: bytes, replace: bool, note: str, actor: str = "secretariat") -> "Imported":
        """A score file uploaded on the secretariat's page, imported as `krenova score --from FILE` imports it
        (`scores.import_files`: the same reading, checks and refusals, one ledger record, all or nothing),
        from a private temporary copy named as the upload was (its name is in the record and the errors)."""
        import tempfile

        from krenova_cli.usecases.scores import import_in

        safe = uploaded_name(name)
        with tempfile.TemporaryDirectory(prefix="krenova-upload-") as tmp:
            path = Path(tmp) / safe
            path.write_bytes(data)
            with self._lock:
                self.saving += 1
            try:
                with self._writing:
                    store = self._store
                    skipped: list[str] = []
                    with store.acting(actor), store.transaction(guard=False, sweep=False) as tx:
                        # the held competition when it is the folder (every file it was read from unchanged)
                        _current, held = self._current(store, set(held_marks(self._loaded)), set())
                        count, changed = import_in(tx, held.state, [path], None, replace, note, skipped)  # refused: nothing written
                        self._stale()  # read again at the next page, unless the round's scores are read below
                        if held.open and held.round_no is not None:  # the round's score files read again, the rest kept
                            errors: list = []
                            n = held.round_no
                            marks = store.marks(held.marks)
                            scores = store.scores(n, held.state.competition, held.state.entries, errors)
                            if not errors:
                                self._loaded = dataclasses.replace(held, state=held.state.with_more_scores(n, scores), marks=marks)
            finally:
                with self._lock:
                    self.saving -= 1
        return Imported(safe, count, changed, skipped)

    def judge_for(self, token: str) -> str | None:
        """The judge of a valid token (not revoked, not expired, the judge still registered)."""
        from krenova_cli.usecases.links import judge_of

        loaded = self.loaded()
        judge = judge_of(loaded.register, token, utc_text(utc_now().replace(microsecond=0)))
        return judge if judge in loaded.state.judges else None


@dataclass(frozen=True)
class Item:
    entry: Entry
    values: Mapping | None  # recorded values, None when not scored yet


@dataclass(frozen=True)
class JudgeRound:
    judge_id: str
    judge_name: str
    round_no: int | None
    round_name: str
    open: bool
    criteria: tuple[Criterion, ...]
    items: tuple[Item, ...]

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.values is not None)

    def item(self, entry_id: str) -> Item | None:
        return next((i for i in self.items if i.entry.id == entry_id), None)


def judge_round(loaded: Loaded, judge_id: str) -> JudgeRound:
    """A judge's entries of the round, computed once per held competition."""
    view = loaded.views.get(judge_id)
    if view is None:
        view = loaded.views[judge_id] = _judge_round(loaded, judge_id)
    return view


def _judge_round(loaded: Loaded, judge_id: str) -> JudgeRound:
    state, n = loaded.state, loaded.round_no
    judge = state.judges[judge_id]
    if n is None:
        return JudgeRound(judge_id, judge.name, None, "", False, (), ())
    name = next((r.name for r in state.competition.rounds if r.number == n), "")
    recorded = state.scores.get(n, {}).get(judge_id, {})
    from krenova_cli.core.ids import natural_key

    if loaded.open:  # the judge's entries depend on no score: kept from one save to the next (`_with_save`)
        ids = loaded.views.get(("ids", judge_id))
        if ids is None:
            ids = loaded.views[("ids", judge_id)] = sorted((e for e, judges in lifecycle.expected(state, n).items()
                                                            if judge_id in judges), key=natural_key)
    else:  # a closed round shows what the judge recorded in it
        ids = sorted(recorded, key=natural_key)
    items = tuple(Item(state.entries[e], recorded.get(e)) for e in ids if e in state.entries)
    return JudgeRound(judge_id, judge.name, n, name, loaded.open, tuple(state.competition.criteria_for(n)), items)


def attachments(portal: Portal, loaded: Loaded, judge_id: str, entry_id: str) -> list:
    """The files attached to one of the judge's entries (`Attached`: name, kind, size), [] when none or
    when the manifest cannot be read (`check` reports it)."""
    from krenova_cli.store.attachments import read_manifest

    if judge_round(loaded, judge_id).item(entry_id) is None:
        return []
    try:
        return read_manifest(portal.root, entry_id)
    except DataErrors:
        return []


def open_attachment(portal: Portal, judge_id: str, entry_id: str, name: str):
    """(open file, `Attached`, content type) of a file attached to one of the judge's entries (assigned,
    no conflict), verified against the ledger's SHA-256; None for anything else (another entry's file,
    a name the manifest does not hold, a file changed or replaced outside krenova)."""
    from krenova_cli.store.attachments import CONTENT_TYPES, open_verified

    if judge_round(portal.loaded(), judge_id).item(entry_id) is None or "/" in name or "\\" in name:
        return None
    try:
        fh, attached = open_verified(portal.root, entry_id, name)
    except DataErrors:
        return None
    return fh, attached, CONTENT_TYPES.get(name.rpartition(".")[2].lower(), "application/octet-stream")


def number_text(value) -> str:
    """A recorded value as the form shows it (7.5, never a fraction)."""
    from fractions import Fraction

    if isinstance(value, Fraction):
        return format(float(value), "g") if value.denominator != 1 else str(value.numerator)
    return str(value)


@dataclass
class Outcome:
    field_problems: dict[str, str] = field(default_factory=dict)   # criterion -> problem
    problems: list[str] = field(default_factory=list)              # problems of the whole submission
    changed: bool = False
    closed: bool = False

    @property
    def ok(self) -> bool:
        return not self.field_problems and not self.problems


def check_fields(criteria: tuple[Criterion, ...], raw: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(problems per criterion, the values as `score` takes them): each field read as `parse_value`
    reads a typed score (7.5 or 7,5) and held to the criterion's min, max and step."""
    rules: Mapping[str, ValueRule] = rules_for(criteria)
    problems: dict[str, str] = {}
    values: dict[str, str] = {}
    for c in criteria:
        text = (raw.get(c.id) or "").strip()
        if not text:
            problems[c.id] = _("give a value for {criterion}").format(criterion=c.name)
            continue
        try:
            value = parse_value(text)
        except ValueError as exc:
            problems[c.id] = localize(exc.args[0]) if exc.args else str(exc)
            continue
        p = rules[c.id].problem(value)
        if p:
            problems[c.id] = localize(p)
        else:
            values[c.id] = text
    return problems, values


def submit(portal: Portal, judge_id: str, round_no: int, entry_id: str, raw: Mapping[str, str], note: str) -> Outcome:
    """One entry's scores from the form, recorded as `krenova score --replace` records them (under the
    folder's lock, actor `judge:ID`)."""
    first = prepare(portal.loaded(), judge_id, round_no, entry_id, raw, note)
    if isinstance(first, Outcome):
        return first
    (result,) = portal.record_many([first])
    return outcome_of(result)


def prepare(loaded: Loaded, judge_id: str, round_no: int, entry_id: str, raw: Mapping[str, str], note: str) -> "Outcome | Job":
    """The form checked against the held competition: the refusal (an Outcome), or the job to record."""
    view = judge_round(loaded, judge_id)
    if not view.open or view.round_no != round_no:
        return Outcome(closed=True, problems=[_("round {n} is closed; its scores can no longer be changed").format(n=round_no)])
    if view.item(entry_id) is None:
        return Outcome(problems=[_("{entry} is not among your entries of round {n}").format(entry=entry_id, n=round_no)])
    problems, values = check_fields(view.criteria, raw)
    if problems:
        return Outcome(field_problems=problems)
    return Job(judge_id, round_no, entry_id, [f"{cid}={text}" for cid, text in values.items()], note)


def outcome_of(result) -> Outcome:
    """What the form says of a recorded job: (round, changed), or the exception that refused it (worded in
    the interface language set when this is called)."""
    if not isinstance(result, BaseException):
        return Outcome(changed=result[1])
    exc = result
    if isinstance(exc, (RoundClosed, RoundNotStarted)):
        return Outcome(closed=True, problems=[_("round {n} is closed; its scores can no longer be changed").format(n=getattr(exc, "round_no", "?"))])
    if isinstance(exc, DataErrors):
        return Outcome(problems=[e.worded(localize) for e in exc.errors])
    if isinstance(exc, Problem):
        return Outcome(problems=[localize(exc)])
    if isinstance(exc, UserError):
        return Outcome(problems=[localize(exc.args[0]) if len(exc.args) == 1 else str(exc)])
    raise exc


def progress(portal: Portal) -> dict:
    """The secretariat's page: `krenova status --json`'s numbers, computed by the same use case."""
    from krenova_cli.usecases.status import status

    return portal.read(status)
