"""Changing the data folder: one exclusive, atomic, logged step at a time.

A change is committed in four steps under an exclusive lock: (1) a pending
marker holding the ledger record and the new file contents is written
atomically, (2) each file is replaced atomically, (3) the record is appended to
the ledger, (4) the marker is removed. A process killed at any instant leaves
either no marker (old or new state, complete) or a marker, which the next
command rolls forward. So a change is never half applied, and never unlogged.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from krenova_cli.core.errors import ChangePending, DataError, DataErrors, T, UserError
from krenova_cli.store import atomic, committed, layout, ledger
from krenova_cli.store.clock import utc_text
from krenova_cli.store.ledger import sha256


class Folder(Protocol):
    """What a commit needs of the data folder (`datafolder.Store` is one)."""

    root: Path
    actor: str
    clock: Callable[[], datetime]

    def path(self, rel: str) -> Path: ...

    def guard(self, mutating: bool, replaces: frozenset[str] = frozenset()) -> None: ...


@contextmanager
def transaction(store: "Folder", guard: bool = True, replaces: frozenset[str] = frozenset(), sweep: bool = True,
                group: bool = False) -> Iterator["Transaction"]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(store.path(layout.LOCK)), timeout=float(os.environ.get("KRENOVA_LOCK_TIMEOUT", "120")))
    try:
        lock.acquire()
    except Timeout:
        raise UserError(T("{folder}: another krenova command is changing this competition; try again when it ends",
                          folder=str(store.root))) from None
    hold = getattr(store, "holding_cache", None)  # one save of the validation cache for the whole change
    try:
        with hold() if hold is not None else nullcontext():
            _recover(store)
            if guard:
                store.guard(mutating=True, replaces=replaces) if replaces else store.guard(mutating=True)
            if sweep:  # a resident process that knows the folder unchanged since its last change skips the walk
                atomic.clean_temporaries(store.root)
            yield Transaction(store, group)
    finally:
        lock.release()


def _refuse_marker(why: str) -> DataErrors:
    return DataErrors(DataError(layout.PENDING, None, T("{why}; nothing was applied. If no krenova command was killed here, "
                                                        "the marker was planted or damaged: move it out of the folder and run "
                                                        "`krenova check`", why=why)))


def read_marker(store: "Folder") -> tuple[dict, dict[str, str | None]] | None:
    """The pending change, if one is there, after checking that it is whole and names only data
    files of this folder; a DataErrors saying why otherwise. Nothing is written."""
    from krenova_cli.store.integrity import node_problem, safe_target

    marker = store.path(layout.PENDING)
    try:
        st = os.lstat(marker)
    except FileNotFoundError:
        return None
    problem = node_problem(st)
    if problem or not marker.is_file():
        raise _refuse_marker(T("the pending-change marker is {problem}", problem=problem or T("not a file")))
    if st.st_size > 256 * 2**20:
        raise _refuse_marker(T("the pending-change marker is too large to be krenova's"))
    try:
        pending = json.loads(marker.read_bytes())
    except (ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        raise _refuse_marker(T("the pending-change marker is damaged (not JSON)")) from None
    if not isinstance(pending, dict) or set(pending) - {"moves", "more"} != {"record", "files"}:
        raise _refuse_marker(T("the pending-change marker is damaged (not a record and its files)"))
    record, files = pending["record"], pending["files"]
    moves = pending.get("moves", [])
    more = pending.get("more", [])  # a group of records written at once (`Transaction(group=True)`), chained after the first
    if not isinstance(moves, list) or not all(_a_move(m) for m in moves):
        raise _refuse_marker(T("the pending-change marker is damaged (a move is not an attached file's)"))
    if not isinstance(more, list) or (more and moves):
        raise _refuse_marker(T("the pending-change marker is damaged (its record does not verify)"))
    records = [record, *more]
    for i, one in enumerate(records):
        if (not isinstance(one, dict) or set(one) != set(ledger.FIELDS) or one.get("hash") != ledger.record_hash(one)
                or not isinstance(one.get("files"), dict) or (i and (one.get("prev") != records[i - 1].get("hash")
                                                                     or one.get("seq") != records[i - 1].get("seq", 0) + 1))):
            raise _refuse_marker(T("the pending-change marker is damaged (its record does not verify)"))
    if not isinstance(files, dict):
        raise _refuse_marker(T("the pending-change marker is damaged (its record does not verify)"))
    last_digest = {rel: digest for one in records for rel, digest in one["files"].items()}  # the last record naming a file
    if set(files) != set(last_digest):
        raise _refuse_marker(T("the pending-change marker is damaged (its files differ from its record)"))
    for rel, content in files.items():
        if not isinstance(rel, str) or not (content is None or isinstance(content, str)):
            raise _refuse_marker(T("the pending-change marker is damaged (a file's content is not text)"))
        why = safe_target(store.root, rel)
        if why:
            raise _refuse_marker(T("the pending change names {why}", why=why))
        digest = None if content is None else sha256(content.encode("utf-8"))
        if digest != last_digest[rel]:
            raise _refuse_marker(T("the pending change's content of {path} does not match its record", path=rel))
    for src, dst in moves:
        if not store.path(src).exists() and not store.path(dst).exists():
            raise _refuse_marker(T("the pending change's attached file {path} is missing", path=dst))
    return records, files, [tuple(m) for m in moves]


def _a_move(move: Any) -> bool:
    """A rename a change may make: an attached file from its staged name into place, or out of place
    to its staged name, within one entry's folder (`layout.ATTACHMENT_FILE`, `ATTACHMENT_STAGED`)."""
    if not (isinstance(move, list) and len(move) == 2 and all(isinstance(p, str) for p in move)):
        return False
    src, dst = move
    staged, placed = (src, dst) if layout.ATTACHMENT_STAGED.fullmatch(src) else (dst, src)
    s, f = layout.ATTACHMENT_STAGED.fullmatch(staged), layout.ATTACHMENT_FILE.fullmatch(placed)
    return bool(s and f and s.group(1) == f.group(1))


