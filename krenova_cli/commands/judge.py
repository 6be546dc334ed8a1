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
                     "conflict_regions": list(j.conflict_regions),
                     "retired": _retired_json(j.retired)})
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
        cells = [[*(r[c] for c in cols[:-1]), _conflicts_cell(r)] for r in rows]
        if any(r["retired"] for r in rows):  # who left, from which round and why
            columns.insert(2, C(_("State"), flexible=True, min_width=8, want=18))
            for r, row in zip(rows, cells):
                row.insert(2, _state_cell(r))
        output.print_fitted(output.console(), title, columns, cells)


def _retired_json(retired) -> dict | None:
    if retired is None:
        return None
    return {"round": retired.round, "reason": retired.reason} | ({"back": retired.back} if retired.back is not None else {})


def _state_cell(row: dict) -> str:
    if not row["retired"]:
        return _("active")
    if row["retired"].get("back"):
        return _("active again from round {back} (retired from round {n}: {reason})").format(
            back=row["retired"]["back"], n=row["retired"]["round"], reason=row["retired"]["reason"])
    return _("retired from round {n}: {reason}").format(n=row["retired"]["round"], reason=row["retired"]["reason"])


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
    reason: Annotated[str, Opt("--reason", help="Why (recorded); needed once papers are printed for what they print: "
                                                "name, position, affiliation.")] = "",
) -> None:
    """Change a judge's fields or declared conflicts (logged with the old values).

    Example: krenova judge edit J2 --name "Prof. Dr. Siti Rahayu, M.Si." --add-conflict K011
    """
    from krenova_cli.usecases.judges import edit_judge

    old, new = edit_judge(store(), judge_id, {"name": name, "position": position, "affiliation": affiliation, "email": email},
                          list(add_conflict or []), list(remove_conflict or []), reason)
    from krenova_cli.cli.record_words import edit_line

    for key in old:
        typer.echo(edit_line(judge_id, key, old[key], new[key]), err=True)
    from krenova_cli.usecases.revoked import revoked_by_last_change, revoked_warning

    said = revoked_warning(revoked_by_last_change(store()))  # as settings set and entry edit say it
    if said:
        warn(said)


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


@app.command("link")
def link_cmd(
    judge_id: Annotated[Optional[str], typer.Argument(metavar="JUDGE", help="Judge id (omit with --all).")] = None,
    all_judges: Annotated[bool, Opt("--all", help="A new link for every judge (with --csv FILE).")] = False,
    expires: Annotated[Optional[int], Opt("--expires", help="Days the link stays valid (default: until revoked).")] = None,
    revoke: Annotated[bool, Opt("--revoke", help="Revoke the judge's link; it stops working at once.")] = False,
    csv_file: Annotated[Optional[Path], Opt("--csv", help="With --all: write judge,name,email,link,expires to this file for a mail merge.")] = None,
    base_url: Annotated[Optional[str], Opt("--base-url", help="The address judges open, kept for later links (default http://127.0.0.1:8080).")] = None,
    no_qr: Annotated[bool, Opt("--no-qr", help="Print the link without its QR code.")] = False,
) -> None:
    """Give a judge a private link to score online with `krenova serve` (a new link replaces the old one).

    The link is printed once with its QR code; the folder keeps only a hash of it. Anyone holding
    the link can score as that judge until it is revoked or expires: hand it over privately.

    Example: krenova judge link J3 --expires 14 --base-url https://nilai.example.go.id
    """
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases import links

    s = store()
    if all_judges == (judge_id is not None):
        raise UserError(_("give one judge id, or --all with --csv FILE"))
    if revoke:
        if all_judges or expires is not None or csv_file or base_url:
            raise UserError(_("--revoke takes one judge id and no other option, e.g. `krenova judge link J3 --revoke`"))
        said = (_("{judge}: link revoked") if links.revoke(s, judge_id) else _("{judge}: no valid link to revoke; nothing changed"))
        typer.echo(said.format(judge=judge_id), err=True)
        return
    if all_judges and csv_file is None:
        raise UserError(_("--all writes the links to a file: add --csv FILE (krenova sends no mail)"))
    if csv_file is not None and not all_judges:
        raise UserError(_("--csv FILE goes with --all; for one judge the link is printed"))
    if csv_file is not None:
        s.output(csv_file)  # refused before any link is given
    given = links.give(s, None if all_judges else [judge_id], expires, base_url)
    if csv_file is not None:
        links.write_csv(s, csv_file, given)
        typer.echo(ngettext("wrote {count} link to {file} (readable by you only; it holds the links themselves)",
                            "wrote {count} links to {file} (readable by you only; it holds the links themselves)",
                            len(given)).format(count=len(given), file=csv_file), err=True)
        return
    (g,) = given
    typer.echo(g.url)
    if not no_qr:
        import segno

        segno.make(g.url).terminal(compact=True)
    until = _("until {time}").format(time=g.expires) if g.expires else _("until revoked")
    typer.echo(_("{judge} ({name}): link valid {until}; it replaces any earlier link").format(
        judge=g.judge, name=g.name, until=until), err=True)


