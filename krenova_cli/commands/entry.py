"""`krenova entry ...`: register and manage entries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import CsvOpt, RawOpt, JsonOpt, group_app, store, warn
from krenova_cli.i18n.messages import N_, _, ngettext

app = group_app("Register and manage entries.\n\nExample: krenova entry import peserta.xlsx && krenova entry list")

Opt = typer.Option


_STATUS = {"winner": N_("winner: {detail}"), "withdrawn": N_("withdrawn in round {detail}"),
           "disqualified": N_("disqualified in round {detail}"),
           "active": N_("active in round {detail}"), "eliminated": N_("eliminated after round {detail}"),
           "not-active": N_("not active"), "finalist": N_("finalist"),
           "screening": N_("in administrative screening"), "stopped": N_("stopped in administrative screening")}


def status_words(state, entry_id: str) -> str:
    """An entry's status for people, in the interface language (`--json` and CSV keep the English of the core)."""
    from krenova_cli.core.lifecycle import entry_standing

    kind, detail = entry_standing(state, entry_id)
    return _(_STATUS[kind]).format(detail=detail)


def _sections(given: list[str] | None) -> list[tuple[str, str]] | None:
    """`--proposal SECTION=TEXT` as (section, text) pairs; a value without `=` is a usage error."""
    if not given:
        return None
    out = []
    for value in given:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(_("{value}: give SECTION=TEXT, e.g. ringkasan=\"Layanan ...\"").format(
                value=repr(value[:40])), param_hint="--proposal")
        out.append((name.strip(), text))
    return out


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
    contact: Annotated[str, Opt("--contact", help="Contact person at the institution.")] = "",
    phone: Annotated[str, Opt("--phone", help="Contact telephone number.")] = "",
    email: Annotated[str, Opt("--email", help="Email address.")] = "",
    description: Annotated[str, Opt("--description", help="A short description of the innovation.")] = "",
    year_started: Annotated[Optional[int], Opt("--year-started", help="The year the innovation started.")] = None,
    region: Annotated[str, Opt("--region", help="Region (province, city), for judges' conflicts by region.")] = "",
    proposal: Annotated[Optional[list[str]], Opt("--proposal", metavar="SECTION=TEXT", help="A section of the entry's proposal for the national competition (its id or name in [sinovik] of the settings, e.g. ringkasan=\"...\"); repeat for more sections; an empty text removes it.")] = None,
) -> None:
    """Register one entry.

    Example: krenova entry add --title "SIPADU" --institution "Dinas Kesehatan" --type OPD --category tik
    """
    from krenova_cli.usecases.entries import add_entry

    fields = {"id": entry_id, "title": title, "institution": institution, "entity_type": entity_type, "category": category,
              "contact": contact, "phone": phone, "email": email, "description": description, "year_started": year_started,
              "region": region, "proposal": _sections(proposal)}
    entry = add_entry(store(), fields, _option)
    typer.echo(entry.id)


@app.command("list")
def list_cmd(
    category: Annotated[Optional[str], Opt("--category", help="Only this category.")] = None,
    incomplete: Annotated[bool, Opt("--incomplete", help="Only the entries lacking a required document, with what they lack.")] = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    raw: RawOpt = False,
) -> None:
    """List the entries with their status.

    --incomplete lists the entries that lack a required document of the administrative
    screening ([[screening.documents]] in the settings), and which.

    Example: krenova entry list --json
    """
    from krenova_cli.cli.options import one_format

    one_format(as_json, as_csv)
    from krenova_cli.cli import output
    from krenova_cli.core.lifecycle import entry_status

    state = store().load(rounds=())  # statuses come from the decision records
    if incomplete:
        return _incomplete(state, category, as_json, as_csv)
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
        # what goes first when the terminal is narrow: the category, then the institution, then the type (its code
        # when its name does not fit: four characters)
        columns = [C(_("ID")), C(_("Title"), flexible=True, min_width=12, want=22),
                   C(_("Institution"), flexible=True, min_width=10, want=16, drop=2),
                   C(_("Type"), flexible=True, min_width=6, drop=3), C(_("Category"), flexible=True, min_width=10, want=12, drop=1),
                   C(_("Status"), flexible=True, min_width=10, want=16)]
        shown = ([r["id"], r["title"], r["institution"], output.Alt(comp.entity_type_name(r["entity_type"]), r["entity_type"]),
                  comp.category_name(r["category"]), status_words(state, r["id"])] for r in rows)
        title = ngettext("{count} entry", "{count} entries", len(rows)).format(count=len(rows))
        output.console().print(output.fitted_table(title, columns, shown))


