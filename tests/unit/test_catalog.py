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

from tests.cli.test_indonesian import catalog_with_parts  # noqa: F401  (the catalog compiled with the parts)

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "krenova_cli"
ROOMS = ["core", "store", "usecases", "spreadsheets", "documents", "cli", "commands", "demo", "i18n", "web"]


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
    """`krenova_cli/core/x.py:12: 'msg'` -> `core`; `help of krenova entry add: ...` -> `help`; templates, click, typer."""
    if gap.startswith("krenova_cli/"):
        part = gap.split("/")[1]
        return part if part in ROOMS else "krenova_cli"
    if gap.startswith(("help of ", "krenova --help")):
        return "help"
    return gap.split("/")[0]  # click/..., typer/...


SOURCES = [*ROOMS, "templates", "help", "click", "typer"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_message_has_indonesian(source):
    gaps = [g for g in _missing() if _source_of(g) == source]
    assert not gaps, (f"{len(gaps)} message(s) of {source} without Indonesian; translate them in "
                      f"krenova_cli/i18n/locale/id/LC_MESSAGES/krenova.po (or a parts/*.po), then "
                      f"`python scripts/catalog.py update`:\n" + "\n".join(gaps))


def test_no_message_comes_from_elsewhere():
    assert {_source_of(g) for g in _missing()} <= set(SOURCES)


# -- 2. the compiled catalog is its source -----------------------------------------------------------------
def test_the_catalog_is_compiled_from_its_source():
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    from krenova_cli.i18n.messages import LOCALE_DIR

    base = LOCALE_DIR / "id" / "LC_MESSAGES" / "krenova"
    po = read_po(io.BytesIO((base.with_suffix(".po")).read_bytes()), locale="id")
    mo = read_mo(io.BytesIO((base.with_suffix(".mo")).read_bytes()))
    def words(s):  # a plural message's forms: a tuple in the .po, a list in the .mo
        return tuple(s) if isinstance(s, (list, tuple)) else s

    translated = {words(m.id): words(m.string) for m in po if m.id and m.string and not m.fuzzy}  # `update` keeps new messages empty
    assert translated == {words(m.id): words(m.string) for m in mo if m.id}, "run: python scripts/catalog.py update"
    from krenova_cli.cli.main import COMMANDS

    parts = [read_po(io.BytesIO(part.read_bytes()), locale="id") for part in sorted(_catalog_script().PARTS.glob("*.po"))]
    for _module, text in COMMANDS.values():  # every command's line of `krenova --help` is translated (here or in a part)
        assert any(c.get(text) is not None and c.get(text).string for c in [po, *parts]), text


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
                # a plural message (msgid_plural): each form keeps the plural's placeholders
                ids, strings = (m.id, m.string) if isinstance(m.id, tuple) else ((m.id,), (m.string,))
                for string in strings:
                    assert _fields(ids[-1]) == _fields(string), f"{part.name}: {m.id!r}: placeholders differ in {string!r}"


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
    ("spreadsheets/entry_template.py", "DAFTAR PESERTA"): "the blank entries workbook for the offices: an Indonesian "
                                                         "document, like the import columns' headers",
    ("spreadsheets/entry_template.py", "dari daftar."): "the same workbook's drop-down advice (Excel shows it)",
    ("spreadsheets/score_sheets.py", "lembar nilai juri"): "a judge's score sheet: an Indonesian document (its title)",
    ("spreadsheets/score_sheets.py", "kelipatan"): "a judge's score sheet: the range of a criterion, in its heading",
    ("spreadsheets/fast_rows.py", "no sheetData to fill"): "a bug in krenova's own workbook template (an internal error)",
    ("documents/rendering.py", "document boundaries not found"): "a bug in the batch's page split (an internal error)",
}

_WORD = re.compile(r"[^\W\d_]{2,}")
# rich markup ([bold], [/dim]), XML and HTML tags, {fields} and options (--top): none is a word to translate
_NOT_WORDS = re.compile(r"\[/?[a-z][a-z #0-9]*\]|<[^<>]*>|\{[^{}]*\}|(?<![\w-])--?[a-z][\w-]*")


def _words(literal: str) -> int:
    """Whitespace-separated tokens holding two or more letters: `round-{n}.json` is one, `no entry {x}` two."""
    return sum(1 for token in _NOT_WORDS.sub("", literal).split() if _WORD.search(token))


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


