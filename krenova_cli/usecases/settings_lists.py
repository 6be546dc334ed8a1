"""Adding and removing list items of the settings: `settings add LIST [KEY=VALUE ...]` and
`settings remove LIST.N` (rounds, categories, criteria, prizes, entity_types, cc).

`settings set` changes values of items that exist; these two make or drop the items themselves. The
new settings are validated as a whole and pass the same locks as `settings set` (usecases/settings.py:
a closed round's deciding settings, the awards' prizes, ids that entries name, rules recorded scores
must meet); the change is one logged record. The text is edited in place (a new item goes after the
last one of its list, a removed item's lines go), so adding then removing gives back the same file.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from typing import Any

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store

TABLES = ("rounds", "categories", "criteria", "prizes", "entity_types", "screening.documents")
LISTS = TABLES + ("cc",)
# the key an item is numbered by (filled in when not given)
NUMBERED = {"rounds": "number", "prizes": "place"}


@dataclass(frozen=True)
class ListChange:
    key: str  # rounds.4
    item: Any
    comments_kept: bool


def _list_name(name: str) -> str:
    name = name.strip()
    if name not in LISTS:
        raise UserError(_("{name!r} is not a list of the settings; lists are {lists}").format(name=name, lists=", ".join(LISTS)))
    return name


def _items(data: dict, name: str) -> list:
    if name == "cc":
        return list((data.get("competition") or {}).get("cc") or [])
    if name == "screening.documents":  # the administrative screening's required documents
        return list((data.get("screening") or {}).get("documents") or [])
    return list(data.get(name) or [])


def _put(data: dict, name: str, items: list) -> None:
    """The list `name` of the settings data replaced by `items` (a dotted name: a list inside a table)."""
    table, dot, key = name.rpartition(".")
    if dot and not items:  # the last one removed: the list goes, and its table when nothing else is in it
        data.get(table, {}).pop(key, None)
        if table in data and not data[table]:
            del data[table]
    elif dot:
        data.setdefault(table, {})[key] = items
    else:
        data[name] = items


def _check(store: Store, text: str, data: dict, new_data: dict, key: str, new_text: str) -> tuple[str, bool]:
    """Validate the new settings, pass the locks, and give the text to write (edited in place when it
    reads back as the intended settings, else written afresh)."""
    from pydantic import ValidationError

    from krenova_cli.store import schema
    from krenova_cli.usecases.settings import _refuse_moving_closed_rounds, _refuse_overlapping_rounds

    try:
        schema.competition(new_data)
    except ValidationError as exc:
        raise _errors(exc, key) from None
    _refuse_overlapping_rounds(data, new_data, key)
    _refuse_moving_closed_rounds(store, new_data, key)
    try:
        if tomllib.loads(new_text) == new_data:
            return new_text, True
    except ValueError:
        pass
    import tomli_w

    return tomli_w.dumps(new_data), False


def _pairs(name: str, pairs: list[str]) -> Any:
    from krenova_cli.usecases.settings import _candidates

    if name == "cc":
        if len(pairs) != 1:
            raise UserError(_("cc: give the one addressee as text, e.g. `krenova settings add cc \"Sekretaris Daerah\"`"))
        return pairs[0].strip()
    item: dict[str, Any] = {}
    for pair in pairs:
        key, eq, raw = pair.partition("=")
        key = key.strip()
        if not eq or not key:
            raise UserError(_("{pair!r}: write KEY=VALUE, e.g. `krenova settings add {name} id=x name=\"...\"`").format(
                pair=pair, name=name))
        if key in item:
            raise UserError(_("{key}: given twice").format(key=key))
        item[key] = _candidates(raw)[0] if raw.strip() else raw
        if isinstance(item[key], dict):  # `{}` and the like: text as typed
            item[key] = raw
    return item


def add_item(store: Store, name: str, pairs: list[str]) -> ListChange:
    name = _list_name(name)
    from krenova_cli.store.parsing import parse_toml
    from krenova_cli.usecases.settings import edit_text

    with store.transaction() as tx:
        text = store.text(layout.SETTINGS)
        data = parse_toml(text, layout.SETTINGS)
        items = _items(data, name)
        item = _pairs(name, pairs)
        new_data = copy.deepcopy(data)
        if name == "rounds":
            _refuse_round_after_awards(store, key=f"rounds.{len(items) + 1}")
        if name in NUMBERED and NUMBERED[name] not in item:
            item = {NUMBERED[name]: len(items) + 1} | item
        if name == "cc":
            new_data.setdefault("competition", {})["cc"] = items + [item]
            new_text = _edit_cc(text, items, items + [item])
        else:
            _put(new_data, name, items + [item])
            new_text = _append_table(text, name, item)
        key = f"{name}.{len(items) + 1}"
        out, kept = _check(store, text, data, new_data, key, new_text)
        tx.put(layout.SETTINGS, out.encode("utf-8"))
        tx.commit("settings.add", key, None, {key: _plain(item)})
    return ListChange(key, item, kept)


def remove_item(store: Store, key: str) -> ListChange:
    from krenova_cli.store.parsing import parse_toml
    from krenova_cli.usecases.settings import edit_text

    name, dot, index = key.strip().rpartition(".")
    if not dot or not index.isdigit():
        raise UserError(_("{key!r}: name the item as LIST.N, e.g. `krenova settings remove prizes.3` "
                          "(`krenova settings show` numbers them)").format(key=key))
    name = _list_name(name)
    n = int(index)
    with store.transaction() as tx:
        text = store.text(layout.SETTINGS)
        data = parse_toml(text, layout.SETTINGS)
        items = _items(data, name)
        if not 1 <= n <= len(items):
            raise UserError(_("{key}: {name} has {size} item(s); count from 1 (`krenova settings show` numbers them)").format(
                key=key, name=name, size=len(items)))
        if name == "rounds" and len(items) == 1:
            raise UserError(_("{key}: a competition needs at least one round; change this one instead "
                              "(`krenova settings set rounds.1.name TEXT`)").format(key=key))
        if name == "rounds" and n != len(items):
            raise UserError(_("{key}: only the last round can be removed (rounds are numbered in order); "
                              "`krenova settings remove rounds.{last}`").format(key=key, last=len(items)))
        item = items[n - 1]
        if name == "criteria" and isinstance(item, dict):
            _refuse_named_criterion(data, key, str(item.get("id")))
        rest = items[: n - 1] + items[n:]
        new_data = copy.deepcopy(data)
        if name == "cc":
            new_data["competition"]["cc"] = rest
            new_text = _edit_cc(text, items, rest)
        else:
            if name == "prizes":  # places follow one another: the later prizes move up one place
                rest = [p | {"place": i} for i, p in enumerate(rest, start=1)]
            _put(new_data, name, rest)
            new_text = _drop_table(text, name, n)
            if name == "prizes":
                try:
                    for i in range(n, len(rest) + 1):
                        new_text = edit_text(new_text, ["prizes", i, "place"], i)
                except ValueError:
                    new_text = ""
        out, kept = _check(store, text, data, new_data, key, new_text)
        tx.put(layout.SETTINGS, out.encode("utf-8"))
        tx.commit("settings.remove", key, {key: _plain(item)}, None)
    return ListChange(key, item, kept)


def _plain(value: Any) -> Any:
    from krenova_cli.usecases.settings import plain

    return plain(value)


def _blocks(lines: list[str], name: str) -> list[tuple[int, int]]:
    """(header line, last key line) of each [[name]] item."""
    from krenova_cli.usecases.settings import _header

    heads = [i for i, line in enumerate(lines) if _header(line) is not None]
    out = []
    for k, i in enumerate(heads):
        h = _header(lines[i])
        if h == (name, True):
            end = heads[k + 1] if k + 1 < len(heads) else len(lines)
            last = max((j for j in range(i, end) if lines[j].strip() and not lines[j].lstrip().startswith("#")), default=i)
            out.append((i, last))
    return out


def _append_table(text: str, name: str, item: dict) -> str:
    from krenova_cli.usecases.settings import toml_value

    lines = text.split("\n")
    new = ["", f"[[{name}]]"] + [f"{k} = {toml_value(v)}" for k, v in item.items()]
    blocks = _blocks(lines, name)
    if not blocks:
        return text.rstrip("\n") + "\n" + "\n".join(new) + "\n"
    at = blocks[-1][1] + 1
    lines[at:at] = new
    return "\n".join(lines)


def _drop_table(text: str, name: str, n: int) -> str:
    lines = text.split("\n")
    blocks = _blocks(lines, name)
    start, last = blocks[n - 1]
    if start > 0 and not lines[start - 1].strip():
        start -= 1
    del lines[start:last + 1]
    return "\n".join(lines)


def _edit_cc(text: str, old: list, new: list) -> str:
    """The cc list changed where it stands, its comment kept (the value as written replaced)."""
    import re

    from krenova_cli.usecases.settings import edit_text, toml_value

    lines = text.split("\n")
    was = toml_value(old)
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*cc\s*=\s*)", line)
        if m and line[m.end():].startswith(was):
            lines[i] = m.group(1) + toml_value(new) + line[m.end() + len(was):]
            return "\n".join(lines)
    try:
        return edit_text(text, ["competition", "cc"], new)
    except ValueError:
        return ""


def _errors(exc, key: str):
    """Each problem at the dotted key of the value it is about (`rounds.7.name: ...`, counted from 1),
    or at the item's key for a problem of the settings as a whole."""
    from krenova_cli.core.errors import DataError, DataErrors
    from krenova_cli.store.parsing import _pydantic_message

    out = []
    for err in exc.errors()[:10]:
        loc = [p for p in err.get("loc", ()) if not (isinstance(p, str) and p in ("int", "float", "str"))]
        where = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc)
        out.append(DataError(where if where.startswith(key) else key, None, _pydantic_message(err)))
    return DataErrors(out)


