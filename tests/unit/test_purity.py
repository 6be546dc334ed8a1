"""The core stays pure, nothing imports upward, and read commands import nothing they do not use."""

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "krenova_cli"
HEAVY = ["typer", "rich", "openpyxl", "jinja2", "weasyprint", "babel", "pydantic", "click", "filelock", "tomli_w", "numpy"]
# Each room and the rooms it may import (besides itself). `commands` and `cli` sit on top.
MAY_IMPORT = {
    "core": set(),
    "i18n": {"core"},
    "store": {"core"},
    "spreadsheets": {"core", "store", "i18n"},
    "documents": {"core", "store", "i18n"},
    "usecases": {"core", "store", "spreadsheets", "documents", "i18n"},
    "demo": {"core", "store", "usecases", "spreadsheets", "documents", "i18n"},
    "cli": {"core", "store", "usecases", "i18n"},
    "web": {"core", "store", "usecases", "i18n", "documents"},  # the judges' portal, an interface beside cli/
    "commands": {"core", "store", "usecases", "spreadsheets", "documents", "i18n", "cli", "demo", "web"},
}


def core_modules() -> list[str]:
    return sorted("krenova_cli.core." + p.stem for p in (PKG / "core").glob("*.py") if p.stem != "__init__")


def loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout.split()
    return {m.split(".")[0] for m in out}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("krenova_cli."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "krenova_cli":
            found.update(a.name for a in node.names if a.name != "__version__")
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("krenova_cli."))
    return found


def test_every_module_lives_in_a_room():
    loose = sorted(p.name for p in PKG.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == [], loose
    rooms = sorted(p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert set(rooms) == set(MAY_IMPORT), rooms


def test_nothing_imports_upward():
    wrong = []
    for room, allowed in MAY_IMPORT.items():
        for path in (PKG / room).rglob("*.py"):
            for target in imports_of(path) - allowed - {room}:
                wrong.append(f"{path.relative_to(PKG)} imports {target}")
    assert wrong == [], wrong


def test_only_the_serve_command_imports_the_portal():
    """`web/` is reached from `commands/serve.py` alone (and `demo --serve` through it): no other command
    pays for Starlette, and the portal stays an interface of its own."""
    users = sorted(str(p.relative_to(PKG)) for p in PKG.rglob("*.py")
                   if not p.is_relative_to(PKG / "web") and "web" in imports_of(p))
    assert users == ["commands/serve.py"], users


def test_the_portal_libraries_are_imported_lazily():
    mods = loaded_after("import krenova_cli.web.app, krenova_cli.web.server, krenova_cli.web.security, krenova_cli.commands.serve")
    assert not mods & {"starlette", "uvicorn", "httpx", "jinja2"}, mods & {"starlette", "uvicorn", "httpx", "jinja2"}


def test_core_imports_no_cli_or_io_library():
    mods = loaded_after("\n".join(f"import {m}" for m in core_modules()))
    assert len(core_modules()) >= 10
    assert not mods & set(HEAVY), mods & set(HEAVY)


def test_help_and_standings_import_no_document_or_excel_library(tmp_path):
    subprocess.run([sys.executable, "-m", "krenova_cli", "init", str(tmp_path / "c")], check=True, capture_output=True)
    for args in (["--help"], ["-d", str(tmp_path / "c"), "standings", "--json"], ["-d", str(tmp_path / "c"), "status", "--json"]):
        code = ("import sys, runpy\nsys.argv=['krenova', *%r]\ntry:\n    runpy.run_module('krenova_cli', run_name='__main__')\n"
                "except SystemExit:\n    pass" % (args,))
        mods = loaded_after(code)
        heavy = {"openpyxl", "jinja2", "weasyprint", "babel", "numpy"}  # numpy only for `analyse`
        assert not mods & heavy, (args, mods & heavy)


def test_core_model_and_store_schema_declare_the_same_fields():
    """Validation at the edge (store/schema.py) and the plain objects after it (core/model.py) agree."""
    import dataclasses

    from krenova_cli.core import model
    from krenova_cli.store import schema

    pairs = [("Meta", "Meta"), ("Named", "Named"), ("Criterion", "Criterion"), ("RankWeight", "RankWeight"),
             ("Round", "Round"), ("Scoring", "Scoring"), ("Prize", "Prize"), ("Signatory", "Signatory"),
             ("Competition", "Competition"), ("CallSettings", "CallSettings"), ("CeremonySettings", "CeremonySettings"), ("Withdrawal", "Withdrawal"), ("Entry", "Entry"), ("Judge", "Judge")]
    for plain, edge in pairs:
        fields = {f.name for f in dataclasses.fields(getattr(model, plain))}
        declared = set(getattr(schema, edge).model_fields)
        assert fields == declared, (plain, fields ^ declared)


def test_no_import_cycles_between_modules():
    """Every import, lazy ones included, points one way: the modules form a directed acyclic graph."""
    graph: dict[str, set[str]] = {}
    for path in PKG.rglob("*.py"):
        name = ".".join(path.relative_to(PKG.parent).with_suffix("").parts)
        deps = set()
        tree = ast.parse(path.read_text())
        # builders.py ends by importing the modules of further document kinds (documents/presentation.py ...),
        # which import the registry from it: they register their kinds; that last import is no dependency
        plugins = {id(n) for n in tree.body if name == "krenova_cli.documents.builders" and isinstance(n, ast.ImportFrom)
                   and n.module == "krenova_cli.documents"}
        for node in ast.walk(tree):
            if id(node) in plugins:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("krenova_cli"):
                deps.add(node.module)
                deps.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("krenova_cli"))
        graph[name] = deps
    graph = {m: {d for d in ds if d in graph and d != m and not d.endswith(".__init__")} for m, ds in graph.items()}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                raise AssertionError(" -> ".join(trail[trail.index(d):] + [d]) if d in trail else f"{m} -> {d}")
            if d not in state:
                visit(d, trail + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])


def test_the_pdf_extra_installs_every_library_the_pdf_path_imports():
    """`pip install '.[pdf]'` is enough for PDF output (the demo once needed pypdf from the test extra)."""
    import re
    import tomllib

    from krenova_cli.documents.rendering import PDF_MODULES

    extra = tomllib.loads((PKG.parent / "pyproject.toml").read_text())["project"]["optional-dependencies"]["pdf"]
    names = {re.split(r"[<>=\[; ]", req)[0].lower() for req in extra}
    assert set(PDF_MODULES) <= names, names
    imported = set()
    for path in (PKG / "documents").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
    assert {"weasyprint", "pypdf"} <= imported and set(PDF_MODULES) >= imported & {"weasyprint", "pypdf"}
