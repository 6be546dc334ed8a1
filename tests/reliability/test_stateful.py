"""A stateful property test: random sequences of changes against a simple model of the competition.

After every step the store holds exactly what the model says, and the ledger verifies.
"""

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.conftest import CRITERIA, run

CATS = ["tata-kelola", "tik"]


class Competition(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="krenova-sm-"))
        self.d = self.tmp / "comp"
        assert run("init", self.d).code == 0
        self.entries: dict[str, dict] = {}   # id -> {"withdrawn": round or None}
        self.judges: list[str] = []
        self.scores: dict[int, dict[tuple, int]] = {}
        self.closed: list[int] = []
        self.closes = 0
        self.advancing: dict[int, list[str]] = {}

    def teardown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- the model's view of the lifecycle --------------------------------------------------
    @property
    def current(self) -> int:
        return len(self.closed) + 1

    def active(self, n: int) -> list[str]:
        pool = list(self.entries) if n == 1 else self.advancing[n - 1]
        return sorted(e for e in pool if self.entries[e]["withdrawn"] is None or self.entries[e]["withdrawn"] > n)

    # -- rules ------------------------------------------------------------------------------
    @precondition(lambda self: len(self.closed) == 0 and len(self.entries) < 8)
    @rule(cat=st.sampled_from(CATS))
    def add_entry(self, cat):
        r = run("-d", self.d, "entry", "add", "--title", f"Inovasi {len(self.entries)}", "--institution",
                f"Dinas {len(self.entries)}", "--type", "OPD", "--category", cat)
        assert r.code == 0, r.err
        self.entries[r.out.strip()] = {"withdrawn": None}

    @precondition(lambda self: len(self.judges) < 3)
    @rule()
    def add_judge(self):
        r = run("-d", self.d, "judge", "add", "--name", f"Juri {len(self.judges)}")
        assert r.code == 0, r.err
        self.judges.append(r.out.split(":")[0].strip())  # prints "J4: Name"

    @precondition(lambda self: self.current <= 6)
    @rule(data=st.data(), value=st.integers(0, 100), replace=st.booleans())
    def score(self, data, value, replace):
        n = self.current
        active = self.active(n)
        if not active or not self.judges:
            return
        entry = data.draw(st.sampled_from(active))
        judge = data.draw(st.sampled_from(self.judges))
        args = ["-d", self.d, "score", entry, "--round", n, "--judge", judge, *[f"{c}={value}" for c in CRITERIA]]
        r = run(*args, *(["--replace"] if replace else []))
        existing = self.scores.get(n, {}).get((entry, judge))
        if existing is not None and existing != value and not replace:
            assert r.code == 1 and "use --replace" in r.errors[0]
        else:
            assert r.code == 0, r.err
            self.scores.setdefault(n, {})[(entry, judge)] = value

    @precondition(lambda self: self.current <= 6 and self.judges and self.entries)
    @rule(base=st.integers(0, 90))
    def fill_round(self, base):
        """Record every missing score of the current round from one CSV (so rounds can close)."""
        n = self.current
        missing = [(e, j) for e in self.active(n) for j in self.judges if (e, j) not in self.scores.get(n, {})]
        if not missing:
            return
        lines = ["entry,judge,criterion,value"]
        for i, (e, j) in enumerate(missing):
            lines += [f"{e},{j},{c},{(base + i) % 101}" for c in CRITERIA]
        path = self.tmp / "fill.csv"
        path.write_text("\n".join(lines) + "\n")
        r = run("-d", self.d, "score", "--round", n, "--from", path)
        assert r.code == 0, r.err
        for i, (e, j) in enumerate(missing):
            self.scores.setdefault(n, {})[(e, j)] = (base + i) % 101

    @precondition(lambda self: self.current <= 6)
    @rule(data=st.data())
    def withdraw(self, data):
        active = self.active(self.current)
        if len(active) <= 1:
            return
        entry = data.draw(st.sampled_from(active))
        assert run("-d", self.d, "entry", "withdraw", entry, "--reason", "mundur").code == 0
        self.entries[entry]["withdrawn"] = self.current

    @precondition(lambda self: self.current <= 6)
    @rule()
    def advance(self):
        n = self.current
        active = self.active(n)
        complete = all((e, j) in self.scores.get(n, {}) for e in active for j in self.judges)
        r = run("-d", self.d, "advance", "--round", n, "--include-ties")
        if not any(e in active for e, _j in self.scores.get(n, {})):
            # an empty round, or one in which nobody was scored, is never closed (SPEC 8.3)
            assert r.code == 1 and ("no entries" in r.errors[0] or "no entry has been scored" in r.errors[0]), r.err
            return
        if not complete:
            assert r.code == 1 and "missing" in r.errors[0]
            return
        assert r.code == 0, r.err
        if r.code == 0:
            import json

            rec = json.loads((self.d / "rounds" / f"round-{n}.json").read_text())
            self.closed.append(n)
            self.closes += 1
            self.advancing[n] = rec["advancing"]
            assert set(rec["advancing"]) <= set(active)

    @precondition(lambda self: self.closed)
    @rule()
    def reopen(self):
        n = self.closed[-1]
        r = run("-d", self.d, "reopen", "--round", n, "--reason", "koreksi")
        if self.scores.get(n + 1):
            assert r.code == 1
        else:
            assert r.code == 0, r.err
            self.closed.pop()
            del self.advancing[n]

    # -- after every step -------------------------------------------------------------------
    @invariant()
    def store_equals_model(self):
        from krenova_cli.store.datafolder import Store

        state = Store(self.d).load()
        assert set(state.entries) == set(self.entries)
        assert {e: (x.withdrawn.round if x.withdrawn else None) for e, x in state.entries.items()} == \
            {e: m["withdrawn"] for e, m in self.entries.items()}
        assert list(state.judges) == self.judges
        for n in range(1, 7):
            got = {(e, j): v["kebaruan"] for j, by in state.scores.get(n, {}).items() for e, v in by.items()}
            assert got == self.scores.get(n, {}), n
        assert sorted(state.records) == self.closed

    @invariant()
    def ledger_verifies(self):
        assert run("-d", self.d, "check").code == 0


TestCompetition = Competition.TestCase
TestCompetition.settings = settings(max_examples=12, stateful_step_count=25, deadline=None,
                                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
