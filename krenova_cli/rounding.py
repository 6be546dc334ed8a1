"""Pure display rounding: exact half-up rounding of Fractions for JSON and screens."""

from __future__ import annotations

from fractions import Fraction


def rounded(value: Fraction | None, places: int = 4) -> float | None:
    """Round half up at `places` decimals, exactly, before turning into a float for JSON."""
    if value is None:
        return None
    scale = 10**places
    q = (value * scale * 2 + 1) // 2 if value >= 0 else -((-value * scale * 2 + 1) // 2)
    return float(Fraction(q, scale))


def shown(value: Fraction | None, places: int = 2) -> str:
    if value is None:
        return "-"
    return f"{rounded(value, places):.{places}f}"
