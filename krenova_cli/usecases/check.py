"""Everything `check` verifies, gathered as a list of DataErrors (the store reads, the core judges)."""

from __future__ import annotations

import os

from krenova_cli.i18n.messages import _
from krenova_cli.store import ledger
from krenova_cli.core.errors import DataError, DataErrors
from krenova_cli.store.datafolder import Store
from krenova_cli.store.ledger import sha256
from krenova_cli.core.consistency import check_records, check_references
from krenova_cli.core.rederive import rederive, split_rounds
from krenova_cli.store import integrity, layout, link_register
from krenova_cli.usecases.forked import in_child

# what `check` reads of each ledger record (the chain, the drift replay, the heads of closed rounds)
CHAIN_FIELDS = ("seq", "hash", "files")


# How often `check` reads again when a writer changed the folder while it read (then it waits for the lock)
ATTEMPTS = 4


def audit(store: Store) -> list[DataError]:
    """Every problem of the folder, read as one consistent snapshot. The lock is not taken for the read
    (a writer is not kept waiting by a check, and a read-only folder can be checked): the ledger's
    signature and the pending marker are taken before and after. A problem found while a writer changed
    the folder (the ledger grew, or a change was in flight) may be the writer's half-done change, not
    tampering: `check` then waits until the writer's lock is free and reads again; the last reading
    holds the lock. Only a reading that no change overlapped is reported."""
    errors: list[DataError] = []
    for attempt in range(ATTEMPTS):
        if attempt + 1 == ATTEMPTS:  # writers kept overlapping: the last reading holds the lock
            held = _hold(store)
            try:
                return _audit(store)
            finally:
                if held is not None:
                    held.release()
        before = _moment(store)
        errors = _audit(store)
        if not errors:
            return errors
        after = _moment(store)
        if before == after and not (after[1] and _writer_at_work(store)):
            return errors  # nothing was written while check read: what it found is so
        _hold(store, wait_only=True)
    return errors


