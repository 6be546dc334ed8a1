"""`krenova adopt`: take a file edited by hand into the ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from krenova_cli.cli.options import one_command_app, store
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def adopt_cmd(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Data files edited (or deleted) by hand.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the file was edited by hand (recorded in the ledger).")] = "",
    reopen: Annotated[bool, typer.Option("--reopen", help="Also reopen what an edit of the settings changes: remove the "
                                         "awards decision, reopen the closed rounds it moves (same logged change).")] = False,
) -> None:
    """Take a hand edit into the record, after validating the whole folder with it.

    krenova refuses to change a competition while a data file differs from what
    the ledger last wrote; `adopt` records the new content with your reason.

    Example: krenova adopt competition.toml --reason "Jadwal penilaian V diundur"
    """
    from krenova_cli.usecases.adopt import adopt

    for rel in adopt(store(), files, reason, reopen):
        typer.echo(_("adopted {file}").format(file=rel), err=True)
    from krenova_cli.cli.context import warn
    from krenova_cli.usecases.revoked import revoked_by_last_change, revoked_warning

    said = revoked_warning(revoked_by_last_change(store()))
    if said:
        warn(said)
