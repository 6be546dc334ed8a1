"""Pure mapping of imported tables to entries and judges: headers in English or Indonesian, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from krenova_cli.core.errors import DataError, DataErrors
from krenova_cli.core.ids import id_width
from krenova_cli.core.model import Competition, Entry, Judge, normalise_name
from krenova_cli.i18n.messages import N_, _, localize, ngettext
from krenova_cli.spreadsheets.reader import Table, header_key, is_numbering, row_label

ENTRY_HEADERS = {
    "id": "id", "title": "title", "judul": "title", "institution": "institution", "instansi": "institution",
    "entity_type": "entity_type", "jenis": "entity_type", "category": "category", "kategori": "category",
    "contact": "contact", "narahubung": "contact", "phone": "phone", "telepon": "phone", "email": "email",
    "description": "description", "deskripsi": "description", "year_started": "year_started",
    "tahun_mulai": "year_started", "region": "region", "wilayah": "region", "daerah": "region",
    # the longer headers office tables use
    "judul_inovasi": "title", "nama_inovasi": "title", "nama_instansi": "institution", "instansi_pengusul": "institution",
    "perangkat_daerah": "institution", "jenis_instansi": "entity_type", "kategori_inovasi": "category",
    "nama_narahubung": "contact", "kontak": "contact", "no._hp": "phone", "no_hp": "phone", "nomor_hp": "phone",
    "hp": "phone", "no._telepon": "phone", "nomor_telepon": "phone", "e-mail": "email", "surel": "email",
    "kepala_instansi": "head_title", "jabatan_kepala": "head_title", "jabatan_pimpinan": "head_title", "head_title": "head_title",
}
ENTRY_REQUIRED = ("title", "institution", "entity_type", "category")
JUDGE_HEADERS = {
    "id": "id", "name": "name", "nama": "name", "position": "position", "jabatan": "position",
    "affiliation": "affiliation", "instansi": "affiliation", "email": "email", "conflicts": "conflicts",
    "konflik": "conflicts", "conflict_institutions": "conflict_institutions", "konflik_instansi": "conflict_institutions",
    "conflict_regions": "conflict_regions", "konflik_wilayah": "conflict_regions",
}
JUDGE_REQUIRED = ("name",)


SECTION = "proposal:"  # the field of a column holding a section of the entry's proposal ([sinovik] sections)


def section_headers(comp: Competition) -> dict[str, str]:
    """The columns of the proposal's sections, as the call's form names them: each section's id (with `_`
    for `-` too) and its name (`Latar Belakang dan Tujuan`), unless an entry column has that header."""
    out: dict[str, str] = {}
    for section in comp.sinovik.sections:
        for header in (section.id, section.id.replace("-", "_"), section.name):
            key = header_key(header)
            if key not in ENTRY_HEADERS:
                out.setdefault(key, SECTION + section.id)
    return out


def fold_sections(data: dict) -> None:
    """A row's section columns (`proposal:ID` keys) gathered into its `proposal` table."""
    sections = {k[len(SECTION):]: data.pop(k) for k in [k for k in data if k.startswith(SECTION)]}
    if sections:
        data["proposal"] = sections


def header_names(known: dict[str, str]) -> str:
    """The known headers as a person types them, each field with every name the import takes, the
    English first: `id, title/judul/judul inovasi/nama inovasi, institution/instansi/nama instansi, ...`."""
    out = []
    for field in dict.fromkeys(known.values()):
        names = [field] if known.get(field) == field else []
        names += [h for h, f in known.items() if f == field and h != field]
        out.append("/".join(dict.fromkeys(n.replace("_", " ") for n in names)))
    return ", ".join(out)


def nearest_header(header: str, known: dict[str, str]) -> str | None:
    """The known header nearest to a mistyped one (`Telpon` -> telepon), or None when none is close."""
    from rapidfuzz import fuzz, process

    wanted = " ".join(header_key(header).split("_"))
    found = process.extractOne(wanted, [h.replace("_", " ") for h in known], scorer=fuzz.ratio, score_cutoff=75)
    return found[0] if found else None


