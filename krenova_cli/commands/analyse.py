"""`krenova analyse`: how defensible a round's cutoff is (other rules, each judge left out, bootstrap, agreement)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from krenova_cli.cli.options import JsonOpt, RoundOpt, one_command_app, store

app = one_command_app()


@app.command()
def analyse_cmd(
    round_no: RoundOpt = None,
    resamples: Annotated[int, typer.Option("--resamples", help="Bootstrap resamples of the judges (0: none).", min=0, max=100_000)] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap; the same seed gives the same figures.", min=0, max=2**32 - 1)] = 0,
    top: Annotated[int | None, typer.Option("--top", help="Test a top K (default: the round's cutoff).", min=1)] = None,
    as_json: JsonOpt = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE", help="Also write a report with plots to this file: HTML, or PDF when it ends in .pdf (needs the pdf extra).")] = None,
) -> None:
    """Test a round's cutoff: other aggregation rules, each judge left out, judges resampled, panel agreement.

    Shows who changes sides of the cutoff under mean, median, trimmed and zscore and
    without each judge (exact), each entry's probability of passing when the judges
    are resampled, Kendall's W, Krippendorff's alpha, each judge's leniency and single
    scores far from the panel. A round without a cutoff needs --top K.

    Example: krenova analyse --round 4 --resamples 1000 --seed 1 -o out/analysis-4.pdf
    """
    from krenova_cli.core import lifecycle
    from krenova_cli.usecases.analyse import AnalyseOptions, analyse, check_report_path, verdict, write_report

    s = store()
    output = output and s.output(output)
    if output is not None:
        check_report_path(output)  # before the analysis: a missing folder or WeasyPrint is said at once
    n = round_no
    if n is None:
        probe = s.load(rounds=())
        n = lifecycle.current_round(probe) or probe.last_round
    result = analyse(s, AnalyseOptions(n, top, resamples, seed))
    data = result.as_json()
    if output is not None:
        path = write_report(s, result, output)
        from krenova_cli.i18n.messages import _

        typer.echo(_("Report written: {path}").format(path=path), err=True)
    if as_json:
        from krenova_cli.cli import output as out

        out.print_json(data)
        return
    _show(result, data, verdict(data))


def _show(result, data: dict, lines: list[str]) -> None:
    import textwrap

    from rich.markup import escape

    from krenova_cli.cli import output as out
    from krenova_cli.i18n.messages import _

    con = out.console()
    width = min(con.width, 80)
    top = data["cutoff"]
    con.print("[bold]" + escape(data["name"]) + "[/bold]" + escape(_(" (round {n}): top {top}").format(n=data["round"], top=top))
              + (" (--top)" if data["cutoff_from"] == "--top" else ""), width=width)
    for line in lines:
        con.print(line, width=width, markup=False)
    from krenova_cli.core.rounding import shown

    state = result.state
    p = data["pass_probability"]
    # the rows as `standings` ranks and scores them, in the round record's order (the committee's choice
    # out of a tie at the cutoff above the line, the entries it passed over below)
    near = result.near_cutoff()
    C = out.Column
    near_columns = [C(_("Place"), justify="right"), C(_("ID")), C(_("Title"), flexible=True, min_width=12, want=30),
                    C(_("Score"), justify="right"), C(_("Passes")), C(_("P(pass)"), justify="right")]
    record = state.records.get(data["round"]) if data["compared_with"] == "decision" else None
    near_rows, sections = [], []
    for i, r in enumerate(near):
        e = r["entry_id"]
        inside = r["advances"] or r["tie_at_cutoff"]  # the line falls after the last entry in (or tied at the cutoff)
        sections.append(inside and i + 1 < len(near) and not (near[i + 1]["advances"] or near[i + 1]["tie_at_cutoff"]))
        passes = _("yes") if r["advances"] else _("tie") if r["tie_at_cutoff"] else _("no")
        near_rows.append([f"{r['rank']}{'=' if r['tied'] else ''}", e, state.entries[e].title if e in state.entries else "",
                          shown(r["exact"]), passes, "-" if e not in p else f"{p[e]:.3f}"])
    t = out.fitted_table(_("Near the cutoff"), near_columns, near_rows, width, sections=sections)
    con.print(t)
    if record is not None:
        from krenova_cli.cli.wording import cutoff_decisions

        for line in cutoff_decisions(record):
            out.hint(con, line, width=width)
    judge_columns = [C(_("Judge")), C(_("Name"), flexible=True, min_width=12, want=20), C(_("Deviation"), justify="right"),
                     C(_("{level} interval").format(level="95%"), justify="right"), C(_("Out"), justify="right"),
                     C(_("Changes"), flexible=True, min_width=6, want=12)]
    per_judge = {}
    for o in data["outliers"]:
        per_judge[o["judge"]] = per_judge.get(o["judge"], 0) + 1
    judge_rows = []
    for jid, v in data["judges"].items():
        ci = "-" if v["ci_low"] is None else f"{v['ci_low']:+.2f}..{v['ci_high']:+.2f}"
        loo = data["leave_one_out"].get(jid, {})
        changes = ", ".join(loo.get("changed", [])) or "-"
        if loo.get("needs_decision") and data["compared_with"] == "decision":  # a tie the committee has not decided
            changes += " " + _("(new tie: {items})").format(items=", ".join(loo["needs_decision"]["tied"]))
        judge_rows.append([jid, v["name"], f"{v['mean_deviation']:+.2f}", ci, str(per_judge.get(jid, 0)), changes])
    j = out.fitted_table(_("Judges, most lenient first (Kendall's W {w}, alpha {alpha})").format(
        w=_f(data["kendall_w"], 3), alpha=_f(data["alpha"], 3)), judge_columns, judge_rows, width)
    con.print(j)
    legend = _("Deviation: the judge's total minus the other judges' mean on the same entries; Out: single scores "
               "more than 3 SD from the panel; Changes: entries that change sides without that judge.")
    typer.echo(textwrap.fill(legend, 80), err=True)


def _f(value, places: int) -> str:
    return "-" if value is None else f"{value:.{places}f}"
