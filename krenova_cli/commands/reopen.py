"""`krenova reopen`: undo the close of a round."""

from __future__ import annotations

from typing import Annotated

import typer

from krenova_cli.cli.options import one_command_app, store

app = one_command_app()


@app.command()
def reopen_cmd(
    round_no: Annotated[int, typer.Option("--round", "-r", help="The closed round to reopen (0: the administrative screening).", min=0)],
    reason: Annotated[str, typer.Option("--reason", help="Why (logged).")],
) -> None:
    """Undo the close of a round while the next round has no scores; its scores unlock.

    Example: krenova reopen --round 3 --reason "Nilai J2 untuk K014 salah ketik"
    """
    from krenova_cli.usecases.rounds import reopen_round

    if round_no == 0:
        from krenova_cli.usecases.screening import reopen_screening

        reopen_screening(store(), reason)
        from krenova_cli.i18n.messages import _

        typer.echo(_("the administrative screening is open again"), err=True)
        return
    reopen_round(store(), round_no, reason)
    from krenova_cli.i18n.messages import _

    typer.echo(_("round {n} is open again").format(n=round_no), err=True)
