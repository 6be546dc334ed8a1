"""Pure: the one order of ids everywhere (natural: K2 < K10 < K999 < K1000), and the width of new ids."""

from __future__ import annotations

import re
from functools import lru_cache

_PARTS = re.compile(r"(\d+)")


@lru_cache(maxsize=1 << 17)  # every load sorts thousands of file names and ids by it, the same ones each time
def natural_key(item_id: str) -> tuple:
    """Sort key: runs of digits compare as numbers, text case-insensitively; the id itself breaks what is left.

    Plain string order puts K1000 before K999 once a competition passes a thousand entries.
    """
    parts = _PARTS.split(item_id)
    return tuple((0, int(p), "") if i % 2 else (1, 0, p.casefold()) for i, p in enumerate(parts) if p), item_id


def id_width(count: int, minimum: int = 3) -> int:
    """Digits of generated ids for a competition of `count` items: K001 for 53 entries, K0001 for 3,000."""
    return max(minimum, len(str(max(count, 1))))
