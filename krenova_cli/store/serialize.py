"""Text forms of what is stored: stable, sorted, diff-friendly (one entry per line in score files)."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Any, Mapping

import tomli_w

from krenova_cli.core.model import Entry, Judge, as_dict


def number_text(value: int | Fraction) -> str:
    """A score as JSON number text; steps are decimal, so every value has a finite decimal form."""
    if isinstance(value, int):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 50
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain_number(value: int | Fraction) -> int | float:
    """A score for JSON output and the ledger."""
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else float(value)


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]*")  # JSON writes such a string as itself between quotes


def _json_key(text: str) -> str:
    return f'"{text}"' if _PLAIN_KEY.fullmatch(text) else json.dumps(text)


def score_file(round_no: int, judge_id: str, scores: Mapping[str, Mapping[str, int | Fraction]],
               comments: Mapping[str, Mapping[str, Any]] | None = None) -> bytes:
    """A judge's score file; with comments it is version 2 (`store/score_files.VERSION`), else version 1 as before."""
    head = json.dumps({"version": 2, "comments": dict(sorted(comments.items()))}, ensure_ascii=False)[1:-1] + ", " if comments else ""
    lines = [f'{{"round": {round_no}, "judge": {json.dumps(judge_id)}, {head}"scores": {{']
    keys: dict[str, str] = {}  # each criterion's JSON text, made once (a file holds thousands of entries)
    for entry_id, values in sorted(scores.items()):
        body = ", ".join(f"{keys.get(c) or keys.setdefault(c, _json_key(c))}: {v if type(v) is int else number_text(v)}"
                         for c, v in sorted(values.items()))
        lines.append(f"{_json_key(entry_id)}: {{{body}}},")
    if len(lines) > 1:
        lines[-1] = lines[-1][:-1]  # no comma after the last entry
    lines.append("}}")
    return ("\n".join(lines) + "\n").encode()


def entry_dict(entry: Entry) -> dict[str, Any]:
    return as_dict(entry, keep=("id", "title", "institution", "entity_type", "category"))


ENTRY_ORDER = ("id", "title", "institution", "entity_type", "category", "head_title", "region", "contact", "phone", "email",
               "description", "year_started", "withdrawn", "screening")
# What tomli_w escapes in a basic string (controls but tab, DEL, quote, backslash): a string without
# them it writes as itself between quotes.
_TOML_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def entry_toml(entry: Entry) -> bytes:
    data = entry_dict(entry)
    ordered = {k: data[k] for k in ENTRY_ORDER if k in data} | {k: v for k, v in data.items() if k not in ENTRY_ORDER}
    return (_flat_toml(ordered) or tomli_w.dumps(ordered)).encode()


def _flat_toml(data: Mapping[str, Any]) -> str | None:
    """tomli_w's text for a table of plain strings and integers, written directly (an import writes
    thousands of entry files); None for anything else (a withdrawal, an escaped character), which
    tomli_w writes. tests/unit/test_serialize.py holds both to the same bytes."""
    lines = []
    for key, value in data.items():
        if not _BARE_KEY.fullmatch(key):
            return None
        kind = type(value)
        if kind is str:
            if _TOML_ESCAPED.search(value):
                return None
            lines.append(f'{key} = "{value}"\n')
        elif kind is int:
            lines.append(f"{key} = {value}\n")
        else:
            return None
    return "".join(lines)


def judge_dict(judge: Judge) -> dict[str, Any]:
    return as_dict(judge, keep=("id", "name"))


def judges_toml(judges: Mapping[str, Judge]) -> bytes:
    """One [[judges]] table per judge (tomli_w would inline a short array), easy to edit by hand."""
    if not judges:
        return b"judges = []\n"
    parts = [f"[[judges]]\n{_judge_toml(judge_dict(j))}" for j in judges.values()]
    return "\n".join(parts).encode()


def _judge_toml(data: dict[str, Any]) -> str:
    """One judge's keys; a retirement as an inline table (a [retired] table would leave the [[judges]] item)."""
    retired = data.pop("retired", None)
    text = tomli_w.dumps(data)
    if retired is not None:
        back = f", back = {int(retired['back'])}" if retired.get("back") is not None else ""
        text += "retired = {{ round = {0}, reason = {1}{2} }}\n".format(int(retired["round"]), json.dumps(retired["reason"], ensure_ascii=False), back)
    return text


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()
