"""Writing user text into openpyxl cells as text, never as a formula (OWASP formula injection)."""

from __future__ import annotations


def put(cell, value) -> None:
    """Numbers stay numbers; every string is stored as a string, whatever its first character."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
