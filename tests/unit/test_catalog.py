"""Issue 13, "entirely in Indonesian": every message a user can be shown goes through the catalog.

Three guards: (1) every message `scripts/catalog.py` collects has its Indonesian; (2) the compiled
`.mo` is the `.po` it comes from; (3) a lint over the source, room by room, that names with
`file:line` the user-facing text written past the catalog: English given directly to an error, an
`echo`, a table, a prompt (sinks), and any f-string of words (an f-string cannot be a catalog message:
Babel does not see into it, and its words are English however the interface speaks).
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "krenova_cli"
ROOMS = ["core", "store", "usecases", "spreadsheets", "documents", "cli", "commands", "demo", "i18n"]


# -- 1. every collected message has Indonesian -------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _catalog_script():
    spec = importlib.util.spec_from_file_location("krenova_catalog_script", ROOT / "scripts" / "catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=None)
def _missing() -> tuple[str, ...]:
    return tuple(_catalog_script().missing())


def _source_of(gap: str) -> str:
    """`krenova_cli/core/x.py:12: 'msg'` -> `core`; `help of krenova entry add: ...` -> `help`; click, typer."""
    if gap.startswith("krenova_cli/"):
        part = gap.split("/")[1]
        return part if part in ROOMS else "krenova_cli"
    if gap.startswith(("help of ", "krenova --help")):
        return "help"
    return gap.split("/")[0]  # click/..., typer/...


@pytest.mark.parametrize("source", [*ROOMS, "help", "click", "typer"])
def test_every_message_has_indonesian(source):
    gaps = [g for g in _missing() if _source_of(g) == source]
    assert not gaps, (f"{len(gaps)} message(s) of {source} without Indonesian; translate them in "
                      f"krenova_cli/i18n/locale/id/LC_MESSAGES/krenova.po (or a parts/*.po), then "
                      f"`python scripts/catalog.py update`:\n" + "\n".join(gaps))


def test_no_message_comes_from_elsewhere():
    assert {_source_of(g) for g in _missing()} <= {*ROOMS, "help", "click", "typer"}


# -- 2. the compiled catalog is its source -----------------------------------------------------------------
def test_the_catalog_is_compiled_from_its_source():
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    from krenova_cli.i18n.messages import LOCALE_DIR

    base = LOCALE_DIR / "id" / "LC_MESSAGES" / "krenova"
    po = read_po(io.BytesIO((base.with_suffix(".po")).read_bytes()), locale="id")
    mo = read_mo(io.BytesIO((base.with_suffix(".mo")).read_bytes()))
    assert {m.id: m.string for m in po if m.id} == {m.id: m.string for m in mo if m.id}, \
        "run: python scripts/catalog.py update"
    from krenova_cli.cli.main import COMMANDS

    for _module, text in COMMANDS.values():  # every command's line of `krenova --help` is translated
        assert po.get(text) is not None and po.get(text).string, text


def test_the_parts_are_well_formed():
    """The translations of parallel branches (`parts/*.po`): readable, no msgid twice, placeholders kept."""
    from babel.messages.pofile import read_po

    parts = sorted((_catalog_script().PARTS).glob("*.po"))
    for part in parts:
        text = part.read_text(encoding="utf-8")
        ids = re.findall(r'^msgid "(.*)"$', text, flags=re.M)
        doubled = {i for i in ids if ids.count(i) > 1 and i}
        assert not doubled, f"{part.name}: msgid given twice: {sorted(doubled)}"
        for m in read_po(io.BytesIO(part.read_bytes()), locale="id"):
            if m.id and m.string:
                assert _fields(m.id) == _fields(m.string), f"{part.name}: {m.id!r}: placeholders differ in {m.string!r}"


def _fields(template: str) -> list[str]:
    return sorted(re.findall(r"(?<!\{)\{[^{}]*\}(?!\})", template))


# -- 3. the lint: user-facing text that bypasses the catalog -----------------------------------------------
# Where text goes to a person. Names of calls (a bare name or the last attribute).
SINK_CALLS = {"echo", "secho", "print", "prompt", "confirm", "fail", "BadParameter", "UsageError", "add_column",
              "warn", "warning", "Abort"}
SINK_KEYWORDS = {"Table": {"title", "caption"}, "Panel": {"title", "subtitle"}, "DataError": {"message"},
                 "data_error": {"message"}, "add_column": {"header"}}
# Whose argument is a message: (call name, index of the positional argument).
MESSAGE_ARGUMENT = {"DataError": 2, "data_error": 1}
# The catalog's own calls: their first argument must be one literal for Babel to extract it.
MESSAGE_CALLS = {"_", "N_", "T", "t", "ngettext", "gettext", "Text"}
# Builtin exceptions carry text to a person only where a validator's message becomes a DataError.
USER_FACING_BUILTINS = {"store/schema.py": {"ValueError"}}

# Modules and lines whose f-strings of words are not interface text, each with its reason.
ALLOW_MODULES: dict[str, str] = {
    "i18n/formatting.py": "amounts and dates in words for the documents, in the document's own `locale` (SPEC: the papers "
                          "follow `locale`, not the interface); its exceptions are programming errors",
}
# (module, a piece of the f-string's source) -> reason
ALLOW_LINES: dict[tuple[str, str], str] = {
    ("core/cutoff.py", "below the cutoff of"): "why an entry is out, stored in rounds/round-N.json: a record is data",
    ("core/registry.py", "is registered twice"): "a programming error at import time, never shown to a user",
    ("store/ledger.py", "in the ledger"): "a programming error (a value JSON cannot hold), never shown to a user",
    ("store/serialize.py", '"scores": {{'): "the JSON text of a score file: data, its keys fixed",
}

_WORD = re.compile(r"[^\W\d_]{2,}")


def _words(literal: str) -> int:
    """Whitespace-separated tokens holding two or more letters: `round-{n}.json` is one, `no entry {x}` two."""
    return sum(1 for token in literal.split() if _WORD.search(token))


def _literal_parts(node: ast.JoinedStr) -> str:
    return "\0".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _bare(node: ast.expr | None) -> bool:
    """English written directly: a literal with a word, an f-string with one, or made of them."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _words(node.value) >= 1
    if isinstance(node, ast.JoinedStr):
        return _words(_literal_parts(node)) >= 1
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _bare(node.left) or _bare(node.right)
    if isinstance(node, ast.IfExp):
        return _bare(node.body) or _bare(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_bare(v) for v in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _bare(node.func.value)
    return False


@functools.lru_cache(maxsize=None)
def _our_errors() -> frozenset[str]:
    """Exception classes defined in krenova_cli: raising one with English is a message past the catalog."""
    names = set()
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Errors")):
                names.add(node.name)
    return frozenset(names)


def lint_source(source: str, module: str, errors: frozenset[str] | None = None) -> list[str]:
    """Problems of one module's text as `module:line: what`."""
    errors = _our_errors() if errors is None else errors
    builtins = USER_FACING_BUILTINS.get(module, set())
    tree = ast.parse(source)
    lines = source.splitlines()
    found: dict[tuple[int, int], str] = {}

    def report(node: ast.AST, what: str) -> None:
        line = lines[node.lineno - 1] if node.lineno - 1 < len(lines) else ""
        segment = ast.get_source_segment(source, node) or ""
        for (mod, piece), _reason in ALLOW_LINES.items():
            if mod == module and (piece in segment or piece in line):
                return
        found.setdefault((node.lineno, node.col_offset), f"{module}:{node.lineno}: {what}: {' '.join(segment.split())[:90]}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in MESSAGE_CALLS and node.args and not isinstance(node.args[0], (ast.Constant, ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
                report(node, f"{name}() of a computed text (Babel extracts only one literal)")
            if name is None:
                continue
            given: list[ast.expr] = []
            if name in MESSAGE_ARGUMENT:
                i = MESSAGE_ARGUMENT[name]
                given += node.args[i:i + 1]
            elif name in SINK_CALLS or name in errors or name in builtins:
                given += node.args
            given += [k.value for k in node.keywords if k.arg in SINK_KEYWORDS.get(name, ())]
            for arg in given:
                if _bare(arg):
                    report(arg, f"English given to {name}()")
        elif isinstance(node, ast.JoinedStr) and module not in ALLOW_MODULES:
            if _words(_literal_parts(node)) >= 2:
                report(node, "f-string of words")
    return [found[k] for k in sorted(found)]


def lint_room(room: str) -> list[str]:
    out = []
    for path in sorted((PKG / room).rglob("*.py")):
        module = path.relative_to(PKG).as_posix()
        out += lint_source(path.read_text(encoding="utf-8"), module)
    return out


@pytest.mark.parametrize("room", ROOMS)
def test_no_text_bypasses_the_catalog(room):
    problems = lint_room(room)
    assert not problems, (f"{len(problems)} place(s) in {room}/ where text reaches a person past the catalog "
                          "(use T(...) in core/ and store/, _(...) elsewhere; templates with named fields):\n"
                          + "\n".join(problems))


def test_the_allowlist_is_short_and_current():
    assert len(ALLOW_MODULES) + len(ALLOW_LINES) <= 25
    for module in ALLOW_MODULES:
        assert (PKG / module).is_file(), module
    for module, piece in ALLOW_LINES:
        assert piece in (PKG / module).read_text(encoding="utf-8"), (module, piece)


@pytest.mark.parametrize("snippet, expected", [
    ('raise UserError("no such round")', 1),
    ('raise UserError(f"no round {n}")', 1),
    ('raise UserError(T("no round {n}", n=n))', 0),
    ('raise UserError(_("no round {n}").format(n=n))', 0),
    ('raise UserError("no round {n}".format(n=n))', 1),
    ('raise UserError("no round " + str(n))', 1),
    ('DataError(src, None, "not a number")', 1),
    ('DataError(src, None, T("not a number"))', 0),
    ('DataError(src, 3, message=f"{x}: bad")', 1),
    ('data_error(src, "missing")', 1),
    ('typer.echo(f"Wrote {path}")', 1),
    ('typer.echo(path)', 0),
    ('console.print("[bold]Done[/]")', 1),
    ('table.add_column("Entry")', 1),
    ('Table(title=f"Round {n}")', 1),
    ('ctx.fail("no such command")', 1),
    ('raise typer.BadParameter("not a round")', 1),
    ('x = f"{n} entries share rank {r}"', 1),
    ('x = f"rounds/round-{n}.json"', 0),
    ('x = f"{a}: {b}"', 0),
    ('T("out" if c else "in")', 1),
    ('T(f"round {n}")', 1),
    ('_(text)', 0),
    ('raise ValueError("at least one round")', 0),
    ('raise KeyError(entry_id)', 0),
])
def test_the_lint_can_fail(snippet, expected):
    errors = frozenset({"UserError", "KrenovaError", "DataErrors"})
    assert len(lint_source(snippet, "core/example.py", errors)) == expected, lint_source(snippet, "core/example.py", errors)


def test_the_lint_sees_validators_of_the_schema():
    assert lint_source('raise ValueError("at least one round is needed")', "store/schema.py", frozenset())
    assert not lint_source('raise ValueError(T("at least one round is needed"))', "store/schema.py", frozenset())
