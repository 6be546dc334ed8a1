"""The interface languages and the ways their names are written: `id`, `id_ID`, `id-ID`, `id.UTF-8` are
Indonesian, `en`, `en_US`, `en-GB.UTF-8` English; anything else is no language krenova speaks."""

from __future__ import annotations

import re

SUPPORTED = ("en", "id")
_NAME = re.compile(r"(en|id)(?:[_.@-][A-Za-z0-9_.@-]*)?", re.IGNORECASE)


def language_code(value: object) -> str | None:
    """`id` or `en` for a name of one of them (KRENOVA_LANG, `interface_language`), else None."""
    if not isinstance(value, str):
        return None
    m = _NAME.fullmatch(value.strip())
    return m.group(1).lower() if m else None
