"""`krenova packets`: each judge's packet for a round (sheet, proposals, index, letter, checksums)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import RoundOpt, one_command_app, store
from krenova_cli.i18n.messages import _, ngettext

app = one_command_app()


@app.command()
def packets_cmd(
    round_no: RoundOpt = None,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="DIR", help="Folder for the packets (default: out/packets/round-N).")] = None,
    as_zip: Annotated[bool, typer.Option("--zip", help="One .zip per judge instead of a folder.")] = False,
    judge: Annotated[Optional[list[str]], typer.Option("--judge", "-j", help="Only this judge (repeatable).")] = None,
    verify: Annotated[Optional[Path], typer.Option("--verify", metavar="PACKET", help="Check a packet (folder or .zip) against its SHA256SUMS.")] = None,
) -> None:
    """Write one packet per judge: the score sheet, the proposals of that judge's entries only, an index, a covering letter and SHA256SUMS.

    A judge's entries are those of the judge's score sheet (the round's assignment, conflicts left out).
    `--verify PACKET` checks a packet that was sent or received.

    Example: krenova packets --round 2 --zip -o paket-juri
    """
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases.packets import make_packets, verify_packet

    if verify is not None:
        count, problems = verify_packet(verify)
        if problems:
            raise UserError(_("{path}: {problems}").format(path=verify, problems="; ".join(problems)))
        typer.echo(ngettext("{path}: {count} file verified", "{path}: {count} files verified", count).format(path=verify, count=count))
        return
    for p in make_packets(store(), round_no, out, as_zip, judge):
        typer.echo("{0}  ({1}, {2})".format(p.path, ngettext("{count} entry", "{count} entries", p.entries).format(count=p.entries),
                                            ngettext("{count} file", "{count} files", p.files).format(count=p.files)))