def _computed_literal(node: ast.expr) -> bool:
    """A message built from literals (`"a" if c else "b"`, an f-string, `"a" + x`): Babel extracts it wrongly
    or not at all. A variable (`_(text)`, its literal marked with N_ where it is written) is fine."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, (ast.IfExp, ast.BinOp, ast.BoolOp)):
        return any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in ast.walk(node))
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
            if name in MESSAGE_CALLS and node.args and _computed_literal(node.args[0]):
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
        elif isinstance(node, ast.JoinedStr):
            hidden = [c for v in node.values if isinstance(v, ast.FormattedValue) for c in ast.walk(v.value)
                      if isinstance(c, ast.Call) and _name(c.func) in MESSAGE_CALLS]
            if hidden:
                report(node, f"{_name(hidden[0].func)}() inside an f-string (Babel does not see it: "
                             "`scripts/catalog.py update` drops its translation)")
            elif module not in ALLOW_MODULES and _words(_literal_parts(node)) >= 2:
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
    ('console.print("[bold]" + escape(name) + "[/bold]" + _(": {n} entries").format(n=n))', 0),
    ('console.print("[dim]{0:6.1f}s[/dim] {1}".format(t, text))', 0),
    ('table.add_column("Entry")', 1),
    ('Table(title=f"Round {n}")', 1),
    ('ctx.fail("no such command")', 1),
    ('raise typer.BadParameter("not a round")', 1),
    ('x = f"{n} entries share rank {r}"', 1),
    ('x = f"rounds/round-{n}.json"', 0),
    ('x = f"{a}: {b}"', 0),
    ('con.print(title + " (--top)")', 0),
    ('x = f\'<row r="{r}" ht="{ht}" customHeight="1">\'', 0),
    ('x = f"<p>{n} entries advance</p>"', 1),
    ('raise UserError("--per-entry must be at least 1")', 1),
    ('T("out" if c else "in")', 1),
    ('T(f"round {n}")', 1),
    ('_(text)', 0),
    ('tr.gettext(singular if n == 1 else plural)', 0),
    ('_("Round " + str(n))', 1),
    ('x = f"{_(\'Missing\')}: {shown}"', 1),
    ('x = f"{a}: {T(\'no round {n}\', n=n)}"', 1),
    ('raise ValueError("at least one round")', 0),
    ('raise KeyError(entry_id)', 0),
])
def test_the_lint_can_fail(snippet, expected):
    errors = frozenset({"UserError", "KrenovaError", "DataErrors"})
    assert len(lint_source(snippet, "core/example.py", errors)) == expected, lint_source(snippet, "core/example.py", errors)


def test_the_lint_sees_validators_of_the_schema():
    assert lint_source('raise ValueError("at least one round is needed")', "store/schema.py", frozenset())
    assert not lint_source('raise ValueError(T("at least one round is needed"))', "store/schema.py", frozenset())


# -- 4. at run time: the core's and the store's refusals in Indonesian ----------------------------------------
@pytest.fixture
def catalog_from_source(catalog_with_parts, monkeypatch):
    """The Indonesian catalog as it is merged (krenova.po with `parts/*.po` laid over it, compiled by the
    fixture of tests/cli/test_indonesian.py); that the shipped .mo is its .po is checked above."""
    from krenova_cli.i18n import messages

    monkeypatch.setattr(messages, "_catalogs", {})  # translator(lang)'s cache, emptied again afterwards
    monkeypatch.setenv("KRENOVA_LANG", "id")


def _refused(*args) -> list[str]:
    from tests.conftest import run

    r = run(*map(str, args))
    assert r.code == 1, (r.code, r.out, r.err)
    assert "Traceback" not in r.err
    return [line for line in r.err.splitlines() if line.startswith("Kesalahan: ")]


def test_the_core_and_the_store_refuse_in_indonesian(comp, catalog_from_source):
    from tests.conftest import CRITERIA, run

    full = [f"{c}=80" for c in CRITERIA]
    # an unknown entry and a score out of range (core/score_rules.py)
    assert _refused("-d", comp, "score", "K099", "--round", "1", "--judge", "J1", *full) == [
        "Kesalahan: K099: peserta 'K099' tidak dikenal"]
    assert _refused("-d", comp, "score", "K003", "--round", "1", "--judge", "J1", f"{CRITERIA[0]}=150", *full[1:]) == [
        f"Kesalahan: K003: 150 di atas nilai maksimum 100 untuk {CRITERIA[0]}"]
    assert _refused("-d", comp, "score", "K003", "--round", "1", "--judge", "J1", f"{CRITERIA[0]}=abc", *full[1:]) == [
        f"Kesalahan: {CRITERIA[0]}: 'abc' bukan bilangan"]
    # a validator of the schema (store/schema.py)
    assert _refused("-d", comp, "settings", "set", "competition.timezone", "Mars/Olympus") == [
        "Kesalahan: competition.timezone: 'Mars/Olympus' bukan zona waktu; gunakan nama seperti Asia/Jakarta, "
        "Asia/Makassar, atau Asia/Jayapura"]
    # a data file edited by hand into something invalid: pydantic's own words (store/parsing.py)
    entry = comp / "entries" / "K002.toml"
    before = entry.read_text()
    entry.write_text(before.replace('category = "', 'year_started = 1200\ncategory = "', 1))
    assert _refused("-d", comp, "status") == [
        "Kesalahan: entries/K002.toml:5: year_started: Nilai harus lebih besar dari atau sama dengan 1900"]
    entry.write_text(before.replace('category = "', 'year_started = "dua ribu"\ncategory = "', 1))
    assert _refused("-d", comp, "status") == [
        "Kesalahan: entries/K002.toml:5: year_started: Nilai harus berupa bilangan bulat; teks ini tidak dapat dibaca "
        "sebagai bilangan bulat"]
    # a hand edit that is valid: a read goes on and warns (store/integrity.py, worded by the command line)
    entry.write_text(before.replace('title = "Inovasi 2"', 'title = "Inovasi Dua"'))
    r = run("-d", comp, "status")
    assert r.code == 0 and r.err.splitlines()[0] == (
        "Peringatan: entries/K002.toml: diubah di luar krenova (terakhir ditulis oleh catatan buku log 2) (catat perubahan "
        "manual yang disengaja dengan `krenova adopt FILE... --reason ALASAN`, atau pulihkan berkasnya)"), r.err
    entry.write_text(before)
    # a ledger cut short (store/ledger.py)
    with open(comp / "ledger.jsonl", "ab") as ledger:
        ledger.write(b'{"seq": 99')
    assert _refused("-d", comp, "entry", "add", "--title", "Baru", "--institution", "Dinas X", "--type", "OPD",
                    "--category", "tik") == [
        "Kesalahan: ledger.jsonl: catatan terakhir terpotong (penulisan yang terputus atau berkas yang terpotong); "
        "jalankan `krenova check`"]


def test_a_tie_at_the_cutoff_is_refused_in_indonesian(comp, tmp_path, catalog_from_source):
    import json

    from tests.conftest import run, score_all

    assert run("-d", comp, "settings", "set", "rounds.1.advance_top", "15").code == 0
    score_all(comp, 1, lambda e, j, c: 90 if e < "K005" else 80, tmp_path)
    # the refusal itself is worded by cli/wording.py (the command line's room)
    tie = _refused("-d", comp, "advance", "--round", "1")
    assert len(tie) == 1 and tie[0].startswith("Kesalahan: babak 1: 16 peserta ") and "K005" in tie[0] and "K020" in tie[0], tie
    assert run("-d", comp, "advance", "--round", "1", "--include-ties", "--reason", "seri").code == 0
    # the record edited by hand so that the tie is no longer decided: re-derived by the core (core/rederive.py)
    path = comp / "rounds" / "round-1.json"
    record = json.loads(path.read_text())
    record["decisions"] = []
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    tied = ", ".join(f"K{i:03d}" for i in range(5, 21))
    assert _refused("-d", comp, "adopt", "rounds/round-1.json", "--reason", "salah ketik") == [
        f"Kesalahan: rounds/round-1.json: berkas nilai menghasilkan nilai seri di batas lolos ({tied}) yang tidak "
        "diputuskan dalam catatan; pulihkan catatan babak dan berkas nilainya, atau jalankan "
        "`krenova reopen --round 1` lalu tutup kembali babak itu"]


def test_check_lists_a_bad_data_file_in_indonesian(comp, catalog_from_source):
    """`check` prints each problem itself (commands/check.py): each line worded like the error boundary's."""
    entry = comp / "entries" / "K002.toml"
    entry.write_text(entry.read_text().replace('category = "', 'year_started = 1200\ncategory = "', 1))
    lines = _refused("-d", comp, "check")
    assert "Kesalahan: entries/K002.toml:5: year_started: Nilai harus lebih besar dari atau sama dengan 1900" in lines
    assert "Kesalahan: entries/K002.toml: diubah di luar krenova (terakhir ditulis oleh catatan buku log 2)" in lines


def test_texts_stay_wordable_when_joined_raised_or_placed(catalog_from_source):
    import pickle

    from krenova_cli.core.errors import DataError, T, joined, said
    from krenova_cli.i18n.messages import localize, set_language

    set_language("id")
    parts = joined("; ", [T("round {n} ({keys})", n=2, keys="cutoff"), T("not a folder")])
    assert parts == "round 2 (cutoff); not a folder"  # as a str: the English
    assert localize(parts) == "babak 2 (cutoff); bukan folder"
    assert localize(pickle.loads(pickle.dumps(parts))) == "babak 2 (cutoff); bukan folder"  # worker processes, the cache
    assert localize(said(ValueError(T("{value} is out of range", value="1e99")))) == "1e99 di luar rentang"
    assert said(KeyError("x")) == "'x'"  # any other exception says what str() says
    problem = DataError("entries/K001.toml", 3, T("not UTF-8 text"))
    assert str(problem) == "entries/K001.toml:3: not UTF-8 text"
    assert localize(problem.as_text()) == problem.worded(localize) == "entries/K001.toml:3: bukan teks UTF-8"