def _incomplete(state, category: str | None, as_json: bool, as_csv: bool) -> None:
    """`entry list --incomplete`: each entry lacking required documents, with the documents it lacks."""
    from krenova_cli.cli import output
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases.screening import incomplete_entries

    comp = state.competition
    if not comp.screening.documents:
        raise UserError(_("--incomplete: the settings name no required documents; list them under [[screening.documents]] "
                          "in competition.toml (name, and kind or categories), then `krenova adopt competition.toml --reason TEXT`"))
    lacking = incomplete_entries(store(), state)
    rows = [{"id": e, "title": state.entries[e].title, "institution": state.entries[e].institution,
             "category": state.entries[e].category, "missing": docs}
            for e, docs in lacking.items() if not category or state.entries[e].category == category]
    if as_json:
        output.print_json(rows)
    elif as_csv:
        cols = ["id", "title", "institution", "category", "missing"]
        output.print_csv(cols, ([r["id"], r["title"], r["institution"], r["category"], "; ".join(r["missing"])] for r in rows))
    else:
        C = output.Column
        columns = [C(_("ID")), C(_("Title"), flexible=True, min_width=12, want=22),
                   C(_("Institution"), flexible=True, min_width=10, want=16, drop=1),
                   C(_("Missing documents"), flexible=True, min_width=16, want=30)]
        shown = ([r["id"], r["title"], r["institution"], "; ".join(r["missing"])] for r in rows)
        title = ngettext("{count} entry lacks required documents", "{count} entries lack required documents",
                         len(rows)).format(count=len(rows))
        output.console().print(output.fitted_table(title, columns, shown))


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
        raise UserError(_("no entry {entry}; see `krenova entry list`").format(entry=repr(entry_id)))
    data = entry_dict(state.entries[entry_id]) | {"status": entry_status(state, entry_id), "rounds": []}
    for n in range(1, state.last_round + 1):
        if entry_id not in active_entries(state, n):
            continue
        rs = round_scores(state, n)
        data["rounds"].append({"round": n, "score": output.rounded(rs.scores.get(entry_id)),
                               "judges": {j: output.rounded(v) for j, v in rs.totals.get(entry_id, {}).items()},
                               "missing": list(rs.missing.get(entry_id, ()))})
    from krenova_cli.usecases.attachments import attached

    files = attached(store(), entry_id)
    data["attachments"] = [f.to_json() for f in files]
    if as_json:
        output.print_json(data)
        return
    lines = show_lines(state, state.entries[entry_id], data["rounds"]) + _proposal_lines(state, state.entries[entry_id])
    for f in files:
        lines.append(_("Attached: {name} ({kind}, {size} KB, SHA-256 {digest}...)").format(
            name=f.name, kind=f.kind, size=max(1, round(f.size / 1024)), digest=f.sha256[:12]))
    typer.echo("\n".join(lines))


def _proposal_lines(state, entry) -> list[str]:
    """How far the entry's proposal for the national competition is ([sinovik] sections), when it has one."""
    if not entry.proposal:
        return []
    sections = state.competition.sinovik.sections
    empty = [s.name for s in sections if not entry.proposal.get(s.id, "").strip()]
    over = [(s.name, len(entry.proposal[s.id].split()), s.max_words) for s in sections
            if s.max_words and s.id in entry.proposal and len(entry.proposal[s.id].split()) > s.max_words]
    line = _("Proposal: {filled} of {total} sections filled in").format(filled=len(sections) - len(empty), total=len(sections))
    if empty:
        line += "; " + _("empty: {sections}").format(sections=", ".join(empty))
    for name, words, limit in over:
        line += "; " + _("{section} has {words} words (at most {limit})").format(section=name, words=words, limit=limit)
    return [line]


@app.command("attach")
def attach_cmd(
    entry_id: Annotated[Optional[str], typer.Argument(help="Entry id (leave out with --from).")] = None,
    files: Annotated[Optional[list[Path]], typer.Argument(help="The files to attach (PDF, DOCX, XLSX, PPTX, JPG, PNG).")] = None,
    kind: Annotated[Optional[str], Opt("--kind", help="proposal, annex or photo (default: the document's kind, else proposal).")] = None,
    from_dir: Annotated[Optional[Path], Opt("--from", help="A folder of files named by entry id (K007*.pdf) or by title.")] = None,
    document: Annotated[str, Opt("--document", help="The required document the files are, as [[screening.documents]] names it.")] = "",
) -> None:
    """Attach files (proposals, annexes, photos) to an entry: kept in the folder, each with its SHA-256 in the ledger.

    --document says which required document of the administrative screening a file is.

    Example: krenova entry attach K007 surat-K007.pdf --document "Surat pengantar kepala OPD"
    """
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases.attachments import attach_files, attach_from_folder

    if from_dir is not None:
        if entry_id or files:
            raise UserError(_("--from takes a folder of files named by entry; give either --from DIR or ID FILE..."))
        same: list[tuple[str, str]] = []
        found, added = attach_from_folder(store(), from_dir, kind, document, same)
        count = sum(len(v) for v in added.values())
        typer.echo(ngettext("Attached {count} file to {entries} entries", "Attached {count} files to {entries} entries",
                            count).format(count=count, entries=len(added)))
        if same:
            typer.echo(ngettext("{count} file was attached already, the same (unchanged)",
                                "{count} files were attached already, the same (unchanged)", len(same)).format(count=len(same)))
        for path, why in found.unmatched:
            warn(_("{path}: not attached: {why}").format(path=path, why=why))
        return
    if not entry_id or not files:
        raise UserError(_("give an entry id and at least one file (or --from DIR); see `krenova entry attach --help`"))
    same: list[tuple[str, str]] = []
    added = attach_files(store(), entry_id, list(files), kind, document, same)
    for _entry, name in same:
        typer.echo(_("{name} is attached to {entry} already, the same (unchanged)").format(name=name, entry=entry_id))
    for f in added:
        typer.echo(_("Attached {name} to {entry} ({size} KB)").format(name=f.name, entry=entry_id, size=max(1, round(f.size / 1024))))


