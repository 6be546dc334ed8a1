"""`krenova schedule`: the schedule of a presentation round (who presents when, and where)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, RawOpt, one_command_app, store
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def schedule_cmd(
    round_no: Annotated[int, typer.Option("--round", "-r", help="The presentation round.", min=1)],
    csv_file: Annotated[Optional[Path], typer.Option("--csv", metavar="FILE", help="Also write the schedule as CSV (.csv).")] = None,
    xlsx_file: Annotated[Optional[Path], typer.Option("--xlsx", metavar="FILE", help="Also write it as an Excel workbook (.xlsx) to print or send.")] = None,
    as_json: JsonOpt = False,
    raw: RawOpt = False,
) -> None:
    """Show the schedule of a presentation round: each entry's slot (day, start, end) and the room.

    A round is a presentation round with `rounds.N.presentation = true` and its date, start, minutes
    per entry and room in the settings (`krenova settings set rounds.N.presentation_date 2017-08-02`, ...);
    a break (`break_start`, `break_minutes`) and the day's end (`presentation_end`: later slots go on
    the next working day) are optional. The entries present in the order of their ids, one
    institution's entries together. `krenova letters presentation-invitation --round N` writes the
    invitations.

    Example: krenova schedule --round 5 --xlsx jadwal-paparan.xlsx
    """
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases.schedule import export, round_schedule

    for path, suffix in ((csv_file, ".csv"), (xlsx_file, ".xlsx")):
        if path is not None and path.suffix.lower() != suffix:
            raise UserError(_("{option} {path}: give a file name ending in {suffix}").format(
                option="--" + suffix[1:], path=path, suffix=suffix))
    from krenova_cli.cli.options import warn

    s = store()
    for path in (csv_file, xlsx_file):  # the output rule first: before the folder is read
        if path is not None:
            s.output(path)
    view = round_schedule(s, round_no)
    for line in view.warnings:
        warn(line)
    written = export(s, view, csv_file, xlsx_file, raw)
    from krenova_cli.cli import output

    if as_json:
        output.print_json(view.to_json())
        return
    if written:
        for path in written:
            typer.echo(str(path))
        return
    _table(view)


def _table(view) -> None:
    from krenova_cli.cli import output
    from krenova_cli.core.schedule import clock, minutes_of
    from krenova_cli.i18n.formatting import tanggal

    s = view.schedule
    loc = view.locale
    con = output.console()
    C = output.Column
    one_day = len(s.days) == 1
    columns = [C(_("No."), justify="right"), C(_("Date"), drop=None) if not one_day else None, C(_("Time")), C(_("ID")),
               C(_("Title"), flexible=True, min_width=12, want=20),
               C(_("Institution"), flexible=True, min_width=10, want=16, drop=1)]
    columns = [c for c in columns if c is not None]
    rows = []
    for r in view.rows:
        when = f"{clock(minutes_of(r['start']), loc)}-{clock(minutes_of(r['end']), loc)}"
        day = [r["date"].strftime("%d-%m") if loc == "id" else r["date"].isoformat()[5:]] if not one_day else []
        rows.append([str(r["order"]), *day, when, r["entry_id"], r["title"], r["institution"]])
    days = ", ".join(tanggal(d, loc) for d in s.days) if len(s.days) <= 3 else f"{tanggal(s.days[0], loc)} - {tanggal(s.days[-1], loc)}"
    title = _("{round}: {days}, {room}, {minutes} minutes each").format(round=s.round_name, days=days, room=s.room,
                                                                        minutes=s.minutes)
    output.print_fitted(con, title, columns, rows, con.width)
    if s.break_start is not None:
        output.hint(con, _("Break {start}-{end}: no presentation overlaps it.").format(
            start=clock(s.break_start, loc), end=clock(s.break_end, loc)))
    if view.zone:
        typer.echo(_("Times are {zone}.").format(zone=view.zone), err=True)
