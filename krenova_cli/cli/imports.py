"""What `entry import` and `judge import` say: added, matched, with other values, updated (SPEC 9.3)."""

from __future__ import annotations

from krenova_cli.i18n.messages import _, ngettext

SHOWN_IDS = 5  # ids named in a summary line; then "... +N"
EACH_LINE = 3  # rows with other values named one a line; more are summarised in one line


def ids_listed(ids) -> str:
    ids = list(ids)
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown + (f" ... +{len(ids) - SHOWN_IDS}" if len(ids) > SHOWN_IDS else "")


def import_lines(result, file: str, dry_run: bool, kind: str, command: str) -> tuple[list[str], str]:
    """(warnings, the summary line) of an import's `Imported` result; `kind` "entry" or "judge",
    `command` the import command as typed (`krenova judge import juri.csv`)."""
    warnings = []
    differing = result.differing
    by_words = {"email": _("same e-mail"), "name": _("same name and affiliation"), "id": _("same id"),
                "title": _("same title and institution")}
    if 0 < len(differing) <= EACH_LINE:
        for item_id, (where, fields, by) in differing.items():
            warnings.append(_("{where}: the same {kind} as {id} ({by}) with other {fields}; `{command} --update` "
                              "applies them").format(where=where, kind=_("judge") if kind == "judge" else _("entry"),
                                                     id=item_id, by=by_words.get(by, by), fields=", ".join(fields),
                                                     command=command))
    elif differing:
        fields = list(dict.fromkeys(f for _w, fs, _b in differing.values() for f in fs))
        warnings.append(ngettext("{count} row matches a registered item with other values ({ids}: {fields}); "
                                 "`{command} --update` applies them",
                                 "{count} rows match registered items with other values ({ids}: {fields}); "
                                 "`{command} --update` applies them", len(differing)).format(
            count=len(differing), ids=ids_listed(differing), fields=", ".join(fields), command=command))
    warnings += near_lines(result.near)
    if result.case:
        shown = ", ".join("{0} {1} {2!r} -> {3!r}".format(*c) for c in result.case[:EACH_LINE])
        if len(result.case) > EACH_LINE:
            shown += f" ... +{len(result.case) - EACH_LINE}"
        warnings.append(ngettext("{count} text is all in capitals or all in lower case ({texts}); kept as written. "
                                 "To take the proposed form: `{command} --update --tidy-case`",
                                 "{count} texts are all in capitals or all in lower case ({texts}); kept as written. "
                                 "To take the proposed forms: `{command} --update --tidy-case`", len(result.case)).format(
            count=len(result.case), texts=shown, command=command))
    count = len(result.added)
    if kind == "judge":
        said = (ngettext("would import {count} judge from {file}", "would import {count} judges from {file}", count) if dry_run
                else ngettext("imported {count} judge from {file}", "imported {count} judges from {file}", count))
    else:
        said = (ngettext("would import {count} entry from {file}", "would import {count} entries from {file}", count) if dry_run
                else ngettext("imported {count} entry from {file}", "imported {count} entries from {file}", count))
    line = said.format(count=count, file=file)
    if count and (result.same or differing or result.updated):
        line += " ({ids})".format(ids=ids_listed(result.added))
    parts = []
    if result.updated:
        fields = list(dict.fromkeys(f for fs in result.updated.values() for f in fs))
        parts.append((_("would update {ids} ({fields})") if dry_run else _("updated {ids} ({fields})")).format(
            ids=ids_listed(result.updated), fields=", ".join(fields)))
    if result.same:
        parts.append(_("{count} already registered, unchanged ({ids})").format(count=len(result.same),
                                                                             ids=ids_listed(result.same)))
    if differing:
        parts.append(_("{count} already registered with other values ({ids})").format(count=len(differing),
                                                                                     ids=ids_listed(differing)))
    if parts:
        line += "; " + "; ".join(parts)
    return warnings, line


def near_lines(near) -> list[str]:
    """Near institution names (usecases.institutions), one line each for a few, then one line for the rest."""
    lines = []
    for n in near[:EACH_LINE]:
        lines.append(_("{judge} ({affiliation}) and {entries} ({institution}): near names, not read as one institution; "
                       "if they are one, declare the conflict: `krenova judge edit {judge} {options}`").format(
            judge=n.judge, affiliation=n.affiliation, entries=ids_listed(n.entries), institution=n.institution,
            options=" ".join("--add-conflict " + e for e in n.entries)))
    rest = near[EACH_LINE:]
    if rest:
        lines.append(ngettext("{count} more pair of near institution names ({pairs}); `krenova judge list` shows each "
                              "judge's conflicts", "{count} more pairs of near institution names ({pairs}); "
                              "`krenova judge list` shows each judge's conflicts", len(rest)).format(
            count=len(rest), pairs=ids_listed(n.judge + "/" + n.entries[0] for n in rest)))
    return lines
