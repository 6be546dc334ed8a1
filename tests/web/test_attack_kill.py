"""Issue 28, the attacker's pass: `krenova serve` killed (SIGKILL) while judges are saving.

Three judges post one save after another through the real server process; the server is killed with
SIGKILL (after a few saves were answered) once at a moment taken from a seeded generator, twice the
moment a save's pending marker appears (its change in flight); then `krenova check` must
be clean, every save the server answered as recorded (303) must be in the ledger with its values, and a
server started again must take the next saves. Done three times on the same folder."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from tests.conftest import CRITERIA, run  # noqa: E402
from tests.web.test_portal import _token  # noqa: E402

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def _start(comp):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "krenova_cli", "-d", str(comp), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(comp.parent), env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/static/portal.css", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(proc.stderr.read().decode())


def _judge(base, token, entries, value, answered, stop):
    with httpx.Client(timeout=30) as client:
        for entry in entries:
            if stop.is_set():
                return
            try:
                page = client.get(f"{base}/j/{token}/e/{entry}?lang=en")
                data = {**dict(HIDDEN.findall(page.text)), "action": "submit", "note": "",
                        **{f"c_{c}": str(value) for c in CRITERIA}}
                r = client.post(f"{base}/j/{token}/e/{entry}", data=data)
            except httpx.HTTPError:
                return  # the server died under this request: its fate is the folder's
            if r.status_code == 303:
                answered.append((token, entry, value))


def test_the_server_killed_in_the_middle_of_saves_loses_nothing_it_answered(comp):
    judges = {j: _token(comp, j) for j in ("J1", "J2", "J3")}
    owner = {t: j for j, t in judges.items()}
    rng = random.Random(28)
    entries = [f"K{i:03d}" for i in range(2, 21)]
    answered: list[tuple[str, str, int]] = []
    pending = 0
    for attempt in range(3):
        proc, base = _start(comp)
        stop = threading.Event()
        threads = [threading.Thread(target=_judge, args=(base, t, entries, 50 + attempt * 10 + k, answered, stop))
                   for k, t in enumerate(judges.values())]
        for t in threads:
            t.start()
        deadline, had = time.monotonic() + 120, len(answered)
        while len(answered) < had + 2 and time.monotonic() < deadline:  # some saves of this server answered first
            time.sleep(0.01)
        if attempt > 0:  # at the moment a save has written its pending marker (its change is in flight)
            marker = comp / ".krenova-pending.json"
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.0005)
        else:  # at a moment of the generator's
            time.sleep(rng.uniform(0.0, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        stop.set()
        for t in threads:
            t.join(60)
        proc.stderr.close()
        pending += (comp / ".krenova-pending.json").exists()
        r = run("-d", comp, "check")
        assert r.code == 0, (attempt, r.out, r.err)
    assert answered, "no save was answered before the kills"
    assert pending, "no kill left a change in flight"
    # every save answered 303 is recorded: the folder holds it or a later save of the same judge and entry
    ledger = [json.loads(line) for line in (comp / "ledger.jsonl").read_text().splitlines()]
    recorded = {}
    for rec in ledger:
        if rec["actor"].startswith("judge:") and rec["action"] in ("score", "score.replace"):
            judge = rec["actor"].split(":", 1)[1]
            for entry, values in rec["new"]["scores"][judge].items():
                recorded.setdefault((judge, entry), []).append(values["kebaruan"])
    for token, entry, value in answered:
        assert value in recorded.get((owner[token], entry), []), (owner[token], entry, value)
    # the server started again takes saves, and the folder stays clean
    proc, base = _start(comp)
    try:
        done: list = []
        _judge(base, judges["J1"], ["K020"], 99, done, threading.Event())
        assert done == [(judges["J1"], "K020", 99)]
    finally:
        proc.terminate()
        proc.wait(20)
        proc.stderr.close()
    assert run("-d", comp, "check").code == 0
