"""`krenova export`: the Excel recap, or the same tables as CSV files or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import RawOpt, JsonOpt, one_command_app, store
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def export_cmd(
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="The .xlsx to write (default: out/recap-<competition>.xlsx).")] = None,
    csv_dir: Annotated[Optional[Path], typer.Option("--csv", help="Write the tables as CSV files into this folder instead.")] = None,
    as_json: JsonOpt = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print the recap to PDF (same name, .pdf) through LibreOffice.")] = False,
    raw: RawOpt = False,
    analysis: Annotated[bool, typer.Option("--analysis", help="Add the analysis sheet: each closed round's cutoff under other rules and without each judge, the panel's agreement and bias (as krenova analyse, without the bootstrap).")] = False,
) -> None:
    """Write the Excel recap: the summary page to sign, entries, judges, every round (and its judges' detail),
    awards, judge statistics, an overview with a chart; printable on A4. --pdf prints it through LibreOffice.
    --analysis adds the analysis sheet (seconds more at national scale).

    Example: krenova export -o rekap-krenova-2017.xlsx --pdf
    """
    from krenova_cli.spreadsheets import recap_writer
    from krenova_cli.core.errors import UserError

    s = store()
    out = out and s.output(out)
    csv_dir = csv_dir and s.output(csv_dir)
    if as_json and csv_dir is not None:
        import click

        raise click.UsageError(_("--json and --csv cannot be used together; choose one"))
    if as_json:
        typer.echo(recap_writer.export_json(s, analysis))
        return
    if csv_dir is not None:
        for path in recap_writer.export_csv(s, csv_dir, raw, analysis):
            typer.echo(str(path))
        return
    if out is not None and out.suffix.lower() != ".xlsx":
        raise UserError(_("--output {path}: the recap is an .xlsx file").format(path=out))
    if pdf:
        from krenova_cli.spreadsheets import recap_pdf

        if recap_pdf.soffice() is None:  # say so before writing anything
            raise UserError(recap_pdf.INSTALL_HINT)
        other = recap_pdf.font_substitute()
        if other is not None:
            from krenova_cli.cli.options import warn

            warn(_("the recap is laid out for Calibri's widths, but LibreOffice will print it with {font}: the signed "
                   "summary may take two pages; install Carlito (Debian/Ubuntu: apt-get install fonts-crosextra-carlito)"
                   ).format(font=other))
    path = recap_writer.export(s, out, analysis)
    typer.echo(str(path))
    if pdf:
        typer.echo(str(recap_pdf.print_to_pdf(path, path.with_suffix(".pdf"))))
