"""What the folder may hold and whether it is what the ledger wrote.

Three guards, used by every command before it reads (`scan`, `drift`) and by the commit before it
writes (`safe_target`):

- **Kinds of files.** No symbolic link, device, FIFO or hard-linked data file inside the folder
  (the folder itself may be reached through a link): each one is an error naming its path, so a
  planted link can neither feed krenova another file nor make it write outside the folder.
- **Sync-conflict copies** (`K001 (1).toml`, `K001-conflict-*.toml`, `*.orig`, Syncthing's
  `.sync-conflict-`): the sign of two live copies of one folder; an error explained by `check`.
- **Drift.** Each data file is compared with the SHA-256 the ledger last recorded for it (the
  ledger's `files` map, replayed). A file changed, deleted or added outside krenova is reported;
  `krenova adopt` takes a hand edit into the record. Read commands hash only the files whose stat
  signature changed since the last verified run (kept in the validation cache), so they stay fast.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from krenova_cli.core.errors import DataError, T
from krenova_cli.store import layout, ledger

_FOLDER_FOR_FILE = T("a folder where a file belongs (move it away)")
TOP_FILES = (layout.SETTINGS, layout.JUDGES, layout.AWARDS, layout.SCREENING, layout.LETTERS, layout.LINKS, layout.LEDGER, layout.PENDING)


def node_problem(st: os.stat_result, data: bool = True) -> str | None:
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return T("a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)")
    if stat.S_ISFIFO(mode):
        return T("a FIFO (named pipe); krenova reads only plain files (remove it)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        return T("a device or socket; krenova reads only plain files (remove it)")
    if data and stat.S_ISREG(mode) and st.st_nlink > 1:
        return T("a hard link ({n} names for one file); a change through another name would bypass the ledger (replace it with a copy)",
                 n=st.st_nlink)
    return None


def copy_problem(name: str) -> str:
    """What a sync-conflict or backup copy is, and the way out."""
    if layout.is_backup_copy(name):
        return T("a backup copy of a data file (an editor or a sync tool left it): krenova never reads it, and it hides which "
                 "version counts; keep the data file (through krenova) and move the copy out of the folder")
    return T("a sync-conflict copy: two copies of this folder were changed at once; keep one version (through krenova) "
             "and move the copy out of the folder, see README 'Sharing a competition'")


def safe_target(root: Path, rel: str, folders: set[str] | None = None) -> str | None:
    """Why `rel` may not be written or deleted by a change (None when it may): a known data path of the
    folder, relative, with no `..`, and no link or special file on the way. `folders` (kept by the
    caller for one change, under the lock) holds the folders on the way already found to be folders."""
    if rel != layout.GITIGNORE_FILE and not layout.is_data_file(rel):
        return T("{path!r} is not a data file of a competition folder", path=rel)
    here = root
    parts = rel.split("/")
    for i, part in enumerate(parts):
        here = here / part
        last = i == len(parts) - 1
        if folders is not None and not last and "/".join(parts[: i + 1]) in folders:
            continue
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return T("{path}: {problem}", path=rel, problem=exc.strerror)
        if stat.S_ISDIR(st.st_mode) and not last:
            if folders is not None:
                folders.add("/".join(parts[: i + 1]))
            continue
        if last and stat.S_ISREG(st.st_mode):
            problem = node_problem(st)
            return problem and T("{path}: {problem}", path=rel, problem=problem)
        if last and stat.S_ISDIR(st.st_mode):
            return T("{path}: {problem}", path=rel, problem=_FOLDER_FOR_FILE)
        return T("{path}: {problem}", path="/".join(parts[: i + 1]), problem=node_problem(st, data=False) or T("not a folder"))
    return None


@dataclass
class Scan:
    """The data files present (relative path -> stat) and the problems with what the folder holds."""

    files: dict[str, os.stat_result]
    problems: list[DataError]


def _check_folder(root: Path, rel: str, problems: list[DataError], files: dict, depth: int, track: bool) -> None:
    try:
        st = os.lstat(root / rel)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        problems.append(DataError(rel, None, node_problem(st, data=False) or T("a file where a folder belongs (move it away)")))
        return
    try:
        children = list(os.scandir(root / rel))
    except OSError as exc:
        problems.append(DataError(rel, None, T("cannot be read ({problem})", problem=exc.strerror)))
        return
    for child in children:
        name = child.name
        sub = f"{rel}/{name}"
        if layout.is_conflict_copy(name):
            problems.append(DataError(sub, None, copy_problem(name)))
            continue
        if name.startswith("."):
            continue  # temporaries of an interrupted write, swept under the lock
        try:
            cst = child.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(cst.st_mode):
            if depth > 0:
                _check_folder(root, sub, problems, files, depth - 1, track)
            elif track and layout.is_data_file(sub):
                problems.append(DataError(sub, None, _FOLDER_FOR_FILE))
            continue
        problem = node_problem(cst, data=track)
        if problem:
            problems.append(DataError(sub, None, problem))
        elif track and layout.is_data_file(sub):
            files[sub] = cst


def scan(root: Path) -> Scan:
    """The folder's data files, and every link, special file or conflict copy among them."""
    problems: list[DataError] = []
    files: dict[str, os.stat_result] = {}
    for name in TOP_FILES + (layout.GITIGNORE_FILE,):
        try:
            st = os.lstat(root / name)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(st.st_mode):
            problems.append(DataError(name, None, _FOLDER_FOR_FILE))
            continue
        problem = node_problem(st, data=name != layout.GITIGNORE_FILE)
        if problem:
            problems.append(DataError(name, None, problem))
        elif layout.is_data_file(name):
            files[name] = st
    try:
        top = os.listdir(root)
    except OSError:
        top = []
    for name in top:
        if layout.is_conflict_copy(name):
            problems.append(DataError(name, None, copy_problem(name)))
    for folder in (layout.ENTRIES, layout.ASSIGNMENTS, layout.ROUNDS):
        _check_folder(root, folder, problems, files, 0, True)
    _check_folder(root, layout.SCORES, problems, files, 1, True)
    _manifests(root, problems, files)
    _check_folder(root, layout.TEMPLATES, problems, files, 32, False)  # any depth an include can reach
    _check_folder(root, layout.OUT, problems, files, 1, False)
    return Scan(files, problems)


