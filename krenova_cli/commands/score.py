"""`krenova score`: record judges' scores by argument, interactively, or from sheets and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import RoundOpt, one_command_app, store
from krenova_cli.i18n.messages import _, ngettext

app = one_command_app()


@app.command()
def score_cmd(
    entry_id: Annotated[Optional[str], typer.Argument(metavar="ENTRY", help="Entry id (omit for interactive mode).")] = None,
    values: Annotated[Optional[list[str]], typer.Argument(metavar="CRIT=VALUE", help="Scores, e.g. kebaruan=85.")] = None,
    round_no: RoundOpt = None,
    judge: Annotated[Optional[str], typer.Option("--judge", "-j", help="Judge id.")] = None,
    from_files: Annotated[Optional[list[Path]], typer.Option("--from", help="Filled score sheet (.xlsx) or long CSV with the header entry,judge,criterion,value or peserta,juri,kriteria,nilai (repeatable).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Correct scores already recorded (the old values are logged).")] = False,
    note: Annotated[str, typer.Option("--note", help="Why (recorded in the ledger with a correction).")] = "",
    comment: Annotated[Optional[str], typer.Option("--comment", help="The judge's comment on the entry (at most 2,000 characters; \"\" removes it).")] = None,
    criterion_comment: Annotated[Optional[list[str]], typer.Option("--criterion-comment", metavar="CRIT=TEXT", help="A comment on one criterion (repeatable).")] = None,
    with_comments: Annotated[bool, typer.Option("--with-comments", help="Interactive mode: also ask for a comment on each entry.")] = False,
) -> None:
    """Record one judge's scores for one entry, interactively, or from files.

    Every criterion of the round is needed for an entry. Values are checked
    against each criterion's min, max and step.

    \b
    Examples:
      krenova score K007 --round 2 --judge J1 kebaruan=85 efektivitas=80 kemanfaatan=78 replikasi=70 keberlanjutan=75
      krenova score --round 2 --judge J1            (prompts through J1's pending entries)
      krenova score --round 2 --from round-2-J1.xlsx nilai.csv
    """
    from krenova_cli.usecases import scores
    from krenova_cli.core.errors import UserError

    s = store()
    if from_files:
        more = [a for a in (entry_id, *(values or [])) if a]  # `--from A B C`: B and C arrive as arguments
        odd = [a for a in more if Path(a).suffix.lower() not in (".xlsx", ".xlsm", ".csv")]
        if odd:
            raise UserError(_("--from imports files; {name} is not a .xlsx or .csv file (do not give ENTRY or CRIT=VALUE with "
                              "--from)").format(name=repr(odd[0])))
        paths = [*from_files, *(Path(a) for a in more)]
        skipped: list[str] = []
        count, changed = scores.import_files(s, paths, round_no, replace, note, skipped)
        for line in skipped:
            typer.echo(_("Note: {line}").format(line=line), err=True)
        names = ", ".join(p.name for p in paths)
        if changed == 0:
            typer.echo(_("{files}: nothing changed (its {count} entry score(s) are recorded already)").format(
                files=names, count=count), err=True)
        else:
            said = _("{files}: recorded {changed} entry score(s)").format(files=names, changed=changed)
            if changed < count:
                said += " " + _("({count} unchanged)").format(count=count - changed)
            if len(paths) > 1:
                said += " " + _("in one change")
            typer.echo(said, err=True)
        return
    if judge is None:
        raise UserError(_("--judge J is needed (or --from FILE)"))
    if entry_id is None:
        from krenova_cli.cli.interactive import score_interactively

        score_interactively(s, round_no, judge, note, with_comments)
        return
    if not values:
        raise UserError(_("give the scores as CRIT=VALUE, e.g. `krenova score {entry} --judge {judge} kebaruan=85 ...`").format(
            entry=entry_id, judge=judge))
    per_criterion = {}
    for pair in criterion_comment or []:
        crit, sep, text = pair.partition("=")
        if not sep or not crit.strip():
            raise UserError(_("--criterion-comment: {pair!r} is not CRIT=TEXT, e.g. --criterion-comment kebaruan=\"Ide baru\"").format(pair=pair))
        per_criterion[crit.strip()] = text
    n, changed = scores.record_one(s, round_no, judge, entry_id, values, replace, note, comment, per_criterion or None)
    if changed:
        typer.echo(_("recorded round {n} scores of {entry} by {judge}").format(n=n, entry=entry_id, judge=judge), err=True)
    else:
        typer.echo(_("{entry} already has these round {n} scores from {judge}; nothing changed "
                     "(a note is recorded only with a change of scores)").format(entry=entry_id, n=n, judge=judge), err=True)
