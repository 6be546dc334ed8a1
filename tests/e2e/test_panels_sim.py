"""The simulation of benchmarks/panels_sim.py, small (about 1.5 s): true quality is known, so we can
count how many of the true Top 45 each way of working finds."""

import importlib.util
from pathlib import Path

SIM = Path(__file__).resolve().parents[2] / "benchmarks" / "panels_sim.py"


def test_mixed_panels_with_zscore_find_more_of_the_true_top_45():
    spec = importlib.util.spec_from_file_location("panels_sim", SIM)
    sim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sim)
    got = sim.table(n_entries=900, n_judges=40, k=3, top=45, seeds=3)
    mixed_z = got[("random", "mixed", "zscore")]
    assert got[("by category", "mixed", "zscore")] == mixed_z  # mixed panels ignore how entries arrive
    # Panels that follow categories: z-score then erases real differences between categories.
    assert mixed_z >= got[("by category", "fixed", "zscore")] + 5
    assert mixed_z >= got[("by category", "fixed", "none")] + 3
    # Random allocation: mixing costs nothing and z-score beats the plain mean of fixed panels.
    assert mixed_z >= got[("random", "fixed", "none")] + 3
    assert mixed_z >= got[("random", "fixed", "zscore")] - 1
