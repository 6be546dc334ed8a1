"""Text from the folder shown where a person reads it (a terminal, a web page): its control and
bidirectional characters made visible as <U+XXXX> instead of acting (SPEC 9.1 "escaped where shown").

A reason, a name or a title is refused at write when it holds such characters, but the ledger and
the letter register keep what older versions or hand edits let in: `verify` and `publish` show it
through `visible`, so an escape sequence never reaches the terminal and a bidi override never
reorders a web page.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline included: a shown fact is one line), DEL, the bidirectional
# embeddings, overrides, isolates and marks, and the invisible separators of lines and paragraphs.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text) -> str:
    """`text` with every hidden character written as <U+XXXX>."""
    if not isinstance(text, str):
        return text
    return HIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def visible_all(value):
    """The same, through the strings of a JSON-like value (dicts, lists)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {k: visible_all(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [visible_all(v) for v in value]
    return value
