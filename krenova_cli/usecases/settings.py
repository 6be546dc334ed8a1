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
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class SettingChange:
    key: str
    old: Any
    new: Any
    comments_kept: bool


def _path(key: str) -> list[str | int]:
    parts: list[str | int] = []
    for part in key.split("."):
        if not part:
            raise UserError(f"{key!r}: write the key with dots, e.g. signatory.name or prizes.1.amount")
        parts.append(int(part) if part.isdigit() else part)
    if isinstance(parts[0], int) or len(parts) < 2:
        raise UserError(f"{key!r}: name a table and a key, e.g. signatory.name, competition.year or prizes.1.amount "
                        f"(`krenova settings show` lists them)")
    return parts


def _lookup(data: dict, parts: list[str | int], key: str) -> tuple[Any, Any, str | int]:
    """(container, old value or None, last part) for the dotted key."""
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        if isinstance(part, int):
            if not isinstance(node, list) or not 1 <= part <= len(node):
                size = len(node) if isinstance(node, list) else 0
                raise UserError(f"{key!r}: {'.'.join(map(str, parts[:i]))} has {size} item(s); count from 1")
            node = node[part - 1]
        else:
            if not isinstance(node, dict):
                raise UserError(f"{key!r}: {'.'.join(map(str, parts[:i]))} has no keys")
            if part not in node:
                if i == 0 and part == "awards":  # an optional table that the preset may not have yet
                    node[part] = {}
                else:
                    raise UserError(f"{key!r}: no {part!r} in the settings; `krenova settings show` lists the keys")
            node = node[part]
    last = parts[-1]
    if isinstance(last, int) or not isinstance(node, dict):
        raise UserError(f"{key!r}: name a key inside {'.'.join(map(str, parts[:-1]))}, e.g. {key}.name")
    return node, node.get(last), last


def _candidates(text: str) -> list[Any]:
    """The value as TOML reads it (85, true, 2017-08-17, "x", [1, 2]), then as plain text."""
    out: list[Any] = []
    try:
        out.append(tomllib.loads(f"v = {text}")["v"])
    except tomllib.TOMLDecodeError:
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


def edit_text(text: str, parts: list[str | int], value: Any) -> str:
    """`text` with the value of `parts` set (tables and arrays of tables one level deep)."""
    lines = text.split("\n")
    table, rest = str(parts[0]), parts[1:]
    index = rest[0] if rest and isinstance(rest[0], int) else None
    keys = rest[1:] if index is not None else rest
    if len(keys) != 1:
        raise ValueError("nested key")
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
            raise ValueError("no such array item")
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


def settings_data(store: Store) -> dict:
    return tomllib.loads(store.text(layout.SETTINGS))


def set_setting(store: Store, key: str, raw: str) -> SettingChange:
    from pydantic import ValidationError

    from krenova_cli.store import schema
    from krenova_cli.store.parsing import pydantic_errors

    parts = _path(key.strip())
    with store.transaction() as tx:
        text = store.text(layout.SETTINGS)
        data = tomllib.loads(text)
        old = copy.deepcopy(_lookup(copy.deepcopy(data), parts, key)[1])
        first_error = None
        for candidate in _candidates(raw):
            new_data = copy.deepcopy(data)
            node, _old, last = _lookup(new_data, parts, key)
            node[last] = candidate
            try:
                schema.competition(new_data)
            except ValidationError as exc:
                first_error = first_error or exc
                continue
            break
        else:
            raise pydantic_errors(first_error, layout.SETTINGS, where=lambda field: key) from None
        if candidate == old and type(candidate) is type(old):
            raise UserError(f"{key} is already {toml_value(old)}; nothing changed")
        _refuse_moving_closed_rounds(store, new_data, key)
        kept = True
        try:
            new_text = edit_text(text, parts, candidate)
            if tomllib.loads(new_text) != new_data:
                raise ValueError("the edit did not give the intended settings")
        except (ValueError, tomllib.TOMLDecodeError):
            import tomli_w

            new_text, kept = tomli_w.dumps(new_data), False
        tx.put(layout.SETTINGS, new_text.encode("utf-8"))
        tx.commit("settings.set", key, {key: plain(old)}, {key: plain(candidate)})
    return SettingChange(key, old, candidate, kept)


def _refuse_moving_closed_rounds(store: Store, new_data: dict, key: str) -> None:
    """A closed round's deciding settings are locked (core/locks.py); `reopen` is the way out."""
    from krenova_cli.core.locks import closed_round_changes, refusal
    from krenova_cli.store import schema

    records = store.load(rounds=()).records
    if not records:
        return
    changes = closed_round_changes(schema.competition(new_data), records, old=store.competition())
    if changes:
        raise UserError(refusal(changes, key))
