"""Moving rendered outputs into place all together or not at all (issue 24: exit 1 means nothing changed).

Papers and the site are rendered into a hidden staging folder beside their target (same file system) and
moved into place by renames. A `Placement` records each rename and each folder it made, so that a
failure half way (a full disk) puts every file back where it was: a file that a new one replaces is
first moved into the staging folder, not overwritten, until the whole placement is done.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from krenova_cli.core.errors import KrenovaError


class PlacementStuck(KrenovaError):
    """Outputs that could be neither put in place nor put back (exit 4, never 1): the message names
    the folder that keeps the previous files."""

    exit_code = 4


def missing_parents(folder: Path) -> list[Path]:
    """The folders of `folder`'s path that do not exist yet, deepest first."""
    missing = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed run created (deepest first), as long as they are empty."""
    for path in folders:
        try:
            path.rmdir()
        except FileNotFoundError:  # never made (the failure came before it)
            continue
        except OSError:
            break


def staging_beside(target: Path, prefix: str) -> Path:
    """A new hidden folder beside `target` (so that a rename moves it into place)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))


def staging_in(folder: Path, prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix, dir=folder))


class Placement:
    """Renames into place that can be undone; the files they replace wait in `keep` until `done()`."""

    def __init__(self, keep: Path):
        self.keep = keep
        self.steps: list[tuple[str, Path, Path | None]] = []  # ("move", src, dst) | ("mkdir", path, None)
        self._n = 0

    def mkdir(self, path: Path) -> None:
        if path.is_dir():
            return
        os.mkdir(path)
        self.steps.append(("mkdir", path, None))

    def move(self, src: Path, dst: Path) -> Path:
        """Rename `src` to `dst`; a file already at `dst` is first moved aside into `keep`."""
        if os.path.lexists(dst):
            self._n += 1
            aside = self.keep / f"{self._n}-{dst.name}"
            os.rename(dst, aside)
            self.steps.append(("move", dst, aside))
        os.rename(src, dst)
        self.steps.append(("move", src, dst))
        return dst

    def undo(self) -> OSError | None:
        """Every rename taken back, last first, and the folders made removed; the error if that failed."""
        try:
            while self.steps:
                what, a, b = self.steps[-1]
                if what == "move":
                    os.rename(b, a)
                else:
                    a.rmdir()
                self.steps.pop()
        except OSError as exc:
            return exc
        return None


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