@app.command("detach")
def detach_cmd(
    entry_id: Annotated[str, typer.Argument(help="Entry id.")],
    name: Annotated[str, typer.Argument(help="The attached file's name, as `entry show` lists it.")],
) -> None:
    """Remove an attached file (the ledger keeps its name, size and SHA-256).

    Example: krenova entry detach K007 proposal-K007.pdf
    """
    from krenova_cli.usecases.attachments import detach_file

    f = detach_file(store(), entry_id, name)
    typer.echo(_("Detached {name} from {entry}").format(name=f.name, entry=entry_id))




def show_lines(state, entry, rounds: list[dict]) -> list[str]:
    """An entry as readable lines: `Label: value`, its status, then one line per round it took part in."""
    from krenova_cli.core.rounding import shown

    comp = state.competition
    values = {"entity_type": comp.entity_type_name(entry.entity_type), "category": comp.category_name(entry.category)}
    rows = []
    from krenova_cli.cli.record_words import ENTRY_FIELDS

    for field, label in ENTRY_FIELDS:
        value = values.get(field, getattr(entry, field, None))
        if value not in (None, ""):
            rows.append((_(label), str(value)))
    rows.append((_("Status"), status_words(state, entry.id)))
    if entry.withdrawn is not None and entry.withdrawn.reason:
        label = _("Reason for disqualification") if entry.withdrawn.disqualified else _("Reason for withdrawal")
        rows.append((label, entry.withdrawn.reason))
    width = max(len(label) for label, _value in rows) + 2
    lines = [(label + ":").ljust(width) + value for label, value in rows]
    for r in rounds:
        judges = ", ".join("{0} {1}".format(j, shown(v)) for j, v in r["judges"].items()) or "-"
        line = _("Round {n}: score {score} (judges: {judges})").format(
            n=r["round"], score="-" if r["score"] is None else shown(r["score"]), judges=judges)
        if r["missing"]:
            line += "; " + _("missing: {judges}").format(judges=", ".join(r["missing"]))
        lines.append(line)
    return lines


@app.command("edit")
def edit_cmd(
    entry_id: Annotated[str, typer.Argument(help="Entry id.")],
    title: Annotated[Optional[str], Opt("--title", help="New title of the innovation.")] = None,
    institution: Annotated[Optional[str], Opt("--institution", help="New submitting institution.")] = None,
    entity_type: Annotated[Optional[str], Opt("--type", help="New entity type id.")] = None,
    category: Annotated[Optional[str], Opt("--category", help="New category id (or name).")] = None,
    contact: Annotated[Optional[str], Opt("--contact", help="Contact person at the institution.")] = None,
    phone: Annotated[Optional[str], Opt("--phone", help="Contact telephone number.")] = None,
    email: Annotated[Optional[str], Opt("--email", help="Email address.")] = None,
    description: Annotated[Optional[str], Opt("--description", help="A short description of the innovation.")] = None,
    year_started: Annotated[Optional[int], Opt("--year-started", help="The year the innovation started.")] = None,
    region: Annotated[Optional[str], Opt("--region", help="New region (province, city).")] = None,
    head_title: Annotated[Optional[str], Opt("--head-title", help="The office letters to this institution are addressed to, e.g. 'Bupati Sragen'.")] = None,
    proposal: Annotated[Optional[list[str]], Opt("--proposal", metavar="SECTION=TEXT", help="A section of the entry's proposal for the national competition (its id or name in [sinovik] of the settings, e.g. ringkasan=\"...\"); repeat for more sections; an empty text removes it.")] = None,
    reason: Annotated[str, Opt("--reason", help="Why (recorded); needed after the awards for what the papers print: "
                                                "title, institution, type, category, region.")] = "",
) -> None:
    """Change fields of an entry (logged with the old values).

    After the awards, an edit of what the papers print (title, institution, type,
    category, region) needs --reason: it revokes the papers that print the old one.

    Example: krenova entry edit K007 --title "SIPADU 2.0"
    """
    from krenova_cli.usecases.entries import edit_entry

    changes = {"title": title, "institution": institution, "entity_type": entity_type, "category": category,
               "contact": contact, "phone": phone, "email": email, "description": description,
               "year_started": year_started, "region": region, "head_title": head_title, "proposal": _sections(proposal)}
    _entry, old, new = edit_entry(store(), entry_id, changes, _option, reason)
    from krenova_cli.cli.record_words import edit_line, proposal_lines

    for key in new:
        if key == "proposal":
            for line in proposal_lines(entry_id, old[key], new[key]):
                typer.echo(line, err=True)
            continue
        typer.echo(edit_line(entry_id, key, old[key], new[key]), err=True)
    from krenova_cli.usecases.revoked import revoked_by_last_change, revoked_warning

    said = revoked_warning(revoked_by_last_change(store()))
    if said:
        warn(said)