def _refuse_round_after_awards(store: Store, key: str) -> None:
    """The awards rest on the last round: a round after it waits until they are undone."""
    state = store.load(rounds=())
    if state.awards is not None:
        raise UserError(_("{key}: the awards were decided on round {n}, the last round; a round after it needs the "
                          "decision undone first: `krenova awards --undo --reason TEXT`").format(key=key, n=state.last_round))


def _refuse_named_criterion(data: dict, key: str, ident: str) -> None:
    """A criterion that a round's list or a tie-break names stays until they no longer name it."""
    from krenova_cli.usecases.settings import toml_value

    for i, rnd in enumerate(data.get("rounds") or [], start=1):
        listed = rnd.get("criteria")
        if isinstance(listed, list) and ident in listed:
            rest = [c for c in listed if c != ident]
            raise UserError(_("{key}: round {n} scores criterion {id!r}; take it out of the round first: "
                              "`krenova settings set rounds.{n}.criteria '{rest}'`").format(key=key, n=i, id=ident, rest=toml_value(rest)))
    tables = [("scoring", (data.get("scoring") or {}).get("tie_break"))]
    tables += [(f"rounds.{i}", r.get("tie_break")) for i, r in enumerate(data.get("rounds") or [], start=1)]
    for where, tie_break in tables:
        if isinstance(tie_break, list) and f"criterion:{ident}" in tie_break:
            rest = [t for t in tie_break if t != f"criterion:{ident}"]
            raise UserError(_("{key}: {where}.tie_break breaks ties by criterion {id!r}; take it out first: "
                              "`krenova settings set {where}.tie_break '{rest}'`").format(key=key, where=where, id=ident, rest=toml_value(rest)))
    for i, section in enumerate((data.get("sinovik") or {}).get("sections") or [], start=1):
        listed = section.get("criteria") if isinstance(section, dict) else None
        if isinstance(listed, list) and ident in listed:
            rest = [c for c in listed if c != ident]
            raise UserError(_("{key}: the SINOVIK draft's section {section!r} is fed by criterion {id!r}; take it out "
                              "first: `krenova settings set sinovik.sections.{n}.criteria '{rest}'`").format(
                key=key, section=section.get("id"), id=ident, n=i, rest=toml_value(rest)))