def _columns(table: Table, known: dict[str, str], required: tuple[str, ...]) -> dict[str, int]:
    errors = []
    unknown: list[str] = []
    cols: dict[str, int] = {}
    where = row_label(table.source, table.header_row)
    for i, header in enumerate(table.headers):
        if i == 0 and is_numbering(header):
            continue  # the office's `No` column numbers the rows; it is no data
        key = known.get(header_key(header))
        if key is None:
            if is_numbering(header):
                unknown.append(_("{header!r} (a numbering column must come first)").format(header=header))
            else:
                near = nearest_header(header, known)
                unknown.append(_("{header!r} (nearest: {name})").format(header=header, name=near) if near else repr(header))
        elif key in cols:
            errors.append(DataError(where, None, _("column {header!r} appears twice").format(header=header)))
        else:
            cols[key] = i
    if unknown:  # every unknown column at once, with the names the import takes
        errors.insert(0, DataError(where, None, ngettext("unknown column {columns}; known columns: {names}",
                                                         "{count} unknown columns: {columns}; known columns: {names}",
                                                         len(unknown)).format(
            count=len(unknown), columns=", ".join(unknown), names=header_names(known))))
    for key in required:
        if key not in cols:
            alias = next((h for h, k in known.items() if k == key and h != key), None)  # its Indonesian header
            if alias is None:
                errors.append(DataError(where, None, _("missing required column {column!r}").format(column=key)))
            else:
                errors.append(DataError(where, None, _("missing required column {column!r} (or {alias!r})").format(
                    column=key, alias=alias)))
    if errors:
        raise DataErrors(errors)
    return cols


def _header(table: Table, cols: dict[str, int], key: str) -> str:
    return table.headers[cols[key]] if key in cols else key


# what `resolve` looks up -> its refusal (the kind named in the message)
NOT_ONE_OF = {
    "categories": N_("{value!r} is not one of the categories ({ids})"),
    "entity types": N_("{value!r} is not one of the entity types ({ids})"),
}


def _loose(text: str) -> str:
    return normalise_name(re.sub(r"[-_]+", " ", text))


def resolve(value: str, items, what: str) -> tuple[str | None, str | None]:
    """An id from an id or a name, case-insensitively; (id, None) or (None, problem).
    `what` is "categories" or "entity types"."""
    wanted = normalise_name(value)
    for item in items:
        if normalise_name(item.id) == wanted or normalise_name(item.name) == wanted:
            return item.id, None
    loose = _loose(value)  # "Tata kelola" for the id tata-kelola: hyphens and underscores read as spaces
    for item in items:
        if _loose(item.id) == loose:
            return item.id, None
    return None, _(NOT_ONE_OF[what]).format(value=value, ids=", ".join(i.id for i in items))


def next_id(prefix: str, taken: set[str], width: int = 3) -> Callable[[], str]:
    pattern = re.compile(rf"{re.escape(prefix)}(\d+)")
    numbers = [int(m.group(1)) for t in taken if (m := pattern.fullmatch(t))]
    counter = [max(numbers, default=0)]

    def make() -> str:
        while True:
            counter[0] += 1
            candidate = f"{prefix}{counter[0]:0{width}d}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return make


def _validation_errors(exc, where: str, table: Table, cols: dict[str, int]) -> list[DataError]:
    out = []
    for err in exc.errors():
        loc = err.get("loc") or ()
        field = str(loc[0]) if loc else ""
        if field == "proposal" and len(loc) > 1:  # a section's column
            field = SECTION + str(loc[1])
        msg = err.get("msg", "invalid")  # pydantic's own words where no plainer ones are given here
        kind, ctx = err.get("type"), err.get("ctx") or {}
        if kind == "string_pattern_mismatch":
            msg = _("{value!r} is not a valid id (letters, digits, '-' and '_', at most 64)").format(value=err.get("input"))
        elif kind == "missing":
            msg = _("required")
        elif kind == "string_too_long" and "max_length" in ctx:
            msg = _("longer than {max} characters").format(max=ctx["max_length"])
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            msg = _("{value!r} is not a whole number").format(value=err.get("input"))
        elif kind == "value_error" and "error" in ctx:
            msg = str(localize(ctx["error"].args[0])) if getattr(ctx["error"], "args", None) else msg.removeprefix("Value error, ")
        out.append(DataError(where, None, _header(table, cols, field) + ": " + msg))
    return out


ENTRY_HEADER_NAMES = frozenset(ENTRY_HEADERS)
JUDGE_HEADER_NAMES = frozenset(JUDGE_HEADERS)


