"""`krenova log`: the audit history."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import CsvOpt, RawOpt, JsonOpt, one_command_app, store

app = one_command_app()


@app.command()
def log_cmd(
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="Only the last N records.", min=1)] = None,
    action: Annotated[Optional[str], typer.Option("--action", help="Only actions starting with this, e.g. score.")] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    raw: RawOpt = False,
) -> None:
    """Show the audit history: who changed what, when, with old and new values.

    Example: krenova log --action advance
    """
    from krenova_cli.store import layout, ledger
    from krenova_cli.cli import output
    from krenova_cli.core.errors import DataErrors

    s = store()
    records, errors = ledger.verify(s.path(layout.LEDGER))
    if errors:
        raise DataErrors(errors)
    if action:
        records = [r for r in records if r["action"].startswith(action)]
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
    rows = []
    for r in records:
        detail = r["new"] if not isinstance(r["new"], (list, dict)) or len(str(r["new"])) < 60 else f"{len(r['files'])} file(s)"
        rows.append((r["seq"], r["time"][:19].replace("T", " "), r["actor"], r["action"], r["target"], detail))
    output.console().print(output.table(f"ledger: {len(rows)} records", ["#", "time (UTC)", "actor", "action", "target", "change"], rows))