def _manifests(root: Path, problems: list[DataError], files: dict) -> None:
    """The manifests of attached files (data files); the attached files themselves are `check`'s to
    verify (`store/attachments.verify`), so a command that does not need them never reads them."""
    try:
        children = list(os.scandir(root / layout.ATTACHMENTS))
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        problems.append(DataError(layout.ATTACHMENTS, None, T("cannot be read ({problem})", problem=exc.strerror)))
        return
    for child in children:
        if child.name.startswith(".") or not child.is_dir(follow_symlinks=False):
            continue
        rel = layout.attachment_manifest(child.name)
        try:
            st = os.lstat(root / rel)
        except OSError:
            continue
        problem = node_problem(st)
        if problem:
            problems.append(DataError(rel, None, problem))
        elif layout.is_data_file(rel):
            files[rel] = st


@dataclass(frozen=True)
class Known:
    """The ledger's last word on each file: its SHA-256 (None: deleted) and the record that wrote it."""

    digest: str | None
    seq: int


def replay(records: list[dict]) -> dict[str, Known]:
    known: dict[str, Known] = {}
    for record in records:
        files = record.get("files")
        if isinstance(files, dict):
            for rel, digest in files.items():
                known[rel] = Known(digest if isinstance(digest, str) or digest is None else "?", record.get("seq", 0))
    return known


