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

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from krenova_cli.core import lifecycle
from krenova_cli.core.errors import DataErrors, UserError
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


CACHE_EVERY = 30.0


@dataclass(frozen=True)
class Loaded:
    state: State          # with the scores of the round judges see
    register: Register
    round_no: int | None  # the open round, else the last closed one (read-only), else None
    open: bool
    head_seq: int = -1    # the ledger's last record when this was loaded


class Portal:
    """The competition as the server holds it, reloaded when the ledger head or the links moved."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._key: tuple | None = None
        self._loaded: Loaded | None = None
        self.reloads = 0
        self._kept: Store | None = None
        self._cache_saved = time.monotonic()
        import threading

        self._lock = threading.RLock()
        self.saving = 0  # saves under way in worker threads

    def store(self, actor: str = "") -> Store:
        """A fresh Store (settings read again, the folder guarded again) that keeps what the last one
        built from unchanged files: the objects memoised by path and stat signature and the validation
        cache, both keyed by each file's signature, so a file changed by the command line is read again.
        A long-running process loads the folder per change; this keeps that load near its floor."""
        store = Store(self.root, actor=actor) if actor else Store(self.root)
        kept = self._kept
        if kept is not None:
            store._memo, store._strings, store._cache = kept._memo, kept._strings, kept._cache
        # The validation cache (megabytes at national scale) is written at most every CACHE_EVERY seconds,
        # not after every save: it only saves time, and a server stopped in between loses only that.
        store._holding = 1
        self._kept = store
        now = time.monotonic()
        if now - self._cache_saved > CACHE_EVERY and store._cache is not None:
            store._cache.save()
            self._cache_saved = now
        return store

    def close(self) -> None:
        """Write the validation cache once more (the server stops)."""
        if self._kept is not None and self._kept._cache is not None:
            self._kept._cache.save()

    def _signature(self) -> tuple:
        out = []
        for rel in (layout.LEDGER, layout.LINKS, layout.PENDING):
            try:
                st = self.root.joinpath(rel).stat()
                out.append((st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                out.append(None)
        return tuple(out)

    def loaded(self) -> Loaded:
        """The competition as it stands; while this process records a save (in a worker thread), the
        competition as it stood before it, without looking at the folder (the save changes it)."""
        with self._lock:
            if self.saving and self._loaded is not None:
                return self._loaded
            return self._load()

    def begin_save(self) -> Loaded:
        """The competition a save starts from; pages keep being served from it until `end_save`."""
        with self._lock:
            loaded = self._load()
            self.saving += 1
            return loaded

    def end_save(self) -> None:
        with self._lock:
            self.saving -= 1

    def _load(self) -> Loaded:
        key = self._signature()
        if self._loaded is None or key != self._key:
            store = self.store()
            if key[2] is not None:  # a change was interrupted (a killed command or server): complete it first
                store.recover_if_pending()
                key = self._signature()
            state = store.load(rounds=())
            n = lifecycle.current_round(state)
            is_open = n is not None
            if n is None and state.records:
                n = max(state.records)
            if n is not None:
                state = store.add_scores(state, [n])
            head, _problems = ledger.read_head(store.path(layout.LEDGER))
            self._loaded = Loaded(state, link_register.read(store), n, is_open, head.seq)
            self._key = key
            self.reloads += 1
        return self._loaded

    # derived values of a state that do not depend on its scores (core/lifecycle.py, core/score_rules.py)
    _KEPT = ("active", "active-set", "expected", "rules")

    def saved(self, judge_id: str, n: int, entry_id: str, values: Mapping[str, Value]) -> None:
        """After this process recorded one entry's scores: when the ledger grew by that record alone
        (nobody else changed the folder since it was loaded), the held competition takes the new
        values without a reload; otherwise the next request reloads it."""
        with self._lock:
            self._saved(judge_id, n, entry_id, values)

    def _saved(self, judge_id: str, n: int, entry_id: str, values: Mapping[str, Value]) -> None:
        loaded = self._loaded
        if loaded is None or loaded.round_no != n:
            return
        key = self._signature()
        head, problems = ledger.read_head(self.root / layout.LEDGER)
        if problems or head.seq != loaded.head_seq + 1 or key[2] is not None:
            return
        state = loaded.state
        round_scores = dict(state.scores.get(n, {}))
        round_scores[judge_id] = {**round_scores.get(judge_id, {}), entry_id: dict(values)}
        new = state.with_scores(n, round_scores)
        new._derived.update({k: v for k, v in state._derived.items() if k[0] in self._KEPT})
        self._loaded = replace(loaded, state=new, head_seq=head.seq)
        self._key = key

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
    state, n = loaded.state, loaded.round_no
    judge = state.judges[judge_id]
    if n is None:
        return JudgeRound(judge_id, judge.name, None, "", False, (), ())
    name = next((r.name for r in state.competition.rounds if r.number == n), "")
    recorded = state.scores.get(n, {}).get(judge_id, {})
    if loaded.open:
        ids = [e for e, judges in lifecycle.expected(state, n).items() if judge_id in judges]
    else:  # a closed round shows what the judge recorded in it
        ids = list(recorded)
    from krenova_cli.core.ids import natural_key

    items = tuple(Item(state.entries[e], recorded.get(e)) for e in sorted(ids, key=natural_key) if e in state.entries)
    return JudgeRound(judge_id, judge.name, n, name, loaded.open, tuple(state.competition.criteria_for(n)), items)


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
    folder's lock, with a fresh load, actor `judge:ID`)."""
    loaded = portal.begin_save()
    try:
        return _submit(portal, loaded, judge_id, round_no, entry_id, raw, note)
    finally:
        portal.end_save()


def _submit(portal: Portal, loaded: Loaded, judge_id: str, round_no: int, entry_id: str, raw: Mapping[str, str],
            note: str) -> Outcome:
    from krenova_cli.usecases.scores import record_one

    view = judge_round(loaded, judge_id)
    if not view.open or view.round_no != round_no:
        return Outcome(closed=True, problems=[_("round {n} is closed; its scores can no longer be changed").format(n=round_no)])
    if view.item(entry_id) is None:
        return Outcome(problems=[_("{entry} is not among your entries of round {n}").format(entry=entry_id, n=round_no)])
    problems, values = check_fields(view.criteria, raw)
    if problems:
        return Outcome(field_problems=problems)
    pairs = [f"{cid}={text}" for cid, text in values.items()]
    try:
        n, changed = record_one(portal.store(actor=f"judge:{judge_id}"), round_no, judge_id, entry_id, pairs, True, note)
    except (RoundClosed, RoundNotStarted):
        return Outcome(closed=True, problems=[_("round {n} is closed; its scores can no longer be changed").format(n=round_no)])
    except DataErrors as exc:
        return Outcome(problems=[localize(e.message) for e in exc.errors])
    except Problem as exc:
        return Outcome(problems=[localize(exc)])
    except UserError as exc:
        return Outcome(problems=[localize(exc.args[0]) if len(exc.args) == 1 else str(exc)])
    if changed:
        portal.saved(judge_id, n, entry_id, {cid: parse_value(text) for cid, text in values.items()})
    return Outcome(changed=changed)


def progress(portal: Portal) -> dict:
    """The secretariat's page: `krenova status --json`'s numbers, computed by the same use case."""
    from krenova_cli.usecases.status import status

    return status(portal.store())
