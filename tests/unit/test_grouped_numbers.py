"""Numbers in messages are grouped as the interface language writes them (13.000 in Indonesian,
13,000 in English), through one helper: a `{x:,}` format spec is English in every language
(`verify` said "13,000 halaman")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import krenova_cli
from krenova_cli.i18n.formatting import count

SPEC = re.compile(r"\{\w*(?:\.\w+|\[\w+\])*:[^{}\s]*,[^{}\s]*\}")  # "{pages:,}", "{0:,}", "{x:>10,.2f}"
HELPER = Path(krenova_cli.__file__).parent / "i18n" / "formatting.py"


def test_count_follows_the_language():
    assert count(13000, "id") == "13.000" and count(13000, "en") == "13,000"
    assert count(2_000_000, "id") == "2.000.000" and count(999, "id") == "999" and count(0, "en") == "0"


def grouping_specs() -> list[str]:
    """Every place in the program's source that groups a number with a format spec (a message's
    `{x:,}`, a `"{0:,}".format`, an f-string's `{n:,}`), outside the one helper."""
    found = []
    for path in sorted(Path(krenova_cli.__file__).parent.rglob("*.py")):
        if path == HELPER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SPEC.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
            if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                spec = "".join(v.value for v in node.format_spec.values if isinstance(v, ast.Constant))
                if "," in spec:
                    found.append(f"{path.name}:{node.lineno}: f-string {{...:{spec}}}")
    return found


def test_no_number_is_grouped_by_a_format_spec():
    assert grouping_specs() == []


@pytest.mark.parametrize("lang,shown", [("id", ("13.000", "2.000")), ("en", ("13,000", "2,000"))])
def test_verify_says_the_pages_in_the_interface_language(lang, shown):
    from krenova_cli.core.errors import UserError
    from krenova_cli.i18n.messages import set_language
    from krenova_cli.usecases.verify_file import _check_pages

    set_language(lang)
    try:
        with pytest.raises(UserError) as caught:
            _check_pages(Path("gabungan.pdf"), 13000)
    finally:
        set_language("en")
    said = str(caught.value)
    assert shown[0] in said and shown[1] in said, said
