"""`krenova letters`: award letters, certificates, nomination letters and round minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import one_command_app, store, warn
from krenova_cli.i18n.messages import _, ngettext

app = one_command_app()


@app.command()
def letters_cmd(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="award, certificate, nomination, minutes, awards-minutes, decree, judge-recap, call (the call for proposals), announcement (each shortlist), ceremony-invitation, feedback (the judges' notes to each participant), presentation-invitation or sinovik-draft (the national proposal's draft with its covering letter).")],
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="DIR", help="Folder (default: out/letters/KIND).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html, pdf or docx (Word).")] = "html",
    audience: Annotated[Optional[str], typer.Option("--for", help="Certificates (default winners), nominations or SINOVIK drafts (default participants) for winners, finalists or participants (also in Indonesian: pemenang or juara, finalis, peserta).")] = None,
    round_no: Annotated[Optional[int], typer.Option("--round", "-r", help="The round (minutes, judge-recap, announcement: a closed one; presentation-invitation: a presentation round; default every such round; minutes --round 0: the administrative screening's).", min=0)] = None,
    combine: Annotated[bool, typer.Option("--combine", help="Also write one file with every document, for printing.")] = False,
    renumber: Annotated[bool, typer.Option("--renumber", help="Give the papers already numbered new numbers (a number printed wrongly); the old numbers stay in letters.toml as withdrawn.")] = False,
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help="Why the papers are renumbered (logged; with --renumber).")] = "",
    dated: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="Date the papers (YYYY-MM-DD), e.g. papers reissued after a decision, by the decision's meeting; kept in letters.toml for every later rendering.")] = None,
) -> None:
    """Render official documents in the competition's language (Indonesian by default).

    Each document gets its number once, from the letter register letters.toml (in the audit log);
    rendering it again keeps the number. A number printed wrongly (a date of another year) is
    replaced with --renumber --reason TEXT; the old number is kept as withdrawn, never given again.

    Papers reissued after a decision are dated with --date DATE (kept for later renderings). A kind
    may have its own agenda book: [letters.KIND] number = "188.45/{n}/{year}" (and start) in the settings.
    Papers a decision revoked are moved into a dicabut/ folder beside the new ones.

    Example: krenova letters certificate --for participants --format pdf --combine
    """
    from krenova_cli.documents import rendering
    from krenova_cli.documents.builders import KINDS
    from krenova_cli.core.errors import UserError
    from krenova_cli.cli.record_words import paper, plain_audience, plain_kind
    from krenova_cli.core.errors import one_line

    kind = plain_kind(kind)
    if kind not in KINDS:
        import difflib

        close = difflib.get_close_matches(kind, list(KINDS), n=1)
        said = _("unknown document kind {kind}; choose one of {kinds}").format(kind=repr(kind), kinds=", ".join(KINDS))
        if close:
            said += " " + _("(did you mean {kind}?)").format(kind=repr(close[0]))
        raise typer.BadParameter(said, param_hint="KIND")
    if round_no == 0 and kind != "minutes":  # round 0 is the administrative screening: it has minutes only
        raise typer.BadParameter(_("round 0 (the administrative screening) has minutes only (`krenova letters minutes "
                                   "--round 0`); other papers name a round from 1"), param_hint="--round")
    if reason.strip() and not renumber:
        raise UserError(_("--reason goes with --renumber (why the papers get new numbers); without it nothing is renumbered"))
    day = None
    if dated is not None:
        from datetime import date

        try:
            day = date.fromisoformat(dated.strip())
        except ValueError:
            raise UserError(_("--date {value}: give a date as YYYY-MM-DD, e.g. 2017-08-25").format(value=repr(dated))) from None
    fmt = fmt.strip().lower()  # --format PDF is --format pdf
    if fmt not in ("html", "pdf", "docx"):  # a usage error, as click's own choices (exit 2)
        raise typer.BadParameter(_("{value}: choose html, pdf or docx").format(value=repr(fmt)), param_hint="--format")
    from krenova_cli.documents.builders import AUDIENCE_KINDS, AUDIENCES

    if audience is not None and kind not in AUDIENCE_KINDS:  # said, not silently ignored (issue 29)
        raise typer.BadParameter(_("{kind} papers have no audience to choose; --for goes with {kinds}").format(
            kind=kind, kinds=", ".join(AUDIENCE_KINDS)), param_hint="--for")
    audience = plain_audience(audience) if audience is not None else AUDIENCE_KINDS.get(kind, "winners")
    if audience not in AUDIENCES:
        raise typer.BadParameter(_("{value}: choose winners (pemenang, juara), finalists (finalis), participants "
                                   "(peserta)").format(value=repr(audience)), param_hint="--for")
    if fmt == "pdf":
        rendering.choose_format("pdf")  # says what to install before any work starts
    if fmt == "docx":
        from krenova_cli.documents.word import docx_problem

        if docx_problem():
            raise UserError(docx_problem())
        if combine:
            raise UserError(_("--combine is for html and pdf; Word documents are written one file each"))
    from krenova_cli.usecases.letters import stale_papers, warnings, write_letters

    s = store()
    out = out and s.output(out, "letters")
    if round_no is not None and round_no > len(s.competition().rounds):
        from krenova_cli.core.problems import NoSuchRound

        raise NoSuchRound(round_no=round_no, last=len(s.competition().rounds))
    for warning in warnings(s):
        warn(warning)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("{0} ({1})".format(kind, fmt), total=None)
        result = write_letters(s, kind, fmt, audience, round_no, combine, out,
                               progress=lambda done, total: bar.update(task, completed=done, total=total),
                               renumber=reason if renumber else None, dated=day)
    for path in result.files:
        typer.echo(str(path))
    if result.combined:
        typer.echo(str(result.combined))
    typer.echo(ngettext("{count} {kind} document written", "{count} {kind} documents written", len(result.files)).format(
        count=len(result.files), kind=paper(kind)), err=True)
    if result.renumbered:
        typer.echo(ngettext("{count} {kind} paper renumbered; the old number stays in letters.toml as withdrawn",
                            "{count} {kind} papers renumbered; the old numbers stay in letters.toml as withdrawn",
                            result.renumbered).format(count=result.renumbered, kind=paper(kind)), err=True)
    for new, earlier in result.out_of_order:
        warn(_("{key} is numbered {number} and dated {date}, after {other} ({other_number}) dated {other_date}: an agenda "
               "book's numbers follow its dates; number papers in date order, or date this one with --date").format(
            key=new.key, number=new.number, date=new.dated or new.date, other=earlier.key, other_number=earlier.number,
            other_date=earlier.dated or earlier.date))
    if result.moved:
        typer.echo(one_line(ngettext("{count} revoked {kind} paper moved to {folder} (kept, not deleted): {files}",
                                     "{count} revoked {kind} papers moved to {folder} (kept, not deleted): {files}",
                                     len(result.moved)).format(
            count=len(result.moved), kind=paper(kind), folder=result.moved[0].parent,
            files=", ".join(p.name for p in result.moved[:6]) + (" ..." if len(result.moved) > 6 else ""))), err=True)
    if result.files:
        folder = result.files[0].parent
        stale = stale_papers(folder, kind, [*result.files, *([result.combined] if result.combined else [])])
        if stale:
            typer.echo(one_line(ngettext("Warning: {count} older {kind} paper in {folder} was not written by this run and may no "
                                "longer hold (e.g. a decision undone): {files}. Remove it before printing",
                                "Warning: {count} older {kind} papers in {folder} were not written by this run and may no "
                                "longer hold (e.g. a decision undone): {files}. Remove them before printing", len(stale)).format(
                count=len(stale), kind=paper(kind), folder=folder, files=", ".join(stale[:6]) + (" ..." if len(stale) > 6 else ""))),
                err=True)  # a file name may hold a line break
