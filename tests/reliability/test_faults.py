"""Issue 24: the fault-injection test of test_crash.py (a full disk at a write of `score`) extended to
every command that writes: letters, publish, settings set, adopt, awards (decide, undo, redo), entry
add, judge add, assign, and to the write of the answer after the commit (stdout on a full device, a
closed pipe).

Each write point of the command (every open for writing, os.open, os.write, os.fsync, os.replace,
os.rename, os.mkdir inside the folder) fails in turn with ENOSPC, on a fresh copy of the folder:
- exit 1 ⇒ the folder is byte-identical (folders included) and holds no stray temporary file, and
  a later command finds nothing to complete;
- any other exit ⇒ `check` passes and the change is in the ledger once;
- never a traceback or an internal error.
After the commit, an answer that cannot be written is not exit 1 (which means nothing changed): the
change is recorded once, and the exit code says so.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, run
from tests.reliability.test_whole_program import SETTINGS, tree_hash

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class Disk:
    """Counts the write points inside `root` and fails the `fail_at`-th one with ENOSPC."""

    def __init__(self, root: Path, fail_at: int | None = None):
        self.root = str(root.resolve())
        self.fail_at = fail_at
        self.points: list[str] = []
        self.fds: dict[int, str] = {}

    def inside(self, path) -> bool:
        try:
            return os.path.abspath(os.fspath(path)).startswith(self.root)
        except TypeError:
            return False

    def hit(self, what: str, path) -> None:
        self.points.append(f"{what} {os.path.relpath(os.fspath(path), self.root)}")
        if self.fail_at is not None and len(self.points) == self.fail_at:
            raise OSError(errno.ENOSPC, "No space left on device", os.fspath(path))

    @contextmanager
    def installed(self):
        real = {name: getattr(os, name) for name in ("open", "write", "fsync", "replace", "rename", "mkdir")}
        real_open = builtins.open

        def os_open(path, flags, *a, **k):
            if flags & WRITE_FLAGS and self.inside(path):
                self.hit("os.open", path)
                fd = real["open"](path, flags, *a, **k)
                self.fds[fd] = os.fspath(path)
                return fd
            return real["open"](path, flags, *a, **k)

        def os_write(fd, data):
            if fd in self.fds:
                self.hit("os.write", self.fds[fd])
            return real["write"](fd, data)

        def os_fsync(fd):
            if fd in self.fds:
                self.hit("os.fsync", self.fds[fd])
            return real["fsync"](fd)

        def os_replace(src, dst, *a, **k):
            if self.inside(dst):
                self.hit("os.replace", dst)
            return real["replace"](src, dst, *a, **k)

        def os_rename(src, dst, *a, **k):
            if self.inside(dst):
                self.hit("os.rename", dst)
            return real["rename"](src, dst, *a, **k)

        def os_mkdir(path, *a, **k):
            if self.inside(path):
                self.hit("os.mkdir", path)
            return real["mkdir"](path, *a, **k)

        def py_open(file, mode="r", *a, **k):
            if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+") and self.inside(file):
                self.hit("open", file)
            return real_open(file, mode, *a, **k)

        os.open, os.write, os.fsync, os.replace, os.rename, os.mkdir = (os_open, os_write, os_fsync, os_replace, os_rename, os_mkdir)
        builtins.open = io.open = py_open
        try:
            yield self
        finally:
            for name, fn in real.items():
                setattr(os, name, fn)
            builtins.open = io.open = real_open


def ledger_lines(d: Path) -> list[str]:
    return (d / "ledger.jsonl").read_text(encoding="utf-8").splitlines()


def exit_recorded() -> int | None:
    """The distinct exit code of a failure after the commit, once the program has one (issue 24 item 6)."""
    from krenova_cli.cli import main

    return getattr(main, "EXIT_RECORDED", None)


# -- the folders the commands start from ------------------------------------------------------------
def _competition(base: Path, stage: str) -> Path:
    d = base / stage
    assert run("init", d, "--preset", "blank").code == 0
    (d / "competition.toml").write_text(SETTINGS, encoding="utf-8")
    assert run("-d", d, "adopt", "competition.toml", "--reason", "setup").code == 0
    if stage == "empty":
        return d
    for i, t in enumerate("ABCDE"):
        assert run("-d", d, "entry", "add", "--title", f"Inovasi {t}", "--institution", f"Dinas {t}", "--type", "OPD",
                   "--category", "umum").code == 0
    for name in ("Juri Satu", "Juri Dua"):
        assert run("-d", d, "judge", "add", "--name", name).code == 0
    if stage == "registered":
        return d
    for n, values in ((1, [90, 80, 70, 60, 50]), (2, [95, 85, 75])):
        lines = ["entry,judge,criterion,value"]
        for e, v in zip(["K001", "K002", "K003", "K004", "K005"][: len(values)], values):
            for j in ("J1", "J2"):
                lines += [f"{e},{j},nilai,{v}", f"{e},{j},mutu,{v}"]
        (base / f"s{stage}{n}.csv").write_text("\n".join(lines) + "\n")
        r = run("-d", d, "score", "--round", n, "--from", base / f"s{stage}{n}.csv")
        assert r.code == 0, r.err
        r = run("-d", d, "advance", "--round", n)
        assert r.code == 0, r.err
    if stage == "closed":
        return d
    assert run("-d", d, "awards").code == 0, "awards"
    if stage == "awarded":
        return d
    assert run("-d", d, "letters", "award").code == 0
    return d  # "lettered"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    os.environ["KRENOVA_LANG"] = "en"
    base = tmp_path_factory.mktemp("faults")
    return {stage: _competition(base, stage) for stage in ("registered", "closed", "awarded", "lettered")}


# (name, starting folder, command, a hand edit before it or None)
COMMANDS = [
    ("entry-add", "registered", ["entry", "add", "--title", "Inovasi F", "--institution", "Dinas F", "--type", "OPD", "--category", "umum"]),
    ("judge-add", "registered", ["judge", "add", "--name", "Juri Tiga"]),
    ("assign", "registered", ["assign", "-k", "1", "--round", "1"]),
    ("settings-set", "registered", ["settings", "set", "signatory.name", "Budi Raharjo"]),
    ("adopt", "registered", ["adopt", "competition.toml", "--reason", "nama penandatangan"]),
    ("awards", "closed", ["awards"]),
    ("awards-undo", "awarded", ["awards", "--undo", "--reason", "koreksi"]),
    ("awards-redo", "awarded", ["awards", "--redo", "--reason", "koreksi"]),
    ("letters-award", "awarded", ["letters", "award"]),
    ("letters-decree", "awarded", ["letters", "decree"]),
    ("letters-again", "lettered", ["letters", "award"]),
    ("publish", "lettered", ["publish"]),
]


def _prepare(src: Path, dst: Path, name: str) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    if name == "adopt":
        text = (dst / "competition.toml").read_text(encoding="utf-8")
        (dst / "competition.toml").write_text(text.replace('name = "Budi Santoso"', 'name = "Budi Raharjo"'), encoding="utf-8")
    return dst


def _temporaries(d: Path) -> list[str]:
    return [str(p.relative_to(d)) for p in d.rglob("*") if ".tmp-" in p.name or p.name.endswith(".tmp")]


# Known, listed defects of main (issue 24) that this test finds: a failure of only these classes makes the test
# xfail (shown as such, never as passed), naming them; the lead empties the set as the fixes are merged.
KNOWN_FAULTS: set[str] = set()
# Fixed on main since: "temporary-left" (item 16), "recorded-but-exit-1" (item 6: exit 3, the record named),
# "temporary-named" (item 16), "papers-before-register" (item 7), "site-not-atomic" (staged site swapped in).


def _classify(name: str, before: dict, after: dict, r) -> list[str]:
    labels = []
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if r.code == 1 and changed:
        rest = [k for k in changed if ".tmp-" not in k]
        if len(rest) < len(changed):
            labels.append("temporary-left")
        if rest and all(k.startswith("out/letters") for k in rest) and name.startswith("letters"):
            labels.append("papers-before-register")
        elif rest and all(k.startswith("out/site") for k in rest) and name == "publish":
            labels.append("site-not-atomic")
        elif rest:
            labels.append("exit-1-changed-the-folder")
    if ".tmp-" in r.err:
        labels.append("temporary-named")
    if "Traceback" in r.err or "internal error" in r.err:
        labels.append("traceback")
    return labels


@pytest.mark.parametrize("name, stage, args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_full_disk_at_each_write_point(folders, tmp_path, name, stage, args):
    reference = _prepare(folders[stage], tmp_path / "reference", name)
    baseline = run("-d", reference, "check")  # what check says of the starting folder (adopt starts from a hand edit)
    records_before = len(ledger_lines(reference))
    with Disk(reference).installed() as disk:
        r = run("-d", reference, *args)
    assert r.code == 0, r.err
    added = len(ledger_lines(reference)) - records_before
    points = disk.points
    assert len(points) >= 5, f"the command wrote almost nothing inside the folder: {points}"
    failures: dict[str, list[str]] = {}
    for k in range(1, len(points) + 1):
        d = _prepare(folders[stage], tmp_path / f"k{k}", name)
        before = tree_hash(d)
        with Disk(d, fail_at=k).installed():
            r = run("-d", d, *args)
        after = tree_hash(d)
        where = f"{name}: write point {k}/{len(points)} ({points[k - 1]}) failing -> exit {r.code}: {r.err.strip()[:200]}"
        labels = _classify(name, before, after, r)
        r2 = run("-d", d, "check")
        if (r2.code, r2.errors) != ((baseline.code, baseline.errors) if r.code == 1 else (0, [])):
            labels.append("check-after-the-failure")
        n = len(ledger_lines(d)) - records_before
        if r.code == 1 and n != 0:
            labels.append("recorded-but-exit-1")
        if r.code != 1 and n != added:
            labels.append("recorded-a-different-number-of-times")
        if r.code not in (0, 1) and (exit_recorded() is None or r.code not in (exit_recorded(), 4)):
            labels.append(f"exit-{r.code}")
        if [p for p in _temporaries(d) if p not in [q for q in before]]:
            labels.append("temporary-left")
        for label in dict.fromkeys(labels):
            failures.setdefault(label, []).append(where)
        shutil.rmtree(d)
    report = "\n".join(f"[{label}] {len(ws)} of {len(points)} write points, e.g. {ws[0]}" for label, ws in failures.items())
    print(f"\n{name}: {len(points)} write points\n{report}")
    unknown = {label: ws for label, ws in failures.items() if label not in KNOWN_FAULTS}
    assert not unknown, report
    if failures:
        pytest.xfail(f"known defects of issue 24 only: {sorted(failures)}")


# -- the answer after the commit ------------------------------------------------------------------------
ANSWERS = [c for c in COMMANDS if c[0] in ("entry-add", "judge-add", "assign", "settings-set", "adopt", "awards",
                                             "letters-award", "publish")]


def _cli(d: Path, args: list[str], stdout) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KRENOVA_LANG="en")
    return subprocess.run([sys.executable, "-m", "krenova_cli", "-d", str(d), *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=120)


def _closed_pipe():
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("sink", ["dev-full", "closed-pipe"])
@pytest.mark.parametrize("name, stage, args", ANSWERS, ids=[c[0] for c in ANSWERS])
def test_an_answer_that_cannot_be_written_after_the_commit(folders, tmp_path, name, stage, args, sink):
    reference = _prepare(folders[stage], tmp_path / "reference", name)
    records_before = len(ledger_lines(reference))
    ref = run("-d", reference, *args)
    assert ref.code == 0, ref.err
    added = len(ledger_lines(reference)) - records_before
    d = _prepare(folders[stage], tmp_path / "d", name)
    if sink == "dev-full":
        with open("/dev/full", "w") as full:
            p = _cli(d, args, full)
    else:
        fd = _closed_pipe()
        try:
            p = _cli(d, args, fd)
        finally:
            os.close(fd)
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr
    recorded = len(ledger_lines(d)) - records_before
    assert recorded == added, f"the change is recorded {recorded} times (reference {added}); exit {p.returncode}: {p.stderr}"
    if added == 0:  # nothing was committed (nothing to write but the answer): any honest exit
        assert p.returncode in (0, 1), p.stderr
        return
    if ref.out:  # an answer that never arrived is not "done"
        assert p.returncode != 0, "exit 0 although the answer could not be written"
    if p.returncode == 1 and "recorded-but-exit-1" in KNOWN_FAULTS:
        pytest.xfail(f"issue 24 item 6 (known): exit 1 after the commit: {p.stderr.strip()}")
    assert p.returncode != 1, f"exit 1 says nothing changed, but the change was recorded: {p.stderr.strip()}"
    assert "nothing changed" not in p.stderr and "rolled back" not in p.stderr, p.stderr
    assert run("-d", d, "check").code == 0
    code = exit_recorded()
    if code is not None:
        assert p.returncode in (0, code), (p.returncode, p.stderr)
        assert p.returncode == 0 or "recorded" in p.stderr, p.stderr
    else:
        # TIGHTEN when the commit branch's distinct exit code (EXIT_RECORDED) is merged: the test then asserts
        # that code above and the message naming the record; until then, a retry (what a user told "failed"
        # does) must at least not record the change a second time
        before = len(ledger_lines(d))
        r = run("-d", d, *args)
        assert r.code == 1 or len(ledger_lines(d)) == before, \
            f"the retry recorded the change again: exit {r.code}, {r.out.strip()[:200]}"


# -- papers whose numbers are recorded but that cannot be put in place (issue 24 item 7) -------------------
def test_papers_not_placed_after_the_register_say_so_and_letters_again_writes_them(folders, tmp_path):
    d = _prepare(folders["awarded"], tmp_path / "d", "letters-award")
    out_before = {k: v for k, v in tree_hash(d).items() if k.startswith("out/letters/") or k == "out/letters"}
    records_before = len(ledger_lines(d))
    count = _prepare(folders["awarded"], tmp_path / "count", "letters-award")
    with Disk(count).installed() as disk:  # count, on a copy, where the first paper is moved into place
        assert run("-d", count, "letters", "award").code == 0
    first = next(i for i, p in enumerate(disk.points, 1) if p.startswith("os.rename out/letters/award/award"))
    with Disk(d, fail_at=first).installed():
        r = run("-d", d, "letters", "award")
    assert r.code == exit_recorded() == 3, r.err
    assert "recorded" in r.err and "krenova letters award" in r.err and "Traceback" not in r.err, r.err
    assert {k: v for k, v in tree_hash(d).items() if k.startswith("out/letters/") or k == "out/letters"} == out_before  # no paper half placed
    assert len(ledger_lines(d)) == records_before + 1
    assert run("-d", d, "check").code == 0
    again = run("-d", d, "letters", "award")  # the way out the message names: the same numbers, written now
    assert again.code == 0, again.err
    assert len(ledger_lines(d)) == records_before + 1
    papers = sorted((d / "out" / "letters" / "award").glob("award-*.html"))
    assert papers and not [p for p in (d / "out" / "letters" / "award").iterdir() if p.name.startswith(".")]
    import re

    code = re.search(r'class="vcode">([0-9A-Z]{10})<', papers[0].read_text(encoding="utf-8")).group(1)
    assert run("-d", d, "verify", code).code == 0  # its number and code are the recorded ones


def test_a_failed_publish_keeps_the_previous_site_whole_with_the_files_it_does_not_list(folders, tmp_path):
    d = _prepare(folders["lettered"], tmp_path / "d", "publish")
    assert run("-d", d, "publish").code == 0
    (d / "out" / "site" / "CNAME").write_text("menang.example.go.id\n")  # a file the manifest does not list
    before = tree_hash(d)
    count = _prepare(d, tmp_path / "count", "publish")
    with Disk(count).installed() as disk:
        assert run("-d", count, "publish").code == 0
    last = max(i for i, p in enumerate(disk.points, 1) if p.startswith("os.rename out/site"))
    with Disk(d, fail_at=last).installed():  # the last rename: the new site put in place
        r = run("-d", d, "publish")
    assert r.code == 1 and tree_hash(d) == before, r.err
    assert run("-d", d, "publish").code == 0
    assert (d / "out" / "site" / "CNAME").read_text() == "menang.example.go.id\n"
    assert not [p.name for p in (d / "out").iterdir() if p.name.startswith(".")]
