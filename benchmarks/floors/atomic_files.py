"""The atomic writes every floor of a writing command shares: each file written beside its place,
fsynced (in parallel threads, as krenova's commit does), renamed over it, each folder fsynced."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def write_all(files: dict[Path, bytes]) -> None:
    tmps = []
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        with open(tmp, "wb") as fh:
            fh.write(data)
        tmps.append((tmp, path))

    def sync(p: Path) -> None:
        fd = os.open(p, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)

    with ThreadPoolExecutor(max_workers=min(32, max(1, len(tmps)))) as pool:
        list(pool.map(sync, [t for t, _ in tmps]))
    for tmp, path in tmps:
        os.replace(tmp, path)
    for folder in {p.parent for _, p in tmps}:
        sync(folder)
