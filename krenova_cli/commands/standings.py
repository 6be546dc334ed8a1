"""`krenova standings`: the ranking table of a round."""

from __future__ import annotations

import typer

from krenova_cli.cli.options import CsvOpt, RawOpt, JsonOpt, RoundOpt, one_command_app, store

app = one_command_app()


@app.command()
def standings_cmd(round_no: RoundOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, raw: RawOpt = False) -> None:
    """Show the ranking of a round: ranks with ties, judges' totals, round and ranking scores, the cutoff.

    For an open round, `advances` says who would go on if the round closed now.

    Example: krenova standings --round 4 --json
    """
    from krenova_cli.core import lifecycle
    from krenova_cli.cli import output
    from krenova_cli.core.errors import UserError
    from krenova_cli.core.advice import normalisation_notes
    from krenova_cli.core.closing import standings_rows, would_advance
    from krenova_cli.core.rounding import rounded

    s = store()
    comp = s.competition()
    n = round_no
    if n is None:
        probe = s.load(rounds=())
        n = lifecycle.current_round(probe) or probe.last_round
    if not 1 <= n <= len(comp.rounds):
        raise UserError(f"there is no round {n}; this competition has rounds 1 to {len(comp.rounds)}")
    state = s.load(rounds=lifecycle.rounds_needed(comp, n))
    if lifecycle.round_state(state, n) == lifecycle.PENDING:
        raise UserError(f"round {n} has not started; round {n - 1} is still open")
    st = lifecycle.standings(state, n)
    if n in state.records:
        going, tie = state.records[n].advancing, ()
    else:
        going, tie = would_advance(state, st)
    rows = [r.to_json() for r in standings_rows(state, st, going, tie)]
    for row, r in zip(rows, st.rows):
        row["judges_raw"] = {j: rounded(v) for j, v in r.raw_totals.items()}  # before normalisation
    notes = normalisation_notes(state, n)
    for line in notes:
        typer.echo(f"Warning: {line}", err=True)
    if as_json:
        scoring = comp.scoring
        output.print_json({"round": n, "name": comp.round(n).name, "state": lifecycle.round_state(state, n),
                           "cutoff": comp.round(n).advance_top,
                           "normalisation": {"method": comp.normalisation_for(n), "min_scores": scoring.min_scores,
                                             "min_spread": scoring.min_spread, "clip": scoring.clip, "warnings": notes},
                           "rows": rows})
        return
    from krenova_cli.core.ids import natural_key

    judges = sorted({j for r in rows for j in r["judges"]}, key=natural_key)
    cols = ["rank", "tied", "entry_id", "title", "institution", "category", *judges, "round_score", "ranking_score", "advances", "missing"]
    if as_csv:
        output.print_csv(cols, ([r["rank"], r["tied"], r["entry_id"], r["title"], r["institution"], r["category"],
                                 *(r["judges"].get(j) for j in judges), r["round_score"], r["ranking_score"],
                                 r["advances"], ";".join(r["missing"])] for r in rows))
        return
    from rich.table import Table

    top = comp.round(n).advance_top
    t = Table(title=f"{comp.round(n).name} ({lifecycle.round_state(state, n)})"
              + (f": top {top} advance" if top else ""), title_justify="left", header_style="bold")
    con = output.console()
    id_w = max([len(r["entry_id"]) for r in rows] + [2])

    def need(n_judges: int, inst: bool) -> int:
        cols = 6 + n_judges + inst
        return 4 + id_w + 6 + 7 + 7 + 20 + (16 if inst else 0) + 6 * n_judges + 3 * cols + 1

    show_judges, show_inst = next(((j, i) for j, i in ((True, True), (True, False), (False, True), (False, False))
                                   if need(len(judges) if j else 0, i) <= con.width), (False, False))
    judges_shown = judges if show_judges else []
    wide = need(len(judges_shown), True) + 23 + 30 <= con.width
    slack = max(0, con.width - need(len(judges_shown), show_inst) - (23 if wide else 0))
    title_w = min(44, 20 + (slack // 2 if show_inst else slack))
    inst_w = min(34, 16 + slack - (title_w - 20))
    t.add_column("Rank", justify="right", no_wrap=True, min_width=4)
    t.add_column("ID", no_wrap=True, min_width=id_w)
    t.add_column("Title", overflow="ellipsis", no_wrap=True, max_width=title_w)
    if show_inst:
        t.add_column("Institution", overflow="ellipsis", no_wrap=True, max_width=inst_w)
    if wide:
        t.add_column("Category", overflow="ellipsis", no_wrap=True, max_width=20)
    for j in judges_shown:
        t.add_column(j, justify="right", no_wrap=True, min_width=5)
    for c in ("Round", "Ranking"):
        t.add_column(c, justify="right", no_wrap=True, min_width=6)
    t.add_column("Missing", min_width=7)
    for i, r in enumerate(rows):
        rank = "-" if r["rank"] is None else f"{r['rank']}{'=' if r['tied'] else ''}"
        style = None if r["advances"] else "dim"
        if r["tie_at_cutoff"]:
            style = "yellow"
        end = top is not None and i + 1 < len(rows) and r["advances"] and not rows[i + 1]["advances"]
        t.add_row(rank, r["entry_id"], r["title"], *([r["institution"]] if show_inst else []),
                  *([r["category"]] if wide else []), *(_fmt(r["judges"].get(j)) for j in judges_shown), _fmt(r["round_score"]), _fmt(r["ranking_score"]),
                  ", ".join(r["missing"]), style=style, end_section=end)
    con.print(t)
    if tie:
        con.print(f"[yellow]Tie across the cutoff: {', '.join(tie)}. Resolve it when closing: "
                  f"krenova advance --round {n} --include-ties | --prefer ID... --reason TEXT[/yellow]")
    typer.echo("'=' marks a shared rank; rows after the line do not advance.", err=True)


def _fmt(value) -> str:
    from krenova_cli.core.rounding import shown

    return shown(value)
