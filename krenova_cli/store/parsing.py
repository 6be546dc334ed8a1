"""Strict parsing of TOML and JSON text: duplicate keys, NaN and infinity refused, lines named."""

from __future__ import annotations

import json
import math
import re
import tomllib
from fractions import Fraction
from typing import Any, Callable

from krenova_cli.core.errors import DataError, DataErrors, T, said

_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")


def _too_deep(source: str) -> DataErrors:
    return DataErrors(DataError(source, None, T("nested too deeply (lists or tables inside each other hundreds of levels deep); "
                                                "this is not a krenova file: restore it or move it out of the folder")))


def _too_long(source: str) -> DataErrors:
    return DataErrors(DataError(source, None, T("a number of more than 4300 digits; "
                                                "this is not a krenova file: restore it or move it out of the folder")))


def _hostile(exc: ValueError, source: str) -> DataErrors:
    """A ValueError the TOML parser itself did not word: Python's limit on the digits of an integer, or worse."""
    if "digits" in str(exc):
        return _too_long(source)
    return DataErrors(DataError(source, None, T("invalid TOML: {problem}", problem=said(exc))))


def parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return _parse_toml(text, source)
    except (RecursionError, MemoryError):
        raise _too_deep(source) from None
    except ValueError as exc:  # not a TOMLDecodeError (worded below): an integer of 5,000 digits
        raise _hostile(exc, source) from None


# One line of a flat table as krenova writes it (serialize._flat_toml): a bare key, one space on each
# side of '=', a basic string with nothing to unescape or a plain decimal integer.
_FLAT_LINE = re.compile(r'([A-Za-z0-9_-]+) = (?:"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"|(0|-?[1-9][0-9]{0,17}))')


def flat_toml(text: str) -> dict[str, Any] | None:
    """tomllib's reading of a file that is only such lines, each ending in a newline (an entry file:
    a national folder holds thousands); None for any other text, which tomllib reads (and judges).
    tests/unit/test_parsing.py holds both to the same result."""
    lines = text.split("\n")
    if lines.pop() != "":
        return None
    out: dict[str, Any] = {}
    match = _FLAT_LINE.fullmatch
    for line in lines:
        m = match(line)
        if m is None:
            return None
        key, string, number = m.groups()
        if key in out:
            return None  # tomllib names the duplicate
        out[key] = string if number is None else int(number)
    return out


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")  # Notepad saves UTF-8 with a byte-order mark
    flat = flat_toml(text)
    if flat is not None:
        return flat  # no floats in it, so nothing non-finite
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_AT.search(msg)
        line = int(m.group(1)) if m else None
        msg = _TOML_AT.sub("", msg).strip().rstrip(".")
        if msg.startswith("Cannot overwrite a value"):
            msg = T("duplicate key (each key may appear once)")
        raise DataErrors(DataError(source, line, T("invalid TOML: {problem}", problem=msg))) from None
    bad = _first_nonfinite(data)
    if bad is not None:
        raise DataErrors(DataError(source, key_line(text, bad), T("{key}: NaN and infinity are not allowed", key=".".join(map(str, bad)))))
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
    raise ValueError(T("{value} is not allowed", value=name))


_EXPONENT = re.compile(r"[eE]([+-]?\d+)$")


def _exact_float(text: str) -> Fraction | int:
    m = _EXPONENT.search(text)
    if m and abs(int(m.group(1))) > 30:  # Fraction('1e99999999') would build a 100-million-digit integer
        raise ValueError(T("{value} is out of range", value=text))
    value = Fraction(text)
    if abs(value) > 10**15:
        raise ValueError(T("{value} is out of range", value=text))
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
        raise DataErrors(DataError(source, line, T("duplicate key {key!r}", key=exc.args[0]))) from None
    except json.JSONDecodeError as exc:
        raise DataErrors(DataError(source, exc.lineno, T("invalid JSON: {problem}", problem=exc.msg))) from None
    except ValueError as exc:
        if "digits" in str(exc):
            raise _too_long(source) from None
        raise DataErrors(DataError(source, None, T("invalid JSON value: {problem}", problem=said(exc)))) from None
    except ZeroDivisionError as exc:
        raise DataErrors(DataError(source, None, T("invalid JSON value: {problem}", problem=said(exc)))) from None


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(T("{value} is out of range", value=text))
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


