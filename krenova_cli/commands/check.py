"""`krenova check`: verify everything and list every problem as `file:line: message`."""

from __future__ import annotations

import typer

from krenova_cli.cli.options import JsonOpt, one_command_app, store

app = one_command_app()


@app.command()
def check_cmd(as_json: JsonOpt = False) -> None:
    """Verify the competition: schema, references, ranges, locked rounds, the ledger chain.

    Exits 1 when anything is wrong, listing each problem as file:line: message.

    Example: krenova check
    """
    from krenova_cli.cli import output
    from krenova_cli.usecases.check import audit

    errors = audit(store())
    if as_json:
        output.print_json({"errors": [e.as_json() for e in errors]})
    else:
        for e in errors:
            typer.echo(f"Error: {e}", err=True)
        if not errors:
            typer.echo("ok: everything verifies", err=True)
    if errors:
        raise typer.Exit(1)
