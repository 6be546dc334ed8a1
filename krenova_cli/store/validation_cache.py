"""A cache of validated files, like git's index: a file whose stat signature (size, mtime, ctime,
inode) is unchanged since it was validated is not parsed or validated again.

The cache lives outside the data directory (in $KRENOVA_CACHE_DIR, else $XDG_CACHE_HOME/krenova, else
~/.cache/krenova), one file per data directory, so the data directory itself stays exactly as the
user left it. `krenova check` never uses it. It is only speed:

- its tag is a digest of the code that validates (`VALIDATING`: schema, parsing, the reader, the
  model...), not the version string: a cache written by any other build is a miss;
- its content carries its own SHA-256: a damaged, edited or foreign file is a miss, as is anything
  that is not a regular file of this user (a FIFO, a link to /dev/zero), or larger than `MAX_BYTES`;
- it holds every contact's phone and e-mail: files are 0600 in a 0700 folder, created exclusively
  under an unpredictable name without following links, then renamed into place.
Any failure to read or write it only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

VERSION = 2
MAX_BYTES = 1 << 30  # a national competition's cache is tens of MB; anything larger is not ours
# the modules whose code decides what a validated file's data is (relative to the package)
VALIDATING = ("store/schema.py", "store/parsing.py", "store/reading.py", "store/datafolder.py", "store/integrity.py",
              "store/ledger.py", "store/validation_cache.py", "core/model.py", "core/errors.py", "core/scoring.py",
              "core/ranking.py", "core/records.py", "core/decisions.py", "store/attachments.py", "core/screening.py")
_DIGEST: str | None = None


def code_digest() -> str | None:
    """SHA-256 of the validating modules' source (and the version): None when a source cannot be read,
    and then the cache is not used (it could not tell one build from another)."""
    global _DIGEST
    if _DIGEST is None:
        from krenova_cli import __version__

        base = Path(__file__).resolve().parent.parent
        h = hashlib.sha256(f"{VERSION}/{__version__}".encode())
        try:
            for rel in VALIDATING:
                h.update(rel.encode() + b"\0" + (base / rel).read_bytes() + b"\0")
        except OSError:
            return None
        _DIGEST = h.hexdigest()
    return _DIGEST


def _folder() -> Path:
    explicit = os.environ.get("KRENOVA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "krenova"


def signature(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _own_folder(folder: Path, create: bool) -> bool:
    """The cache folder is a real folder of this user, 0700 (made so when it is ours)."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return False
    if stat.S_IMODE(st.st_mode) & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError:
            return False
    return True


def _read_bounded(path: Path) -> bytes | None:
    """The cache file's bytes, if it is a regular file of this user no larger than MAX_BYTES; never
    follows a link, never blocks on a FIFO, never reads a device."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES
                or (hasattr(os, "getuid") and st.st_uid != os.getuid())):
            return None
        chunks, left = [], st.st_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= st.st_size else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _sig_ok(sig: Any) -> bool:
    return type(sig) is list and len(sig) == 4 and all(type(x) is int for x in sig)


def _parse(raw: bytes, tag: str) -> dict[str, list]:
    """The entries of a cache file: its first line holds the tag and the SHA-256 of the rest."""
    head, sep, body = raw.partition(b"\n")
    if not sep:
        return {}
    try:
        meta = json.loads(head)
        if not isinstance(meta, dict) or meta.get("tag") != tag or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return {}
        files = json.loads(body)
    except (ValueError, RecursionError, MemoryError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {rel: hit for rel, hit in files.items()
            if isinstance(rel, str) and type(hit) is list and len(hit) == 2 and _sig_ok(hit[0])}


class ValidationCache:
    def __init__(self, root: Path, enabled: bool = True):
        digest = code_digest() if enabled and os.environ.get("KRENOVA_NO_CACHE") != "1" else None
        self.enabled = digest is not None
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        self.path = _folder() / f"{key}.json"
        self.tag = f"{VERSION}/{digest}"
        self.files: dict[str, list] = {}
        self.dirty = False
        if self.enabled and _own_folder(self.path.parent, create=False):
            raw = _read_bounded(self.path)
            if raw is not None:
                self.files = _parse(raw, self.tag)

    def get(self, rel: str, sig: list[int] | None) -> Any:
        if not self.enabled or sig is None:
            return None
        hit = self.files.get(rel)
        if hit is not None and hit[0] == sig:
            return hit[1]
        return None

    def put(self, rel: str, sig: list[int] | None, data: Any) -> None:
        if self.enabled and sig is not None:
            self.files[rel] = [sig, data]
            self.dirty = True

    def save(self) -> None:
        if not (self.enabled and self.dirty):
            return
        import secrets

        folder = self.path.parent
        if not _own_folder(folder, create=True):
            return
        tmp = folder / f".{self.path.name}.{secrets.token_hex(16)}.tmp"
        try:
            body = json.dumps(self.files, ensure_ascii=False).encode("utf-8")
            head = json.dumps({"tag": self.tag, "sha256": hashlib.sha256(body).hexdigest()}).encode()
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                view = memoryview(head + b"\n" + body)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            os.replace(tmp, self.path)  # a link planted at the cache's name is replaced, never followed
            self.dirty = False
        except (OSError, TypeError, ValueError):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
