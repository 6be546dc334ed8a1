"""`krenova sheets`: one Excel score sheet per judge for a round."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.store import layout
from krenova_cli.cli.options import RoundOpt, one_command_app, store
from krenova_cli.i18n.messages import _, ngettext

app = one_command_app()


@app.command()
def sheets_cmd(
    round_no: RoundOpt = None,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="DIR", help="Folder for the workbooks (default: out/sheets).")] = None,
    judge: Annotated[Optional[list[str]], typer.Option("--judge", "-j", help="Only this judge (repeatable).")] = None,
) -> None:
    """Write one Excel score sheet per judge: their entries, a column per criterion with validation.

    Each workbook is named round-N-JUDGE.xlsx; fill it in Excel or LibreOffice and read it back
    with `krenova score --from`.

    Example: krenova sheets --round 2 -o lembar-nilai
    """
    from krenova_cli.core.errors import UserError
    from krenova_cli.core.score_rules import require_judge, require_open
    from krenova_cli.usecases.scores import resolve_round
    from krenova_cli.spreadsheets.score_sheets import write_sheet

    s = store()
    out = out and s.output(out)
    state = s.load(rounds=())
    n = resolve_round(state, round_no)
    require_open(state, n)
    state = s.add_scores(state, [n])  # a judge's recorded scores are shown on the sheet
    folder = out or s.path(layout.sheets_out())
    judges = judge or list(state.judges)
    if not judges:
        raise UserError(_("no judges registered; add them with `krenova judge add` or `krenova judge import`"))
    for j in judges:
        require_judge(state, j)
    judges = _with_entries(s, state, n, judges, chosen=bool(judge))
    for j in judges:
        path = folder / f"round-{n}-{j}.xlsx"
        count = write_sheet(state, n, j, path)
        typer.echo("{0}  ({1})".format(path, ngettext("{count} entry", "{count} entries", count).format(count=count)))


def _with_entries(s, state, n: int, judges: list[str], chosen: bool) -> list[str]:
    """The judges who get a sheet: those with entries still to score in round n (every judge named with
    --judge who has entries at all); each judge left out is named on stderr with the reason."""
    from krenova_cli.core import lifecycle

    state = s.add_scores(state, [n])
    exp = lifecycle.expected(state, n)
    scores = state.scores.get(n, {})
    out = []
    for j in judges:
        mine = [e for e, js in exp.items() if j in js]
        pending = [e for e in mine if e not in scores.get(j, {})]
        if pending or (chosen and mine):
            out.append(j)
        elif state.judges[j].retired_by(n):
            typer.echo(_("{judge}: retired from round {r}; no sheet written").format(judge=j, r=state.judges[j].retired.round), err=True)
        elif mine:
            typer.echo(_("{judge}: every entry of round {n} is scored; no sheet written (`--judge {judge}` writes it anyway)").format(
                judge=j, n=n), err=True)
        else:
            typer.echo(_("{judge}: no entry to score in round {n}; no sheet written").format(judge=j, n=n), err=True)
    return out
