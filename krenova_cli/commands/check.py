"""`krenova check`: verify everything and list every problem as `file:line: message`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, one_command_app, store
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def check_cmd(
    as_json: JsonOpt = False,
    anchor_hex: Annotated[Optional[str], typer.Option("--anchor", metavar="HEX", help="A ledger head printed earlier (16 hex digits, e.g. from the minutes): is it still in the ledger?")] = None,
) -> None:
    """Verify the competition: schema, references, ranges, locked rounds, the ledger chain.

    Exits 1 when anything is wrong, listing each problem as file:line: message.

    Example: krenova check --anchor 3f2a9c0d1e4b5a67
    """
    from krenova_cli.cli import output
    from krenova_cli.usecases.check import audit

    s = store()
    errors = audit(s)
    if anchor_hex is not None:
        import re

        from krenova_cli.core.errors import DataError
        from krenova_cli.usecases.check import anchor_found

        if not re.fullmatch(r"[0-9a-fA-F]{16,64}", anchor_hex.strip()):
            errors.append(DataError("", None, _("--anchor: {anchor} is not a ledger head (16 hex digits, as printed on the minutes)").format(
                anchor=repr(anchor_hex))))
        else:
            seq = anchor_found(s, anchor_hex)
            if seq is None:
                errors.append(DataError("", None, _("anchor {anchor}: not in the ledger; its history was rewritten after that head "
                                                    "was printed").format(anchor=anchor_hex)))
            else:
                typer.echo(_("anchor {anchor}: found, ledger record {seq}").format(anchor=anchor_hex, seq=seq), err=True)
    from krenova_cli.usecases.settings import date_warnings

    warnings = [] if errors else date_warnings(s.competition())  # what the papers would print wrongly; not an error
    if as_json:
        output.print_json({"errors": [e.as_json() for e in errors]} | ({"warnings": warnings} if warnings else {}))
    else:
        from krenova_cli.i18n.messages import localize

        for e in errors:
            typer.echo(_("{error}: {message}").format(error=_("Error"), message=e.worded(localize)), err=True)
        from krenova_cli.cli.options import warn

        for line in warnings:
            warn(line)
        if not errors:
            typer.echo(_("ok: everything verifies"), err=True)
    if errors:
        raise typer.Exit(1)
