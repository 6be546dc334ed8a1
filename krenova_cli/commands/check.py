"""`krenova check`: verify everything and list every problem as `file:line: message`."""

from __future__ import annotations

import sys

import click

from krenova_cli.cli.context import json_option, plain_command, store
from krenova_cli.i18n.messages import _


def command() -> click.Command:
    """The command, new at each call (its help is worded in place for the interface language).

    Written with click alone, as `status` is: a national `check` takes both cores for a second and a
    half, and Typer's import would add 30 ms to it for nothing (pydantic is imported to validate anyway)."""
    return plain_command("check", check_cmd, json_option(),
                         click.Option(["--anchor", "anchor_hex"], metavar="HEX", default=None,
                                      help="A ledger head printed earlier (16 hex digits, e.g. from the minutes): "
                                           "is it still in the ledger?"))


def check_cmd(as_json: bool = False, anchor_hex: str | None = None) -> None:
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
            if seq is None:  # first: no record has it (a typo is likelier than a rewritten history)
                from krenova_cli.usecases.check import anchor_near

                near = anchor_near(s, anchor_hex)
                if near is not None:
                    errors.append(DataError("", None, _(
                        "anchor {anchor}: no record of this ledger has this head; record {seq}'s head {near} differs in one or "
                        "two characters: compare it with the printed page (`krenova check --anchor {near}`)").format(
                        anchor=anchor_hex, seq=near[1], near=near[0])))
                else:
                    errors.append(DataError("", None, _(
                        "anchor {anchor}: no record of this ledger has this head. Compare the 16 characters with the printed "
                        "page (`krenova log --json` gives each record's hash); if they are right, this ledger's history was rewritten "
                        "after that head was printed").format(anchor=anchor_hex)))
            else:
                click.echo(_("anchor {anchor}: found, ledger record {seq}").format(anchor=anchor_hex, seq=seq), err=True)
    from krenova_cli.usecases.settings import date_warnings

    warnings = [] if errors else date_warnings(s.competition())  # what the papers would print wrongly; not an error
    if as_json:
        output.print_json({"errors": [e.as_json() for e in errors]} | ({"warnings": warnings} if warnings else {}))
    else:
        from krenova_cli.i18n.messages import localize

        for e in errors:
            click.echo(_("{error}: {message}").format(error=_("Error"), message=e.worded(localize)), err=True)
        from krenova_cli.cli.context import warn

        for line in warnings:
            warn(line)
        if not errors:
            click.echo(_("ok: everything verifies"), err=True)
    if errors:
        sys.exit(1)  # (click.exceptions.Exit would be the root's return value, not the exit code)
