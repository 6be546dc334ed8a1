"""Half of a read-only job in a forked child, so that a long check uses both cores of a small machine.

`started = in_child(work)` forks now and runs `work()` in the child, which sends its result back
through a pipe (pickled); `started()` waits for it (and gives the same result when asked again). The child only reads: it writes no file, prints
nothing and leaves with `os._exit` (no buffers flushed twice, no exit handlers run). Whatever goes
wrong in the child (an exception, a result that cannot be pickled, a killed child) costs only time:
the parent then runs `work()` itself and gets the same result or raises the same error. Where there
is no `fork` (Windows), while other threads run, or with KRENOVA_NO_FORK=1, `work` simply runs when
its result is asked for.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, TypeVar

R = TypeVar("R")


def in_child(work: Callable[[], R]) -> Callable[[], R]:
    import threading

    if not hasattr(os, "fork") or threading.active_count() > 1 or os.environ.get("KRENOVA_NO_FORK") == "1":
        return _once(work)
    import gc
    import pickle

    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    gc.freeze()  # the parsed competition stays out of both processes' collections (no copy-on-write)
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read_end)
            gc.disable()
            try:
                payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # the parent does the work again and says what is wrong
                payload = pickle.dumps((False, None))
            with os.fdopen(write_end, "wb") as fh:
                fh.write(payload)
            code = 0
        finally:
            os._exit(code)
    gc.unfreeze()
    os.close(write_end)

    kept: list = []

    def result() -> R:
        if kept:
            return kept[0]
        try:
            with os.fdopen(read_end, "rb") as fh:
                data = fh.read()
            os.waitpid(pid, 0)
            done, value = pickle.loads(data)
        except Exception:  # a child killed halfway, a short read: the work is done here instead
            done, value = False, None
        kept.append(value if done else work())
        return kept[0]

    return result


def _once(work: Callable[[], R]) -> Callable[[], R]:
    """`work`, run when first asked; its result given again after."""
    kept: list = []

    def result() -> R:
        if not kept:
            kept.append(work())
        return kept[0]

    return result