def replay_fast(path: Path) -> dict[str, Known] | None:
    """The replay without verifying hashes (read commands; `check` verifies the chain). None when the
    ledger is unreadable: then `check` and every write report the ledger itself."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError:
        return None
    records = []
    for raw in data.splitlines():
        try:
            records.append(json.loads(raw))
        except (ValueError, RecursionError, MemoryError):
            return None
    return replay(records)


def replay_cached(path: Path, cache=None) -> dict[str, Known] | None:
    """`replay_fast`, reading only what was appended since the last run (the ledger only grows): at
    national scale the ledger holds every score ever recorded, tens of MB a read command must not parse."""
    if cache is None or not cache.enabled:
        return replay_fast(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {}
    except OSError:
        return None
    sig = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    hit = cache.get("#ledger", sig)
    if isinstance(hit, dict):
        try:
            return {rel: Known(d, q) for rel, (d, q) in hit["known"].items()}
        except (KeyError, TypeError, ValueError, AttributeError):  # not what this code cached: a miss
            pass
    before = cache.files.get("#ledger")
    known: dict[str, Known] | None = None
    if (before and isinstance(before[1], dict) and before[0][3] == st.st_ino and type(before[1].get("size", 0)) is int
            and before[1].get("size", 0) <= st.st_size):
        old = before[1]
        try:
            with open(path, "rb") as fh:
                fh.seek(max(0, old["size"] - 1))
                tail = fh.read()
            if tail[:1] == b"\n" or old["size"] == 0:
                records = [json.loads(raw) for raw in tail[1 if old["size"] else 0:].splitlines()]
                if not records or records[0].get("prev") == old["head"]:
                    known = {rel: Known(d, q) for rel, (d, q) in old["known"].items()}
                    known.update(replay(records))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, MemoryError):
            known = None
    if known is None:
        known = replay_fast(path)
        if known is None:
            return None
    verified = verified_head(path, cache)  # the guard verified the chain just before: no parse of the last record
    if verified is not None:
        head = verified.hash
    else:
        last, problems = ledger.read_head(path)
        head = "" if problems else last.hash
    cache.put("#ledger", sig, {"size": st.st_size, "head": head, "known": {rel: [k.digest, k.seq] for rel, k in known.items()}})
    return known


def chain_problems(path: Path, cache=None) -> list[DataError]:
    """Every break in the ledger's chain (`ledger.verify`: hashes, sequence, prev links, times), for
    every command, not only `check`: a record altered in the middle or a forked ledger must stop a
    write although its last record verifies. The verified head is kept in the cache with the
    ledger's stat signature, its size and the SHA-256 of the bytes up to it: an unchanged ledger is
    not read; a grown one is hashed up to the verified size (cheap) and only its new lines are parsed
    and verified, so read commands stay fast on a national ledger of tens of MB."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [DataError(layout.LEDGER, None, T("cannot be read ({problem})", problem=exc.strerror))]
    use = cache is not None and cache.enabled
    sig = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    before = cache.files.get("#chain") if use else None
    if before and before[0] == sig:
        return []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [DataError(layout.LEDGER, None, T("cannot be read ({problem})", problem=exc.strerror))]
    import hashlib

    start, offset = ledger.Chain(), 0
    digest = hashlib.sha256()
    try:
        old = before[1] if before else None
        if old and 0 < old["size"] <= len(data) and data[old["size"] - 1] == 0x0A:
            prefix = hashlib.sha256(memoryview(data)[: old["size"]])
            if prefix.hexdigest() == old["sha"]:
                start, offset, digest = ledger.Chain(*old["chain"]), old["size"], prefix
    except (KeyError, TypeError, ValueError, IndexError):
        start, offset, digest = ledger.Chain(), 0, hashlib.sha256()
    chain, problems = ledger.verify_from(data[offset:], start)
    if use and not problems:
        digest.update(memoryview(data)[offset:])
        cache.put("#chain", sig, {"size": len(data), "sha": digest.hexdigest(),
                                  "chain": [chain.seq, chain.hash, chain.prev, chain.time, chain.lines]})
        _PREFIX[str(path)] = (len(data), digest)
    return problems


