"""Every kind of standing the core gives an entry has its words wherever standings are worded: the recap's
Peserta sheet (both languages) and `entry list`/`show` (the recap's export failed on a screening's
"stopped" entry with a KeyError: the demo with a screening found it)."""

import ast
import inspect

from krenova_cli.core import lifecycle


def _kinds() -> set[str]:
    """The kinds `entry_standing` can return, read from its source (every `return "kind", ...`)."""
    tree = ast.parse(inspect.getsource(lifecycle.entry_standing))
    kinds: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            for pair in (t for t in ast.walk(node.value) if isinstance(t, ast.Tuple)):
                for c in ast.walk(pair.elts[0]):
                    if isinstance(c, ast.Constant) and isinstance(c.value, str):
                        kinds.add(c.value)
    return kinds


def test_every_standing_kind_has_words_in_the_recap_and_the_entry_commands():
    from krenova_cli.commands.entry import _STATUS
    from krenova_cli.i18n.labels import LABELS

    kinds = _kinds()
    assert {"winner", "withdrawn", "disqualified", "active", "eliminated", "not-active", "finalist", "screening",
            "stopped"} <= kinds
    for lang, labels in LABELS.items():
        assert kinds <= set(labels["statuses"]), lang
    assert kinds <= set(_STATUS)
