"""`krenova screen`: the secretariat's decisions in the administrative screening (seleksi administrasi)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import group_app, store
from krenova_cli.i18n.messages import _, ngettext

app = group_app("Pass or stop entries in the administrative screening (round 0), before round 1.\n\n"
                "Example: krenova screen stop K003 --reason \"Surat pengantar kepala OPD tidak dilampirkan\"")

Ids = Annotated[Optional[list[str]], typer.Argument(help="Entry ids.", metavar="ID...")]


@app.command("stop")
def stop_cmd(
    entry_ids: Ids = None,
    reason: Annotated[str, typer.Option("--reason", help="Why the entries do not pass (printed on the minutes).")] = "",
    incomplete: Annotated[bool, typer.Option("--incomplete", help="Every entry lacking a required document that has no decision yet.")] = False,
) -> None:
    """Stop entries in the administrative screening: they do not go on to round 1.

    Example: krenova screen stop --incomplete --reason "Berkas administrasi tidak lengkap"
    """
    from krenova_cli.usecases.screening import decide

    done = decide(store(), list(entry_ids or []), "stop", reason, incomplete)
    typer.echo(ngettext("Stopped {count} entry: {ids}", "Stopped {count} entries: {ids}", len(done)).format(
        count=len(done), ids=", ".join(done)), err=True)


@app.command("pass")
def pass_cmd(
    entry_ids: Ids = None,
    reason: Annotated[str, typer.Option("--reason", help="Needed when an entry lacks a required document: why it passes all the same.")] = "",
) -> None:
    """Pass entries in the administrative screening (an entry with every required document passes without this).

    Example: krenova screen pass K009 --reason "Surat pengantar diserahkan langsung ke sekretariat"
    """
    from krenova_cli.usecases.screening import decide

    done = decide(store(), list(entry_ids or []), "pass", reason)
    typer.echo(ngettext("Passed {count} entry: {ids}", "Passed {count} entries: {ids}", len(done)).format(
        count=len(done), ids=", ".join(done)), err=True)


@app.command("undo")
def undo_cmd(entry_ids: Annotated[list[str], typer.Argument(help="Entry ids.", metavar="ID...")]) -> None:
    """Take back the decision on entries while the screening is open.

    Example: krenova screen undo K003
    """
    from krenova_cli.usecases.screening import undecide

    done = undecide(store(), entry_ids)
    typer.echo(_("Decision taken back: {ids}").format(ids=", ".join(done)), err=True)
