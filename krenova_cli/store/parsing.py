"""Strict parsing of TOML and JSON text: duplicate keys, NaN and infinity refused, lines named."""

from __future__ import annotations

import json
import math
import re
import tomllib
from fractions import Fraction
from typing import Any, Callable

from krenova_cli.core.errors import DataError, DataErrors

_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")


def _too_deep(source: str) -> DataErrors:
    return DataErrors(DataError(source, None, "nested too deeply (lists or tables inside each other hundreds of levels deep); "
                                              "this is not a krenova file: restore it or move it out of the folder"))


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return _parse_toml(text, source)
    except (RecursionError, MemoryError):
        raise _too_deep(source) from None


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")  # Notepad saves UTF-8 with a byte-order mark
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_AT.search(msg)
        line = int(m.group(1)) if m else None
        msg = _TOML_AT.sub("", msg).strip().rstrip(".")
        if msg.startswith("Cannot overwrite a value"):
            msg = "duplicate key (each key may appear once)"
        raise DataErrors(DataError(source, line, f"invalid TOML: {msg}")) from None
    bad = _first_nonfinite(data)
    if bad is not None:
        raise DataErrors(DataError(source, key_line(text, bad), f"{'.'.join(map(str, bad))}: NaN and infinity are not allowed"))
    return data


def _first_nonfinite(value: Any, path: tuple = ()) -> tuple | None:
    if isinstance(value, float) and not math.isfinite(value):
        return path
    if isinstance(value, dict):
        for k, v in value.items():
            found = _first_nonfinite(v, path + (k,))
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found = _first_nonfinite(v, path + (i,))
            if found is not None:
                return found
    return None


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return result


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


_EXPONENT = re.compile(r"[eE]([+-]?\d+)$")


def _exact_float(text: str) -> Fraction | int:
    m = _EXPONENT.search(text)
    if m and abs(int(m.group(1))) > 30:  # Fraction('1e99999999') would build a 100-million-digit integer
        raise ValueError(f"{text} is out of range")
    value = Fraction(text)
    if abs(value) > 10**15:
        raise ValueError(f"{text} is out of range")
    return int(value) if value.denominator == 1 else value


def parse_json(text: str, source: str, exact: bool = False) -> Any:
    """Parse JSON; with `exact`, decimals become Fractions (0.1 stays one tenth)."""
    try:
        return _parse_json(text, source, exact)
    except (RecursionError, MemoryError):
        raise _too_deep(source) from None


def _parse_json(text: str, source: str, exact: bool) -> Any:
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_constant,
            parse_float=_exact_float if exact else _finite_float,
        )
    except _Duplicate as exc:
        line = line_of(text, f'"{exc.args[0]}"', occurrence=2)
        raise DataErrors(DataError(source, line, f"duplicate key {exc.args[0]!r}")) from None
    except json.JSONDecodeError as exc:
        raise DataErrors(DataError(source, exc.lineno, f"invalid JSON: {exc.msg}")) from None
    except (ValueError, ZeroDivisionError) as exc:
        raise DataErrors(DataError(source, None, f"invalid JSON value: {exc}")) from None


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def line_of(text: str, needle: str, occurrence: int = 1) -> int | None:
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return text.count("\n", 0, start) + 1


MAX_ERRORS_PER_FILE = 50


_JSON_KEY = re.compile(r'"((?:[^"\\\n]|\\.)*)"\s*:')


class KeyLines:
    """The line of each JSON object key, from one scan of the text (a dict key -> first line and an
    index of line starts): naming the line of every error stays linear in the file's size."""

    def __init__(self, text: str):
        self.text = text
        self._first: dict[str, int] | None = None

    def first(self, key: str) -> int | None:
        if self._first is None:
            import bisect

            starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
            first: dict[str, int] = {}
            for m in _JSON_KEY.finditer(self.text):
                raw = m.group(1)
                if "\\" in raw:
                    try:
                        raw = json.loads(f'"{raw}"')
                    except ValueError:
                        continue
                if raw not in first:
                    first[raw] = bisect.bisect_right(starts, m.start())
            self._first = first
        return self._first.get(key)


def key_line(text: str, loc: tuple) -> int | None:
    """Best-effort line of a (pydantic-style) location such as ('criteria', 2, 'weight') in TOML text."""
    lines = text.splitlines()
    pos = 0
    found: int | None = None
    items = list(loc)
    for i, key in enumerate(items):
        if not isinstance(key, str):
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(nxt, int):
            pattern = re.compile(rf"^\s*\[\[\s*{re.escape(key)}\s*\]\]")
            hits = [n for n in range(pos, len(lines)) if pattern.match(lines[n])]
            if nxt < len(hits):
                pos = hits[nxt]
                found = pos + 1
                continue
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        else:
            pattern = re.compile(rf"^\s*(\[\s*{re.escape(key)}\s*\]|\"?{re.escape(key)}\"?\s*=)")
        for n in range(pos, len(lines)):
            if pattern.match(lines[n]):
                pos = n
                found = n + 1
                break
    return found


def pydantic_errors(exc: Any, source: str, text: str = "", where: Callable[[str], str] | None = None) -> DataErrors:
    """The one translator of a pydantic ValidationError: one DataError per problem.

    Problems are placed at `source:line` (the line found in `text`), or, with `where`, at what
    `where(field)` names (e.g. the command-line option that gave the field).
    """
    out = []
    found = exc.errors()
    for err in found[:MAX_ERRORS_PER_FILE]:  # each line is looked up in the text: the first ones only
        loc = tuple(err.get("loc", ()))
        field = ".".join(str(p) for p in loc)
        msg = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            msg = "unknown key (remove it or check its spelling)"
        elif err.get("type") == "missing":
            msg = "required but missing"
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if err.get("type") == "string_pattern_mismatch":
            msg = f"{err.get('input')!r} is not a valid id (letters, digits, '-' and '_', at most 64, starting with a letter or digit)"
        if where is not None:
            out.append(DataError(where(str(loc[0]) if loc else ""), None, msg))
            continue
        line = key_line(text, loc) if loc else None
        out.append(DataError(source, line, f"{field}: {msg}" if field else msg))
    if len(found) > MAX_ERRORS_PER_FILE:
        out.append(DataError(where("") if where is not None else source, None, f"... and {len(found) - MAX_ERRORS_PER_FILE} more problems"))
    return DataErrors(out)
