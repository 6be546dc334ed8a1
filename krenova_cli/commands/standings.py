"""`krenova standings`: the ranking table of a round."""

from __future__ import annotations

import typer

from krenova_cli.cli.options import CsvOpt, RawOpt, JsonOpt, RoundOpt, one_command_app, store, warn
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def standings_cmd(round_no: RoundOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, raw: RawOpt = False) -> None:
    """Show the ranking of a round: ranks with ties, judges' totals, round and ranking scores, the cutoff.

    For an open round, `advances` says who would go on if the round closed now.

    Example: krenova standings --round 4 --json
    """
    from krenova_cli.cli.options import one_format

    one_format(as_json, as_csv)
    from krenova_cli.core import lifecycle
    from krenova_cli.cli import output
    from krenova_cli.core.errors import UserError
    from krenova_cli.core.advice import normalisation_notes
    from krenova_cli.core.closing import decided_order, standings_rows, would_advance
    from krenova_cli.core.rounding import rounded

    s = store()
    comp = s.competition()
    n = round_no
    if n is None:
        probe = s.load(rounds=())
        n = lifecycle.current_round(probe) or probe.last_round
    if not 1 <= n <= len(comp.rounds):
        raise UserError(_("there is no round {n}; this competition has rounds 1 to {last}").format(n=n, last=len(comp.rounds)))
    state = s.load(rounds=lifecycle.rounds_needed(comp, n))
    if lifecycle.round_state(state, n) == lifecycle.PENDING:
        if n == 1:  # the administrative screening comes first
            raise UserError(_("round 1 has not started: the administrative screening is still open "
                              "(close it with `krenova advance --round 0`)"))
        raise UserError(_("round {n} has not started; round {previous} is still open").format(n=n, previous=n - 1))
    st = lifecycle.standings(state, n)
    record = state.records.get(n)
    if record is not None:
        going, tie = record.advancing, ()
    else:
        going, tie = would_advance(state, st)
    rows = [r.to_json() for r in standings_rows(state, st, going, tie)]
    for row, r in zip(rows, st.rows):
        row["judges_raw"] = {j: rounded(v) for j, v in r.raw_totals.items()}  # before normalisation
    if record is not None:  # as decided: an entry the committee passed over in a tie goes below the line
        rows = decided_order(rows, going)
    exact_rows = {r.entry_id: r for r in st.rows}
    notes = normalisation_notes(state, n)
    for line in notes:
        warn(line)
    for r in st.rows:  # still ranked by the round's record, but out of the competition: say why
        out = state.entries[r.entry_id].withdrawn if r.entry_id in state.entries else None
        if out is not None and out.round <= n:
            if out.disqualified:
                warn(_("{entry}: disqualified in round {n} ({reason})").format(entry=r.entry_id, n=out.round, reason=out.reason))
            else:
                warn(_("{entry}: withdrawn in round {n} ({reason})").format(entry=r.entry_id, n=out.round, reason=out.reason))
    if as_json:
        from krenova_cli.usecases.scores import round_comments

        said = round_comments(store(), n)
        for row in rows:
            row["comments"] = said.get(row["entry_id"], {})
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
    top = comp.round(n).advance_top
    con = output.console()
    C = output.Column
    # narrow terminals leave out the category, then the institution, then the judges' columns
    columns = [C(_("Rank"), justify="right"), C(_("ID")), C(_("Title"), flexible=True, min_width=12, want=24),
               C(_("Institution"), flexible=True, min_width=10, want=24, drop=2),
               C(_("Category"), flexible=True, min_width=10, want=24, drop=1),
               *(C(j, justify="right", drop=3) for j in judges),
               C(_("Round score"), justify="right"), C(_("Ranking"), justify="right"), C(_("Missing"), flexible=True, min_width=7, drop=4)]
    table_rows, styles, sections = [], [], []
    for i, r in enumerate(rows):
        x = exact_rows[r["entry_id"]]  # the exact row, so shown values are rounded once
        rank = "-" if r["rank"] is None else f"{r['rank']}{'=' if r['tied'] else ''}"
        style = None if r["advances"] else "dim"
        if r["tie_at_cutoff"]:
            style = "yellow"
        styles.append(style)
        sections.append(top is not None and i + 1 < len(rows) and r["advances"] and not rows[i + 1]["advances"])
        table_rows.append([rank, r["entry_id"], r["title"], r["institution"], comp.category_name(r["category"]),
                           *(_fmt(x.totals.get(j)) for j in judges), _fmt(x.round_score), _fmt(x.ranking_score),
                           ", ".join(r["missing"])])
    title = "{0} ({1})".format(comp.round(n).name, _(lifecycle.round_state(state, n)))
    if top:
        title += _(": top {k} advance").format(k=top)
    output.print_fitted(con, title, columns, table_rows, con.width, styles, sections)
    if tie:
        output.hint(con, _("Tie across the cutoff: {tied}. Resolve it when closing: `krenova advance --round {n} --include-ties` "
                           "or `krenova advance --round {n} --prefer ID... --reason TEXT`").format(tied=", ".join(tie), n=n),
                    style="yellow")
    if record is not None:
        from krenova_cli.cli.wording import cutoff_decisions

        for line in cutoff_decisions(record):
            output.hint(con, line)
    typer.echo(_("'=' marks a shared rank; rows after the line do not advance."), err=True)


def _fmt(value) -> str:
    from krenova_cli.core.rounding import shown

    return shown(value)