def entries_from(table: Table, comp: Competition, existing: dict[str, Entry],
                 warnings: list[str] | None = None, retired: set[str] = frozenset(),
                 found: "Matched | None" = None, update: bool = False, tidy: bool = False) -> list[Entry]:
    """The new entries of an imported table; `warnings` collects what was accepted but deserves a look
    (a phone number that Excel stored as a number has lost its leading 0). `retired`: ids of removed entries.
    A row naming an entry already registered (its id with the same title and institution, or with
    `update` its id alone; without an id the same title and institution, compared normalised) is
    matched, not added: into `found`, with the row's values when they differ. With `update` a file
    may hold only the columns to correct beside the id (or the title and institution)."""
    from pydantic import ValidationError

    from krenova_cli.store import schema
    from krenova_cli.store.serialize import entry_dict

    cols = _columns(table, ENTRY_HEADERS | section_headers(comp), () if update else ENTRY_REQUIRED)
    if update and "id" not in cols and not {"title", "institution"} <= set(cols):
        raise DataErrors(DataError(row_label(table.source, table.header_row), None, _(
            "--update needs an id column, or the title and institution columns, to find each entry")))
    errors: list[DataError] = []
    taken = {i.casefold(): i for i in (*existing, *retired)}  # a removed entry's id is never given again
    new_id = next_id("K", set(taken.values()) | {r[1][cols["id"]] for r in table.rows if "id" in cols},
                     width=id_width(len(existing) + len(table.rows)))
    registered = {(normalise_name(e.institution), normalise_name(e.title)): e.id for e in existing.values()}
    seen_titles = dict(registered)
    out: list[Entry] = []
    lost_zeros: list[tuple[str, str, str]] = []
    for number, cells in table.rows:
        where = row_label(table.source, number)
        data = {key: tidy_text(cells[i]) for key, i in cols.items() if cells[i].strip() != ""}
        if not data:
            continue  # a row numbered in advance (`No` filled in) but left empty
        row_errors = []
        for key, items, what in (("category", comp.categories, "categories"), ("entity_type", comp.entity_types, "entity types")):
            if key in data:
                found_id, problem = resolve(data[key], items, what)
                if problem:
                    row_errors.append(DataError(where, None, _header(table, cols, key) + ": " + problem))
                else:
                    data[key] = found_id
        lost_zero = "phone" in data and (number, cols["phone"]) in table.numeric and not data["phone"].startswith(("0", "62"))
        if "year_started" in data:
            if not data["year_started"].isdigit():
                row_errors.append(DataError(where, None, _("{column}: {value!r} is not a year").format(
                    column=_header(table, cols, "year_started"), value=data["year_started"])))
                data.pop("year_started")
        title_key = (normalise_name(data.get("institution", "")), normalise_name(data.get("title", "")))
        proposals = tidy_case(data, ENTRY_CASE, tidy)
        fold_sections(data)
        match = None
        if "id" in data and data["id"].casefold() in taken:
            given = taken[data["id"].casefold()]
            if given in existing and (update or registered.get(title_key) == given):
                match = given
            else:
                row_errors.append(DataError(where, None, already_used(_header(table, cols, "id"), data["id"], taken)))
        elif "id" not in data:
            match = registered.get(title_key)
        if row_errors:
            errors.extend(row_errors)
            continue
        if match is not None:
            old = entry_dict(existing[match])
            if "proposal" in data:  # the sections the row gives; the others stay as registered
                data["proposal"] = dict(old.get("proposal") or {}) | data["proposal"]
            row = unchanged_as_kept({k: v for k, v in data.items() if k != "id"}, old, exact=tidy)
            try:
                entry = schema.entry(old | row)
            except ValidationError as exc:
                errors.extend(_validation_errors(exc, where, table, cols))
                continue
            if found is not None:
                found.add(match, where, old, entry_dict(entry), entry, "id" if "id" in data else "title")
                found.case += [(match, *p) for p in proposals if getattr(entry, p[0]) == p[1]]
            continue
        if update and not all(k in data for k in ENTRY_REQUIRED):
            if "id" in data:
                message = _("no entry {entry} to update; `krenova entry list` shows the ids").format(entry=data["id"])
            else:
                message = _("no entry titled {title!r} of {institution} to update; `krenova entry list` shows them").format(
                    title=data.get("title", ""), institution=data.get("institution", ""))
            errors.append(DataError(where, None, message))
            continue
        data.setdefault("id", new_id())
        try:
            entry = schema.entry(data)
        except ValidationError as exc:
            errors.extend(_validation_errors(exc, where, table, cols))
            continue
        key = (normalise_name(entry.institution), normalise_name(entry.title))
        if key in seen_titles:
            errors.append(DataError(where, None, _("{column}: {institution} already has an entry titled {title!r} ({entry})").format(
                column=_header(table, cols, "title"), institution=entry.institution, title=entry.title, entry=seen_titles[key])))
            continue
        seen_titles[key] = entry.id
        taken[entry.id.casefold()] = entry.id
        out.append(entry)
        if found is not None:
            found.case += [(entry.id, *p) for p in proposals]
        if lost_zero:  # named by the id the row got: `entry edit` takes ids, not rows
            lost_zeros.append((where, entry.id, data["phone"]))
    if errors:
        raise DataErrors(errors)
    if lost_zeros and warnings is not None:
        warnings.extend(lost_zero_warnings(lost_zeros, _header(table, cols, "phone")))
    return out