# pydantic's own messages as templates of the catalog (its English, word for word: a message that
# does not come out the same, e.g. of a newer pydantic, is shown as pydantic wrote it).
_PYDANTIC = {
    "greater_than_equal": T("Input should be greater than or equal to {ge}"),
    "less_than_equal": T("Input should be less than or equal to {le}"),
    "greater_than": T("Input should be greater than {gt}"),
    "less_than": T("Input should be less than {lt}"),
    "int_type": T("Input should be a valid integer"),
    "int_parsing": T("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": T("Input should be a valid integer, got a number with a fractional part"),
    "float_type": T("Input should be a valid number"),
    "float_parsing": T("Input should be a valid number, unable to parse string as a number"),
    "finite_number": T("Input should be a finite number"),
    "string_type": T("Input should be a valid string"),
    "bool_type": T("Input should be a valid boolean"),
    "bool_parsing": T("Input should be a valid boolean, unable to interpret input"),
    "date_type": T("Input should be a valid date"),
    "date_parsing": T("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": T("Input should be a valid date or datetime, {error}"),
    "date_from_datetime_inexact": T("Datetimes provided to dates should have zero time - e.g. be exact dates"),
    "dict_type": T("Input should be a valid dictionary"),
    "model_type": T("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": T("Input should be a valid dictionary or object to extract fields from"),
    "list_type": T("Input should be a valid list"),
    "tuple_type": T("Input should be a valid tuple"),
    "literal_error": T("Input should be {expected}"),
    "enum": T("Input should be {expected}"),
}
_PYDANTIC_COUNTED = {  # (one, more)
    "string_too_long": (T("String should have at most {max_length} character"), T("String should have at most {max_length} characters")),
    "string_too_short": (T("String should have at least {min_length} character"), T("String should have at least {min_length} characters")),
    "too_long": (T("{field_type} should have at most {max_length} item after validation, not {actual_length}"),
                 T("{field_type} should have at most {max_length} items after validation, not {actual_length}")),
    "too_short": (T("{field_type} should have at least {min_length} item after validation, not {actual_length}"),
                  T("{field_type} should have at least {min_length} items after validation, not {actual_length}")),
}
_FIELD_TYPES = {"List": T("List"), "Tuple": T("Tuple"), "Set": T("Set"), "Dictionary": T("Dictionary")}


def _pydantic_message(err: dict) -> str:
    """One pydantic problem as a catalog message with its facts; else pydantic's English as it stands."""
    msg = err.get("msg", "invalid")
    kind = err.get("type")
    ctx = dict(err.get("ctx") or {})
    if kind == "extra_forbidden":
        return T("unknown key (remove it or check its spelling)")
    if kind == "missing":
        return T("required but missing")
    if kind == "string_pattern_mismatch":
        return T("{value!r} is not a valid id (letters, digits, '-' and '_', at most 64, starting with a letter or digit)",
                 value=err.get("input"))
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError):
        text = said(ctx["error"])
        if msg == "Value error, " + text:
            return text
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    template = _PYDANTIC.get(kind)
    if kind in _PYDANTIC_COUNTED:
        one, more = _PYDANTIC_COUNTED[kind]
        count = ctx.get("max_length", ctx.get("min_length"))
        template = one if count == 1 else more
        if ctx.get("field_type") in _FIELD_TYPES:
            ctx["field_type"] = _FIELD_TYPES[ctx["field_type"]]
    if template is None:
        return msg
    if kind in ("literal_error", "enum") and " or " in str(ctx.get("expected", "")):
        items, last = str(ctx["expected"]).rsplit(" or ", 1)
        ctx["expected"] = T("{items} or {last}", items=items, last=last)
    try:
        text = T(template.template, **{k: v for k, v in ctx.items() if "{" + k in template.template})
    except (KeyError, IndexError, ValueError):
        return msg
    return text if text == msg else msg


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
        msg = _pydantic_message(err)
        if where is not None:
            out.append(DataError(where(str(loc[0]) if loc else ""), None, msg))
            continue
        line = key_line(text, loc) if loc else None
        out.append(DataError(source, line, T("{field}: {problem}", field=field, problem=msg) if field else msg))
    if len(found) > MAX_ERRORS_PER_FILE:
        out.append(DataError(where("") if where is not None else source, None,
                             T("... and {n} more problems", n=len(found) - MAX_ERRORS_PER_FILE)))
    return DataErrors(out)
