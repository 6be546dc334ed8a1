"""Issue 24 item 10: `check` beside a writer reports no tampering that did not happen.

A writer process commits in a loop (its disk made slow, so that each commit spends a while between
its pending marker, the files and the ledger line); `check` runs again and again meanwhile. Every
run must exit 0: a change made through krenova is never "changed outside krenova" nor "pending".
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from tests.conftest import run


def _writer(d: str, stop_at: float) -> None:
    os.environ["KRENOVA_ACTOR"] = "writer"
    os.environ["KRENOVA_LOCK_TIMEOUT"] = "600"
    from krenova_cli.store import atomic

    real = atomic.fsync_paths

    def slow(paths):  # a slow disk: the commit's files are in place well before its ledger line
        time.sleep(0.05)
        return real(paths)

    atomic.fsync_paths = slow
    from tests.conftest import run as cli

    i = 0
    while time.monotonic() < stop_at:
        i += 1
        cli("-d", d, "judge", "edit", "J1", "--position", f"Dosen {i}")
        cli("-d", d, "entry", "edit", "K001", "--description", f"Uraian {i}")
    os._exit(0)


@pytest.mark.parametrize("attempts", [4, 1], ids=["read-again", "under-the-lock"])
def test_check_beside_a_writer_reports_nothing_false(comp: Path, monkeypatch, attempts):
    from krenova_cli.usecases import check

    monkeypatch.setattr(check, "ATTEMPTS", attempts)
    runs = int(os.environ.get("KRENOVA_CHECK_RUNS", "40"))
    ctx = multiprocessing.get_context("fork")
    writer = ctx.Process(target=_writer, args=(str(comp), time.monotonic() + 3600))
    writer.start()
    try:
        false = []
        for _ in range(runs):
            r = run("-d", comp, "check")
            if r.code != 0:
                false.append(r.err.strip())
    finally:
        writer.kill()
        writer.join()
    assert not false, f"{len(false)} of {runs} runs reported a problem beside a writer: {false[:3]}"
    assert run("-d", comp, "check").code == 0
