"""Issue 28, the attacker's pass: concurrent saves through the real server (uvicorn in a thread) while the
command line records scores in another process; every save is one ledger record, nothing lost, `check` clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from tests.conftest import CRITERIA, run  # noqa: E402

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def test_concurrent_saves_beside_the_command_line(comp, server):
    links = {j: run("-d", comp, "judge", "link", j, "--no-qr").out.strip().replace("http://127.0.0.1:8080", server)
             for j in ("J1", "J3")}
    before = len((comp / "ledger.jsonl").read_text().splitlines())

    def save(job):
        judge, entry, value = job
        with httpx.Client(timeout=60) as client:
            page = client.get(f"{links[judge]}/e/{entry}")
            data = {"csrf": CSRF.search(page.text).group(1), "round": "1", "action": "submit", "lang": "en",
                    **{f"c_{c}": str(value) for c in CRITERIA}}
            return client.post(f"{links[judge]}/e/{entry}", data=data).status_code

    jobs = [(j, f"K{i:03d}", 50 + i) for j in ("J1", "J3") for i in range(2, 10)]
    cli = [subprocess.Popen([sys.executable, "-m", "krenova_cli", "-d", str(comp), "score", f"K{i:03d}", "--judge", "J2",
                             *(f"{c}=66" for c in CRITERIA)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
           for i in range(2, 6)]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(save, jobs))
    assert all(p.wait(120) == 0 for p in cli), [p.stderr.read() for p in cli]
    assert codes == [303] * len(jobs)
    records = [json.loads(line) for line in (comp / "ledger.jsonl").read_text().splitlines()][before:]
    assert len(records) == len(jobs) + len(cli)
    assert sorted(r["target"] for r in records if r["actor"].startswith("judge:")) == sorted(
        f"round-1/{j}/{e}" for j, e, _ in jobs)
    scores = json.loads((comp / "scores" / "round-1" / "J3.json").read_text())["scores"]
    assert {e: v["kebaruan"] for e, v in scores.items()} == {f"K{i:03d}": 50 + i for i in range(2, 10)}
    assert run("-d", comp, "check").code == 0
