"""Issue 28, the attacker's pass: concurrent saves through the real server (uvicorn on loopback, threads),
the same judge twice at once, and `krenova advance` closing the round while judges are sending.

- The same judge sending two pages of one entry at the same moment (both opened before either was sent):
  one is recorded, the other is refused as stale (409); never both, never a silent replacement.
- `advance` beside the server: every save the server answered 303 is in the ledger before the round's
  close, every later one is refused (409), and the folder is clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from tests.conftest import CRITERIA, run, score_all  # noqa: E402

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def _links(comp, server, judges):
    return {j: run("-d", comp, "judge", "link", j, "--no-qr").out.strip().replace("http://127.0.0.1:8080", server)
            for j in judges}


def _ledger(comp):
    return [json.loads(line) for line in (comp / "ledger.jsonl").read_text().splitlines()]


def _open(link, entry):
    page = httpx.get(f"{link}/e/{entry}?lang=en", timeout=60)
    assert page.status_code == 200
    return dict(HIDDEN.findall(page.text))


def _send(link, entry, hidden, value, note=""):
    data = {**hidden, "action": "submit", "note": note, **{f"c_{c}": str(value) for c in CRITERIA}}
    return httpx.post(f"{link}/e/{entry}", data=data, timeout=60).status_code


def test_the_same_judge_twice_at_once_records_one_and_refuses_the_other(comp, server):
    links = _links(comp, server, ("J1", "J3"))
    entries = [f"K{i:03d}" for i in range(2, 8)]
    jobs = []
    for e in entries:  # two pages of the same entry for each judge, opened before either is sent
        for j in ("J1", "J3"):
            a, b = _open(links[j], e), _open(links[j], e)
            jobs += [(j, e, a, 60), (j, e, b, 70)]
    before = len(_ledger(comp))
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda job: _send(links[job[0]], job[1], job[2], job[3]), jobs))
    for k in range(0, len(jobs), 2):
        assert sorted(codes[k:k + 2]) == [303, 409], (jobs[k][:2], codes[k:k + 2])
    records = _ledger(comp)[before:]
    assert len(records) == len(jobs) // 2 and {r["action"] for r in records} == {"score"}
    for k in range(0, len(jobs), 2):
        j, e = jobs[k][:2]
        kept = jobs[k][3] if codes[k] == 303 else jobs[k + 1][3]
        scores = json.loads((comp / "scores" / "round-1" / f"{j}.json").read_text())["scores"]
        assert scores[e]["kebaruan"] == kept
    assert run("-d", comp, "check").code == 0


def test_advance_beside_the_server_takes_every_answered_save_before_the_close(comp, server, tmp_path):
    score_all(comp, 1, lambda e, j, c: 40 + int(e[1:]), tmp_path)
    links = _links(comp, server, ("J1", "J3"))
    jobs = [(j, f"K{i:03d}") for i in range(2, 21) for j in ("J1", "J3")]
    pages = {job: _open(links[job[0]], job[1]) for job in jobs}
    advance = subprocess.Popen([sys.executable, "-m", "krenova_cli", "-d", str(comp), "advance", "--round", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(lambda job: _send(links[job[0]], job[1], pages[job], 91, note="koreksi"), jobs))
    assert advance.wait(120) == 0, advance.stderr.read()
    advance.stderr.close()
    assert set(codes) <= {303, 409}, codes
    records = _ledger(comp)
    close = next(i for i, r in enumerate(records) if r["action"].startswith("advance") or "advance" in r["action"])
    saved = {(r["actor"].split(":")[1], r["target"].rsplit("/", 1)[1]): i for i, r in enumerate(records)
             if r["actor"].startswith("judge:")}
    for job, code in zip(jobs, codes):
        if code == 303:
            assert saved[job] < close, job
        else:
            assert job not in saved, job
    assert run("-d", comp, "check").code == 0
    page = httpx.get(f"{links['J1']}?lang=en", timeout=60).text
    assert "Round 2" in page
