"""The append-only, hash-chained audit log (`ledger.jsonl`): record, verify, read the head."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from krenova_cli.core.errors import DataError, T

GENESIS = "0" * 64
LEDGER = "ledger.jsonl"
FIELDS = ("seq", "time", "actor", "action", "target", "old", "new", "files", "prev", "hash")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


def _default(value: Any) -> Any:
    from fractions import Fraction

    if isinstance(value, Fraction):
        return float(value) if value.denominator != 1 else int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot record {type(value).__name__} in the ledger")


def record_hash(record: dict) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(canonical(body)).hexdigest()


def line_verifies(raw: bytes, record: dict) -> bool:
    """Whether `record`, parsed from the ledger line `raw`, carries its own hash (`record_hash`).

    A line krenova wrote is `canonical(record)`: the body it hashed is that line without its
    `,"hash":"..."` member, so the SHA-256 of those bytes answers without serialising the record
    again (most of `check`'s time on a national ledger of tens of MB). Bytes that differ from the
    canonical form (a line reformatted by hand) are judged as before, by the content's canonical form;
    the bytes' own digest can match only if it was computed over those very bytes.
    """
    digest = record.get("hash")
    if isinstance(digest, str) and len(digest) == 64 and digest.isascii():
        member = b',"hash":"' + digest.encode() + b'"'
        at = raw.find(member)
        if at > 0 and hashlib.sha256(raw[:at] + raw[at + len(member):]).hexdigest() == digest:
            return True
    return digest == record_hash(record)


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    time: str = ""


def make_record(head: Head, time: str, actor: str, action: str, target: str, old: Any, new: Any, files: dict) -> dict:
    record = {
        "seq": head.seq + 1,
        "time": time,
        "actor": actor,
        "action": action,
        "target": target,
        "old": old,
        "new": new,
        "files": files,
        "prev": head.hash,
    }
    record["hash"] = record_hash(record)
    return record


def read_head(path: Path) -> tuple[Head, list[DataError]]:
    """The last record's sequence and hash, reading only the tail of the file."""
    if not path.exists():
        return Head(0, GENESIS), []
    size = path.stat().st_size
    if size == 0:
        return Head(0, GENESIS), []
    with open(path, "rb") as fh:
        chunk = 1 << 16
        while True:
            start = max(0, size - chunk)
            fh.seek(start)
            tail = fh.read()
            if start == 0 or tail.rstrip(b"\n").count(b"\n") >= 1:
                break
            chunk *= 4
    if not tail.endswith(b"\n"):
        return Head(0, GENESIS), [DataError(LEDGER, None, T("the last record is cut short (an interrupted write or a truncated file); run `krenova check`"))]
    last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        record = json.loads(last)
        if record.get("hash") != record_hash(record):
            raise ValueError
        return Head(int(record["seq"]), record["hash"], str(record.get("time") or "")), []
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, MemoryError):
        return Head(0, GENESIS), [DataError(LEDGER, None, T("the last record does not verify (edited or damaged); run `krenova check`"))]


def verify(path: Path, keep: tuple[str, ...] | None = None) -> tuple[list[dict], list[DataError]]:
    """Every record, and every break in the chain, with its line. With `keep`, each record holds only
    those fields: `check` needs `seq`, `hash` and `files`, not the scores every record carries."""
    if not path.exists():
        return [], []
    data = path.read_bytes()
    records: list[dict] = []
    _, errors = verify_from(data, Chain(), records, keep)
    return records, errors


@dataclass(frozen=True)
class Chain:
    """Where a verification stands: the last verified record's sequence, hash, prev and time, and
    its line. `verify_from` continues from here over the lines appended after it."""

    seq: int = 0
    hash: str = GENESIS
    prev: str = ""
    time: str = ""
    lines: int = 0


def parse_time(text: str):
    """A record's time as a datetime (None when it is not one), so that times are compared as
    moments, not as text (`...00.5Z` is later than `...00Z`)."""
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def verify_from(data: bytes, start: Chain, records: list[dict] | None = None,
                keep: tuple[str, ...] | None = None) -> tuple[Chain, list[DataError]]:
    """Every break in the chain of `data`, the ledger's lines after `start` (hashes, sequence, prev
    links, times that never go back); verified records are appended to `records` when given.
    Returns where the verification stopped and the problems."""
    errors: list[DataError] = []
    if data and not data.endswith(b"\n"):
        errors.append(DataError(LEDGER, start.lines + data.count(b"\n") + 1, T("the last record is cut short (truncated ledger)")))
        data = data[: data.rfind(b"\n") + 1]
    chain = start
    last_moment = parse_time(chain.time) if chain.time else None
    for lineno, raw in enumerate(data.splitlines(), start=start.lines + 1):
        try:
            record = json.loads(raw)
            if not isinstance(record, dict) or set(record) != set(FIELDS):
                raise ValueError("fields")
        except (ValueError, RecursionError, MemoryError):
            errors.append(DataError(LEDGER, lineno, T("not a ledger record (damaged line)")))
            break
        seq = chain.seq
        if not line_verifies(raw, record):
            errors.append(DataError(LEDGER, lineno, T("record {seq} was altered: its hash does not match its content", seq=record.get("seq"))))
            break
        if chain.seq and record["hash"] == chain.hash:
            errors.append(DataError(LEDGER, lineno, T("record {seq} appears twice (a duplicated line); the ledger was edited", seq=seq)))
            break
        if chain.seq and record["seq"] == seq and record["prev"] == chain.prev:
            errors.append(DataError(LEDGER, lineno, T("two different records {seq} follow record {before}: the ledger was forked "
                                                       "(two copies of the folder were changed independently and then merged); "
                                                       "one folder may have one writer at a time, see README 'Sharing a competition'",
                                                       seq=seq, before=seq - 1)))
            break
        if record["prev"] != chain.hash or record["seq"] != seq + 1:
            errors.append(DataError(LEDGER, lineno, T("record {seq} does not follow record {before}: the chain is broken (a record was removed or reordered)",
                                                       seq=record.get("seq"), before=seq)))
            break
        latest = chain.time
        moment = parse_time(record["time"])
        if moment is None:
            errors.append(DataError(LEDGER, lineno, T("record {seq} has no valid time ({time!r})", seq=record["seq"], time=record["time"])))
        elif last_moment is not None and moment < last_moment:
            errors.append(DataError(LEDGER, lineno, T("record {seq} is earlier ({time}) than a record before it "
                                                       "({before}): the ledger's times go backwards (the ledger was edited)",
                                                       seq=record["seq"], time=record["time"], before=chain.time)))
        else:
            last_moment, latest = moment, str(record["time"])
        chain = Chain(record["seq"], record["hash"], record["prev"], latest, lineno)
        if records is not None:
            records.append(record if keep is None else {k: record[k] for k in keep})
    return chain, errors
