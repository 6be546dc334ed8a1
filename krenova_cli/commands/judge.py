"""`krenova judge ...`: register judges and their conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import warn, CsvOpt, RawOpt, JsonOpt, group_app, store
from krenova_cli.i18n.messages import _, ngettext

app = group_app("Register and manage judges and their conflicts.\n\nExample: krenova judge import juri.csv && krenova judge list")
Opt = typer.Option


@app.command("add")
def add_cmd(
    name: Annotated[str, Opt("--name", help="Full name with academic titles.")],
    judge_id: Annotated[Optional[str], Opt("--id", help="Judge id (default: the next J number).")] = None,
    position: Annotated[str, Opt("--position", help="Title or position.")] = "",
    affiliation: Annotated[str, Opt("--affiliation", help="Institution; entries of the same institution are conflicts.")] = "",
    email: Annotated[str, Opt("--email", help="Email address.")] = "",
    conflict: Annotated[Optional[list[str]], Opt("--conflict", help="An entry id this judge may not score (repeatable).")] = None,
    conflict_institution: Annotated[Optional[list[str]], Opt("--conflict-institution", help="An institution whose entries this judge may not score (repeatable).")] = None,
    conflict_region: Annotated[Optional[list[str]], Opt("--conflict-region", help="A region whose entries this judge may not score (repeatable).")] = None,
) -> None:
    """Register a judge.

    Institutions and regions match entries' after normalisation (case and spaces), as the affiliation does.

    Example: krenova judge add --name "Dr. Siti Rahayu, M.Si." --affiliation "Universitas Tidar" --conflict K004 --conflict-region "Jawa Tengah"
    """
    from krenova_cli.usecases.judges import add_judge

    judge = add_judge(store(), {"id": judge_id, "name": name, "position": position, "affiliation": affiliation,
                                "email": email, "conflicts": list(conflict or []),
                                "conflict_institutions": list(conflict_institution or []),
                                "conflict_regions": list(conflict_region or [])})
    typer.echo("{0}: {1}".format(judge.id, judge.name))


@app.command("list")
def list_cmd(as_json: JsonOpt = False, as_csv: CsvOpt = False, raw: RawOpt = False) -> None:
    """List the judges with their conflicts (explicit and by affiliation).

    Example: krenova judge list --json
    """
    from krenova_cli.cli.options import one_format

    one_format(as_json, as_csv)
    from krenova_cli.cli import output
    from krenova_cli.core.ids import natural_key
    from krenova_cli.core.model import in_conflict

    state = store().load(rounds=())
    rows = []
    for j in state.judges.values():
        conflicts = sorted((e.id for e in state.entries.values() if in_conflict(j, e)), key=natural_key)
        rows.append({"id": j.id, "name": j.name, "position": j.position, "affiliation": j.affiliation,
                     "email": j.email, "conflicts": conflicts, "conflict_institutions": list(j.conflict_institutions),
                     "conflict_regions": list(j.conflict_regions)})
    cols = ["id", "name", "position", "affiliation", "email", "conflicts"]
    if as_json:
        output.print_json(rows)
    elif as_csv:
        output.print_csv(cols, ([*(r[c] for c in cols[:-1]), ";".join(r["conflicts"])] for r in rows))
    else:
        title = ngettext("{count} judge", "{count} judges", len(rows)).format(count=len(rows))
        C = output.Column  # narrow terminals leave out the email, then the position, then the affiliation
        columns = [C(_("ID")), C(_("Name"), flexible=True, min_width=12, want=24),
                   C(_("Position"), flexible=True, min_width=10, want=16, drop=2),
                   C(_("Affiliation"), flexible=True, min_width=10, want=16, drop=3), C(_("Email"), drop=1),
                   C(_("Conflicts"), flexible=True, min_width=4, want=10)]
        output.print_fitted(output.console(), title, columns,
                            [[*(r[c] for c in cols[:-1]), _conflicts_cell(r)] for r in rows])


SHOWN_IDS = 6  # a judge's conflicts listed id by id up to this many; beyond, counted (`--json` lists them all)


def _conflicts_cell(row: dict) -> str:
    """What a judge may not score, as a person reads it: the declared regions and institutions, then the
    entries (their ids when few, their number when many: a national judge has hundreds)."""
    parts = []
    if row["conflict_regions"]:
        parts.append(_("regions: {names}").format(names=", ".join(row["conflict_regions"])))
    if row["conflict_institutions"]:
        parts.append(_("institutions: {names}").format(names=", ".join(row["conflict_institutions"])))
    ids = row["conflicts"]
    if len(ids) > SHOWN_IDS:
        parts.append(ngettext("{count} entry", "{count} entries", len(ids)).format(count=len(ids)))
    elif ids:
        parts.append(", ".join(ids))
    return "; ".join(parts)


@app.command("edit")
def edit_cmd(
    judge_id: Annotated[str, typer.Argument(help="Judge id.")],
    name: Annotated[Optional[str], Opt("--name", help="New full name with academic titles.")] = None,
    position: Annotated[Optional[str], Opt("--position", help="New title or position.")] = None,
    affiliation: Annotated[Optional[str], Opt("--affiliation", help="New institution.")] = None,
    email: Annotated[Optional[str], Opt("--email", help="Email address.")] = None,
    add_conflict: Annotated[Optional[list[str]], Opt("--add-conflict", help="Declare a conflict with this entry (repeatable).")] = None,
    remove_conflict: Annotated[Optional[list[str]], Opt("--remove-conflict", help="Drop a declared conflict (repeatable).")] = None,
) -> None:
    """Change a judge's fields or declared conflicts (logged with the old values).

    Example: krenova judge edit J2 --name "Prof. Dr. Siti Rahayu, M.Si." --add-conflict K011
    """
    from krenova_cli.usecases.judges import edit_judge

    old, new = edit_judge(store(), judge_id, {"name": name, "position": position, "affiliation": affiliation, "email": email},
                          list(add_conflict or []), list(remove_conflict or []))
    for key in new:
        from krenova_cli.cli.record_words import edit_line

        typer.echo(edit_line(judge_id, key, old[key], new[key]), err=True)


@app.command("remove")
def remove_cmd(
    judge_id: Annotated[str, typer.Argument(help="Judge id.")],
    reason: Annotated[str, Opt("--reason", help="Why (recorded).")] = "",
) -> None:
    """Remove a judge registered by mistake; only while the judge has no scores.

    Example: krenova judge remove J6 --reason "didaftarkan dua kali"
    """
    from krenova_cli.usecases.judges import remove_judge

    remove_judge(store(), judge_id, reason)
    typer.echo(_("{judge} removed").format(judge=judge_id), err=True)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx with a header row.")],
    dry_run: Annotated[bool, Opt("--dry-run", help="Check the file, change nothing.")] = False,
    update: Annotated[bool, Opt("--update", help="Apply the file's other values to the judges it names that are already registered.")] = False,
    tidy: Annotated[bool, Opt("--tidy-case", help="Write names typed all in capitals or all in lower case in their tidy form (Sistem Informasi Desa, RSUD Tidar).")] = False,
) -> None:
    """Register many judges from a spreadsheet, all or nothing.

    Headers: id, name/nama, position/jabatan, affiliation/instansi, email, conflicts/konflik (ids separated by ;),
    conflict_institutions/konflik_instansi and conflict_regions/konflik_wilayah (names separated by ;).

    A judge already registered (the same id, the same e-mail, or the same name and affiliation) is
    matched, not added again; --update applies the row's other values to it.

    Example: krenova judge import juri.csv
    """
    from krenova_cli.cli.imports import import_lines
    from krenova_cli.usecases.judges import import_judges

    result = import_judges(store(), file, dry_run, update, tidy)
    warnings, line = import_lines(result, file.name, dry_run, "judge", "krenova judge import " + str(file))
    for w in warnings:
        warn(w)
    typer.echo(line, err=True)
