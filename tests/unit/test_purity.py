"""The core stays pure, and read commands import nothing they do not use."""

import subprocess
import sys

CORE = ["errors", "models", "scoring", "standings", "advance", "validate", "lifecycle", "records", "awards",
        "recording", "rounding", "docs_context", "demodata", "recap_tables", "imports"]
HEAVY = ["typer", "rich", "openpyxl", "jinja2", "weasyprint", "babel"]


def loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout.split()
    return {m.split(".")[0] for m in out}


def test_core_imports_no_cli_or_io_library():
    mods = loaded_after("\n".join(f"import krenova_cli.{m}" for m in CORE))
    assert not mods & set(HEAVY), mods & set(HEAVY)


def test_help_and_standings_import_no_document_or_excel_library(tmp_path):
    subprocess.run([sys.executable, "-m", "krenova_cli", "init", str(tmp_path / "c")], check=True, capture_output=True)
    for args in (["--help"], ["-d", str(tmp_path / "c"), "standings", "--json"], ["-d", str(tmp_path / "c"), "status", "--json"]):
        code = ("import sys, runpy\nsys.argv=['krenova', *%r]\ntry:\n    runpy.run_module('krenova_cli', run_name='__main__')\n"
                "except SystemExit:\n    pass" % (args,))
        mods = loaded_after(code)
        assert not mods & {"openpyxl", "jinja2", "weasyprint", "babel"}, (args, mods & {"openpyxl", "jinja2", "weasyprint", "babel"})
