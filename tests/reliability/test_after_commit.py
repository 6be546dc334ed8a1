"""Issue 24 item 6: exit 1 means nothing changed; a failure after the commit says what was recorded.

Writing the answer can fail after the change is committed (stdout on a full disk, a closed pipe):
the command exits 3 and names the ledger record. A rollback that cannot finish exits 4 and says
that the next command completes the change, which it does.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Result, run, score_all, tree_hash


_DEVNULL = os.open(os.devnull, os.O_WRONLY)


class _Full(io.TextIOBase):
    """A stdout whose every write fails as /dev/full does (or as a closed pipe)."""

    def __init__(self, err: int):
        self.err = err

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(self.err, os.strerror(self.err))

    def flush(self) -> None:
        return None

    def fileno(self) -> int:  # a real stdout has one (rich asks whether it is a terminal)
        return _DEVNULL

    def isatty(self) -> bool:
        return False


def run_failing_stdout(*args, err: int = errno.ENOSPC) -> Result:
    from krenova_cli.cli.main import main

    errs = io.StringIO()
    old_out, old_in = sys.stdout, sys.stdin
    sys.stdout, sys.stdin = _Full(err), io.StringIO("")
    code = 0
    try:
        with contextlib.redirect_stderr(errs):
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdout, sys.stdin = old_out, old_in
    return Result(code, "", errs.getvalue())


def _records(d: Path) -> list[dict]:
    return [json.loads(line) for line in (d / "ledger.jsonl").read_text(encoding="utf-8").splitlines()]


def _closed_six(d: Path, tmp: Path) -> None:
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c, n=n: 100 - int(e[1:]), tmp)
        r = run("-d", d, "advance", "--round", n)
        assert r.code == 0, r.err


# every command that writes and answers on stdout: (name, preparation, argv)
COMMANDS = [
    ("entry add", None, ["entry", "add", "--title", "Judul Baru", "--institution", "Dinas X", "--type", "OPD", "--category", "tik"]),
    ("judge add", None, ["judge", "add", "--name", "Juri Empat"]),
    ("assign", None, ["assign", "--round", "1", "--per-entry", "2"]),
    ("advance", lambda d, t: score_all(d, 1, lambda e, j, c: 100 - int(e[1:]), t), ["advance", "--round", "1"]),
    ("awards", _closed_six, ["awards"]),
    ("letters", lambda d, t: (_closed_six(d, t), run("-d", d, "awards")), ["letters", "award", "--format", "html"]),
]
ANSWER_ON_STDERR = {"advance"}  # says everything on stderr: a full stdout costs it nothing


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EPIPE], ids=["full", "closed-pipe"])
@pytest.mark.parametrize("name,prepare,argv", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_an_answer_that_cannot_be_written_after_the_commit_exits_3_naming_the_record(comp, tmp_path, name, prepare, argv, err):
    if prepare is not None:
        prepare(comp, tmp_path)
    before_records = _records(comp)
    before = tree_hash(comp)
    r = run_failing_stdout("-d", comp, *argv, err=err)
    after = _records(comp)
    assert "Traceback" not in r.err
    assert len(after) > len(before_records), f"{name} recorded nothing: {r.code} {r.err}"  # each of them commits
    assert r.code != 1, f"{name}: exit 1 although ledger record #{after[-1]['seq']} was written: {r.err}"
    assert r.code == (0 if name in ANSWER_ON_STDERR else 3), (r.code, r.err)
    if r.code == 3:
        assert len(r.errors) == 1, r.err
        assert f"#{after[-1]['seq']}" in r.errors[0] and "recorded" in r.errors[0], r.errors
        assert "do not run" in r.errors[0], r.errors
        assert ("Broken pipe" if err == errno.EPIPE else "No space left on device") in r.errors[0], r.errors
    assert run("-d", comp, "check").code == 0


def test_entry_add_to_a_full_disk_and_judge_add_into_a_closed_pipe_exit_3(comp):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    base = [sys.executable, "-m", "krenova_cli", "-d", str(comp)]
    with open("/dev/full", "w") as full:
        p = subprocess.run([*base, "entry", "add", "--title", "Judul Baru", "--institution", "Dinas X", "--type", "OPD",
                            "--category", "tik"], stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert p.returncode == 3, p.stderr
    assert "recorded" in p.stderr and f"#{_records(comp)[-1]['seq']}" in p.stderr, p.stderr
    assert "Traceback" not in p.stderr and "Exception ignored" not in p.stderr, p.stderr
    p = subprocess.run(["bash", "-c", 'set -o pipefail; "$@" | true', "sh", *base, "judge", "add", "--name", "Juri Empat"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert p.returncode == 3, p.stderr
    assert _records(comp)[-1]["action"] == "judge.add"
    assert "Traceback" not in p.stderr and "Exception ignored" not in p.stderr, p.stderr
    assert run("-d", comp, "check").code == 0


def test_a_rollback_that_cannot_finish_says_so_and_the_next_command_completes_the_change(comp, monkeypatch):
    from krenova_cli.store import atomic

    real_write, real_append = atomic.atomic_write, atomic.append_line

    def no_ledger(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))

    def no_putting_back(path, data, *args, **kwargs):
        if kwargs.get("sync_dir", True) is True and not str(path).endswith(".krenova-pending.json"):
            raise OSError(errno.EACCES, "Permission denied", str(path))  # the rollback's own writes
        return real_write(path, data, *args, **kwargs)

    monkeypatch.setattr(atomic, "append_line", no_ledger)
    monkeypatch.setattr(atomic, "atomic_write", no_putting_back)
    r = run("-d", comp, "entry", "edit", "K001", "--title", "Judul Lain")
    monkeypatch.setattr(atomic, "atomic_write", real_write)
    monkeypatch.setattr(atomic, "append_line", real_append)
    assert r.code == 4, r.err
    assert "rolled back and nothing changed" not in r.err
    assert len(r.errors) == 1 and "next krenova command completes it" in r.errors[0], r.errors
    assert run("-d", comp, "status").code == 0
    assert _records(comp)[-1]["action"] == "entry.edit"
    assert 'title = "Judul Lain"' in (comp / "entries" / "K001.toml").read_text(encoding="utf-8")
    assert run("-d", comp, "check").code == 0


@pytest.mark.parametrize("argv", [["entry", "edit", "K001", "--description", "zz"], ["settings", "set", "signatory.name", "Budi"],
                                  ["judge", "edit", "J1", "--email", "a@b.c"]])
def test_a_change_whose_stderr_cannot_be_written_exits_3_not_1(comp, argv):
    """`2>/dev/full`: the change is recorded, its confirmation on stderr cannot be written (the attacker's
    pass: exit 1, and a script would run the change again)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = len(_records(comp))
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "krenova_cli", "-d", str(comp), *argv], stdout=subprocess.PIPE,
                           stderr=full, text=True, env=env, timeout=120)
    assert len(_records(comp)) == before + 1
    assert p.returncode == 3, p.returncode
    assert run("-d", comp, "check").code == 0