def _recover(store: "Folder") -> None:
    found = read_marker(store)
    if found is None:
        return
    records, files, moves = found
    lines = [ledger.canonical(r) for r in records]
    for line in lines:  # a cut line is a prefix of one of the group's lines
        _drop_partial_line(store, line + b"\n")
    head, problems = ledger.read_head(store.path(layout.LEDGER))
    hashes = [r["hash"] for r in records]
    if head.hash != hashes[-1]:
        if problems:
            raise _refuse_marker(T("an interrupted change does not follow the ledger's last record"))
        if head.hash == records[0]["prev"]:
            _apply(store, files, records[0], b"\n".join(lines), moves=moves)
        elif head.hash in hashes:  # a group's first lines were appended whole: the files and the rest
            _apply(store, files, records[0], b"\n".join(lines[hashes.index(head.hash) + 1:]), moves=moves)
        else:
            raise _refuse_marker(T("an interrupted change does not follow the ledger's last record"))
    atomic.atomic_delete(store.path(layout.PENDING))


def _drop_partial_line(store: "Folder", line: bytes) -> None:
    """A kill during the ledger append can leave part of the pending record's line (a write that
    crosses a page boundary may stop between pages). Only that exact prefix is cut off; anything
    else at the end of the ledger is left for `check` to report."""
    path = store.path(layout.LEDGER)
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