def lost_zero_warnings(rows: list[tuple[str, str, str]], column: str) -> list[str]:
    """Phone numbers Excel stored as numbers (their leading 0 dropped): one line each for a few, one
    line with a count and the first ids for many (23 lines of 300 characters helped nobody)."""
    if len(rows) <= 3:
        return [_("{where} ({entry}), {column}: {phone} was a number in Excel, which drops a leading 0; kept as "
                  "shown. If it should start with 0, correct it with `krenova entry edit {entry} --phone 0{phone}`, "
                  "and format the column as Text next time").format(where=where, entry=entry, column=column, phone=phone)
                for where, entry, phone in rows]
    ids = [entry for _where, entry, _phone in rows]
    return [_("{count} phone numbers of {column} were numbers in Excel, which drops a leading 0 ({ids}); kept as shown. "
              "If they should start with 0, correct the file and apply it with `krenova entry import FILE --update`, "
              "and format the column as Text next time").format(
        count=len(rows), column=column, ids=", ".join(ids[:5]) + (f" ... +{len(ids) - 5}" if len(ids) > 5 else ""))]


def already_used(column: str, new: str, taken: dict[str, str]) -> str:
    """Ids are unique regardless of case (a folder may be copied to a case-insensitive disk)."""
    other = taken.get(new.casefold())
    if other in (None, new):
        return _("{column}: {value!r} is already used").format(column=column, value=new)
    return _("{column}: {value!r} is already used as {other!r} (ids are unique regardless of case)").format(
        column=column, value=new, other=other)



def judges_from(table: Table, existing: dict[str, Judge], entries: dict[str, Entry],
                found: "Matched | None" = None, tidy: bool = False) -> list[Judge]:
    """The new judges of an imported table. A row naming a judge already registered (the same id,
    the same e-mail, or the same name and affiliation, compared normalised) is matched, not added:
    into `found`, with the row's values when they differ (`--update` applies them)."""
    from pydantic import ValidationError

    from krenova_cli.store import schema
    from krenova_cli.store.serialize import judge_dict

    cols = _columns(table, JUDGE_HEADERS, JUDGE_REQUIRED)
    errors: list[DataError] = []
    taken = {i.casefold(): i for i in existing}
    new_id = next_id("J", set(taken.values()) | {r[1][cols["id"]] for r in table.rows if "id" in cols}, width=1)
    by_email = {j.email.strip().casefold(): j.id for j in existing.values() if j.email.strip()}
    by_name = {(normalise_name(j.name), normalise_name(j.affiliation)): j.id for j in existing.values()}
    fresh: dict = {}  # the new judges of this file, by e-mail and by name and affiliation -> their row
    out: list[Judge] = []
    for number, cells in table.rows:
        where = row_label(table.source, number)
        data: dict = {key: tidy_text(cells[i]) for key, i in cols.items() if cells[i].strip() != ""}
        if not data:
            continue  # a row numbered in advance (`No` filled in) but left empty
        for key in ("conflict_institutions", "conflict_regions"):
            if key in data:
                data[key] = [c.strip() for c in data[key].split(";") if c.strip()]
        if "conflicts" in data:
            data["conflicts"] = [c.strip() for c in re.split(r"[;,]", data["conflicts"]) if c.strip()]
            unknown = [c for c in data["conflicts"] if c not in entries]
            if unknown:
                errors.append(DataError(where, None, _("{column}: unknown entries {entries}").format(
                    column=_header(table, cols, "conflicts"), entries=", ".join(unknown))))
                continue
        proposals = tidy_case(data, JUDGE_CASE, tidy)
        email = data.get("email", "").casefold()
        same_email = by_email.get(email) if email else None
        same_name = by_name.get((normalise_name(data.get("name", "")), normalise_name(data.get("affiliation", ""))))
        given = taken.get(data["id"].casefold()) if "id" in data else None
        if given is not None and given not in (same_email, same_name):
            errors.append(DataError(where, None, already_used(_header(table, cols, "id"), data["id"], taken)))
            continue
        if given is None and same_email and same_name and same_email != same_name:
            errors.append(DataError(where, None, _("the e-mail is {first}'s and the name and affiliation are {second}'s; "
                                                   "correct the row, or give its id in an id column").format(
                first=same_email, second=same_name)))
            continue
        match = given or same_email or same_name
        if match is not None:
            old = judge_dict(existing[match])
            row = unchanged_as_kept({k: v for k, v in data.items() if k != "id"}, old, exact=tidy)
            try:
                judge = schema.judge(old | row)
            except ValidationError as exc:
                errors.extend(_validation_errors(exc, where, table, cols))
                continue
            if found is not None:
                found.add(match, where, old, judge_dict(judge), judge, "email" if match == same_email else "name")
                found.case += [(match, *p) for p in proposals if getattr(judge, p[0]) == p[1]]
            continue
        if "id" in data and data["id"].casefold() in taken:
            errors.append(DataError(where, None, already_used(_header(table, cols, "id"), data["id"], taken)))
            continue
        twice = (email and fresh.get(email)) or fresh.get(
            (normalise_name(data.get("name", "")), normalise_name(data.get("affiliation", ""))))
        if twice:
            errors.append(DataError(where, None, _("the same judge as {row} again; remove one of the two rows").format(
                row=twice)))
            continue
        data.setdefault("id", new_id())
        try:
            judge = schema.judge(data)
        except ValidationError as exc:
            errors.extend(_validation_errors(exc, where, table, cols))
            continue
        taken[judge.id.casefold()] = judge.id
        out.append(judge)
        if email:
            fresh[email] = where
        fresh[(normalise_name(judge.name), normalise_name(judge.affiliation))] = where
        if found is not None:
            found.case += [(judge.id, *p) for p in proposals]
    if errors:
        raise DataErrors(errors)
    return out