# The SHA-256 state of the verified ledger, by path, in this process: a change made under the lock
# extends the verified chain by the line it appended itself (`chain_extended`).
_PREFIX: dict[str, tuple[int, Any]] = {}


def verified_head(path: Path, cache=None) -> ledger.Head | None:
    """The last record's sequence, hash and time as the chain's verification left them, when the ledger
    is unchanged since (its stat signature); None otherwise (then read it: `ledger.read_head`)."""
    if cache is None or not cache.enabled:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    hit = cache.files.get("#chain")
    if not hit or hit[0] != [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]:
        return None
    try:
        seq, digest, _, time, _ = hit[1]["chain"]
        return ledger.Head(int(seq), str(digest), str(time))
    except (KeyError, TypeError, ValueError):
        return None


def chain_extended(path: Path, cache, before: ledger.Head, record: dict | list[dict], line: bytes) -> None:
    """After a change appended `line` (the record it made on the verified head `before`), the verified
    chain ends with it (saved with the cache when the change ends): the next command does not parse
    and hash it again. Only when the ledger held
    exactly the verified bytes and now holds them and the line (sizes); anything else is left to
    `chain_problems`, which verifies what it finds."""
    if cache is None or not cache.enabled:
        return
    records = record if isinstance(record, list) else [record]  # a group's records, their lines joined by newlines
    record = records[-1]
    hit = cache.files.get("#chain")
    prefix = _PREFIX.get(str(path))
    try:
        st = os.stat(path)
        chain = hit[1]["chain"] if hit else None
        if (prefix is None or chain is None or prefix[0] != hit[1]["size"] or st.st_size != prefix[0] + len(line + b"\n")
                or chain[1] != before.hash or records[0]["prev"] != before.hash):
            return
    except (OSError, KeyError, TypeError, IndexError):
        return
    digest = prefix[1].copy()
    digest.update(line + b"\n")
    sig = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    cache.put("#chain", sig, {"size": st.st_size, "sha": digest.hexdigest(),
                              "chain": [record["seq"], record["hash"], record["prev"], record["time"], chain[4] + len(records)]})
    _PREFIX[str(path)] = (st.st_size, digest)


CHECK_HINT = T("nothing is written over a damaged ledger; run `krenova check`")


def _sha_of(path: Path) -> str | None:
    try:
        return ledger.sha256(path.read_bytes())
    except OSError:
        return None


def drift(root: Path, files: dict[str, os.stat_result], known: dict[str, Known], cache=None) -> list[DataError]:
    """Every data file that differs from what the ledger last wrote; `cache` (a ValidationCache) keeps
    each file's digest with its stat signature so an unchanged file is not read again."""
    problems: list[DataError] = []
    for rel in sorted(set(files) | {r for r, k in known.items() if k.digest is not None and layout.is_data_file(r)}):
        k = known.get(rel)
        st = files.get(rel)
        if st is None:
            if k is not None and k.digest is not None:
                problems.append(DataError(rel, None, T("deleted outside krenova (last written by ledger record {seq})", seq=k.seq)))
            continue
        sig = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        digest = None
        if cache is not None:
            hit = cache.get("#sha:" + rel, sig)
            digest = hit if isinstance(hit, str) else None
        if digest is None:
            digest = _sha_of(root / rel)
            if cache is not None and digest is not None:
                cache.put("#sha:" + rel, sig, digest)
        if k is None or k.digest is None:
            problems.append(DataError(rel, None, T("added outside krenova (no ledger record wrote it)")))
        elif digest != k.digest:
            problems.append(DataError(rel, None, T("changed outside krenova (last written by ledger record {seq})", seq=k.seq)))
    return problems


ADOPT_HINT = T("take a deliberate hand edit into the record with `krenova adopt FILE... --reason TEXT`, or restore the file")
