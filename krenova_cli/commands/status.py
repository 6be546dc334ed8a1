"""`krenova status`: where the competition stands and the next step."""

from __future__ import annotations


from krenova_cli.cli.options import JsonOpt, one_command_app, store

app = one_command_app()


@app.command()
def status_cmd(as_json: JsonOpt = False) -> None:
    """Where the competition stands: each round's state and progress, each judge's progress, the next step.

    Example: krenova status
    """
    from krenova_cli.cli import output
    from krenova_cli.i18n.messages import _
    from krenova_cli.usecases.status import status

    data = status(store())
    rounds, judges, missing = data["rounds"], data["judge_progress"], data["missing"]
    current, nxt = data["current_round"], data["next"]
    import typer

    for line in data["warnings"]:
        typer.echo(f"Warning: {line}", err=True)
    if as_json:
        output.print_json(data)
        return
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    con = output.console()
    con.print(f"[bold]{escape(data['competition'])}[/bold]: {data['entries']} {_('entries')}, {data['judges']} {_('judges')}", markup=True)
    t = Table(header_style="bold")
    for c in ("Round", "Name", "State", "Entries", "Scores", "Advance"):
        t.add_column(_(c))
    for r in rounds:
        t.add_row(str(r["number"]), r["name"], _(r["state"]), str(r["entries"] or ""),
                  f"{r['recorded']}/{r['expected']}" if r["expected"] else "",
                  "" if r["advancing"] is None else str(r["advancing"])
                  + (f" ({_('top {k}').format(k=r['advance_top'])})" if r["advance_top"] else ""))
    con.print(t)
    if judges:
        jt = Table(title=_("Round {n}: judges' progress").format(n=current), title_justify="left", header_style="bold")
        for c in ("Judge", "Name", "Progress", "Scored"):
            jt.add_column(_(c))
        for j in judges:
            jt.add_row(j["judge"], j["name"], ProgressBar(total=max(j["expected"], 1), completed=j["recorded"], width=30),
                       f"{j['recorded']}/{j['expected']}")
        con.print(jt)
    if missing:
        shown = "; ".join(f"{m['entry_id']} ({', '.join(m['judges'])})" for m in missing[:10])
        con.print(f"{_('Missing')}: {shown}" + (f" ... +{len(missing) - 10} {_('more entries')}" if len(missing) > 10 else ""),
                  markup=False)
    con.print(f"{_('Next')}: {_(data['next_template']).format(n=current)}", markup=False)
