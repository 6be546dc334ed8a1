"""Everything `check` verifies, gathered as a list of DataErrors (the store reads, the core judges)."""

from __future__ import annotations

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


def audit(store: Store) -> list[DataError]:
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
    errors.extend(rounds())
    (records, chain), drift = history() if history else _history(store)
    errors.extend(chain)
    errors.extend(drift)
    errors.extend(check_records(state, {n: d for n, d in digests.items() if n in state.records}, None if chain else records))
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
    """The letter register read as `letters` reads it: each key, sequence and number given once."""
    from krenova_cli.store import letter_register

    try:
        letter_register.read(store)
    except DataErrors as exc:
        return exc.errors
    return []


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


def anchor_found(store: Store, anchor_hex: str) -> int | None:
    """The sequence number of the record whose hash starts with `anchor_hex`, if the verified ledger holds it."""
    records, chain = ledger.verify(store.path(layout.LEDGER), CHAIN_FIELDS)
    prefix = anchor_hex.strip().lower()
    for record in records:
        if record["hash"].startswith(prefix):
            return record["seq"]
    return None