def _moment(store: Store) -> tuple:
    """What every commit changes: the ledger (a line appended) and the pending marker (written, removed)."""
    out = []
    for rel in (layout.LEDGER, layout.PENDING):
        try:
            st = os.lstat(store.path(rel))
            out.append((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
        except OSError:
            out.append(None)
    return tuple(out)


def _lock(store: Store, timeout: float):
    from filelock import FileLock

    return FileLock(str(store.path(layout.LOCK)), timeout=timeout)


def _writer_at_work(store: Store) -> bool:
    """Whether a krenova command holds the folder's lock now (a pending marker then is its change in flight)."""
    from filelock import Timeout

    try:
        with _lock(store, 0):
            return False
    except Timeout:
        return True
    except OSError:  # a folder check cannot lock (read-only): no writer can work there either
        return False


def _hold(store: Store, wait_only: bool = False):
    """The folder's lock once the writer's change is complete (held, or released at once with
    `wait_only`); None when it cannot be had, or when a pending marker remains under it (a killed
    command's change, which reading completes under the lock itself)."""
    from filelock import Timeout

    lock = _lock(store, float(os.environ.get("KRENOVA_LOCK_TIMEOUT", "120")))
    try:
        lock.acquire()
    except (Timeout, OSError):
        return None
    if wait_only or os.path.lexists(store.path(layout.PENDING)):
        lock.release()
        return None
    return lock


def _audit(store: Store) -> list[DataError]:
    store = Store(store.root, clock=store.clock, actor=store.actor, use_cache=False)  # check validates every file
    errors: list[DataError] = []
    found = integrity.scan(store.root)
    if found.problems:  # links, devices, FIFOs, conflict copies: nothing is read through them
        records, chain = ledger.verify(store.path(layout.LEDGER), CHAIN_FIELDS)
        return _sorted(found.problems + chain)
    # Both cores (usecases/forked.py): the ledger and the files changed outside krenova are verified in a
    # child while this process loads the competition, unless the load has an interrupted change to complete
    # first (it changes the ledger and the files); then they are verified after it.
    # The child also reads the round records, which this process takes after the score files.
    child = in_child(lambda: (store.read_records(), _history(store))) if not store.path(layout.PENDING).exists() else None
    history = (lambda: child()[1]) if child else None
    try:
        state = store.load(collect=errors, records_read=(lambda: child()[0]) if child else None)
    except DataErrors as exc:  # competition.toml itself is unusable, or the pending change cannot complete
        records, chain = history()[0] if history else ledger.verify(store.path(layout.LEDGER), CHAIN_FIELDS)
        return _sorted(errors + exc.errors + chain)
    if store.path(layout.PENDING).exists():
        errors.append(DataError(layout.PENDING, None, _("an interrupted change is pending and could not be completed")))
    digests = {}
    for n in range(1, state.last_round + 1):
        digests[n] = {layout.score_file(n, j): sha256(store.path(layout.score_file(n, j)).read_bytes())
                      for j in store.score_judges(n)}
    first = split_rounds(state, CHILD_SHARE)  # the first rounds re-derived in a child, the others here
    rounds = in_child(lambda: rederive(state, digests, rounds=first, awards=False))
    errors.extend(check_references(state))
    errors.extend(rederive(state, digests, rounds=set(state.records) - first))
    errors.extend(letter_problems(store))
    errors.extend(link_register.problems(store))  # the judges' private links (issue 28)
    from krenova_cli.store.attachments import verify as attachment_problems

    errors.extend(attachment_problems(store.root))
    errors.extend(rounds())
    (records, chain), drift = history() if history else _history(store)
    errors.extend(chain)
    errors.extend(drift)
    errors.extend(check_records(state, {n: d for n, d in digests.items() if n in state.records}, None if chain else records))
    from krenova_cli.core.screening import head_problems

    errors.extend(head_problems(state.screening, None if chain else records))
    folder = store.path(layout.SCORES)
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.name.startswith("."):
                continue
            m = p.name.removeprefix("round-")
            if not (p.is_dir() and m.isdigit() and 1 <= int(m) <= state.last_round):
                errors.append(DataError(f"{layout.SCORES}/{p.name}", None, _("not a round folder (rounds are round-1 .. round-{last})").format(last=state.last_round)))
    return _sorted(errors)


# The child's part of the closed rounds to re-derive, in entries ranked (the parent also checks the references)
CHILD_SHARE = 0.5


def _history(store: Store):
    """The ledger verified (the records as `check` reads them, the breaks of the chain) and, when the chain
    holds, the files that differ from what it says."""
    records, chain = ledger.verify(store.path(layout.LEDGER), CHAIN_FIELDS)
    drift = [] if chain else integrity.drift(store.root, integrity.scan(store.root).files, integrity.replay(records))
    return (records, chain), drift


def letter_problems(store: Store) -> list[DataError]:
    """The letter register read as `letters` reads it (each key, sequence and number given once) and against
    the ledger (append-only: no row lost or changed, no number given twice)."""
    from krenova_cli.store import letter_register

    try:
        letter_register.read(store)
    except DataErrors as exc:
        return exc.errors
    return letter_register.lost_rows(store)  # and every number and code the ledger gave is still held


def _sorted(errors: list[DataError]) -> list[DataError]:
    # A file's own problems (invalid TOML on line 2) come before the note that it changed outside krenova.
    # The count of a file's problems past the cap ("... and N more problems") comes after them.
    return sorted(set(errors), key=lambda e: (e.source, "outside krenova" in e.message, e.message.startswith("... and "),
                                              e.line or 0, e.message))


def anchor(store: Store) -> str:
    """The ledger head's first 16 hex digits: printed on paper, it lets `check --anchor` prove later
    that the history up to that page was not rewritten."""
    head, problems = ledger.read_head(store.path(layout.LEDGER))
    if problems:
        raise DataErrors(problems)
    return head.hash[:16]


def anchor_near(store: Store, anchor_hex: str) -> tuple[str, int] | None:
    """The head (16 hex) and sequence number of the record whose head differs from `anchor_hex` in at
    most two characters (a head copied from paper with a typo), if exactly one does."""
    records, _chain = ledger.verify(store.path(layout.LEDGER), CHAIN_FIELDS)
    given = anchor_hex.strip().lower()
    near = []
    for record in records:
        head = record["hash"][:len(given)]
        if len(head) == len(given) and sum(a != b for a, b in zip(head, given)) <= 2:
            near.append((record["hash"][:16], record["seq"]))
    return near[0] if len(near) == 1 else None


def anchor_found(store: Store, anchor_hex: str) -> int | None:
    """The sequence number of the record whose hash starts with `anchor_hex`, if the verified ledger holds it."""
    records, chain = ledger.verify(store.path(layout.LEDGER), CHAIN_FIELDS)
    prefix = anchor_hex.strip().lower()
    for record in records:
        if record["hash"].startswith(prefix):
            return record["seq"]
    return None
