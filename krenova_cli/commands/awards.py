"""`krenova awards`: decide places and prizes from the final round, once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, one_command_app, preferred, store

app = one_command_app()


@app.command()
def awards_cmd(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the decision; change nothing.")] = False,
    prefer: Annotated[Optional[list[str]], typer.Option("--prefer", help="Committee's order of entries tied at a prize place, best first: --prefer K1 K2.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Reason for --prefer or --redo (recorded).")] = "",
    redo: Annotated[bool, typer.Option("--redo", help="Decide again (needs --reason).")] = False,
    as_json: JsonOpt = False,
    more: Annotated[Optional[list[str]], typer.Argument(hidden=True, metavar="ID")] = None,
) -> None:
    """Decide the places and prizes from the final round's ranking; afterwards, show the decision.

    Example: krenova awards
    """
    from krenova_cli.cli import output
    from krenova_cli.i18n.formatting import rupiah
    from krenova_cli.usecases.awards import decide_awards

    s = store()
    flat = preferred(prefer, more)
    awards = decide_awards(s, flat, reason, redo, dry_run)
    if as_json:
        output.print_json(awards.to_json())
        return
    state = s.load(rounds=())
    locale = state.competition.competition.locale
    rows = [(p.title, p.entry_id, state.entries[p.entry_id].title, state.entries[p.entry_id].institution,
             rupiah(p.amount, locale), output.shown_float(p.ranking_score)) for p in awards.places]
    output.console().print(output.table(("Awards (dry run)" if dry_run else "Awards") + f" from round {awards.round}",
                                        ["Place", "ID", "Title", "Institution", "Prize", "Score"], rows))
    for d in awards.decisions:
        typer.echo(f"Decision: tied {', '.join(d.tied)}, ordered {', '.join(d.chosen)}. Reason: {d.reason}", err=True)
