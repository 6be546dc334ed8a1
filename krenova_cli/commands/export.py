"""`krenova export`: the Excel recap, or the same tables as CSV files or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, one_command_app, store

app = one_command_app()


@app.command()
def export_cmd(
    out: Annotated[Optional[Path], typer.Option("--output", "-o", help="The .xlsx to write (default: out/recap-<competition>.xlsx).")] = None,
    csv_dir: Annotated[Optional[Path], typer.Option("--csv", help="Write the tables as CSV files into this folder instead.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the Excel recap: summary, entries, judges, every round, awards, judge statistics, a chart.

    Example: krenova export -o rekap-krenova-2017.xlsx
    """
    from krenova_cli.spreadsheets import recap_writer
    from krenova_cli.core.errors import UserError

    s = store()
    if as_json:
        typer.echo(recap_writer.export_json(s))
        return
    if csv_dir is not None:
        for path in recap_writer.export_csv(s, csv_dir):
            typer.echo(str(path))
        return
    if out is not None and out.suffix.lower() != ".xlsx":
        raise UserError(f"--output {out}: the recap is an .xlsx file")
    typer.echo(str(recap_writer.export(s, out)))