@dataclass
class Matched:
    """Rows of an import that name what is already registered: the same, or with other values."""
    same: list[str] = field(default_factory=list)
    # id -> (where, the fields that differ, old values, new values, the item with the row's values, matched by)
    differing: dict[str, tuple[str, list[str], dict, dict, Any, str]] = field(default_factory=dict)
    # (id, field, as written, the tidy form) of texts all in capitals or all in lower case, kept as written
    case: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, item_id: str, where: str, old: dict, new: dict, item: Any, by: str) -> None:
        fields = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
        if not fields:
            if item_id not in self.same:
                self.same.append(item_id)
        else:
            self.differing[item_id] = (where, fields, {k: old.get(k) for k in fields}, {k: new.get(k) for k in fields},
                                       item, by)


ENTRY_CASE = ("title", "institution", "contact", "head_title", "region")  # names whose capitals krenova may tidy
JUDGE_CASE = ("name", "position", "affiliation")


def tidy_case(data: dict, fields: tuple[str, ...], apply: bool) -> list[tuple[str, str, str]]:
    """(field, as written, tidy form) of each text written all in capitals or all in lower case;
    with `apply`, `data` takes the tidy forms (and nothing is returned)."""
    from krenova_cli.core.names import proposed_case

    out = []
    for key in fields:
        value = data.get(key)
        tidy = proposed_case(value) if isinstance(value, str) else None
        if tidy is not None:
            if apply:
                data[key] = tidy
            else:
                out.append((key, value, tidy))
    return out


def unchanged_as_kept(row: dict, old: dict, exact: bool = False) -> dict:
    """The row's values, with those equal to the registered ones as a person compares them (other
    capitals or spacing, an e-mail in capitals) written as registered: no difference to apply.
    `exact`: capitals count (the tidy forms are being applied)."""
    out = dict(row)
    for key, value in row.items():
        was = old.get(key)
        if exact and key != "email":
            same = value == was
        else:
            same = isinstance(value, str) and isinstance(was, str) and normalise_name(value) == normalise_name(was)
        if same:
            out[key] = was
        elif isinstance(value, list) and isinstance(was, list) and sorted(map(normalise_name, value)) == sorted(
                map(normalise_name, was)):
            out[key] = was
    return out


def tidy_text(value: str) -> str:
    """A cell's text as it is kept: runs of spaces (double, trailing, non-breaking) collapsed into one
    inside each line; the lines of a multi-line cell kept."""
    return "\n".join(" ".join(line.split()) for line in value.strip().splitlines()).strip()
