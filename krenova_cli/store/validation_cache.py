"""A cache of validated files, like git's index: a file whose stat signature (size, mtime, ctime,
inode) is unchanged since it was validated is not parsed or validated again.

The cache lives outside the data directory (in $KRENOVA_CACHE_DIR, else $XDG_CACHE_HOME/krenova, else
~/.cache/krenova), one JSON file per data directory, so the data directory itself stays exactly as
the user left it. `krenova check` never uses it. Any failure to read or write it only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

VERSION = 1


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


class ValidationCache:
    def __init__(self, root: Path, enabled: bool = True):
        from krenova_cli import __version__

        self.enabled = enabled and os.environ.get("KRENOVA_NO_CACHE") != "1"
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        self.path = _folder() / f"{key}.json"
        self.tag = f"{VERSION}/{__version__}"
        self.files: dict[str, list] = {}
        self.dirty = False
        if self.enabled:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("tag") == self.tag:
                    self.files = data["files"]
            except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, MemoryError):
                self.files = {}

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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            tmp.write_text(json.dumps({"tag": self.tag, "files": self.files}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            pass
