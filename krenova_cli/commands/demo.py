"""`krenova demo`: a whole competition on generated, realistic data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from krenova_cli.cli.options import one_command_app
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def demo_cmd(
    path: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to create.")] = Path("krenova-demo"),
    entries: Annotated[int, typer.Option("--entries", help="Number of entries.", min=16, max=20_000)] = 53,
    judges: Annotated[int, typer.Option("--judges", help="Number of judges.", min=3, max=50)] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generated data.", min=0, max=2**32 - 1)] = 2017,
    fmt: Annotated[str, typer.Option("--format", help="Documents as pdf, html, or auto (PDF when WeasyPrint works).")] = "auto",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing krenova folder at PATH.")] = False,
    no_documents: Annotated[bool, typer.Option("--no-documents", help="Skip the recap and documents (data set only).")] = False,
    serve: Annotated[bool, typer.Option("--serve", help="Stop when round 1 opens and start the judges' portal on it, printing every judge's link.")] = False,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="With --serve: the port (on 127.0.0.1).")] = 8080,
) -> None:
    """Run the whole lifecycle on generated data: register, score six rounds, advance, award, export, print.

    53 entries and 5 judges by default (the size of the 2017 edition); --entries 5000 --judges 7
    builds the national-scale data set.

    Example: krenova demo && krenova -d krenova-demo standings --round 6
    """
    import time

    from rich.console import Console

    from krenova_cli.demo.run import run as run_demo
    from krenova_cli.core.errors import UserError

    fmt = fmt.strip().lower()
    if fmt not in ("auto", "pdf", "html"):
        raise UserError(_("--format {value}: choose pdf, html or auto").format(value=repr(fmt)))
    err = Console(stderr=True, highlight=False)
    started = time.perf_counter()
    with err.status(_("starting")) as status:
        def step(text: str) -> None:
            from rich.markup import escape

            from krenova_cli.i18n.messages import localize

            text = localize(text)
            status.update(text)
            err.print("[dim]{0:6.1f}s[/dim] {1}".format(time.perf_counter() - started, escape(text)))

        result = run_demo(path, entries, judges, seed, fmt, force, step, documents=not (no_documents or serve),
                          open_round=1 if serve else None)
    if serve:
        from krenova_cli.commands.serve import serve_folder
        from krenova_cli.store.datafolder import Store

        serve_folder(Store(result.path), "127.0.0.1", port, give_links=True)
        return
    _summary(result, time.perf_counter() - started)


def _summary(result, seconds: float) -> None:
    from krenova_cli.cli import output
    from krenova_cli.i18n.formatting import rupiah
    from krenova_cli.store.datafolder import Store

    state = Store(result.path).load(rounds=())
    con = output.console()
    con.print(_("Demo competition finished in {seconds}s: {entries} entries, {judges} judges, 6 rounds, in {path}").format(
        seconds="{0:.1f}".format(seconds), entries=result.entries, judges=result.judges, path=result.path), style="bold",
        markup=False)
    if result.top15:
        con.print(_("Top 15 (after Penilaian IV): {ids}").format(ids=", ".join(result.top15)), markup=False)
    if result.top5:
        con.print(_("Top 5 (after Penilaian VI): {ids}").format(ids=", ".join(result.top5)), markup=False)
    rows = [(p.title, p.entry_id, state.entries[p.entry_id].title, state.entries[p.entry_id].institution,
             rupiah(p.amount)) for p in result.awards.places]
    con.print(output.table(_("Winners"), [_("Place"), _("ID"), _("Innovation"), _("Institution"), _("Prize")], rows))
    if result.files:
        folders = sorted({str(f.parent) for f in result.files})
        con.print(_("Files written ({count}, {kind} documents): {folders}").format(
            count=len(result.files), kind=result.document_format.upper(), folders=", ".join(folders)), markup=False)
    if result.packets:
        con.print(_("Judges' packets ({count}, score sheet, proposals, index and letter each): {folder}").format(
            count=len(result.packets), folder=result.packets[0].parent), markup=False)
    if result.note:
        from krenova_cli.i18n.messages import localize

        con.print(localize(result.note), style="yellow", markup=False)  # the note names `.[pdf]`, which is no markup
    d = result.path
    con.print(_("Try next:") + "".join("\n  krenova -d {0} {1}".format(d, c) for c in (
        "status", "standings --round 4", "awards", "log --action advance", "check")), markup=False)
