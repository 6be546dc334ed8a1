"""Issue 13: a secretariat runs the competition entirely in Indonesian (KRENOVA_LANG=id): every help
text, table header, message and usage error of the command line; English stays what it was."""

from __future__ import annotations

import importlib
import re

import pytest

from tests.conftest import run, score_all

_COMPILED: dict = {}


@pytest.fixture
def catalog_with_parts(tmp_path_factory, monkeypatch):
    """The catalog as it is merged: krenova.po with `parts/*.po` laid over it, compiled once (a branch
    commits only its part; the .mo in the tree is compiled when the parts are merged)."""
    import importlib.util
    import io
    from pathlib import Path

    from babel.messages.mofile import write_mo

    from krenova_cli.i18n import messages

    if "dir" not in _COMPILED:
        script = Path(__file__).resolve().parents[2] / "scripts" / "catalog.py"
        spec = importlib.util.spec_from_file_location("krenova_catalog_script", script)
        catalog = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalog)
        folder = tmp_path_factory.mktemp("locale")
        (folder / "id" / "LC_MESSAGES").mkdir(parents=True)
        out = io.BytesIO()
        write_mo(out, catalog.read_catalog())
        (folder / "id" / "LC_MESSAGES" / "krenova.mo").write_bytes(out.getvalue())
        _COMPILED["dir"] = folder
    monkeypatch.setattr(messages, "LOCALE_DIR", _COMPILED["dir"])
    messages._catalogs.clear()  # `translator` (the analysis verdict, the recap) caches a catalog per language
    yield
    messages.set_language("en")
    messages._state["tr"] = None
    messages._catalogs.clear()


pytestmark = pytest.mark.usefixtures("catalog_with_parts")

# English that must not leak into the Indonesian interface (command lines such as `--round 2` aside)
ENGLISH = re.compile(r"(?<![-\w])(entries|judges|imported|recorded|written|would|Usage|Error|Warning|Next|Missing|"
                     r"Title|Institution|Prize|Awards|Rank|Round|round|closed|open|Show this message|Options|Commands|"
                     r"Example|not shown|decided|scores)(?![-\w])")