@app.command("withdraw")
def withdraw_cmd(
    entry_id: Annotated[str, typer.Argument(help="Entry id.")],
    reason: Annotated[str, Opt("--reason", help="Why the entry withdraws (recorded).")],
    disqualify: Annotated[bool, Opt("--disqualify", help="The committee disqualifies it (shown as disqualified, not as withdrawn).")] = False,
) -> None:
    """Withdraw an entry from the current round on, or disqualify it; its history is kept.

    After the last round closed it leaves the awards' ranking.

    Example: krenova entry withdraw K012 --reason "Surat pengunduran diri Dinas, 3 Juli"
    """
    from krenova_cli.usecases.entries import withdraw_entry

    n = withdraw_entry(store(), entry_id, reason, disqualify)
    if disqualify:
        typer.echo(_("{entry} disqualified in round {n}").format(entry=entry_id, n=n), err=True)
    else:
        typer.echo(_("{entry} withdrawn from round {n}").format(entry=entry_id, n=n), err=True)


@app.command("template")
def template_cmd(file: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")]) -> None:
    """Write a blank entries workbook to hand out: the import's headers, categories and entity
    types as drop-down lists of their names. Fill it in and `krenova entry import` it.

    Example: krenova entry template peserta.xlsx
    """
    from krenova_cli.usecases.entries import write_entry_template

    path = write_entry_template(store(), file)
    typer.echo(_("wrote {path}; fill in one innovation a row, then `krenova entry import {name}`").format(
        path=path, name=file), err=True)  # the path as given: the import runs from the same folder


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
    if touched:
        typer.echo(_("{entry} removed; its declared conflicts left judges {judges}").format(
            entry=entry_id, judges=", ".join(touched)), err=True)
    else:
        typer.echo(_("{entry} removed").format(entry=entry_id), err=True)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx with a header row.")],
    dry_run: Annotated[bool, Opt("--dry-run", help="Check the file, change nothing.")] = False,
    update: Annotated[bool, Opt("--update", help="Apply the file's columns to the entries it names that are already registered (by id, or by title and institution).")] = False,
    tidy: Annotated[bool, Opt("--tidy-case", help="Write names typed all in capitals or all in lower case in their tidy form (Sistem Informasi Desa, RSUD Tidar).")] = False,
) -> None:
    """Register many entries from a spreadsheet, all or nothing.

    Title rows and empty rows above the header row are skipped, a first column `No`/`Nomor` is
    ignored, categories and entity types may be given by id or by name in any capitalisation. A
    blank workbook to hand out: `krenova entry template peserta.xlsx`.

    Headers (English or Indonesian): id, title/judul, institution/instansi, entity_type/jenis,
    category/kategori, contact/narahubung, phone/telepon, email, description/deskripsi,
    year_started/tahun_mulai, region/wilayah, head_title/jabatan_kepala (the office the nomination
    is addressed to, e.g. Bupati Sragen; without it the office follows from the institution's name).

    An entry already registered (its id, or the same title and institution) is matched, not added
    again. --update applies the file's columns to them: a file of ids and corrected phone numbers is
    enough (`id,telepon`).

    Example: krenova entry import peserta.xlsx
    """
    from krenova_cli.cli.imports import import_lines
    from krenova_cli.usecases.entries import import_entries

    warnings: list[str] = []
    result = import_entries(store(), file, dry_run, warnings, update, tidy)
    more, line = import_lines(result, file.name, dry_run, "entry", "krenova entry import " + str(file))
    for w in [*warnings, *more]:
        warn(w)
    typer.echo(line, err=True)
