"""`krenova log`: the audit history."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import CsvOpt, RawOpt, JsonOpt, one_command_app, store

app = one_command_app()


@app.command()
def log_cmd(
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="Only the last N records.", min=1)] = None,
    action: Annotated[Optional[str], typer.Option("--action", help="Only records of this kind: as --json names it (score, entry.edit) or as the log words it.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only changes from this day on (2017-07-31 or 31-07-2017, in the competition's time zone) or this moment (2017-07-31T14:00).")] = None,
    entry: Annotated[Optional[str], typer.Option("--entry", metavar="ID", help="Only changes concerning this entry (its fields, scores, decisions naming it).")] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    raw: RawOpt = False,
) -> None:
    """Show the audit history: who changed what, when, with old and new values.

    Times are shown in the competition's time zone (`competition.timezone`, default Asia/Jakarta);
    --json keeps the ledger's own UTC times.

    Example: krenova log --entry K007 --since 2017-07-01
    """
    from krenova_cli.cli.options import one_format

    one_format(as_json, as_csv)
    from krenova_cli.store import layout, ledger
    from krenova_cli.cli import output
    from krenova_cli.core.errors import DataErrors

    s = store()
    records, errors = ledger.verify(s.path(layout.LEDGER))
    if errors:
        raise DataErrors(errors)
    from krenova_cli.core import history

    zone = s.competition().competition.timezone
    if since:
        try:
            moment = history.since_moment(since, zone)
        except ValueError:
            from krenova_cli.i18n.messages import _

            raise typer.BadParameter(_("{value} is not a date; write it as 2017-07-31, 31-07-2017 or 2017-07-31T14:00").format(
                value=repr(since)), param_hint="--since") from None
        records = history.after(records, moment)
    if entry:
        records = [r for r in records if history.concerns(r, entry)]
    from krenova_cli.cli import record_words

    if action:
        records = [r for r in records if record_words.matches(r, action)]
    if limit:
        records = records[-limit:]
    if as_json:
        output.print_json(records)
        return
    if as_csv:
        import json

        cols = ["seq", "time", "actor", "action", "target", "old", "new", "hash"]
        output.print_csv(cols, ([r[c] if c not in ("old", "new") else json.dumps(r[c], ensure_ascii=False) for c in cols]
                                for r in records))
        return
    # A list, not a table: each record's changes go on their own lines, so nothing is cut at 80 columns.
    from krenova_cli.i18n.messages import _

    import shutil

    from krenova_cli.cli.output import wrap_words

    width = shutil.get_terminal_size((80, 24)).columns  # COLUMNS first, as rich's tables
    lines = []
    for r in records:  # wrapped at spaces to the width, continued with an indent; a code or command never broken
        lines += wrap_words("#{0}  {1}  {2}  {3}  {4}".format(r["seq"], history.local_time(r["time"], zone), r["actor"],
                                                              record_words.action(r), record_words.target(r)).rstrip(),
                            width, indent=4)
        for line in record_words.changes(r, entry, zone):
            lines += ["    " + x for x in wrap_words(line, width - 4, indent=4)]
    typer.echo("\n".join(lines) if lines else _("no records match"), err=not lines)
