"""`krenova assign`: which judge scores which entry in a round."""

from __future__ import annotations

from typing import Annotated

import typer

from krenova_cli.store import layout
from krenova_cli.cli.options import JsonOpt, RoundOpt, one_command_app, store

app = one_command_app()


@app.command()
def assign_cmd(
    per_entry: Annotated[int, typer.Option("--per-entry", "-k", help="Judges per entry.", min=1)],
    round_no: RoundOpt = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed for the order among equally loaded judges.")] = 1,
    as_json: JsonOpt = False,
) -> None:
    """Assign K judges to each active entry of a round: balanced (loads differ by at most 1), no conflicts.

    Without an assignment every judge without a conflict scores every active entry.
    Written to assignments/round-N.toml; refused once the round has scores.

    Example: krenova assign --round 1 --per-entry 3 --seed 7
    """
    from krenova_cli.core import lifecycle
    from krenova_cli.cli import output
    from krenova_cli.core.assignment import assign
    from krenova_cli.core.errors import UserError
    from krenova_cli.core.model import in_conflict
    from krenova_cli.core.score_rules import require_open
    from krenova_cli.usecases.scores import resolve_round

    s = store()
    with s.transaction() as tx:
        state = s.load(rounds=())
        n = resolve_round(state, round_no)
        require_open(state, n)
        state = s.add_scores(state, [n])
        if any(state.scores.get(n, {}).values()):
            raise UserError(f"round {n} already has scores; assign judges before scoring starts")
        if not state.judges:
            raise UserError("no judges registered yet")
        judges = list(state.judges)
        eligible = {e: [j for j in judges if not in_conflict(state.judges[j], state.entries[e])]
                    for e in lifecycle.active_entries(state, n)}
        table = assign(eligible, judges, per_entry, seed)
        import tomli_w

        old = state.assignments.get(n)
        tx.put(layout.assignment_file(n), tomli_w.dumps({"round": n, "entries": table}).encode())
        tx.commit("assign", f"round-{n}", {e: list(js) for e, js in old.items()} if old else None,
                  {"per_entry": per_entry, "seed": seed, "entries": table})
    loads = {j: sum(j in js for js in table.values()) for j in judges}
    if as_json:
        output.print_json({"round": n, "entries": table, "loads": loads})
        return
    output.console().print(output.table(f"Round {n}: {per_entry} judge(s) per entry", ["Judge", "Entries"],
                                        [(j, loads[j]) for j in judges]))
