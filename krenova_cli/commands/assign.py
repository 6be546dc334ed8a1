"""`krenova assign`: which judge scores which entry in a round, and changes to it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, RoundOpt, one_command_app, store

app = one_command_app()
Opt = typer.Option


@app.command()
def assign_cmd(
    per_entry: Annotated[Optional[int], Opt("--per-entry", "-k", help="Judges per entry (a fresh assignment).", min=1)] = None,
    round_no: RoundOpt = None,
    seed: Annotated[int, Opt("--seed", help="Seed for the order among equally good choices.")] = 1,
    add: Annotated[Optional[list[str]], Opt("--add", help="Give a panel to an entry registered after the assignment (repeatable).")] = None,
    replace: Annotated[Optional[str], Opt("--replace-judge", help="The judge to take off panels.")] = None,
    by: Annotated[Optional[str], Opt("--by", help="The judge who takes their place.")] = None,
    from_entry: Annotated[Optional[list[str]], Opt("--from-entry", help="Only these entries (repeatable; default: every entry the judge has not scored yet).")] = None,
    reason: Annotated[str, Opt("--reason", help="Why the judge is replaced (logged).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Assign K judges to each active entry of a round: balanced (loads differ by at most 1), no conflicts,
    panels mixed so that every pair of judges meets about equally often.

    Without an assignment every judge without a conflict scores every active entry.
    Written to assignments/round-N.toml; a fresh assignment is refused once the round has scores.
    Prints the mixing achieved: distinct panels, judge pairs that sat together, connectivity.
    Later changes: --add ENTRY (a late entry gets its own panel, chosen the same way) and
    --replace-judge J --by K [--from-entry ID ...] --reason TEXT (scores already given stay).

    Example: krenova assign --round 1 --per-entry 3 --seed 7
    """
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases import assign as uc

    modes = [m for m, on in (("--per-entry", per_entry is not None), ("--add", bool(add)), ("--replace-judge", replace is not None)) if on]
    if len(modes) != 1:
        raise UserError("choose one of --per-entry K (a fresh assignment), --add ENTRY, or --replace-judge J --by K"
                        if not modes else f"choose one of {', '.join(modes)}, not several")
    if (by is not None or from_entry or reason) and replace is None:
        raise UserError("--by, --from-entry and --reason go with --replace-judge J")
    if replace is not None and by is None:
        raise UserError("--replace-judge needs --by K, the judge who takes the place")
    s = store()
    if per_entry is not None:
        result = uc.assign_round(s, round_no, per_entry, seed)
    elif add:
        result = uc.add_entries(s, round_no, add, seed)
    else:
        result = uc.replace_judge(s, round_no, replace, by, from_entry or [], reason)
    _show(result, as_json)


def _show(result, as_json: bool) -> None:
    from krenova_cli.cli import output

    m = result.mixing
    if as_json:
        data = {"round": result.round_no, "entries": result.table, "loads": m.loads, "mixing": m.as_json()}
        if result.changed:
            data["changed"] = result.changed
        if result.kept:
            data["kept"] = list(result.kept)
        if result.left:
            data["left"] = list(result.left)
        output.print_json(data)
        return
    con = output.console()
    if result.changed:
        for e, js in list(result.changed.items())[:20]:
            typer.echo(f"round {result.round_no}: {e} -> {', '.join(js)}", err=True)
        if len(result.changed) > 20:
            typer.echo(f"... and {len(result.changed) - 20} more panels changed (`krenova log --limit 1` has them all)", err=True)
        if result.kept:
            typer.echo(f"kept on {len(result.kept)} entries already scored: {', '.join(result.kept[:10])}"
                       + (" ..." if len(result.kept) > 10 else ""), err=True)
        if result.left:
            typer.echo(f"Warning: the replaced judge stays on {len(result.left)} entries where the new judge already sits: "
                       f"{' '.join(result.left[:10])}{' ...' if len(result.left) > 10 else ''}; hand them to another judge with "
                       f"--from-entry", err=True)
    if len(m.loads) <= 15:
        con.print(output.table(f"Round {result.round_no}: judges' loads", ["Judge", "Entries"], list(m.loads.items())))
    else:
        con.print(f"Round {result.round_no}: each judge scores {min(m.loads.values())} to {max(m.loads.values())} entries "
                  f"(`--json` lists every load)")
    for line in mixing_lines(m):
        con.print(line)


def mixing_lines(m) -> list[str]:
    pct = f"{m.coverage:.0%}"
    return [
        f"{m.entries:,} entries, {m.judges} judges, {m.per_entry} per entry: {m.panels:,} distinct panels",
        f"judge pairs that sat together: {m.pairs_together:,} of {m.pairs_possible:,} ({pct}; at most {m.pairs_best:,} possible with these sizes)",
        "judges form one connected comparison graph: " + ("yes" if m.connected else f"no, {m.components} separate groups"),
    ]
