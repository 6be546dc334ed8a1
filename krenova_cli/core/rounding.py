"""Pure display rounding: exact half-up rounding of Fractions for JSON and screens."""

from __future__ import annotations

from fractions import Fraction


def rounded(value: Fraction | None, places: int = 4) -> float | None:
    """Round half up at `places` decimals, exactly, before turning into a float for JSON."""
    if value is None:
        return None
    scale = 10**places
    n, d = value.numerator, value.denominator  # integer arithmetic: much faster than Fraction operators
    q = (2 * abs(n) * scale + d) // (2 * d)
    return (q if n >= 0 else -q) / scale


def shown(value: Fraction | None, places: int = 2) -> str:
    if value is None:
        return "-"
    return f"{rounded(value, places):.{places}f}"
