"""The Indonesian guide (docs/panduan.md) is run as written: every command it shows, in order.

A ```bash block's lines are run through the real entry point from the folder the guide has reached
(`cd` moves it); a comment line `#   Kesalahan: TEXT` right under a command says that the guide shows it
refused: it must exit 1 with TEXT in its error line; another comment line indented the same way is output
the command must print (up to a closing "..."); "keluar dengan kode N" in a command's comment is its
exit code (0 otherwise). ```text blocks are output or illustrations and are
not run. `<!-- uji: ... -->` comments (invisible on the rendered page) stand for what people do between
the commands: set the clock (`jam`), fill the entries workbook as the OPD/BUMD do (`isi-peserta`), write
the judges' list (`juri`), collect the entries' proposals and covering letters (`berkas`), fill the returned
score sheets (`isi-lembar`).
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT, pdf_ready, run
from tests.e2e import guide_files

GUIDE = ROOT / "docs" / "panduan.md"


@dataclass
class Step:
    kind: str                 # "run", "cd" or an action of `uji`
    args: list[str]
    line: int
    refused: str | None = None  # the text of the Kesalahan line the guide shows under it
    shows: list[str] = field(default_factory=list)  # other output lines the guide shows under it
    code: int = 0


def steps(text: str) -> list[Step]:
    out: list[Step] = []
    fence = None
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("```"):
            fence = None if fence is not None else (line[3:].strip() or "plain")
            continue
        if fence is None:
            m = re.fullmatch(r"<!-- uji: (.+?) -->", line)
            if m:
                words = shlex.split(m.group(1))
                out.append(Step(words[0], words[1:], no))
            continue
        if fence != "bash" or not line:
            continue
        if line.startswith("#"):
            m = re.match(r"#\s+Kesalahan:\s*(.+)", line)
            if out and out[-1].kind == "run" and raw.lstrip().startswith("#   "):
                if m:
                    out[-1].refused, out[-1].code = m.group(1).strip(), 1
                else:
                    out[-1].shows.append(line[1:].strip().removesuffix("...").strip())
            continue
        words = shlex.split(line, comments=True)
        if words[0] == "cd":
            out.append(Step("cd", words[1:], no))
        else:
            assert words[0] == "krenova", f"panduan.md:{no}: a bash line that is not a krenova command: {line}"
            code = re.search(r"#.*keluar dengan kode (\d)", line)
            out.append(Step("run", words[1:], no, code=int(code.group(1)) if code else 0))
    return out


def test_the_guide_parses_into_commands():
    """The walk-through holds the year's commands (a broken parse would run nothing and pass)."""
    found = steps(GUIDE.read_text(encoding="utf-8"))
    commands = {s.args[0] for s in found if s.kind == "run"}
    for needed in ("init", "settings", "entry", "judge", "sheets", "score", "standings", "advance", "awards",
                   "export", "letters", "verify", "publish", "check", "log", "analyse", "status"):
        assert needed in commands, needed
    assert sum(1 for s in found if s.code) >= 3 and sum(1 for s in found if s.refused) >= 2


@pytest.mark.skipif(not pdf_ready(), reason="the guide prints PDF papers: needs WeasyPrint's libraries and poppler")
def test_every_command_of_the_guide_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.setenv("KRENOVA_LANG", "id")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    ran = 0
    for step in steps(GUIDE.read_text(encoding="utf-8")):
        where = f"panduan.md:{step.line}"
        here = Path(os.getcwd())
        if step.kind == "jam":
            monkeypatch.setenv("KRENOVA_NOW", step.args[0])
        elif step.kind == "cd":
            monkeypatch.chdir(here / step.args[0])
        elif step.kind == "isi-peserta":
            target = here / step.args[0]
            guide_files.fill_entries(target, int(step.args[1]), target)
        elif step.kind == "berkas":
            guide_files.write_documents(here / step.args[0], int(step.args[1]))
        elif step.kind == "juri":
            guide_files.write_judges(here / step.args[0])
        elif step.kind == "isi-lembar":
            assert guide_files.fill_sheets(here / step.args[0]) > 0, f"{where}: no score sheet to fill"
        elif step.kind == "run":
            r = run(*step.args)
            shown = f"{where}: krenova {' '.join(step.args)}\n{r.out[-1500:]}\n{r.err[-1500:]}"
            assert "Traceback" not in r.err and "internal error" not in r.err, shown
            assert r.code == step.code, shown
            if step.refused:
                assert step.refused in r.err, shown
            for text in step.shows:
                assert text in r.out + r.err, shown
            ran += 1
        else:
            raise AssertionError(f"{where}: unknown test action {step.kind!r}")
    assert ran >= 40
    comp = tmp_path / "krenova-2026"
    assert run("-d", comp, "check").code == 0


def test_every_command_names_its_section_of_the_guide():
    """`krenova CMD --help` (and each subcommand's) ends with the guide's section, which exists."""
    from krenova_cli.cli.main import COMMANDS, GUIDE_SECTIONS

    headings = set(re.findall(r"^## (\d+)\. (.+)$", GUIDE.read_text(encoding="utf-8"), flags=re.M))
    assert set(GUIDE_SECTIONS) == set(COMMANDS)
    for name, (number, title) in GUIDE_SECTIONS.items():
        assert (str(number), title) in headings, name
        for lang, word in (("en", "Guide:"), ("id", "Panduan:")):
            r = run(name, "--help") if lang == "en" else _in_indonesian(name, "--help")
            assert r.code == 0, r.err
            text = " ".join(r.out.split())
            assert f"{word} docs/panduan.md" in text and title in text, (name, lang, r.out[-300:])
    r = run("entry", "add", "--help")
    assert "docs/panduan.md, section 3" in " ".join(r.out.split())


def _in_indonesian(*args):
    old = os.environ.get("KRENOVA_LANG")
    os.environ["KRENOVA_LANG"] = "id"
    try:
        return run(*args)
    finally:
        if old is None:
            del os.environ["KRENOVA_LANG"]
        else:
            os.environ["KRENOVA_LANG"] = old
