"""`krenova entry ...`: register and manage entries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import CsvOpt, RawOpt, JsonOpt, group_app, store

app = group_app("Register and manage entries.\n\nExample: krenova entry import peserta.xlsx && krenova entry list")

Opt = typer.Option


def _option(field: str) -> str:
    """The option that gives an entry field, for error lines."""
    return {"entity_type": "--type", "entry": "--id"}.get(field, "--" + field.replace("_", "-"))


@app.command("add")
def add_cmd(
    title: Annotated[str, Opt("--title", help="Title of the innovation.")],
    institution: Annotated[str, Opt("--institution", help="The submitting OPD/BUMD.")],
    entity_type: Annotated[str, Opt("--type", help="Entity type id, e.g. OPD or BUMD.")],
    category: Annotated[str, Opt("--category", help="Category id (or name).")],
    entry_id: Annotated[Optional[str], Opt("--id", help="Entry id (default: the next K number).")] = None,
    contact: Annotated[str, Opt("--contact")] = "",
    phone: Annotated[str, Opt("--phone")] = "",
    email: Annotated[str, Opt("--email")] = "",
    description: Annotated[str, Opt("--description")] = "",
    year_started: Annotated[Optional[int], Opt("--year-started")] = None,
    region: Annotated[str, Opt("--region", help="Region (province, city), for judges' conflicts by region.")] = "",
) -> None:
    """Register one entry.

    Example: krenova entry add --title "SIPADU" --institution "Dinas Kesehatan" --type OPD --category tik
    """
    from krenova_cli.usecases.entries import add_entry

    fields = {"id": entry_id, "title": title, "institution": institution, "entity_type": entity_type, "category": category,
              "contact": contact, "phone": phone, "email": email, "description": description, "year_started": year_started,
              "region": region}
    entry = add_entry(store(), fields, _option)
    typer.echo(entry.id)


@app.command("list")
def list_cmd(
    category: Annotated[Optional[str], Opt("--category", help="Only this category.")] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    raw: RawOpt = False,
) -> None:
    """List the entries with their status.

    Example: krenova entry list --json
    """
    from krenova_cli.cli.options import one_format

    one_format(as_json, as_csv)
    from krenova_cli.cli import output
    from krenova_cli.core.lifecycle import entry_status

    state = store().load(rounds=())  # statuses come from the decision records
    rows = []
    for e in state.entries.values():
        if category and e.category != category:
            continue
        rows.append({"id": e.id, "title": e.title, "institution": e.institution, "entity_type": e.entity_type,
                     "category": e.category, "status": entry_status(state, e.id)})
    cols = ["id", "title", "institution", "entity_type", "category", "status"]
    if as_json:
        output.print_json(rows)
    elif as_csv:
        output.print_csv(cols, ([r[c] for c in cols] for r in rows))
    else:
        comp = state.competition
        C = output.Column
        columns = [C("ID"), C("Title", flexible=True, min_width=12), C("Institution", flexible=True, min_width=10, drop=3),
                   C("Type", flexible=True, min_width=6, drop=1), C("Category", flexible=True, min_width=10, drop=2),
                   C("Status")]
        shown = ([r["id"], r["title"], r["institution"], comp.entity_type_name(r["entity_type"]),
                  comp.category_name(r["category"]), r["status"]] for r in rows)
        output.console().print(output.fitted_table(f"{len(rows)} entries", columns, shown))


@app.command("show")
def show_cmd(entry_id: Annotated[str, typer.Argument(help="Entry id.")], as_json: JsonOpt = False) -> None:
    """Show one entry: its fields, status and its scores in every round.

    Example: krenova entry show K007
    """
    from krenova_cli.cli import output
    from krenova_cli.core.errors import UserError
    from krenova_cli.core.lifecycle import active_entries, entry_status, round_scores
    from krenova_cli.store.serialize import entry_dict

    state = store().load()
    if entry_id not in state.entries:
        raise UserError(f"no entry {entry_id!r}; see `krenova entry list`")
    data = entry_dict(state.entries[entry_id]) | {"status": entry_status(state, entry_id), "rounds": []}
    for n in range(1, state.last_round + 1):
        if entry_id not in active_entries(state, n):
            continue
        rs = round_scores(state, n)
        data["rounds"].append({"round": n, "score": output.rounded(rs.scores.get(entry_id)),
                               "judges": {j: output.rounded(v) for j, v in rs.totals.get(entry_id, {}).items()},
                               "missing": list(rs.missing.get(entry_id, ()))})
    if as_json:
        output.print_json(data)
        return
    con = output.console()
    for key, value in data.items():
        if key != "rounds":
            con.print(f"[bold]{key}[/bold]: {value}", markup=True, highlight=False)
    for r in data["rounds"]:
        judges = ", ".join(f"{j} {v:.2f}" for j, v in r["judges"].items())
        con.print(f"round {r['round']}: score {'-' if r['score'] is None else format(r['score'], '.2f')}  ({judges})"
                  + (f"  missing: {', '.join(r['missing'])}" if r["missing"] else ""))


@app.command("edit")
def edit_cmd(
    entry_id: Annotated[str, typer.Argument(help="Entry id.")],
    title: Annotated[Optional[str], Opt("--title")] = None,
    institution: Annotated[Optional[str], Opt("--institution")] = None,
    entity_type: Annotated[Optional[str], Opt("--type")] = None,
    category: Annotated[Optional[str], Opt("--category")] = None,
    contact: Annotated[Optional[str], Opt("--contact")] = None,
    phone: Annotated[Optional[str], Opt("--phone")] = None,
    email: Annotated[Optional[str], Opt("--email")] = None,
    description: Annotated[Optional[str], Opt("--description")] = None,
    year_started: Annotated[Optional[int], Opt("--year-started")] = None,
    region: Annotated[Optional[str], Opt("--region")] = None,
) -> None:
    """Change fields of an entry (logged with the old values).

    Example: krenova entry edit K007 --title "SIPADU 2.0"
    """
    from krenova_cli.usecases.entries import edit_entry

    changes = {"title": title, "institution": institution, "entity_type": entity_type, "category": category,
               "contact": contact, "phone": phone, "email": email, "description": description,
               "year_started": year_started, "region": region}
    _entry, old, new = edit_entry(store(), entry_id, changes, _option)
    for key in new:
        typer.echo(f"{entry_id} {key}: {old[key]!r} -> {new[key]!r}", err=True)


@app.command("withdraw")
def withdraw_cmd(
    entry_id: Annotated[str, typer.Argument(help="Entry id.")],
    reason: Annotated[str, Opt("--reason", help="Why the entry withdraws (recorded).")],
) -> None:
    """Withdraw an entry from the current round on; its history is kept.

    Example: krenova entry withdraw K012 --reason "Surat pengunduran diri Dinas, 3 Juli"
    """
    from krenova_cli.usecases.entries import withdraw_entry

    n = withdraw_entry(store(), entry_id, reason)
    typer.echo(f"{entry_id} withdrawn from round {n}", err=True)


@app.command("template")
def template_cmd(file: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")]) -> None:
    """Write a blank entries workbook to hand out: the import's headers, categories and entity
    types as drop-down lists of their names. Fill it in and `krenova entry import` it.

    Example: krenova entry template peserta.xlsx
    """
    from krenova_cli.usecases.entries import write_entry_template

    path = write_entry_template(store(), file)
    typer.echo(f"wrote {path}; fill in one innovation a row, then `krenova entry import {path.name}`", err=True)


@app.command("remove")
def remove_cmd(
    entry_id: Annotated[str, typer.Argument(help="Entry id.")],
    reason: Annotated[str, Opt("--reason", help="Why (recorded), e.g. 'registered twice'.")] = "",
) -> None:
    """Remove an entry registered by mistake; only while it has no scores (otherwise withdraw it).

    Example: krenova entry remove K054 --reason "didaftarkan dua kali (sama dengan K012)"
    """
    from krenova_cli.usecases.entries import remove_entry

    touched = remove_entry(store(), entry_id, reason)
    typer.echo(f"{entry_id} removed" + (f"; its declared conflicts left judges {', '.join(touched)}" if touched else ""), err=True)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx with a header row.")],
    dry_run: Annotated[bool, Opt("--dry-run", help="Check the file, change nothing.")] = False,
) -> None:
    """Register many entries from a spreadsheet, all or nothing.

    Title rows and empty rows above the header row are skipped, a first column `No`/`Nomor` is
    ignored, categories and entity types may be given by id or by name in any capitalisation. A
    blank workbook to hand out: `krenova entry template peserta.xlsx`.

    Headers (English or Indonesian): id, title/judul, institution/instansi, entity_type/jenis,
    category/kategori, contact/narahubung, phone/telepon, email, description/deskripsi,
    year_started/tahun_mulai, region/wilayah.

    Example: krenova entry import peserta.xlsx
    """
    from krenova_cli.usecases.entries import import_entries

    warnings: list[str] = []
    count = import_entries(store(), file, dry_run, warnings)
    for w in warnings:
        typer.echo(f"Warning: {w}", err=True)
    typer.echo(f"{'would import' if dry_run else 'imported'} {count} entries from {file.name}", err=True)
