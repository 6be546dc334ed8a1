"""`krenova publish -o DIR`: the results and a verification page per paper, as a static website."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import one_command_app, store

app = one_command_app()


@app.command()
def publish_cmd(
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="DIR", help="The site's folder (default: out/site).")] = None,
) -> None:
    """Write a static website: index.html (winners, each cutoff's list with scores, categories, the
    ledger head), v/CODE.html for every paper's verification code, and manifest.json.

    No script, no server: copy the folder to any web host and set verify_url in competition.toml
    to https://HOST/v/{code}.html before printing the papers, so that their QR codes lead there.
    Publish again after every change (an undone award, a withdrawal) so revoked papers say so.

    Example: krenova publish -o situs
    """
    from krenova_cli.usecases.publish import publish

    result = publish(store(), out)
    typer.echo(str(result.folder / "index.html"))
    from krenova_cli.i18n.messages import _

    typer.echo(_("{count} file(s) written in {folder}: {valid} valid and {revoked} revoked paper(s); ledger head {head}").format(
        count=len(result.files), folder=result.folder, valid=result.valid, revoked=result.revoked, head=result.ledger_head),
        err=True)