def _apply(store: "Folder", files: dict[str, str | None], record: dict, line: bytes | None = None,
           moves: list[tuple[str, str]] = (), done: list[tuple[str, str]] | None = None) -> None:
    # Attached files are renamed first (from their staged names, fsynced before the marker; a move
    # already made is found done when a change is rolled forward). Each file is written and renamed
    # into place; then every written file and each folder is fsynced (all at once, in parallel),
    # before the ledger line. Until the pending marker is removed, a crash (even a power loss) is
    # rolled forward from the marker anyway.
    folders = set()
    written = []
    for src, dst in moves:
        if store.path(src).exists() or not store.path(dst).exists():
            os.replace(store.path(src), store.path(dst))
            if done is not None:
                done.append((src, dst))
        folders.add(store.path(dst).parent)
    for rel, content in files.items():
        path = store.path(rel)
        if path.parent not in folders:
            folders.add(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.unlink(missing_ok=True)
        else:
            atomic.atomic_write(path, content.encode("utf-8"), sync_dir=False, sync=False, make_folder=False)
            written.append(path)
    atomic.fsync_with_folders(written, sorted(folders))  # the files and their folders, at once, before the ledger line
    atomic.append_line(store.path(layout.LEDGER), (line or ledger.canonical(record)) + b"\n")


def _read_old(store: "Folder", rel: str) -> bytes | None:
    try:
        return store.path(rel).read_bytes()
    except FileNotFoundError:
        return None


def _rel(store: "Folder", filename: Any) -> str:
    try:
        return os.path.relpath(str(filename), str(store.root)).replace(os.sep, "/")
    except ValueError:
        return str(filename)


def _roll_back(store: "Folder", old_files: dict[str, bytes | None], ledger_path, ledger_size: int | None,
               moved: list[tuple[str, str]] = ()) -> OSError | None:
    """A write failed half way (disk full, permission denied): put every file back as it was (an
    attached file renamed back), cut the ledger back to its old length and remove the marker, so exit 1
    means nothing changed. If even that fails, the marker stays and the next command completes the
    change instead."""
    try:
        for src, dst in reversed(moved):
            os.replace(store.path(dst), store.path(src))
        for rel, data in old_files.items():
            path = store.path(rel)
            if data is None:
                path.unlink(missing_ok=True)
            elif not path.exists() or path.read_bytes() != data:
                atomic.atomic_write(path, data)
        if ledger_size is None:
            ledger_path.unlink(missing_ok=True)
        elif ledger_path.stat().st_size != ledger_size:
            with open(ledger_path, "rb+") as fh:
                fh.truncate(ledger_size)
                os.fsync(fh.fileno())
        atomic.atomic_delete(store.path(layout.PENDING))
    except OSError as exc:
        return exc
    return None


def _read_back(files: dict[str, bytes | None], new: Any) -> dict[str, Any]:
    """Every file about to be written read as every command reads it (`reading.problems_of`), and the
    words of the change held to the rule of free text: a change that a later command would refuse is
    refused here, before anything is written. Returns the validated data, for the validation cache."""
    from krenova_cli.store.reading import SAID_KEYS, problems_of, said_problems

    options = set(SAID_KEYS.values())

    problems = said_problems(new)
    if problems:  # one reason kept in two places (a decision and the round's note) is said once
        raise DataErrors(list({(p.source, p.message): p for p in problems}.values()))
    validated: dict[str, Any] = {}
    for rel, data in files.items():
        if data is None:
            continue
        found, clean = problems_of(rel, data)
        said = [p for p in found if p.source in options]  # a reason kept in the file: said of its option
        if said:
            raise DataErrors(said)
        if found:
            raise DataErrors([DataError(p.source, None, T("{problem} (refused: a later command could not read it; nothing was written)",
                                                          problem=p.message)) for p in found])
        if clean is not None:
            validated[rel] = clean
    return validated


class Transaction:
    """Changes made under the lock; `commit` makes one atomic, logged step.

    A group (`group=True`, a resident process recording several judges' saves that arrived together):
    each `commit` validates its files and makes its record, chained on the one before, and `write`
    then writes them all in one step (one marker holding every record, the files, the records' lines
    in one append), so a group costs the fsyncs of one change. Either every record of the group is
    written or none is; a file written twice in the group holds its last content."""

    def __init__(self, store: "Folder", group: bool = False):
        self.store = store
        self.files: dict[str, bytes | None] = {}
        self.moves: list[tuple[str, str]] = []
        self.group = group
        self._since: set[str] = set()  # the files put since the last record (the group's next record's files)
        self._staged: list[tuple[dict, bytes]] = []
        self._validated: dict[str, Any] = {}
        self._head: ledger.Head | None = None

    def put(self, rel: str, data: bytes | None) -> None:
        self.files[rel] = data
        self._since.add(rel)

    def move(self, src: str, dst: str) -> None:
        """Rename an attached file into place from its staged name, or out of place to one, in the
        same step as the files put (see `store/attachments.py`)."""
        if not _a_move([src, dst]) or self.group:
            raise ValueError((src, dst))
        self.moves.append((src, dst))

    def mark(self) -> tuple:
        """What `undo` puts back: a group's member that failed after putting its files leaves nothing."""
        return dict(self.files), set(self._since)

    def undo(self, mark: tuple) -> None:
        self.files, self._since = dict(mark[0]), set(mark[1])

    def _start(self) -> ledger.Head:
        from krenova_cli.store.integrity import verified_head

        if self._head is not None:
            return self._head
        store = self.store
        head = verified_head(store.path(layout.LEDGER), getattr(store, "cache", None))  # the guard verified the chain under this lock
        if head is None:
            head, problems = ledger.read_head(store.path(layout.LEDGER))
            if problems:
                raise DataErrors(problems)
        return head

    def commit(self, action: str, target: str, old: Any, new: Any) -> dict:
        """One record of the files put since the last: written now, or with the group (`write`)."""
        from krenova_cli.store.integrity import safe_target

        store = self.store
        head = self._start()
        mine = {rel: self.files[rel] for rel in sorted(self._since if self.group else self.files)}
        folders: set[str] = set()  # folders already found to be real folders (an import writes thousands of files in one)
        for rel in mine:
            why = safe_target(store.root, rel, folders)
            if why:
                raise UserError(T("refused to write {why}", why=why))
        validated = _read_back(mine, new)
        from krenova_cli.store.reading import reference_problems

        broken = reference_problems(store, mine, validated)
        if broken:  # what `check` would newly report once this is written
            raise DataErrors([DataError(p.source, None, T("{problem} (refused: the change would leave this so; nothing was written)",
                                                          problem=p.message)) if p.source else p for p in broken])
        digests = {rel: (None if data is None else sha256(data)) for rel, data in mine.items()}
        moment = store.clock()
        time = utc_text(moment)
        last = ledger.parse_time(head.time) if head.time else None
        if last is not None and moment.astimezone(last.tzinfo) < last:
            raise UserError(T("the clock says {time}, earlier than the ledger's last record ({last}); "
                              "fix the system clock or KRENOVA_NOW (the ledger never goes back in time)", time=time, last=head.time))
        record = ledger.make_record(head, time, store.actor, action, target, old, new, digests)
        line = ledger.canonical(record)  # the ledger's line, also the marker's record (a large import is serialised once)
        self._validated.update(validated)
        self._staged.append((record, line))
        self._since = set()
        if self.group:
            self._head = ledger.Head(record["seq"], record["hash"], record["time"])
            return record
        self._head = None
        self.write()
        return record

    def write(self) -> list[dict]:
        """Write the records made (one, or a group's) and their files in one atomic step; the records."""
        from krenova_cli.store.integrity import chain_extended

        staged, self._staged = self._staged, []
        if not staged:
            return []
        store = self.store
        cache = getattr(store, "cache", None)
        records = [r for r, _ in staged]
        head = ledger.Head(records[0]["seq"] - 1, records[0]["prev"])
        contents = {rel: (None if d is None else d.decode("utf-8")) for rel, d in sorted(self.files.items())}
        old_files = {rel: _read_old(store, rel) for rel in contents}
        ledger_path = store.path(layout.LEDGER)
        ledger_size = ledger_path.stat().st_size if ledger_path.exists() else None
        marker = store.path(layout.PENDING)
        lines = b"\n".join(line for _, line in staged)
        moves = b', "moves": ' + json.dumps([list(m) for m in self.moves]).encode() if self.moves else b""
        more = (b', "more": [' + b", ".join(line for _, line in staged[1:]) + b"]") if len(staged) > 1 else b""
        moved: list[tuple[str, str]] = []
        try:
            atomic.atomic_write(marker, b'{"record": ' + staged[0][1] + b', "files": ' + json.dumps(contents, ensure_ascii=False).encode()
                                + moves + more + b"}")
            _apply(store, contents, records[0], lines, self.moves, moved)
            # removed without waiting for the disk: a marker that comes back after a power loss holds the
            # ledger's last record(s), and the next command only removes it (`_recover`)
            marker.unlink()
        except OSError as exc:
            self.files, self.moves, self._validated, self._head, self._since = {}, [], {}, None, set()
            stuck = _roll_back(store, old_files, ledger_path, ledger_size, moved)
            problem = exc.strerror or str(exc)
            if stuck is not None:
                raise ChangePending(T("{path}: could not write ({problem}), and putting the old files back failed too ({again}); "
                                      "the change is kept in {marker} and the next krenova command completes it "
                                      "(run `krenova status`, then `krenova check`)",
                                      path=_rel(store, getattr(exc, "filename", None) or marker), problem=problem,
                                      again=stuck.strerror or str(stuck), marker=layout.PENDING)) from None
            if getattr(exc, "filename", None):
                raise UserError(T("{path}: could not write ({problem}); the change was rolled back and nothing changed",
                                  path=_rel(store, exc.filename), problem=problem)) from None
            raise UserError(T("could not write ({problem}); the change was rolled back and nothing changed", problem=problem)) from None
        for src, dst in self.moves:  # a detached file, now out of place: gone (or swept by the next change)
            if layout.ATTACHMENT_STAGED.fullmatch(dst):
                try:
                    store.path(dst).unlink()
                except OSError:
                    pass
        validated = self._validated
        self.files, self.moves, self._validated, self._head, self._since = {}, [], {}, None, set()
        committed.records.extend(records)
        chain_extended(ledger_path, cache, head, records, lines)
        if cache is not None:  # what was validated before the write is what the next read would find
            from krenova_cli.store.validation_cache import signature

            for rel, clean in validated.items():
                cache.put(rel, signature(store.path(rel)), clean)
        return records

    def head(self) -> ledger.Head:
        from krenova_cli.store.integrity import verified_head

        if self._head is not None:  # a group's last record so far
            return self._head

        verified = verified_head(self.store.path(layout.LEDGER), getattr(self.store, "cache", None))
        if verified is not None:
            return verified
        head, problems = ledger.read_head(self.store.path(layout.LEDGER))
        if problems:
            raise DataErrors(problems)
        return head
