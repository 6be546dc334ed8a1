"""score_rules.batch_problems says of a batch what check_submission says of each submission, in order."""

from __future__ import annotations

import random
from dataclasses import replace as dc_replace

import pytest

from krenova_cli.core.model import Judge
from krenova_cli.core.score_rules import batch_problems, check_submission
from tests.conftest import CRITERIA, run


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    from krenova_cli.store.datafolder import Store

    d = tmp_path_factory.mktemp("batch") / "demo"
    assert run("demo", d, "--entries", "20", "--judges", "4", "--no-documents").code == 0
    loaded = Store(d, use_cache=False).load()
    judges = dict(loaded.judges)
    first = sorted(judges)[0]  # a judge with every kind of declared conflict
    entry = loaded.entries[sorted(loaded.entries)[1]]
    judges[first] = dc_replace(judges[first], conflicts=(sorted(loaded.entries)[0],), conflict_institutions=(entry.institution,),
                               conflict_regions=("Jawa Tengah",))
    judges["JX"] = Judge(id="JX", name="Tanpa instansi")
    return dc_replace(loaded, judges=judges)


def test_batch_problems_as_check_submission_says(state):
    rng = random.Random(17)
    ids = sorted(state.entries) + ["K999"]
    for trial in range(300):
        n = rng.randint(1, state.last_round)
        batch = {}
        for judge_id in rng.sample(sorted(state.judges), rng.randint(1, len(state.judges))):
            chosen = {}
            for entry_id in rng.sample(ids, rng.randint(0, 8)):
                recorded = state.scores.get(n, {}).get(judge_id, {}).get(entry_id)
                if recorded is not None and rng.random() < 0.5:
                    values = dict(recorded)
                else:
                    values = {c: rng.choice([0, 50, 100, 101, -1, "x", 7.5]) if rng.random() < 0.1 else rng.randint(0, 100)
                              for c in CRITERIA if rng.random() < 0.97}
                chosen[entry_id] = values
            batch[judge_id] = chosen
        for replace in (False, True):
            expected = [(j, e, p) for j, es in batch.items() for e, v in es.items()
                        for p in check_submission(state, n, j, e, v, replace)]
            assert list(batch_problems(state, n, batch, replace)) == expected
