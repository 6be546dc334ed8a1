"""Concurrency: processes writing at once lose nothing; a close racing a score never half-closes a round."""

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, run


def setup_comp(tmp_path: Path, n_entries: int, n_judges: int) -> Path:
    d = tmp_path / "comp"
    assert run("init", d).code == 0
    (tmp_path / "e.csv").write_text("judul,instansi,jenis,kategori\n" + "".join(f"T{i},Dinas {i},OPD,tik\n" for i in range(1, n_entries + 1)))
    assert run("-d", d, "entry", "import", tmp_path / "e.csv").code == 0
    (tmp_path / "j.csv").write_text("nama\n" + "".join(f"Juri {i}\n" for i in range(1, n_judges + 1)))
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    return d


def worker(d: str, jobs: list, out: str) -> None:
    """Each job is one `krenova score ENTRY --judge J ...` through the CLI's own entry point."""
    os.environ["KRENOVA_ACTOR"] = f"writer-{os.getpid()}"
    os.environ["KRENOVA_LOCK_TIMEOUT"] = "600"
    from tests.conftest import run as cli

    codes = []
    for entry, judge, value in jobs:
        r = cli("-d", d, "score", entry, "--round", "1", "--judge", judge, *[f"{c}={value}" for c in CRITERIA])
        codes.append(r.code)
    Path(out).write_text(json.dumps(codes))


def concurrent_writes(tmp_path: Path, procs: int, per_proc: int, judges: int = 4) -> None:
    entries = procs * per_proc // judges
    d = setup_comp(tmp_path, entries, judges)
    pairs = [(f"K{e:03d}", f"J{j}", (e * 7 + j) % 101) for e in range(1, entries + 1) for j in range(1, judges + 1)]
    # Every process writes to every judge's file, so the processes contend for the same files.
    jobs = [pairs[p::procs] for p in range(procs)]
    ctx = multiprocessing.get_context("fork")
    ps = [ctx.Process(target=worker, args=(str(d), jobs[p], str(tmp_path / f"codes-{p}.json"))) for p in range(procs)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
        assert p.exitcode == 0
    codes = [c for p in range(procs) for c in json.loads((tmp_path / f"codes-{p}.json").read_text())]
    assert codes == [0] * (procs * per_proc)
    from krenova_cli.store.datafolder import Store

    state = Store(d).load()
    recorded = {(e, j): v["kebaruan"] for j, by in state.scores[1].items() for e, v in by.items()}
    assert recorded == {(e, j): v for e, j, v in pairs}
    assert len(recorded) == procs * per_proc
    log = run("-d", d, "log", "--json").json()
    assert sum(r["action"] == "score" for r in log) == procs * per_proc
    assert run("-d", d, "check").code == 0


def test_four_processes_write_at_once_short(tmp_path):
    concurrent_writes(tmp_path, 4, 40)


@pytest.mark.stress
def test_four_processes_times_250(tmp_path):
    concurrent_writes(tmp_path, 4, 250)


def racer(d: str, out: str) -> None:
    os.environ["KRENOVA_ACTOR"] = "judge"
    from tests.conftest import run as cli

    results = []
    for value in range(40):
        r = cli("-d", d, "score", "K001", "--round", "1", "--judge", "J1", "--replace", *[f"{c}={value}" for c in CRITERIA])
        results.append((value, r.code, r.errors))
    Path(out).write_text(json.dumps(results))


def test_advance_racing_a_score_never_half_closes(tmp_path):
    d = setup_comp(tmp_path, 6, 2)
    for e in range(1, 7):
        for j in (1, 2):
            assert run("-d", d, "score", f"K{e:03d}", "--judge", f"J{j}", *[f"{c}=50" for c in CRITERIA]).code == 0
    ctx = multiprocessing.get_context("fork")
    p = ctx.Process(target=racer, args=(str(d), str(tmp_path / "race.json")))
    p.start()
    closed = run("-d", d, "advance", "--round", "1")
    p.join()
    assert closed.code == 0
    results = json.loads((tmp_path / "race.json").read_text())
    accepted = [v for v, code, _ in results if code == 0]
    refused = [errs for _, code, errs in results if code != 0]
    assert all(e == ["Error: round 1 is closed and its scores are locked; to correct them, "
                     "`krenova reopen --round 1 --reason TEXT` first"] for e in refused)
    # Accepted writes all came before the close: the locked file holds the last of them, and check agrees.
    from krenova_cli.store.datafolder import Store

    state = Store(d).load()
    assert state.scores[1]["J1"]["K001"]["kebaruan"] == (accepted[-1] if accepted else 50)
    assert run("-d", d, "check").code == 0
    record = json.loads((d / "rounds" / "round-1.json").read_text())
    assert set(record["score_files"]) == {"scores/round-1/J1.json", "scores/round-1/J2.json"}


def adder(d: str, prefix: str, count: int) -> None:
    os.environ["KRENOVA_ACTOR"] = f"admin-{prefix}"
    from tests.conftest import run as cli

    for i in range(count):
        r = cli("-d", d, "entry", "add", "--title", f"Inovasi {prefix}{i}", "--institution", f"Dinas {prefix}", "--type", "OPD",
                "--category", "tik")
        assert r.code == 0, r.err


def test_several_admins_adding_entries_at_once_lose_nothing(tmp_path):
    d = tmp_path / "comp"
    assert run("init", d).code == 0
    ctx = multiprocessing.get_context("fork")
    ps = [ctx.Process(target=adder, args=(str(d), p, 15)) for p in "ABCD"]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
        assert p.exitcode == 0
    rows = run("-d", d, "entry", "list", "--json").json()
    assert len(rows) == 60 and len({r["id"] for r in rows}) == 60  # every admin got fresh ids
    assert sorted(r["title"] for r in rows) == sorted(f"Inovasi {p}{i}" for p in "ABCD" for i in range(15))
    assert run("-d", d, "check").code == 0
