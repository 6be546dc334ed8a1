"""Finding and reading the data folder: every file validated at the edge, loaded into a `State`.

Writing is in `commit.py`; every path comes from `layout.py`.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from krenova_cli.core.ids import natural_key
from krenova_cli.store import layout
from krenova_cli.store.clock import default_actor, utc_now
from krenova_cli.core.errors import DataError, DataErrors, T, Text, UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.core.model import Competition, Entry, Judge, competition_from, entry_from, is_id, judge_from
from krenova_cli.core.records import AwardsRecord, RoundRecord
from krenova_cli.store.parsing import parse_json
from krenova_cli.store.reading import awards_record, round_record
from krenova_cli.store.validation_cache import ValidationCache, signature

SETTINGS = layout.SETTINGS


def find_root(option: str | None) -> Path:
    """--dir, else $KRENOVA_DIR, else the nearest ancestor holding competition.toml (as git finds its repo)."""
    explicit = option or os.environ.get("KRENOVA_DIR")
    if explicit:
        root = Path(explicit)
        if root.exists() and not root.is_dir():
            raise UserError(T("{path}: a file, not a folder; pass the competition's folder with --dir PATH", path=str(root)))
        if not (root / SETTINGS).is_file():
            raise UserError(T("{folder}: no {settings} here; create a competition with `krenova init {folder}`", folder=str(root),
                              settings=SETTINGS))
        return root
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / SETTINGS).is_file():
            return folder
    raise UserError(T("no {settings} in {folder} or any folder above it; run `krenova init PATH` or pass --dir PATH",
                      settings=SETTINGS, folder=str(here)))


@dataclass
class Store:
    root: Path
    clock: Callable[[], datetime] = utc_now
    actor: str = ""
    use_cache: bool = True
    warn: Callable[[str], None] | None = None  # the CLI prints warnings on stderr; None keeps them in .warnings

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        self.actor = self.actor or default_actor()
        self._competition: Competition | None = None
        self._competition_sig: list[int] | None = None  # the settings file as it was when read
        self._cache: ValidationCache | None = None
        self._guarded = False
        self.warnings: list[str] = []
        # Objects built from files in this process, by path and stat signature: a process that loads
        # the folder many times (the demo, a long use case) builds each unchanged file's object once.
        self._memo: dict[str, tuple[list[int], Any]] = {}
        # One string object for each id, title and institution the files repeat (score files, round
        # records): a copy per file is tens of MB at 20,000 entries (see _shared_strings)
        self._strings: dict[str, str] = {}
        self._holding = 0  # > 0 while an operation that saves the cache at its end is under way

    @contextmanager
    def holding_cache(self) -> Iterator[None]:
        """Save the validation cache once, at the end, instead of after each step: it holds every
        file's validated data (megabytes at national scale), and a change or a load has several
        steps. Nested holds save at the outermost end; an exception still saves what was learnt."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            self._save_cache()

    def _save_cache(self) -> None:
        if not self._holding:
            self.cache.save()

    # -- a long-running process (the portal of `krenova serve`) ----------------------------------------
    def hold_cache(self) -> None:
        """Keep the validation cache in memory for the life of this Store: it is saved by `save_cache`
        only, not after each load and change (it holds every file's validated data, megabytes at
        national scale; a server stopped in between loses only speed)."""
        self._holding += 1

    def save_cache(self) -> None:
        if self._cache is not None:
            self._cache.save()

    def refresh(self) -> None:
        """Read the settings and guard the folder again at the next load. What this Store built from
        files is kept, keyed by each file's stat signature, so a file changed since is read again and an
        unchanged one is not: a resident process reloads only what changed."""
        self._competition = None
        self._guarded = False
        self.warnings = []

    @contextmanager
    def acting(self, actor: str) -> Iterator[None]:
        """The changes made inside are recorded with this actor (e.g. `judge:J1`)."""
        before, self.actor = self.actor, actor
        try:
            yield
        finally:
            self.actor = before

    def marks(self, rels: Iterable[str]) -> dict[str, list[int] | None]:
        """Each file's stat signature (size, mtime, ctime, inode; None when missing): a process that holds
        what it read compares them to know whether a file changed since."""
        return {rel: signature(self.path(rel)) for rel in rels}

    def _memo_get(self, rel: str, sig: list[int] | None) -> Any:
        hit = self._memo.get(rel)
        return hit[1] if hit is not None and sig is not None and hit[0] == sig else None

    # -- guarding (store/integrity.py) -------------------------------------------------------
    def guard(self, mutating: bool, replaces: frozenset[str] = frozenset()) -> None:
        """Refuse links, special files and sync-conflict copies; compare each data file with the
        ledger. A change made outside krenova stops a mutating command and is a warning for a read, except
        in a file the change replaces whole (`awards --undo`/`--redo` replace a hand-edited awards.json:
        the way out that `adopt` names, never a loop back to `adopt`)."""
        from krenova_cli.store import integrity

        if self._guarded and not mutating:
            return
        found = integrity.scan(self.root)
        if found.problems:
            raise DataErrors(found.problems)
        broken = integrity.chain_problems(self.path(layout.LEDGER), self.cache)
        if broken and mutating:
            from krenova_cli.store.ledger import read_head

            _, at_head = read_head(self.path(layout.LEDGER))
            if at_head:  # a cut or damaged last line: said as the commit says it
                raise DataErrors(at_head)
            first = broken[0]
            raise DataErrors(DataError(first.source, first.line, Text("{problem}; {hint}", problem=first.message,
                                                                         hint=integrity.CHECK_HINT)))
        for problem in broken:
            message = T("{problem} (run `krenova check`)", problem=problem.as_text())
            self.warnings.append(message)
            if self.warn is not None:
                self.warn(message)
        known = integrity.replay_cached(self.path(layout.LEDGER), self.cache)
        if known is None:
            if mutating:
                from krenova_cli.store.ledger import read_head

                _, problems = read_head(self.path(layout.LEDGER))
                raise DataErrors(problems or [DataError(layout.LEDGER, None, T("damaged; run `krenova check`"))])
            return
        drifted = integrity.drift(self.root, found.files, known, self.cache)
        self._save_cache()
        self._guarded = True
        if mutating and replaces:
            drifted = [p for p in drifted if p.source not in replaces]
        if not drifted:
            return
        if mutating:
            raise DataErrors([*drifted, DataError("", None, T("{hint}; `krenova check` lists every difference",
                                                                          hint=integrity.ADOPT_HINT))])
        for problem in drifted:
            message = Text("{problem} ({hint})", problem=problem.as_text(), hint=integrity.ADOPT_HINT)
            self.warnings.append(message)
            if self.warn is not None:
                self.warn(message)

    # -- reading -----------------------------------------------------------------------
    def path(self, rel: str) -> Path:
        return self.root / rel

    def output(self, path: Path, kind: str = "") -> Path:
        """A path the user chose for an output (letters, recap, report, sheets, site, template), checked
        (SPEC 9.1, one output rule): inside the competition folder it may not be a data file or lie among
        them, nor pass through a link at any depth (a link there could carry the writing outside); a link
        elsewhere that leads into the folder is judged where it leads. Missing parent folders are the
        writer's to create, as `mkdir -p`, wherever the path points; nothing is created here."""
        given = path
        absolute = Path(os.path.normpath(path if path.is_absolute() else Path.cwd() / path))
        for root in (Path(os.path.normpath(self.root.absolute())), self.root.resolve()):
            try:
                rel = absolute.relative_to(root)
            except ValueError:
                continue
            self._not_data(given, rel)
            self._not_others(given, rel, kind)
            here = root
            for part in rel.parts:
                here = here / part
                if here.is_symlink():
                    raise UserError(T("{path}: {link} is a link inside the competition folder; "
                                      "write outputs to a real folder under {out}/ or outside the folder",
                                      path=str(given), link=str(here.relative_to(root)), out=layout.OUT))
            break
        else:
            try:  # outside the folder by name: where do its links lead?
                rel = absolute.resolve().relative_to(self.root.resolve())
            except ValueError:
                rel = None
            if rel is not None:
                self._not_data(given, rel)
                self._not_others(given, rel, kind)
        return path

    @staticmethod
    def _not_others(given: Path, rel: Path, kind: str) -> None:
        """out/letters holds the numbered papers and out/site the published site: only `letters` and
        `publish` write there (an analysis report written over a printed certificate replaced it unseen),
        and the register's copy is letters' own."""
        parts = rel.parts
        owners = {layout.OUT + "/letters": "letters", layout.OUT + "/site": "publish",
                  layout.OUT + "/letters-register-copy.toml": "letters"}
        for place, owner in owners.items():
            depth = len(place.split("/"))
            if "/".join(parts[:depth]) == place and kind != owner:
                raise UserError(T("{path}: {place} is written by `krenova {owner}` only; choose another place for this "
                                  "output, e.g. under {out}/ or outside the folder", path=str(given), place=place,
                                  owner=owner, out=layout.OUT))

    @staticmethod
    def _not_data(given: Path, rel: Path) -> None:
        parts = rel.parts
        if not parts:
            raise UserError(T("{path}: that is the competition folder itself; write outputs under {out}/ or outside it",
                              path=str(given), out=layout.OUT))
        if parts[0] in layout.DATA_FOLDERS or layout.is_data_file(rel.as_posix()) or parts[0] in layout.RESERVED_NAMES:
            raise UserError(T("{path}: inside the competition's data ({data}); write outputs under {out}/ "
                              "or outside the folder", path=str(given), data=parts[0], out=layout.OUT))

    def text(self, rel: str) -> str:
        """A data file's text; a byte-order mark (Notepad saves UTF-8 with one) is not part of it."""
        try:
            return self.path(rel).read_text(encoding="utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise DataErrors(DataError(rel, None, T("not UTF-8 text"))) from None

    @property
    def cache(self) -> ValidationCache:
        if self._cache is None:
            self._cache = ValidationCache(self.root, self.use_cache)
        return self._cache

    def _validated(self, model: str, rel: str, sig: list[int] | None = None) -> Any:
        """A file's data as its pydantic model (named in schema.py) normalises it; cached by stat
        (`sig`: the file's signature, when the caller has just taken it)."""
        if sig is None:
            sig = signature(self.path(rel))
        hit = self.cache.get(rel, sig)
        if isinstance(hit, dict):  # what schema.validated gives; anything else is no hit
            return hit
        from krenova_cli.store.reading import validated_toml

        clean = validated_toml(model, rel, self.text(rel))  # the one reader, which the commit also asks
        self.cache.put(rel, sig, clean)
        return clean

    def competition(self) -> Competition:
        """The settings as the file holds them now: read again when the file changed since (a store that lives on,
        the demo's or the portal's, sees its own `settings set` and one made beside it)."""
        sig = signature(self.path(SETTINGS))
        if self._competition is None or sig != self._competition_sig:
            data = self._validated("Competition", SETTINGS, sig)
            self._competition, self._competition_sig = competition_from(data), sig
            from krenova_cli.core.names import use_rules
            from krenova_cli.store.packaged import institution_rules

            use_rules(institution_rules(data.get("institution_names")))  # how this competition compares institutions
            self._save_cache()
        return self._competition

    def entries(self, errors: list[DataError]) -> dict[str, Entry]:
        folder = self.path(layout.ENTRIES)
        out: dict[str, Entry] = {}
        if not folder.is_dir():
            return out
        base = str(folder)  # names and strings, not Path objects: a national folder holds thousands of entries
        for name in sorted(os.listdir(base), key=natural_key):  # K999 before K1000
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            rel = f"{layout.ENTRIES}/{name}"
            stem = name[:-5]
            if not is_id(stem):
                errors.append(DataError(rel, None, T("file name is not a valid entry id; rename the file")))
                continue
            sig = signature(os.path.join(base, name))
            entry = self._memo_get(rel, sig)
            if entry is None:
                try:
                    entry = entry_from(self._validated("Entry", rel, sig))
                except DataErrors as exc:
                    errors.extend(exc.errors)
                    continue
                if sig is not None:
                    self._memo[rel] = (sig, entry)
            if entry.id != stem:
                errors.append(DataError(rel, 1, T("id {id!r} does not match the file name {stem!r}", id=entry.id, stem=stem)))
                continue
            out[entry.id] = entry
        shared = self._strings
        for entry in out.values():
            for text in (entry.id, entry.title, entry.institution):
                shared.setdefault(text, text)
        folded: dict[str, str] = {}
        for entry_id in out:
            other = folded.setdefault(entry_id.casefold(), entry_id)
            if other != entry_id:
                errors.append(DataError(layout.entry_file(entry_id), None, T("id {id!r} differs from {other!r} only in case; rename one",
                                                                              id=entry_id, other=other)))
        return out

    def judges(self, errors: list[DataError]) -> dict[str, Judge]:
        if not self.path(layout.JUDGES).is_file():
            return {}
        try:
            listed = [judge_from(j) for j in self._validated("Judges", layout.JUDGES)["judges"]]
        except DataErrors as exc:
            errors.extend(exc.errors)
            return {}
        out: dict[str, Judge] = {}
        folded: dict[str, str] = {}
        for j in listed:
            if j.id in out:
                errors.append(DataError(layout.JUDGES, None, T("duplicate judge id {id!r}", id=j.id)))
            elif folded.get(j.id.casefold(), j.id) != j.id:
                errors.append(DataError(layout.JUDGES, None, T("judge id {id!r} differs from {other!r} only in case; rename one",
                                                                id=j.id, other=folded[j.id.casefold()])))
            folded.setdefault(j.id.casefold(), j.id)
            out[j.id] = j
        return out

    def round_files(self, folder: str, ext: str) -> Iterator[tuple[int, str]]:
        path = self.path(folder)
        if not path.is_dir():
            return
        for p in sorted(path.iterdir()):
            if p.name.startswith("."):
                continue
            m = layout.ROUND_FILE.fullmatch(p.name)
            if m and m.group(2) == ext:
                yield int(m.group(1)), f"{folder}/{p.name}"

    def assignments(self, errors: list[DataError]) -> dict[int, dict[str, tuple[str, ...]]]:
        out = {}
        for n, rel in self.round_files(layout.ASSIGNMENTS, "toml"):
            try:
                table = self._validated("Assignment", rel)
            except DataErrors as exc:
                errors.extend(exc.errors)
                continue
            if table["round"] != n:
                errors.append(DataError(rel, None, T("round is {given} but the file is for round {n}", given=table["round"], n=n)))
                continue
            out[n] = {e: tuple(js) for e, js in table["entries"].items()}
        return out

    def records(self, errors: list[DataError]) -> dict[int, RoundRecord]:
        out = {}
        for n, rel in self.round_files(layout.ROUNDS, "json"):
            sig = signature(self.path(rel))
            hit = self._memo_get(rel, sig)
            if hit is not None:
                out[n] = hit
                continue
            try:
                data = parse_json(self.text(rel), rel)
            except DataErrors as exc:
                errors.extend(exc.errors)
                continue
            record = round_record(self._shared_strings(data) if isinstance(data, dict) else data, rel, n)
            if isinstance(record, DataError):
                errors.append(record)
                continue
            out[n] = record
            if sig is not None:
                self._memo[rel] = (sig, record)
        return out

    def _shared_strings(self, record: dict) -> dict:
        """A round record's entry ids, titles and institutions as the strings already held (its own
        copies let go); anything that is not what a record holds is left for `from_json` to refuse."""
        one = self._strings.setdefault
        if isinstance(record.get("entries"), list):
            record["entries"] = [one(e, e) if type(e) is str else e for e in record["entries"]]
        for row in record.get("standings") if isinstance(record.get("standings"), list) else ():
            if isinstance(row, dict):
                for key in ("entry_id", "title", "institution", "category"):
                    value = row.get(key)
                    if type(value) is str:
                        row[key] = one(value, value)
        return record

    def awards(self, errors: list[DataError]) -> AwardsRecord | None:
        return self._optional_record(layout.AWARDS, awards_record, errors)

    def screening(self, errors: list[DataError]):
        """The record of the closed administrative screening (None while it is open or when there is none)."""
        from krenova_cli.store.reading import screening_record

        return self._optional_record(layout.SCREENING, screening_record, errors)

    def _optional_record(self, rel: str, convert, errors: list[DataError]):
        """A decision's JSON file as its typed record; None when the file is absent or wrong (the problem
        then in `errors`)."""
        if not self.path(rel).is_file():
            return None
        try:
            data = parse_json(self.text(rel), rel)
        except DataErrors as exc:
            errors.extend(exc.errors)
            return None
        record = convert(data, rel)
        if isinstance(record, DataError):
            errors.append(record)
            return None
        return record

    def attached(self, entry_ids: Iterable[str]) -> dict[str, list]:
        """Each entry's attached files as its manifest names them (the files are not read), through the
        validation cache: `status` counts the entries lacking a required document at national scale."""
        from krenova_cli.store.attachments import Attached, read_manifest

        out: dict[str, list] = {}
        with self.holding_cache():
            for entry_id in entry_ids:
                rel = layout.attachment_manifest(entry_id)
                sig = signature(self.path(rel))
                if sig is None:
                    continue
                hit = self.cache.get(rel, sig)
                if isinstance(hit, dict) and isinstance(hit.get("files"), list):
                    try:
                        out[entry_id] = [Attached(**f) for f in hit["files"]]
                        continue
                    except TypeError:  # a malformed entry of the cache is a miss
                        pass
                out[entry_id] = read_manifest(self.root, entry_id)
                self.cache.put(rel, sig, {"files": [f.to_json() for f in out[entry_id]]})
        return out

    def score_judges(self, n: int) -> list[str]:
        folder = self.path(layout.score_folder(n))
        if not folder.is_dir():
            return []
        return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json") and not p.name.startswith("."))

    def scores(self, n: int, comp: Competition, entries: dict, errors: list[DataError],
               comments: dict | None = None) -> dict:
        """Round n's scores (judge -> entry -> criterion -> value); the judges' comments into `comments`
        (judge -> entry -> {"comment", "criteria"}) when given."""
        from krenova_cli.core.score_rules import rules_for, whole_scores
        from krenova_cli.store.score_files import check_score_file, comments_of

        out = {}
        rules = rules_for(comp.criteria_for(n))
        whole = whole_scores(comp.criteria_for(n))
        same = self._strings  # each file's entry ids as the one string of the entry
        for judge_id in self.score_judges(n):
            rel = layout.score_file(n, judge_id)
            if not is_id(judge_id):
                errors.append(DataError(rel, None, T("file name is not a valid judge id")))
                continue
            try:  # a file that is not UTF-8 is one problem among the others, as invalid JSON is
                text = self.text(rel)
                data = parse_json(text, rel, exact=True)
            except DataErrors as exc:
                errors.extend(exc.errors)
                continue
            problems = check_score_file(data, rel, text, n, judge_id, rules, entries, whole)
            if problems:
                errors.extend(problems)
                continue
            out[judge_id] = {same.get(e, e): values for e, values in data["scores"].items()}
            said = comments_of(data) if comments is not None else None
            if said:
                comments[judge_id] = {same.get(e, e): c for e, c in said.items()}
        return out

    def add_scores(self, state: State, rounds: Iterable[int]) -> State:
        """The state with more rounds' score files loaded (a new State; the given one is unchanged)."""
        errors: list[DataError] = []
        for n in rounds:
            if n not in state.scores and 1 <= n <= state.last_round:
                said: dict = {}
                state = state.with_scores(n, self.scores(n, state.competition, state.entries, errors, said), said)
        if errors:
            raise DataErrors(errors)
        return state

    def load(self, rounds: Iterable[int] | str = "all", collect: list[DataError] | None = None,
             records_read=None) -> State:
        """Load and validate the directory; raise every problem at once (or collect them for `check`).

        `records_read`: a function giving round records already read elsewhere (`read_records`, in
        `check`'s child process), asked for after the score files; a record whose file changed since
        (or that it lacks) is read here."""
        with self.holding_cache():
            return self._load(rounds, collect, records_read)

    def read_records(self) -> dict[str, tuple]:
        """The round records, read and checked, by file with the signature each was read at."""
        self.records([])
        return {rel: hit for rel, hit in self._memo.items() if rel.startswith(layout.ROUNDS + "/")}

    def _load(self, rounds: Iterable[int] | str, collect: list[DataError] | None, records_read=None) -> State:
        self.recover_if_pending()
        if collect is None:
            self.guard(mutating=False)
        errors: list[DataError] = [] if collect is None else collect
        comp = self.competition()
        entries = self.entries(errors)
        judges = self.judges(errors)
        assignments = self.assignments(errors)
        records = self.records(errors) if records_read is None else None
        awards = self.awards(errors)
        screening = self.screening(errors)
        wanted = range(1, len(comp.rounds) + 1) if rounds == "all" else rounds
        scores, comments = {}, {}
        for n in wanted:
            if 1 <= n <= len(comp.rounds):
                comments[n] = {}
                scores[n] = self.scores(n, comp, entries, errors, comments[n])
        if records is None:
            self._memo.update(records_read())
            records = self.records(errors)
        for n, record in list(records.items()):  # a record naming an entry the folder lacks is no record of it
            named = {*record.entries, *record.advancing, *(r.entry_id for r in record.standings)}
            # (an entry whose file is there but invalid is that file's error, reported already)
            unknown = sorted(e for e in named if e not in entries
                             and not (is_id(e) and os.path.lexists(self.path(layout.entry_file(e)))))
            if unknown:
                errors.append(DataError(layout.round_record(n), None,
                                        T("not a round record (unknown entry {entry!r})", entry=unknown[0][:40])))
                del records[n]
        if screening is not None:
            unknown = sorted(e for e in screening.named() if e not in entries
                             and not (is_id(e) and os.path.lexists(self.path(layout.entry_file(e)))))
            if unknown:
                errors.append(DataError(layout.SCREENING, None, T("not a screening record (unknown entry {entry!r})",
                                                                  entry=unknown[0][:40])))
                screening = None
        if errors and collect is None:
            raise DataErrors(errors)
        return State(comp, entries, judges, assignments, records, awards, scores, comments, screening=screening)

    # -- writing (store/commit.py) ---------------------------------------------------------
    def transaction(self, guard: bool = True, replaces: frozenset[str] = frozenset(), sweep: bool = True, group: bool = False):
        """An exclusive, logged change of the folder: `with store.transaction() as tx: tx.put(...); tx.commit(...)`.
        `sweep=False` leaves temporaries of killed writers to the next command; `group=True` writes the records
        committed inside at `tx.write()` in one step (see `commit.Transaction`)."""
        from krenova_cli.store.commit import transaction

        return transaction(self, guard, replaces, sweep, group)

    def recover_if_pending(self) -> None:
        if os.path.lexists(self.path(layout.PENDING)):
            with self.transaction(guard=False):
                pass
