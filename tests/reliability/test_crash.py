"""Crash safety: a writer SIGKILLed at random instants never leaves a corrupt file or loses an acknowledged write.

The writer is a forked child running the same code as `krenova score --replace`. Before each write it
notes the value it is about to record, after the command returns it notes the acknowledgement (both
fsynced, outside the data directory). After each kill the directory must load and verify, and each
(judge, entry) must hold its last acknowledged value, or a value attempted after it.
"""

import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, run

ENTRIES = [f"K{i:03d}" for i in range(1, 11)]


def writer(d: str, journal: str, seed: int) -> None:
    os.environ["KRENOVA_ACTOR"] = "crash-writer"
    from krenova_cli.usecases.scores import record_one
    from krenova_cli.store.datafolder import Store

    rng = random.Random(seed)
    store = Store(Path(d))
    with open(journal, "a") as log:
        while True:
            entry, judge, value = rng.choice(ENTRIES), rng.choice(["J1", "J3"]), rng.randint(0, 100)
            log.write(json.dumps(["try", judge, entry, value]) + "\n")
            log.flush()
            os.fsync(log.fileno())
            record_one(store, 1, judge, entry, [f"{c}={value}" for c in CRITERIA], True, "")
            log.write(json.dumps(["ack", judge, entry, value]) + "\n")
            log.flush()
            os.fsync(log.fileno())


def verify(d: Path, journal: Path) -> None:
    from krenova_cli.usecases.check import audit
    from krenova_cli.store.datafolder import Store

    problems = audit(Store(d))
    assert problems == [], problems
    state = Store(d).load()
    on_disk = {(j, e): v["kebaruan"] for j, by in state.scores.get(1, {}).items() for e, v in by.items()}
    allowed: dict[tuple, set] = {}
    lines = journal.read_text().splitlines()
    if lines and not lines[-1].endswith("]"):
        lines = lines[:-1]
    for line in lines:
        kind, judge, entry, value = json.loads(line)
        if kind == "ack":
            allowed[(judge, entry)] = {value}
        else:
            allowed.setdefault((judge, entry), {None}).add(value)
    for key, values in allowed.items():
        assert on_disk.get(key) in values, (key, on_disk.get(key), values)
    for key in on_disk:
        assert key in allowed, f"{key} holds a value nobody wrote"


def kill_window(ctx, d: Path, tmp_path: Path) -> float:
    """How long to let a writer live before the kill: three times one write on this machine now
    (at least 30 ms), so kills land at every point of a write and some writes complete, however
    fast or loaded the machine is. Measured on a copy, with its own journal."""
    import shutil

    probe = tmp_path / "probe"
    shutil.copytree(d, probe)
    journal = tmp_path / "probe.jsonl"
    journal.touch()
    child = ctx.Process(target=writer, args=(str(probe), str(journal), 10_000))
    start = time.perf_counter()
    child.start()
    time.sleep(1.0)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    acks = sum(1 for line in journal.read_text().splitlines() if line.startswith('["ack"'))
    shutil.rmtree(probe)
    per_write = (time.perf_counter() - start) / max(acks, 1)
    return min(max(3 * per_write, 0.03), 2.0)


def crash_run(tmp_path: Path, kills: int) -> dict:
    d = tmp_path / "comp"
    assert run("init", d).code == 0
    (tmp_path / "e.csv").write_text("judul,instansi,jenis,kategori\n" + "".join(f"T{i},Dinas {i},OPD,tik\n" for i in range(1, 11)))
    assert run("-d", d, "entry", "import", tmp_path / "e.csv").code == 0
    (tmp_path / "j.csv").write_text("nama\nA\nB\nC\n")
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    journal = tmp_path / "journal.jsonl"
    journal.touch()
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20170817)
    window = kill_window(ctx, d, tmp_path)
    stats = {"kills": 0, "acks": 0, "leftover_temporaries": 0, "interrupted_changes_completed": 0, "window_ms": round(window * 1000)}
    for k in range(kills):
        child = ctx.Process(target=writer, args=(str(d), str(journal), k))
        child.start()
        time.sleep(rng.uniform(0.0, window))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        stats["kills"] += 1
        stats["leftover_temporaries"] += sum(1 for p in d.rglob(".*.tmp-*"))
        stats["interrupted_changes_completed"] += (d / ".krenova-pending.json").exists()
        verify(d, journal)
    stats["acks"] = sum(1 for line in journal.read_text().splitlines() if line.startswith('["ack"'))
    # A later command sweeps the temporaries away; none was ever read as data (verify loaded cleanly).
    assert run("-d", d, "entry", "add", "--title", "x", "--institution", "y", "--type", "OPD", "--category", "tik").code == 0
    assert not list(d.rglob(".*.tmp-*"))
    assert run("-d", d, "check").code == 0
    return stats


