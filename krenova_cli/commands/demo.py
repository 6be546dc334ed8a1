"""`krenova demo`: a whole competition on generated, realistic data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from krenova_cli.cli.options import one_command_app

app = one_command_app()


@app.command()
def demo_cmd(
    path: Annotated[Path, typer.Argument(help="Folder to create.")] = Path("krenova-demo"),
    entries: Annotated[int, typer.Option("--entries", help="Number of entries.", min=16)] = 53,
    judges: Annotated[int, typer.Option("--judges", help="Number of judges.", min=3, max=50)] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generated data.")] = 2017,
    fmt: Annotated[str, typer.Option("--format", help="Documents as pdf, html, or auto (PDF when WeasyPrint works).")] = "auto",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing krenova folder at PATH.")] = False,
    no_documents: Annotated[bool, typer.Option("--no-documents", help="Skip the recap and documents (data set only).")] = False,
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
        raise UserError(f"--format {fmt!r}: choose pdf, html or auto")
    err = Console(stderr=True, highlight=False)
    started = time.perf_counter()
    with err.status("starting") as status:
        def step(text: str) -> None:
            status.update(text)
            err.print(f"[dim]{time.perf_counter() - started:6.1f}s[/dim] {text}")

        result = run_demo(path, entries, judges, seed, fmt, force, step, documents=not no_documents)
    _summary(result, time.perf_counter() - started)


def _summary(result, seconds: float) -> None:
    from krenova_cli.cli import output
    from krenova_cli.i18n.formatting import rupiah
    from krenova_cli.store.datafolder import Store

    state = Store(result.path).load(rounds=())
    con = output.console()
    con.print(f"[bold]Demo competition finished[/bold] in {seconds:.1f}s: {result.entries} entries, {result.judges} judges, "
              f"6 rounds, in {result.path}")
    if result.top15:
        con.print(f"Top 15 (after Penilaian IV): {', '.join(result.top15)}")
    if result.top5:
        con.print(f"Top 5 (after Penilaian VI): {', '.join(result.top5)}")
    rows = [(p.title, p.entry_id, state.entries[p.entry_id].title, state.entries[p.entry_id].institution,
             rupiah(p.amount)) for p in result.awards.places]
    con.print(output.table("Winners", ["Place", "ID", "Innovation", "Institution", "Prize"], rows))
    if result.files:
        folders = sorted({str(f.parent) for f in result.files})
        con.print(f"Files written ({len(result.files)}, {result.document_format.upper()} documents): " + ", ".join(folders))
    if result.note:
        con.print(result.note, style="yellow", markup=False)  # the note names `.[pdf]`, which is no markup
    d = result.path
    con.print("Try next:\n"
              f"  krenova -d {d} status\n"
              f"  krenova -d {d} standings --round 4\n"
              f"  krenova -d {d} awards\n"
              f"  krenova -d {d} log --action advance\n"
              f"  krenova -d {d} check")
