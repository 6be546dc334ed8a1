"""Changing the settings (competition.toml) from the command line: `settings set KEY VALUE`.

The secretariat should never have to open a TOML file to change the signatory's name or a prize
amount. A dotted key names the value (`signatory.name`, `competition.year`, `prizes.1.amount`,
`rounds.4.advance_top`, `awards.min_score`); a number after an array's name is its position,
counting from 1, as places and rounds are numbered. The new settings are validated as a whole
before anything is written, and the change is logged with the old and the new value.

The file is changed by a targeted edit of its text, not re-serialised: the comments and the layout
people wrote stay where they were. The edited text is parsed again and must give exactly the
intended settings; when it does not (a value written over several lines, say), the whole file is
written afresh by tomli_w and the comments are lost; the message says so.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _, localize, ngettext
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


# the settings' keys outside any table (`interface_language = "id"` above the first [table])
TOP_LEVEL = ("interface_language",)


@dataclass(frozen=True)
class SettingChange:
    key: str
    old: Any
    new: Any
    comments_kept: bool
    unchanged: bool = False  # the value was already this: nothing written, nothing logged


def _path(key: str) -> list[str | int]:
    parts: list[str | int] = []
    for part in key.split("."):
        if not part:
            raise UserError(_("{key!r}: write the key with dots, e.g. signatory.name or prizes.1.amount").format(key=key))
        parts.append(int(part) if part.isdigit() else part)
    if isinstance(parts[0], int) or (len(parts) < 2 and parts[0] not in TOP_LEVEL):
        raise UserError(_("{key!r}: name a table and a key, e.g. signatory.name, competition.year or prizes.1.amount "
                          "(`krenova settings show` lists them)").format(key=key))
    return parts


def _lookup(data: dict, parts: list[str | int], key: str) -> tuple[Any, Any, str | int]:
    """(container, old value or None, last part) for the dotted key."""
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        if isinstance(part, int):
            if not isinstance(node, list) or not 1 <= part <= len(node):
                size = len(node) if isinstance(node, list) else 0
                raise UserError(ngettext("{key!r}: {table} has {size} item; count from 1",
                                         "{key!r}: {table} has {size} items; count from 1", size).format(
                    key=key, table=".".join(map(str, parts[:i])), size=size))
            node = node[part - 1]
        else:
            if not isinstance(node, dict):
                raise UserError(_("{key!r}: {table} has no keys").format(key=key, table=".".join(map(str, parts[:i]))))
            if part not in node:
                if i == 0 and part in ("awards", "letters", "attachments", "decree", "call", "ceremony", "screening") or i == 1 and parts[0] == "letters":
                    node[part] = {}  # an optional table that the preset may not have yet ([letters.KIND]: a kind's own agenda book)
                else:
                    raise UserError(_("{key!r}: no {part!r} in the settings; `krenova settings show` lists the keys").format(
                        key=key, part=part))
            node = node[part]
    last = parts[-1]
    if isinstance(last, int) or not isinstance(node, dict):
        raise UserError(_("{key!r}: name a key inside {table}, e.g. {key}.name").format(
            key=key, table=".".join(map(str, parts[:-1]))))
    return node, node.get(last), last


def _candidates(text: str) -> list[Any]:
    """The value as TOML reads it (85, true, 2017-08-17, "x", [1, 2]), then as plain text."""
    out: list[Any] = []
    try:
        out.append(tomllib.loads(f"v = {text}")["v"])
    except (ValueError, RecursionError, MemoryError):  # not TOML (or hostile: 5,000 digits, deep nesting): plain text
        pass
    out.append(text)
    return out


def toml_value(value: Any) -> str:
    """One value as inline TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        import json

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _header(line: str) -> tuple[str, bool] | None:
    """('prizes', True) for `[[prizes]]`, ('signatory', False) for `[signatory]`."""
    m = re.match(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$", line)
    return (m.group(2), m.group(1) == "[[") if m else None


class NotEditable(ValueError):
    """The targeted edit of the text cannot make this change; the file is written afresh instead
    (never shown: `set_setting` catches it)."""


def edit_text(text: str, parts: list[str | int], value: Any) -> str:
    """`text` with the value of `parts` set (tables and arrays of tables one level deep, keys above them)."""
    lines = text.split("\n")
    if len(parts) == 1:
        return _edit_top_level(lines, str(parts[0]), value)
    table, rest = str(parts[0]), parts[1:]
    if table == "letters" and len(rest) == 2 and all(isinstance(p, str) for p in rest):
        table, rest = f"letters.{rest[0]}", rest[1:]  # [letters.decree] number = ...
    elif len(rest) >= 2 and isinstance(rest[0], str) and isinstance(rest[1], int):
        table, rest = f"{table}.{rest[0]}", rest[1:]  # [[sinovik.sections]] weight = ...
    index = rest[0] if rest and isinstance(rest[0], int) else None
    keys = rest[1:] if index is not None else rest
    if len(keys) != 1:
        raise NotEditable(parts)  # a nested key
    key = str(keys[0])
    start = None
    seen = 0
    for i, line in enumerate(lines):
        h = _header(line)
        if h is None or h[0] != table or h[1] != (index is not None):
            continue
        seen += 1
        if index is None or seen == index:
            start = i
            break
    new_line = f"{key} = {toml_value(value)}"
    if start is None:
        if index is not None:
            raise NotEditable(parts)  # no such array item
        return text.rstrip("\n") + f"\n\n[{table}]\n{new_line}\n"
    end = next((j for j in range(start + 1, len(lines)) if _header(lines[j]) is not None), len(lines))
    pattern = re.compile(rf"^(\s*){re.escape(key)}\s*=")
    for j in range(start + 1, end):
        m = pattern.match(lines[j])
        if m:
            comment = re.search(r"\s+#[^\"']*$", lines[j])
            lines[j] = m.group(1) + new_line + (comment.group(0) if comment else "")
            return "\n".join(lines)
    last = max((j for j in range(start + 1, end) if lines[j].strip() and not lines[j].lstrip().startswith("#")), default=start)
    lines.insert(last + 1, new_line)
    return "\n".join(lines)


def _edit_top_level(lines: list[str], key: str, value: Any) -> str:
    """A key outside any table: changed where it stands, else written just above the first [table]."""
    first = next((i for i, line in enumerate(lines) if _header(line) is not None), len(lines))
    pattern = re.compile(rf"^(\s*){re.escape(key)}\s*=")
    new_line = f"{key} = {toml_value(value)}"
    for j in range(first):
        m = pattern.match(lines[j])
        if m:
            comment = re.search(r"\s+#[^\"']*$", lines[j])
            lines[j] = m.group(1) + new_line + (comment.group(0) if comment else "")
            return "\n".join(lines)
    lines[first:first] = [new_line, ""]
    return "\n".join(lines)


def plain(value: Any) -> Any:
    """A settings value as JSON holds it (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def flat(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every value of the settings under its dotted key (arrays counted from 1)."""
    out: list[tuple[str, Any]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out += flat(v, f"{prefix}{k}.")
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for i, v in enumerate(data, start=1):
            out += flat(v, f"{prefix}{i}.")
    else:
        out.append((prefix[:-1], data))
    return out


def other_year_dates(comp) -> list[tuple[str, date]]:
    """(dotted key, date) of every date of the settings that is not in `competition.year`, earliest
    first: a preset's 2017 dates left in a 2025 competition would be printed (and numbered) on its papers."""
    year = comp.competition.year
    odd = [(f"rounds.{r.number}.{what}", day) for r in comp.rounds
           for what, day in (("start", r.start), ("end", r.end), ("presentation_date", r.presentation_date))
           if day is not None and day.year != year]
    if comp.competition.award_date is not None and comp.competition.award_date.year != year:
        odd.append(("competition.award_date", comp.competition.award_date))
    if comp.call.deadline is not None and comp.call.deadline.year != year:  # printed on the call for proposals
        odd.append(("call.deadline", comp.call.deadline))
    return sorted(odd, key=lambda kd: (kd[1], kd[0]))


def shown_dates(odd: list[tuple[str, date]]) -> str:
    return ", ".join(f"{key} {day.isoformat()}" for key, day in odd[:4]) + (" ..." if len(odd) > 4 else "")


def date_warnings(comp) -> list[str]:
    """One line when dates of the settings are of another year than the competition's, naming the
    command that moves them all (`settings set`, `status`, `check` and `letters` say it)."""
    odd = other_year_dates(comp)
    if not odd:
        return []
    year = comp.competition.year
    return [ngettext("{count} date in {file} is not in {year}, the competition's year ({listing}); the papers print it. "
                     "Move it to {year}: `krenova settings set competition.year {year} --move-dates`",
                     "{count} dates in {file} are not in {year}, the competition's year ({listing}); the papers print them. "
                     "Move them all to {year}: `krenova settings set competition.year {year} --move-dates`", len(odd)).format(
        count=len(odd), file=layout.SETTINGS, year=year, listing=shown_dates(odd))]


def settings_data(store: Store) -> dict:
    from krenova_cli.store.parsing import parse_toml

    return parse_toml(store.text(layout.SETTINGS), layout.SETTINGS)


def set_setting(store: Store, key: str, raw: str) -> SettingChange:
    from pydantic import ValidationError

    from krenova_cli.store import schema
    from krenova_cli.store.parsing import parse_toml, pydantic_errors

    parts = _path(key.strip())
    with store.transaction() as tx:
        text = store.text(layout.SETTINGS)
        data = parse_toml(text, layout.SETTINGS)
        old = copy.deepcopy(_lookup(copy.deepcopy(data), parts, key)[1])
        first_error = None
        for candidate in _candidates(raw):
            new_data = copy.deepcopy(data)
            node, _old, last = _lookup(new_data, parts, key)
            node[last] = candidate
            try:
                schema.competition(new_data)
            except ValidationError as exc:
                # the error of the text as written when the setting is text (`{}` is also TOML's empty table)
                if first_error is None or (isinstance(candidate, str) and isinstance(old, str)):
                    first_error = exc
                continue
            break
        else:
            plain_line = explain(key, raw, first_error, data)
            if plain_line is not None:
                raise UserError(plain_line) from None
            raise pydantic_errors(first_error, layout.SETTINGS, where=lambda field: key) from None
        if candidate == old and type(candidate) is type(old):  # nothing to do: not an error (issue 26)
            return SettingChange(key, old, candidate, True, unchanged=True)
        _refuse_overlapping_rounds(data, new_data, key)
        _refuse_moving_closed_rounds(store, new_data, key)
        kept = True
        try:
            new_text = edit_text(text, parts, candidate)
            if tomllib.loads(new_text) != new_data:
                raise NotEditable(parts)  # the edit did not give the intended settings
        except (ValueError, RecursionError, MemoryError):
            import tomli_w

            new_text, kept = tomli_w.dumps(new_data), False
        tx.put(layout.SETTINGS, new_text.encode("utf-8"))
        tx.commit("settings.set", key, {key: plain(old)}, {key: plain(candidate)})
    return SettingChange(key, old, candidate, kept)


def move_dates(store: Store, raw_year: str) -> list[SettingChange]:
    """`settings set competition.year YEAR --move-dates`: the year and every date of the settings moved
    to it (same day and month; 29 February becomes the 28th), validated as a whole, one logged change."""
    from pydantic import ValidationError

    from krenova_cli.store import schema
    from krenova_cli.store.parsing import pydantic_errors

    with store.transaction() as tx:
        text = store.text(layout.SETTINGS)
        data = tomllib.loads(text)
        year = _candidates(raw_year)[0]
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 9999:
            raise UserError(_("competition.year: {value!r} is not a year; write it with four digits, e.g. "
                              "`krenova settings set competition.year 2025 --move-dates`").format(value=raw_year))
        changes: list[tuple[str, Any, Any]] = []
        if data.get("competition", {}).get("year") != year:
            changes.append(("competition.year", data.get("competition", {}).get("year"), year))
        moved = []
        for key, value in flat(data):
            if isinstance(value, date) and value.year != year:
                try:
                    moved.append((key, value, value.replace(year=year)))
                except ValueError:  # 29 February in a year without it
                    moved.append((key, value, value.replace(year=year, day=28)))
        was = data.get("competition", {}).get("year")
        changes += renamed_years(data, {day.year for _k, day, _n in moved} | ({was} if isinstance(was, int) else set()), year)
        changes += sorted(moved, key=lambda c: (c[1], c[0]))
        if not changes:
            return [SettingChange("competition.year", year, year, True, unchanged=True)]
        new_data = copy.deepcopy(data)
        for key, _old, value in changes:
            node, _was, last = _lookup(new_data, _path(key), key)
            node[last] = value
        try:
            schema.competition(new_data)
        except ValidationError as exc:
            raise pydantic_errors(exc, layout.SETTINGS) from None
        _refuse_overlapping_rounds(data, new_data, "competition.year")
        _refuse_moving_closed_rounds(store, new_data, "competition.year")
        kept = True
        try:
            new_text = text
            for key, _old, value in changes:
                new_text = edit_text(new_text, _path(key), value)
            if tomllib.loads(new_text) != new_data:
                raise NotEditable(_path(changes[0][0]))
        except (ValueError, tomllib.TOMLDecodeError):
            import tomli_w

            new_text, kept = tomli_w.dumps(new_data), False
        tx.put(layout.SETTINGS, new_text.encode("utf-8"))
        tx.commit("settings.set", "competition.year --move-dates", {k: plain(o) for k, o, _n in changes},
                  {k: plain(n) for k, _o, n in changes})
    return [SettingChange(k, o, n, kept) for k, o, n in changes]


def _round_dates(data: dict) -> list[tuple[str, str, date, date, str]]:
    """(key, other key, day, other day, how) for each pair of round dates out of order: a round ending
    before it starts, a round starting before the one before it ends."""
    rounds = data.get("rounds") or []
    out = []
    for i, r in enumerate(rounds, start=1):
        start, end = r.get("start"), r.get("end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            out.append((f"rounds.{i}.end", f"rounds.{i}.start", end, start, "before_start"))
        if i < len(rounds):
            nxt = rounds[i].get("start")
            if isinstance(end, date) and isinstance(nxt, date) and nxt < end:
                out.append((f"rounds.{i + 1}.start", f"rounds.{i}.end", nxt, end, "before_previous_end"))
    return out


def _refuse_overlapping_rounds(data: dict, new_data: dict, key: str) -> None:
    """Rounds follow one another: a change that makes round dates overlap is refused, naming both
    dates and a date that fits (dates already out of order are left to the user, not blamed on this change)."""
    from datetime import timedelta

    was = {(k, o) for k, o, *_rest in _round_dates(data)}
    for k, other, day, other_day, how in _round_dates(new_data):
        if (k, other) in was:
            continue
        if how == "before_start":
            if key == k:
                raise UserError(_("{key}: round {n} would end on {day}, before it starts ({other} {other_day}); "
                                  "e.g. `krenova settings set {key} {fit}`").format(
                    key=key, n=k.split(".")[1], day=day.isoformat(), other=other, other_day=other_day.isoformat(),
                    fit=other_day.isoformat()))
            raise UserError(_("{key}: round {n} would start on {day}, after it ends ({other} {other_day}); "
                              "e.g. `krenova settings set {key} {fit}`").format(
                key=key, n=k.split(".")[1], day=other_day.isoformat(), other=k, other_day=day.isoformat(), fit=day.isoformat()))
        n = int(k.split(".")[1])
        if key == k:  # the later round's start moved before the earlier round's end
            raise UserError(_("{key}: round {n} would start on {day}, before round {prev} ends ({other} {other_day}); "
                              "rounds follow one another. Choose a later start, e.g. `krenova settings set {key} {fit}`, "
                              "or end round {prev} earlier first").format(
                key=key, n=n, day=day.isoformat(), prev=n - 1, other=other, other_day=other_day.isoformat(),
                fit=(other_day + timedelta(days=1)).isoformat()))
        raise UserError(_("{key}: round {prev} would end on {day}, after round {n} starts ({other} {other_day}); "
                          "rounds follow one another. Choose an earlier end, e.g. `krenova settings set {key} {fit}`, "
                          "or start round {n} later first").format(
            key=key, n=n, prev=n - 1, day=other_day.isoformat(), other=k, other_day=day.isoformat(),
            fit=(day - timedelta(days=1)).isoformat()))


def weekend_warnings(comp) -> list[str]:
    """One line for each round that ends on a Saturday or a Sunday (its minutes are dated that day),
    with the working day before it and the command that sets it."""
    from datetime import timedelta

    out = []
    for r in comp.rounds:
        if r.end is not None and r.end.weekday() >= 5:
            friday = r.end - timedelta(days=r.end.weekday() - 4)
            day = _("a Saturday") if r.end.weekday() == 5 else _("a Sunday")
            out.append(_("rounds.{n}.end {day} is {weekday}: the round's minutes would be dated on a weekend; the working day "
                         "before is {friday}: `krenova settings set rounds.{n}.end {friday}`").format(
                n=r.number, day=r.end.isoformat(), weekday=day, friday=friday.isoformat()))
    return out


_YEAR_WORD = re.compile(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})(?![0-9])")
YEAR_NAMED = ("competition.name", "competition.id")  # the settings that name the edition, printed on papers and files


def renamed_years(data: dict, old_years: set[int], year: int) -> list[tuple[str, Any, Any]]:
    """(key, old, new) for each setting of YEAR_NAMED that says one of `old_years` as a whole number,
    said with `year` instead: "Krenova ... 2017" becomes "Krenova ... 2025" when the year moves."""
    old_years = old_years - {year}
    out = []
    for key in YEAR_NAMED:
        table, name = key.split(".")
        value = data.get(table, {}).get(name)
        if isinstance(value, str) and old_years:
            new = _YEAR_WORD.sub(lambda m: str(year) if int(m.group()) in old_years else m.group(), value)
            if new != value:
                out.append((key, value, new))
    return out


def year_name_warnings(comp) -> list[str]:
    """One line when the edition's name or id says another year than `competition.year` (a year set
    alone), proposing the move that renames them."""
    meta = comp.competition
    said = {key: getattr(meta, key.split(".")[1]) for key in YEAR_NAMED}
    odd = {key: value for key, value in said.items()
           if any(int(y) != meta.year for y in _YEAR_WORD.findall(value)) and str(meta.year) not in _YEAR_WORD.findall(value)}
    if not odd:
        return []
    years = sorted({y for value in odd.values() for y in _YEAR_WORD.findall(value) if int(y) != meta.year})
    return [ngettext("{keys} still says {old} ({values}); the papers and file names print it. Rename it with "
                     "`krenova settings set competition.year {year} --move-dates`, or with `krenova settings set KEY VALUE`",
                     "{keys} still say {old} ({values}); the papers and file names print them. Rename them with "
                     "`krenova settings set competition.year {year} --move-dates`, or each with "
                     "`krenova settings set KEY VALUE`", len(odd)).format(
        keys=_(" and ").join(odd), old=", ".join(years), year=meta.year,
        values=", ".join(toml_value(v) for v in odd.values()))]


_WHOLE = ("int_parsing", "int_type", "int_from_float")
_NUMBER = ("float_parsing", "float_type")
_DATE = ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_future", "date_past")
_BOOL = ("bool_parsing", "bool_type")
_CHOICE = ("literal_error", "enum")
_LEAST = ("greater_than_equal", "greater_than")
_MOST = ("less_than_equal", "less_than")


def explain(key: str, raw: str, exc, data: dict) -> str | None:
    """One plain line for a value of the wrong kind: the key, the value given, what is expected and a
    command that would work (`prizes.1.amount: '7.500.000' is not a whole number; ...`). None when the
    schema's own words say it better (a check across several values, an unknown aggregation)."""
    path = tuple(int(p) - 1 if p.isdigit() else p for p in key.split("."))
    # the errors of this value (a union's member may follow: awards.min_score.int)
    mine = [err for err in exc.errors() if tuple(err.get("loc", ()))[:len(path)] == path]
    if not mine:
        return None
    kinds = {err.get("type") for err in mine}
    err = mine[-1]
    ctx = err.get("ctx") or {}
    old = _current(data, key)
    if "extra_forbidden" in kinds:
        import difflib

        table, _dot, name = key.rpartition(".")
        siblings = [k.rpartition(".")[2] for k, _v in flat(data) if k.rpartition(".")[0] == table]
        close = ([k for k in siblings if name in k or k in name]  # date -> award_date
                 or difflib.get_close_matches(name, siblings, n=1, cutoff=0.75))
        if close:
            return _("{key}: no such key in the settings; did you mean {close}? `krenova settings show` lists the keys").format(
                key=key, close=table + "." + close[0])
        return _("{key}: no such key in the settings; `krenova settings show` lists the keys").format(key=key)
    if kinds & set(_NUMBER):
        example = _number_example(raw, old, whole=False)
        return _("{key}: {value!r} is not a number; write digits, with a point before any decimals, "
                 "e.g. krenova settings set {key} {example}").format(key=key, value=raw, example=example)
    if kinds & set(_WHOLE):
        example = _number_example(raw, old, whole=True)
        return _("{key}: {value!r} is not a whole number; write digits only, without dots, commas or spaces, "
                 "e.g. krenova settings set {key} {example}").format(key=key, value=raw, example=example)
    if kinds & set(_DATE):
        return _("{key}: {value!r} is not a date written year-month-day (YYYY-MM-DD); "
                 "e.g. krenova settings set {key} {example}").format(key=key, value=raw, example=_date_example(raw, old))
    if kinds & set(_BOOL):
        return _("{key}: {value!r} is neither true nor false; e.g. krenova settings set {key} true").format(key=key, value=raw)
    if kinds & set(_CHOICE):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if not choices:
            return None
        example = old if isinstance(old, str) and old in choices and old != raw else choices[0]
        return _("{key}: {value!r} is not one of {choices}; e.g. krenova settings set {key} {example}").format(
            key=key, value=raw, choices=", ".join(choices), example=example)
    if kinds & set(_LEAST) and ("ge" in ctx or "gt" in ctx):
        bound = ctx.get("ge", ctx.get("gt"))
        example = old if isinstance(old, (int, float)) and not isinstance(old, bool) and old >= bound else bound
        template = (_("{key}: {value!r} is less than {bound}, the smallest value allowed; e.g. krenova settings set {key} {example}")
                    if "ge" in ctx else
                    _("{key}: {value!r} is not more than {bound}; it must be larger; e.g. krenova settings set {key} {example}"))
        return template.format(key=key, value=raw, bound=bound, example=toml_value(example))
    if kinds & set(_MOST) and ("le" in ctx or "lt" in ctx):
        bound = ctx.get("le", ctx.get("lt"))
        example = old if isinstance(old, (int, float)) and not isinstance(old, bool) and old <= bound else bound
        template = (_("{key}: {value!r} is more than {bound}, the largest value allowed; e.g. krenova settings set {key} {example}")
                    if "le" in ctx else
                    _("{key}: {value!r} is not less than {bound}; it must be smaller; e.g. krenova settings set {key} {example}"))
        return template.format(key=key, value=raw, bound=bound, example=toml_value(example))
    if kinds & {"list_type"}:
        example = toml_value(old) if isinstance(old, list) and old else '["..."]'
        return _("{key}: {value!r} is not a list; write the items in brackets, e.g. krenova settings set {key} '{example}'").format(
            key=key, value=raw, example=example)
    return None


def _current(data: dict, key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if isinstance(node, list) and part.isdigit() and 1 <= int(part) <= len(node):
            node = node[int(part) - 1]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def _number_example(raw: str, old: Any, whole: bool) -> str:
    """The value as it was probably meant: `7.500.000` or `Rp 7,500,000` -> 7500000, `97,5` -> 97.5."""
    text = re.sub(r"^(rp\.?|idr)\s*", "", raw.strip(), flags=re.IGNORECASE).replace(" ", "")
    if whole:
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
            return text.replace(".", "").replace(",", "")
        if re.fullmatch(r"\d+[.,]0+", text):
            return re.split(r"[.,]", text)[0]
    elif re.fullmatch(r"\d+,\d+", text):
        return text.replace(",", ".")
    if isinstance(old, (int, float)) and not isinstance(old, bool):
        return toml_value(old)
    return "10" if whole else "97.5"


def _date_example(raw: str, old: Any) -> str:
    """`17-08-2017`, `17/8/2017` (day first, as Indonesia writes dates) or `2017/08/17` -> 2017-08-17."""
    m = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*", raw)
    n = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", raw)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        if n:
            return date(int(n.group(1)), int(n.group(2)), int(n.group(3))).isoformat()
    except ValueError:
        pass
    if isinstance(old, date):
        return old.isoformat()
    return "2017-08-17"


def _refuse_moving_closed_rounds(store: Store, new_data: dict, key: str) -> None:
    """What the decisions rest on is locked (core/locks.py): a closed round's deciding settings
    (`reopen` is the way out), the awards' prizes and pass mark (`awards --undo`); an id other files
    name, and a rule the recorded scores no longer meet, are refused too."""
    from krenova_cli.core.locks import awards_changes, awards_refusal, closed_round_changes, refusal
    from krenova_cli.store import schema

    state = store.load(rounds=())
    new = schema.competition(new_data)
    old = store.competition()
    if state.records:
        changes = closed_round_changes(new, state.records, old=old)
        if changes:
            scored = [n for n in range(1, state.last_round + 1) if store.score_judges(n)]
            raise UserError(refusal(changes, key, awards_decided=state.awards is not None, scored=scored))
    moved = awards_changes(new, state.awards, old=old)
    if moved:
        raise UserError(awards_refusal(moved, key))
    _refuse_moving_screening(store, state, new, old, key)
    _refuse_orphans(state, new, old, key)
    _refuse_unknown_pool_judges(state, new, key)
    if key.split(".")[0] in ("criteria", "rounds"):
        _refuse_breaking_scores(store, state, new, old, key)


def _refuse_moving_screening(store: Store, state, new, old, key: str) -> None:
    """A closed administrative screening rests on its settings (`[screening]`: the round and the required
    documents), `reopen --round 0` is the way out; and a screening round cannot begin under a round 1
    that has scores or is closed already."""
    from krenova_cli.core.screening import basis_changes

    moved = basis_changes(new, state.screening, old=old)
    if moved:
        raise UserError(screening_refusal(moved, key, state, scored_1=bool(store.score_judges(1))))
    if new.screening.round and not old.screening.round and state.screening is None and (1 in state.records or store.score_judges(1)):
        raise UserError(_("{key}: round 1 has begun already (it has scores or is closed); an administrative screening can "
                          "only come before it. Keep the setting as it is").format(key=key))


def screening_refusal(moved: list[str], what: str, state, scored_1: bool) -> str:
    """One line: the closed screening rests on these settings; the way out (or that there is none left)."""
    keys = ", ".join(moved)
    if 1 in state.records or scored_1:
        return _("{what}: the closed administrative screening rests on this setting ({keys}), and it can no longer reopen "
                 "(round 1 has scores). Keep the setting as it is").format(what=what, keys=keys)
    return _("{what}: the closed administrative screening rests on this setting ({keys}); its decisions are locked. To "
             "change it: reopen the screening with `krenova reopen --round 0 --reason TEXT`, change the setting, and close "
             "it again with `krenova advance --round 0`").format(what=what, keys=keys)


def _refuse_orphans(state, new, old, key: str) -> None:
    """An entry's category or kind of institution is named by its id: changing that id would leave the
    entries naming an id the settings no longer have."""
    from krenova_cli.core.locks import orphaned

    used: dict[str, dict[str, list[str]]] = {"categories": {}, "entity_types": {}}
    for e in sorted(state.entries.values(), key=lambda e: e.id):
        used["categories"].setdefault(e.category, []).append(e.id)
        used["entity_types"].setdefault(e.entity_type, []).append(e.id)
    gone = orphaned(new, old, used)
    if gone:
        table, ident, users = gone[0]
        names = ", ".join(users[:5]) + (" ..." if len(users) > 5 else "")
        raise UserError(ngettext(
            "{key}: {count} entry names {table} {id!r} ({entries}); an id that entries name cannot change. To show another "
            "name change {table}.N.name instead (`krenova settings set {name_key} TEXT`), or move the entry first "
            "(`krenova entry edit ID --{option} OTHER`)",
            "{key}: {count} entries name {table} {id!r} ({entries}); an id that entries name cannot change. To show another "
            "name change {table}.N.name instead (`krenova settings set {name_key} TEXT`), or move the entries first "
            "(`krenova entry edit ID --{option} OTHER`)", len(users)).format(
            key=key, count=len(users), table=table, id=ident, entries=names,
            name_key=_name_key(key, table, old, ident), option="category" if table == "categories" else "entity-type"))


def _name_key(key: str, table: str, old, ident: str) -> str:
    ids = [x.id for x in getattr(old, table)]
    return f"{table}.{ids.index(ident) + 1}.name" if ident in ids else f"{table}.1.name"


def _refuse_breaking_scores(store: Store, state, new, old, key: str) -> None:
    """The recorded scores read with the new settings: a criterion renamed, a range narrowed or a step
    changed under scores already given would make every command refuse the score files. Only the
    rounds whose criteria rules the change touches are read."""
    from krenova_cli.core.errors import DataError

    def rules(comp, n):
        return [(c.id, c.min, c.max, c.step) for c in comp.criteria_for(n)]

    for n in range(1, len(new.rounds) + 1):
        if n > len(old.rounds) or rules(new, n) == rules(old, n) or not store.score_judges(n):
            continue
        errors: list[DataError] = []
        store.scores(n, new, state.entries, errors)
        if errors:
            first = errors[0]
            raise UserError(ngettext(
                "{key}: the scores already recorded would no longer be valid ({count} problem; {file}: {problem}). "
                "Keep the setting as it is, or correct the scores first (`krenova score --round {n} ...`) and change it then",
                "{key}: the scores already recorded would no longer be valid ({count} problems; first {file}: {problem}). "
                "Keep the setting as it is, or correct the scores first (`krenova score --round {n} ...`) and change it then",
                len(errors)).format(key=key, count=len(errors), file=first.source, problem=localize(first.message), n=n))


def _refuse_unknown_pool_judges(state, new, key: str) -> None:
    """A round's pool of judges (`rounds.N.judges`) names registered judges only."""
    for rnd in new.rounds:
        unknown = [j for j in rnd.judges or () if j not in state.judges]
        if unknown:
            raise UserError(_("{key}: round {n}'s judges name {judges}, who are not registered; register them first "
                              "(`krenova judge add`) or name registered judges (`krenova judge list`)").format(
                key=key, n=rnd.number, judges=", ".join(unknown)))