def test_random_kills_short(tmp_path):
    stats = crash_run(tmp_path, 200)
    print(f"\ncrash run: {stats}")
    assert stats["kills"] == 200 and stats["acks"] > 50  # the writer did get work done between kills
    assert stats["leftover_temporaries"] + stats["interrupted_changes_completed"] > 0  # some kills did land mid-write


@pytest.mark.stress
def test_random_kills_1000(tmp_path):
    stats = crash_run(tmp_path, 1000)
    print(f"\ncrash stress: {stats}")
    assert stats["kills"] == 1000


def test_a_ledger_line_cut_by_a_kill_is_completed(tmp_path):
    """The kill that lands inside the ledger append: part of the line is on disk, the marker too."""
    import json as _json

    from krenova_cli.store import ledger
    from krenova_cli.store.datafolder import Store
    from krenova_cli.store.layout import PENDING

    d = tmp_path / "comp"
    assert run("init", d).code == 0
    store = Store(d)
    content = 'id = "K001"\ntitle = "A"\ninstitution = "B"\nentity_type = "OPD"\ncategory = "tik"\n'
    with store.transaction() as tx:
        head = tx.head()
        record = ledger.make_record(head, "2017-08-17T10:00:00Z", "t", "entry.add", "K001", None, {"id": "K001"},
                                    {"entries/K001.toml": ledger.sha256(content.encode())})
    line = ledger.canonical(record) + b"\n"
    (d / PENDING).write_text(_json.dumps({"record": record, "files": {"entries/K001.toml": content}}))
    with open(d / "ledger.jsonl", "ab") as fh:
        fh.write(line[: len(line) // 2])  # the append stopped halfway
    assert run("-d", d, "check").code == 0  # the next command completes the change
    assert not (d / PENDING).exists()
    records = run("-d", d, "log", "--json").json()
    assert records[-1]["hash"] == record["hash"] and (d / "entries" / "K001.toml").exists()


def failing_writer(d: str, seed: int, result) -> None:
    """A writer whose disk fills up at a random low-level write of its commit (marker, file, fsync'd
    rename, ledger append): the failure-injection mode of the crash test."""
    import errno

    os.environ["KRENOVA_ACTOR"] = "full-disk-writer"
    from krenova_cli.core.errors import KrenovaError
    from krenova_cli.store import atomic
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.scores import record_one

    rng = random.Random(seed)
    fail_at = rng.randint(1, 3)
    calls = {"n": 0}

    def failing(real):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == fail_at:
                if real is atomic.append_line and rng.random() < 0.5:
                    with open(args[0], "ab") as fh:  # half the line reached the disk before it filled up
                        fh.write(args[1][: len(args[1]) // 2])
                raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))
            return real(*args, **kwargs)
        return wrapper

    atomic.atomic_write = failing(atomic.atomic_write)
    atomic.append_line = failing(atomic.append_line)
    entry, judge, value = rng.choice(ENTRIES), rng.choice(["J1", "J3"]), rng.randint(0, 100)
    try:
        record_one(Store(Path(d)), 1, judge, entry, [f"{c}={value}" for c in CRITERIA], True, "")
        result.put("ok")
    except KrenovaError as exc:
        result.put(f"refused: {exc}")


def test_a_full_disk_at_a_random_point_changes_nothing(tmp_path):
    from tests.conftest import tree_hash

    d = tmp_path / "comp"
    assert run("init", d).code == 0
    (tmp_path / "e.csv").write_text("judul,instansi,jenis,kategori\n" + "".join(f"T{i},Dinas {i},OPD,tik\n" for i in range(1, 11)))
    assert run("-d", d, "entry", "import", tmp_path / "e.csv").code == 0
    (tmp_path / "j.csv").write_text("nama\nA\nB\nC\n")
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    ctx = multiprocessing.get_context("fork")
    refused = 0
    for k in range(30):
        before = tree_hash(d)
        result = ctx.Queue()
        child = ctx.Process(target=failing_writer, args=(str(d), k, result))
        child.start()
        child.join()
        outcome = result.get(timeout=10)
        if outcome.startswith("refused"):
            refused += 1
            assert "No space left on device" in outcome and "rolled back" in outcome, outcome
            assert tree_hash(d) == before, f"run {k}: the tree changed after exit 1"
            assert run("-d", d, "status").code == 0
            assert tree_hash(d) == before, f"run {k}: a later command applied the failed change"
        assert run("-d", d, "check").code == 0
    assert refused == 30
