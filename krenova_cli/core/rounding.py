"""Pure display rounding: the one rounding of every shown score (SPEC 8.2).

Exact half-up from the exact value: a Fraction as it is, an int exactly, a float as the decimal it
prints as (71.315 is 71.315, not the binary 71.31499...). Terminal, CSV, JSON, Excel and documents
all ask this module, so a score of exactly 71.315 is 71.32 everywhere and 71.315 (4 decimals) in JSON.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def exact(value: Fraction | int | float | Decimal) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def scaled(value: Fraction | int | float | Decimal, places: int) -> int:
    """The value times 10**places, rounded half up (away from zero at exactly one half), as an integer."""
    value = exact(value)
    scale = 10**places
    n, d = value.numerator, value.denominator  # integer arithmetic: much faster than Fraction operators
    q = (2 * abs(n) * scale + d) // (2 * d)
    return q if n >= 0 else -q


def rounded(value: Fraction | int | float | None, places: int = 4) -> float | None:
    """Round half up at `places` decimals, exactly, before turning into a float for JSON."""
    if value is None:
        return None
    return scaled(value, places) / 10**places


def rounded_decimal(value: Fraction | int | float | Decimal, places: int = 2) -> Decimal:
    """The same rounding as a Decimal (for Babel's locale formatting: 71,32)."""
    return Decimal(scaled(value, places)).scaleb(-places)


def shown(value: Fraction | int | float | None, places: int = 2) -> str:
    """71.32: the text of a score on a terminal or in CSV."""
    if value is None:
        return "-"
    return f"{rounded_decimal(value, places):.{places}f}"