def _commands() -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words typed after `krenova`."""
    from krenova_cli.cli.main import COMMANDS, command_of

    out = []
    for name, (module, _text) in COMMANDS.items():
        command = command_of(module)
        subs = getattr(command, "commands", {})
        out += [(name, sub) for sub in subs] if subs else [(name,)]
    return out


def _english_prose(words: tuple[str, ...]) -> list[str]:
    """The English paragraphs and option helps of a command, example command lines left out."""
    from krenova_cli.cli.main import COMMANDS, command_of
    from krenova_cli.i18n.messages import help_paragraphs

    command = command_of(COMMANDS[words[0]][0])
    for w in words[1:]:
        command = command.commands[w]
    prose = [p for p in help_paragraphs(command.help or "") if not p.startswith(("Example:", "\b"))]
    prose += [param.help for param in command.params if getattr(param, "help", None)]
    return prose


def _folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_help_is_indonesian(words, monkeypatch):
    english = run(*words, "--help")
    assert english.code == 0 and english.out.startswith("Usage: krenova"), english.err
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run(*words, "--help")
    assert r.code == 0, r.err
    shown = _folded(r.out)
    assert r.out.startswith("Penggunaan: krenova ") and "Opsi:" in r.out and "Menampilkan pesan ini lalu keluar." in shown
    for paragraph in _english_prose(words):
        assert _folded(paragraph) not in shown, paragraph
    assert "Example:" not in shown and "Contoh: krenova " in shown
    assert "Usage:" not in r.out and "Show this message" not in r.out


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_option_shows_a_plain_metavar(words, monkeypatch):
    """No Typer type names (`<int range>`, `<list[Path]>`, `<str>`) nor braces around a required argument (`{file}`)."""
    monkeypatch.setenv("COLUMNS", "80")
    r = run(*words, "--help")
    assert r.code == 0, r.err
    assert not re.search(r"<(int|str|path|float|bool|list|text|file)[^>]*>", r.out, re.I), r.out
    usage = r.out.split("\n\n")[0]
    assert "{" not in usage and "<" not in usage, usage
    options = r.out.split("Options:")[1]
    for line in options.splitlines():
        m = re.match(r"  (-\w, )?--[\w-]+ (\S+)", line)
        if m:
            assert re.fullmatch(r"[A-Z][A-Z.=|]*|[A-Z]+\.\.\.", m.group(2)), line


def test_a_usage_error_and_an_unknown_command_in_indonesian(comp, monkeypatch):
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "advance")
    assert r.code == 2
    assert r.err.splitlines()[:2] == ["Penggunaan: krenova advance [OPTIONS] [ID]...", "Lihat 'krenova advance --help' untuk bantuan."]
    assert r.err.splitlines()[-1] == "Kesalahan: Opsi '--round' / '-r' belum diberikan."
    r = run("-d", comp, "standings", "--round", "0")
    assert r.code == 2 and r.err.splitlines()[-1] == (
        "Kesalahan: Nilai tidak sah untuk '--round' / '-r': Nilai harus lebih besar dari atau sama dengan 1")
    r = run("-d", comp, "entry", "list", "--bogus")
    assert r.code == 2 and r.err.splitlines()[-1] == "Kesalahan: Tidak ada opsi '--bogus'."
    r = run("-d", comp, "statsu")
    assert r.code == 2 and r.err.splitlines()[-1] == (
        "Kesalahan: Tidak ada perintah 'statsu'. Mungkin maksud Anda 'status'? Lihat 'krenova --help' untuk daftar perintah.")
    monkeypatch.setenv("KRENOVA_LANG", "en")  # English stays as it was
    assert run("-d", comp, "advance").err.splitlines()[-1] == "Error: Missing option '--round' / '-r'."
    assert run("-d", comp, "statsu").err.splitlines()[-1] == (
        "Error: No such command 'statsu'. Did you mean 'status'? See 'krenova --help' for the commands.")


def _indonesian(r) -> str:
    assert r.code == 0, r.err
    text = r.out + r.err
    leak = ENGLISH.search(text)
    assert leak is None, (leak.group(), text)
    return text


def test_a_whole_competition_in_indonesian(tmp_path, monkeypatch):
    monkeypatch.setenv("KRENOVA_LANG", "id")
    monkeypatch.setenv("COLUMNS", "120")
    d = tmp_path / "c"
    assert _indonesian(run("init", d)).startswith(f"Folder {d} dibuat dari preset magelang-2017. Langkah berikutnya:")
    for key, value in (("signatory.name", "dr. Muchamad Nur Aziz"), ("agency_signatory.name", "Ir. Sugeng Priyadi")):
        _indonesian(run("-d", d, "settings", "set", key, value))
    rows = ["id,judul,instansi,jenis,kategori"] + [f"K{i:03d},Inovasi {i},Dinas {i},OPD,tik" for i in range(1, 21)]
    (tmp_path / "peserta.csv").write_text("\n".join(rows) + "\n")
    assert _indonesian(run("-d", d, "entry", "import", tmp_path / "peserta.csv", "--dry-run")) == (
        "akan mengimpor 20 peserta dari peserta.csv\n")
    assert _indonesian(run("-d", d, "entry", "import", tmp_path / "peserta.csv")) == "20 peserta diimpor dari peserta.csv\n"
    (tmp_path / "juri.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UNNES\nJ3,Juri Tiga,UGM\n")
    assert _indonesian(run("-d", d, "judge", "import", tmp_path / "juri.csv")) == "3 juri diimpor dari juri.csv\n"
    assigned = _indonesian(run("-d", d, "assign", "--round", 1, "--per-entry", 2))
    assert "Babak 1: beban penilaian juri" in assigned and "┃ Juri ┃ Peserta ┃" in assigned
    assert "20 peserta, 3 juri, 2 juri per peserta" in assigned
    sheets = _indonesian(run("-d", d, "sheets", "--round", 1, "-o", tmp_path / "lembar"))
    assert "round-1-J1.xlsx  (" in sheets and "peserta)" in sheets
    status = _indonesian(run("-d", d, "status"))
    assert "┃ Babak ┃ Nama" in status and "Langkah berikutnya: catat nilai babak 1" in status
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c: 100 - int(e[1:]), tmp_path)
        standings = _indonesian(run("-d", d, "standings", "--round", n))
        assert "Peringkat" in standings and "'=' menandai peringkat bersama" in standings
        closed = _indonesian(run("-d", d, "advance", "--round", n))
        assert closed.startswith(f"Babak {n} ditutup: ")
    shown = _indonesian(run("-d", d, "entry", "show", "K001"))
    assert "Judul:" in shown and "Status:" in shown and "Babak 6: nilai " in shown
    awards = _indonesian(run("-d", d, "awards"))
    assert "Penetapan juara dari babak 6" in awards and "┃ Peringkat" in awards and "Hadiah" in awards
    letters = _indonesian(run("-d", d, "letters", "award", "-o", tmp_path / "surat"))
    assert "surat penetapan juara ditulis" in letters
    status = _indonesian(run("-d", d, "status"))
    # what is left after the awards and the award letters: the recap and the other papers
    assert "ditutup" in status and (
        "Langkah berikutnya: buat yang belum ada: krenova export; krenova letters certificate|nomination|minutes" in status)
    log = _indonesian(run("-d", d, "log", "--action", "judge"))
    assert "juri diimpor" in log and "judge.import" not in log
    assert _indonesian(run("-d", d, "log", "--action", "nothing")) == "tidak ada catatan yang cocok\n"
    assert _indonesian(run("-d", d, "check")) == "ok: buku log, berkas, dan nilai sudah diperiksa dan semuanya sesuai\n"


def test_messages_inside_json_speak_the_interface_language(comp, monkeypatch):
    """`check --json` in Indonesian: the messages are Indonesian like the stderr lines, the keys and the
    file names stay (attacker: the store's messages stayed English inside --json)."""
    (comp / "entries" / "K001.toml").write_text('id = "K001"\njudul = 5\n', encoding="utf-8")
    assert run("-d", comp, "adopt", comp / "entries" / "K001.toml", "--reason", "x").code == 1
    english = run("-d", comp, "check", "--json").json()
    monkeypatch.setenv("KRENOVA_LANG", "id")
    indonesian = run("-d", comp, "check", "--json").json()
    assert english.keys() == indonesian.keys()
    en_msgs = [e["message"] for e in english["errors"]]
    id_msgs = [e["message"] for e in indonesian["errors"]]
    assert [e["file"] for e in english["errors"]] == [e["file"] for e in indonesian["errors"]]
    assert en_msgs and all(a != b for a, b in zip(en_msgs, id_msgs)), (en_msgs, id_msgs)
