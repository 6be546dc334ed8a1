"""Judges' comments on an entry (and on its criteria): the one rule of their words, for reading and writing.

A comment is free text kept with the score: at most `MAX_COMMENT` characters, and no bidirectional
override or control character (a line break is allowed: comments are paragraphs). The loader
(`store/score_files.check_score_file`) and every way of scoring use `comment_problem`, so what is
written is what is read back.
"""

from __future__ import annotations

import re

from krenova_cli.core.errors import T, Text

MAX_COMMENT = 2000
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROL = re.compile("[\u0000-\u0009\u000b-\u001f\u007f-\u009f]")


def comment_problem(text: object) -> Text | None:
    """Why `text` may not be a judge's comment; None when it may."""
    if not isinstance(text, str):
        return T("a comment must be text")
    if len(text) > MAX_COMMENT:
        return T("a comment of {n} characters (at most {max}); shorten it", n=len(text), max=MAX_COMMENT)
    if _BIDI.search(text):
        return T("a comment with a bidirectional control character (it can disguise the text); remove it")
    if _CONTROL.search(text):
        return T("a comment with a control character (only line breaks are allowed); remove it")
    return None


def tidy(text: str) -> str:
    """A comment as kept: Windows line breaks made plain, spaces at both ends removed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
