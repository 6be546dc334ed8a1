"""CSV cells safe to open in a spreadsheet: text that a spreadsheet would run as a formula
(`=`, `+`, `-`, `@`, tab or carriage return first) gets a leading `'`. Numbers stay numbers;
`--raw` skips this for tools that want the exact text."""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defused(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value