@app.command("retire")
def retire_cmd(
    judge_id: Annotated[str, typer.Argument(help="Judge id.")],
    reason: Annotated[str, Opt("--reason", help="Why the judge leaves (logged, printed in the round's minutes).")] = "",
    from_round: Annotated[Optional[int], Opt("--from-round", help="The first round the judge no longer scores (default: the current round).", min=1)] = None,
) -> None:
    """Retire a judge who leaves the competition: expected in no round from --from-round on (status,
    advance, sheets and assign leave them out); scores already given stay and count.

    In an assigned round, hand the judge's unscored entries over with `krenova assign --round N --retire J --reason TEXT`.

    Example: krenova judge retire J7 --reason "tugas dinas ke luar negeri" --from-round 3
    """
    from krenova_cli.usecases.judge_state import retire_judge

    judge = retire_judge(store(), judge_id, reason, from_round)
    typer.echo(_("{judge} retired from round {n}").format(judge=judge_id, n=judge.retired.round), err=True)


@app.command("reactivate")
def reactivate_cmd(
    judge_id: Annotated[str, typer.Argument(help="Judge id.")],
    reason: Annotated[str, Opt("--reason", help="Why (logged).")] = "",
) -> None:
    """Bring a retired judge back: expected again in the rounds not yet closed.

    Example: krenova judge reactivate J7 --reason "kembali dari tugas dinas"
    """
    from krenova_cli.usecases.judge_state import reactivate_judge

    reactivate_judge(store(), judge_id, reason)
    typer.echo(_("{judge} is active again").format(judge=judge_id), err=True)


@app.command("show")
def show_cmd(judge_id: Annotated[str, typer.Argument(help="Judge id.")], as_json: JsonOpt = False) -> None:
    """Show one judge: fields, state (active or retired, with the reason), conflicts.

    Example: krenova judge show J7 --json
    """
    from krenova_cli.cli import output
    from krenova_cli.core.ids import natural_key
    from krenova_cli.core.model import in_conflict
    from krenova_cli.core.score_rules import require_judge

    state = store().load(rounds=())
    require_judge(state, judge_id)
    j = state.judges[judge_id]
    row = {"id": j.id, "name": j.name, "position": j.position, "affiliation": j.affiliation, "email": j.email,
           "conflicts": sorted((e.id for e in state.entries.values() if in_conflict(j, e)), key=natural_key),
           "conflict_institutions": list(j.conflict_institutions), "conflict_regions": list(j.conflict_regions),
           "retired": _retired_json(j.retired)}
    if as_json:
        output.print_json(row)
        return
    for label, value in ((_("ID"), j.id), (_("Name"), j.name), (_("Position"), j.position), (_("Affiliation"), j.affiliation),
                         (_("Email"), j.email), (_("State"), _state_cell(row)), (_("Conflicts"), _conflicts_cell(row))):
        if value:
            typer.echo("{0}: {1}".format(label, value))  # text was refused at write with control or bidi characters
