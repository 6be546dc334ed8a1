"""`krenova awards`: decide places and prizes from the final round, once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, one_command_app, preferred, store
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def awards_cmd(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the decision; change nothing.")] = False,
    prefer: Annotated[Optional[list[str]], typer.Option("--prefer", help="Committee's order of entries tied at a prize place, best first: --prefer K1 K2.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Reason for --prefer or --redo (recorded).")] = "",
    redo: Annotated[bool, typer.Option("--redo", help="Decide again (needs --reason).")] = False,
    undo: Annotated[bool, typer.Option("--undo", help="Remove the decision (needs --reason), e.g. to disqualify a winner and decide again.")] = False,
    as_json: JsonOpt = False,
    more: Annotated[Optional[list[str]], typer.Argument(hidden=True, metavar="ID")] = None,
) -> None:
    """Decide the places and prizes from the final round's ranking; afterwards, show the decision.

    A place whose entry scores below `[awards] min_score` of the settings stays vacant. To disqualify
    a winner: `krenova awards --undo --reason TEXT`, `krenova entry withdraw ID --disqualify --reason TEXT`,
    then `krenova awards` again.

    Example: krenova awards
    """
    from krenova_cli.cli import output
    from krenova_cli.i18n.formatting import rupiah
    from krenova_cli.core.closing import final_score
    from krenova_cli.usecases.awards import decide_awards

    s = store()
    flat = preferred(prefer, more)
    if undo:
        if redo or flat or dry_run:
            raise typer.BadParameter(_("--undo takes only --reason"), param_hint="--undo")
        from krenova_cli.usecases.awards import undo_awards

        undo_awards(s, reason)
        output.message(_("awards decision removed (logged); decide again with `krenova awards`"))
        return
    awards = decide_awards(s, flat, reason, redo, dry_run)
    if as_json:
        output.print_json(awards.to_json())
        return
    state = s.load(rounds=())
    locale = state.competition.competition.locale
    vacant = "tidak ada pemenang" if locale == "id" else "no winner"
    rows = [(p.title, "-", vacant, "", rupiah(p.amount, locale), "-") if p.entry_id is None else
            (p.title, p.entry_id, state.entries[p.entry_id].title, state.entries[p.entry_id].institution,
             rupiah(p.amount, locale), output.shown(final_score(state, awards.round, p))) for p in awards.places]
    C = output.Column
    # A place's title is text ("Juara I Kelompok Replikasi"): it wraps, so ids, amounts and scores keep their width
    columns = [C(_("Place"), flexible=True, min_width=9, want=12), C(_("ID")), C(_("Title"), flexible=True, min_width=12),
               C(_("Institution"), flexible=True, min_width=10, drop=1), C(_("Prize"), justify="right"),
               C(_("Final score"), justify="right")]
    title = (_("Awards (dry run) from round {n}") if dry_run else _("Awards from round {n}")).format(n=awards.round)
    output.console().print(output.fitted_table(title, columns, rows))
    from krenova_cli.cli.record_words import decision

    for d in awards.decisions:
        typer.echo(_("Decision: {decision}").format(decision=decision(d.to_json(), awards=True)), err=True)

