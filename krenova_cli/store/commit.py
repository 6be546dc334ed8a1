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
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.store import atomic, layout, ledger
from krenova_cli.store.clock import utc_text
from krenova_cli.store.ledger import sha256



class Folder(Protocol):
    """What a commit needs of the data folder (`datafolder.Store` is one)."""

    root: Path
    actor: str
    clock: Callable[[], datetime]

    def path(self, rel: str) -> Path: ...


@contextmanager
def transaction(store: "Folder") -> Iterator["Transaction"]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(store.path(layout.LOCK)), timeout=float(os.environ.get("KRENOVA_LOCK_TIMEOUT", "120")))
    try:
        lock.acquire()
    except Timeout:
        raise UserError(f"{store.root}: another krenova command is changing this competition; try again when it ends") from None
    try:
        _recover(store)
        atomic.clean_temporaries(store.root)
        yield Transaction(store)
    finally:
        lock.release()


def _recover(store: "Folder") -> None:
    marker = store.path(layout.PENDING)
    if not marker.exists():
        return
    pending = json.loads(marker.read_text(encoding="utf-8"))
    record = pending["record"]
    _drop_partial_line(store, ledger.canonical(record) + b"\n")
    head, problems = ledger.read_head(store.path(layout.LEDGER))
    if head.hash != record["hash"]:
        if problems or head.hash != record["prev"]:
            raise DataErrors(DataError(layout.PENDING, None, "an interrupted change does not follow the ledger; run `krenova check`"))
        _apply(store, pending["files"], record)
    atomic.atomic_delete(marker)


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


def _apply(store: "Folder", files: dict[str, str | None], record: dict) -> None:
    # Each file is written and fsynced; each folder is fsynced once at the end, before the
    # ledger line. Until the pending marker is removed, a crash is rolled forward anyway.
    folders = set()
    for rel, content in files.items():
        path = store.path(rel)
        folders.add(path.parent)
        if content is None:
            path.unlink(missing_ok=True)
        else:
            atomic.atomic_write(path, content.encode("utf-8"), sync_dir=False)
    for folder in sorted(folders):
        atomic.fsync_dir(folder)
    atomic.append_line(store.path(layout.LEDGER), ledger.canonical(record) + b"\n")


class Transaction:
    """Changes made under the lock; `commit` makes one atomic, logged step."""

    def __init__(self, store: "Folder"):
        self.store = store
        self.files: dict[str, bytes | None] = {}

    def put(self, rel: str, data: bytes | None) -> None:
        self.files[rel] = data

    def commit(self, action: str, target: str, old: Any, new: Any) -> dict:
        store = self.store
        head, problems = ledger.read_head(store.path(layout.LEDGER))
        if problems:
            raise DataErrors(problems)
        digests = {rel: (None if data is None else sha256(data)) for rel, data in sorted(self.files.items())}
        time = utc_text(store.clock())
        record = ledger.make_record(head, time, store.actor, action, target, old, new, digests)
        contents = {rel: (None if d is None else d.decode("utf-8")) for rel, d in sorted(self.files.items())}
        atomic.atomic_write(store.path(layout.PENDING), json.dumps({"record": record, "files": contents}, ensure_ascii=False).encode())
        _apply(store, contents, record)
        atomic.atomic_delete(store.path(layout.PENDING))
        self.files = {}
        return record

    def head(self) -> ledger.Head:
        head, problems = ledger.read_head(self.store.path(layout.LEDGER))
        if problems:
            raise DataErrors(problems)
        return head
