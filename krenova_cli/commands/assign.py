"""`krenova assign`: which judge scores which entry in a round, and changes to it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, RoundOpt, one_command_app, store
from krenova_cli.i18n.formatting import count as grouped
from krenova_cli.i18n.messages import _, ngettext

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
    reason: Annotated[str, Opt("--reason", help="Why the judge is replaced or retires (logged).")] = "",
    retire: Annotated[Optional[str], Opt("--retire", help="A judge who leaves: their unscored entries go to the other judges by load and pairs.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Assign K judges to each active entry of a round: balanced (loads differ by at most 1), no conflicts,
    panels mixed so that every pair of judges meets about equally often.

    Without an assignment every judge without a conflict scores every active entry.
    Written to assignments/round-N.toml; a fresh assignment is refused once the round has scores.
    Prints the mixing achieved: distinct panels, judge pairs that sat together, connectivity.
    Later changes: --add ENTRY (a late entry gets its own panel, chosen the same way) and
    --replace-judge J --by K [--from-entry ID ...] --reason TEXT (scores already given stay), and
    --retire J --reason TEXT (the judge leaves from this round on; their unscored entries are spread
    over the eligible judges, least loaded first, fewest meetings next).

    Example: krenova assign --round 1 --per-entry 3 --seed 7
    """
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases import assign as uc

    modes = [m for m, on in (("--per-entry", per_entry is not None), ("--add", bool(add)), ("--replace-judge", replace is not None),
                             ("--retire", retire is not None)) if on]
    if len(modes) != 1:
        raise UserError(_("choose one of --per-entry K (a fresh assignment), --add ENTRY, --replace-judge J --by K "
                          "or --retire J --reason TEXT")
                        if not modes else _("choose one of {modes}, not several").format(modes=", ".join(modes)))
    if retire is not None:
        if by is not None or from_entry:
            raise UserError(_("--by and --from-entry go with --replace-judge J; --retire J chooses the judges itself"))
        from krenova_cli.usecases.judge_state import retire_in_round

        result = retire_in_round(store(), round_no, retire, reason, seed)
        if result.mixing is None:  # a round without assignments: only the expectation goes
            typer.echo(_("{judge} retired from round {n}; the round has no assignment, so no entry had to move").format(
                judge=retire, n=result.round_no), err=True)
            return
        typer.echo(ngettext("{judge} retired from round {n}; {count} unscored entry handed over",
                            "{judge} retired from round {n}; {count} unscored entries handed over", len(result.changed)).format(
            judge=retire, n=result.round_no, count=len(result.changed)), err=True)
        _show(result, as_json)
        return
    if (by is not None or from_entry or reason) and replace is None:
        raise UserError(_("--by, --from-entry and --reason go with --replace-judge J"))
    if replace is not None and by is None:
        raise UserError(_("--replace-judge needs --by K, the judge who takes the place"))
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
            typer.echo(_("round {n}: {entry} -> {judges}").format(n=result.round_no, entry=e, judges=", ".join(js)), err=True)
        if len(result.changed) > 20:
            typer.echo(_("... and {count} more panels changed (`krenova log --limit 1` has them all)").format(
                count=len(result.changed) - 20), err=True)
        if result.kept:
            typer.echo(ngettext("kept on {count} entry already scored: {entries}", "kept on {count} entries already scored: {entries}",
                                len(result.kept)).format(count=len(result.kept), entries=", ".join(result.kept[:10]))
                       + (" ..." if len(result.kept) > 10 else ""), err=True)
        if result.left:
            typer.echo(ngettext("Warning: the replaced judge stays on {count} entry where the new judge already sits: "
                                "{entries}; hand it to another judge with --from-entry",
                                "Warning: the replaced judge stays on {count} entries where the new judge already sits: "
                                "{entries}; hand them to another judge with --from-entry", len(result.left)).format(
                count=len(result.left), entries=" ".join(result.left[:10]) + (" ..." if len(result.left) > 10 else "")), err=True)
    if len(m.loads) <= 15:
        con.print(_("Round {n}: judges' loads").format(n=result.round_no), markup=False)  # a title wider than the table
        con.print(output.table(None, [_("Judge"), _("Entries")], list(m.loads.items())))
    else:
        con.print(_("Round {n}: each judge scores {low} to {high} entries (`--json` lists every load)").format(
            n=result.round_no, low=min(m.loads.values()), high=max(m.loads.values())))
    for line in mixing_lines(m):
        con.print(line)


def mixing_lines(m) -> list[str]:
    pct = "{0:.0%}".format(m.coverage)
    return [
        _("{entries} entries, {judges} judges, {per_entry} per entry: {panels} distinct panels").format(
            entries=grouped(m.entries), judges=m.judges, per_entry=m.per_entry, panels=grouped(m.panels)),
        _("judge pairs that sat together: {together} of {possible} ({pct}; at most {best} possible with these sizes)").format(
            together=grouped(m.pairs_together), possible=grouped(m.pairs_possible), pct=pct,
            best=grouped(m.pairs_best)),
        _("judges form one connected comparison graph: {answer}").format(
            answer=_("yes") if m.connected else _("no, {count} separate groups").format(count=m.components)),
    ]
