"""Atomic file writes and the directory lock: a killed process leaves every file old or new."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TMP_MARK = ".tmp-"


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_paths(paths) -> None:
    """fsync many files at once: each one's data reaches the disk, in parallel threads so the
    file system groups the journal commits (5,000 files: 2.4 s one after another, 0.25 s so)."""
    paths = list(paths)
    if len(paths) <= 2:
        for p in paths:
            _fsync_file(p)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(32, len(paths))) as pool:
        for _ in pool.map(_fsync_file, paths):
            pass


def fsync_with_folders(paths, folders) -> None:
    """`fsync_paths` and each folder's entries (`fsync_dir`) at the same time: all of them are on the disk
    when this returns, in one wait instead of one after another (a change's files and their folders)."""
    folders = list(folders)
    if not folders:
        fsync_paths(paths)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(folders)) as pool:
        waiting = [pool.submit(fsync_dir, folder) for folder in folders]
        fsync_paths(paths)
        for done in waiting:
            done.result()


def _fsync_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:  # said of the data file, whatever file descriptor the failure came through
        raise _about(exc, path) from None


def atomic_write(path: Path, data: bytes, sync_dir: bool = True, sync: bool = True, make_folder: bool = True) -> None:
    """Write to a temporary file beside `path`, fsync, rename over it, fsync the folder.
    With sync=False the caller fsyncs the file later (`fsync_paths`), before it relies on it
    being on disk: a commit does so for all its files at once, while its pending marker (fsynced,
    holding every content) still lets the next command roll the change forward."""
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        raise _about(exc, path) from None
    try:
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        # a write, fsync or rename that fails leaves no temporary file behind, and is said of the data file
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _about(exc, path) from None
        raise
    if sync_dir:
        fsync_dir(path.parent)


def _about(exc: OSError, path: Path) -> OSError:
    """The same failure, said of the data file rather than of its temporary file."""
    return type(exc)(exc.errno, exc.strerror or str(exc), str(path))


def atomic_delete(path: Path) -> None:
    if path.exists():
        path.unlink()
        fsync_dir(path.parent)


def append_line(path: Path, line: bytes) -> None:
    try:
        with open(path, "ab") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:  # said of the data file (an fsync's error names no file)
        raise _about(exc, path) from None


def clean_temporaries(root: Path) -> int:
    """Remove temporary files left by killed writers (only ever called under the lock)."""
    count = 0
    for tmp in root.rglob(f".*{TMP_MARK}*"):
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
            count += 1
    return count
