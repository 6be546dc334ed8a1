"""Issue 13, the attacker's report: hostile files, broken catalogs, odd streams and options."""

from __future__ import annotations

import pytest

from tests.cli.test_indonesian import catalog_with_parts  # noqa: F401  (the catalog with the parts)
from tests.conftest import refused, run, tree_hash

pytestmark = pytest.mark.usefixtures("catalog_with_parts")


# -- 1. a competition.toml that breaks Python's TOML parser -------------------------------------------
@pytest.mark.parametrize("tail, problem", [
    ("\nbig = " + "9" * 5000 + "\n", "a number of more than 4300 digits"),
    ("\nx = " + "[" * 100000 + "\n", "nested too deeply"),
])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_hostile_settings_file_is_one_error_line(comp, monkeypatch, tail, problem, lang):
    with open(comp / "competition.toml", "a", encoding="utf-8") as f:
        f.write(tail)
    monkeypatch.delenv("KRENOVA_LANG")
    monkeypatch.chdir(comp)
    r = run("--version")
    assert r.code == 0 and r.out.startswith("krenova"), r.err
    assert run("--help").code == 0
    if lang == "id":
        monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("check")
    assert r.code == 1 and "Traceback" not in r.err and "internal error" not in r.err, r.err
    assert len(r.err.splitlines()) == 1, r.err
    if lang == "en":
        assert r.err.startswith("Error: competition.toml: ") and problem in r.err, r.err
    else:
        assert r.err.startswith("Kesalahan: competition.toml: "), r.err


def test_hostile_json_is_one_error_line(comp):
    from krenova_cli.core.errors import DataErrors
    from krenova_cli.store.parsing import parse_json, parse_toml

    for text in ("[" * 100000, "1" * 5000, '{"a": ' + "9" * 5000 + "}"):
        with pytest.raises(DataErrors):
            parse_json(text, "x.json")
        with pytest.raises(DataErrors):
            parse_json(text, "x.json", exact=True)
    with pytest.raises(DataErrors):
        parse_toml("a = " + "1" * 5000, "x.toml")


# -- 2. a broken catalog ---------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["garbage", "cut", "missing"])
def test_a_broken_catalog_falls_back_to_english_with_one_warning(comp, monkeypatch, tmp_path, damage):
    from pathlib import Path

    from krenova_cli.i18n import messages

    good = (Path(messages.LOCALE_DIR) / "id" / "LC_MESSAGES" / "krenova.mo").read_bytes()
    folder = tmp_path / "locale"
    (folder / "id" / "LC_MESSAGES").mkdir(parents=True)
    mo = folder / "id" / "LC_MESSAGES" / "krenova.mo"
    if damage == "garbage":
        mo.write_bytes(b"this is not a catalog at all" * 10)
    elif damage == "cut":
        mo.write_bytes(good[:100])
    monkeypatch.setattr(messages, "LOCALE_DIR", folder)
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "entry", "list")
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    warnings = r.err.splitlines()
    assert len(warnings) == 1, r.err
    assert warnings[0].startswith("Warning: the Indonesian messages cannot be read from "), warnings
    assert str(mo) in warnings[0] and "KRENOVA_LANG=en" in warnings[0] and "reinstall" in warnings[0]
    assert "Title" in r.out  # English
    r = run("-d", comp, "check", "--nonsense")
    assert r.code == 2 and "Traceback" not in r.err


# -- 3. letter number patterns ---------------------------------------------------------------------
BAD_PATTERNS = ["{seq.foo}", "{seq[0]}", "{month.x}", "{year.real}", "{seq:{seq}}", "{year:{year}}", "{seq:99d}",
                "{seq:>13}", "{seq:.99}", "{seq!r}", "{0}", "{}", "{x}", "{seq", "{seq:%Y}"]


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_a_letter_number_pattern_is_refused_by_settings_set(comp, pattern):
    errs = refused(comp, "settings", "set", "competition.letter_number", pattern)
    assert len(errs) == 1, errs
    assert errs[0].startswith("Error: competition.letter_number: "), errs
    assert 'e.g. "{seq:03d}/{month}/{year}"' in errs[0], errs


@pytest.mark.parametrize("pattern", ["{seq.foo}", "{seq:{seq}}", "{year:{year}}"])
def test_a_letter_number_pattern_written_by_hand_names_file_and_key(comp, pattern):
    import re

    text = (comp / "competition.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^letter_number = .*$', lambda m: 'letter_number = "' + pattern + '"', text)
    (comp / "competition.toml").write_text(text, encoding="utf-8")
    r = run("-d", comp, "check")
    assert r.code == 1 and "internal error" not in r.err and "Traceback" not in r.err, r.err
    assert any(line.startswith("Error: competition.toml") and "competition.letter_number" in line
               for line in r.err.splitlines()), r.err


@pytest.mark.parametrize("pattern", ["{seq:03d}/{month}/{year}", "071/{seq:03d}/Balitbang/{year}", "{seq:>12}", "{{x}}-{seq}",
                                     "{seq:,}", "{month:^6}"])
def test_working_letter_number_patterns_stay(comp, pattern):
    r = run("-d", comp, "settings", "set", "competition.letter_number", pattern)
    assert r.code == 0, r.err


# -- 4. a stream that cannot encode every character ----------------------------------------------------
def _run_on(encoding: str, *args) -> tuple[int, str, str]:
    import contextlib
    import io

    from krenova_cli.cli.main import main

    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding=encoding, errors="strict")
    err = io.TextIOWrapper(err_b, encoding=encoding, errors="strict")
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out.flush()
        err.flush()
    return code, out_b.getvalue().decode(encoding, "replace"), err_b.getvalue().decode(encoding, "replace")  # click writes UTF-8 to an ASCII stream


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_narrow_stream_never_fails(comp, monkeypatch, encoding, lang):
    monkeypatch.setenv("KRENOVA_LANG", lang)
    monkeypatch.setenv("COLUMNS", "60")
    assert run("-d", comp, "entry", "edit", "K001", "--title", "Inovasi “Sehat” — kota… ✓ " + "x" * 80).code == 0
    for args in (("entry", "list"), ("entry", "show", "K001"), ("entry", "show", "K999…")):
        code, out, err = _run_on(encoding, "-d", comp, *args)
        assert "internal error" not in err and "kesalahan internal" not in err and "PYTHONIOENCODING" not in err, err
        assert code == (1 if "K999…" in args else 0), err
        assert "K001" in out or "K999" in err


# -- 5. a typed refusal inside a check's line ----------------------------------------------------------
def _three_tied(tmp_path):
    d = tmp_path / "rp"
    assert run("init", d, "--preset", "blank").code == 0
    assert run("-d", d, "settings", "set", "rounds.1.advance_top", "1").code == 0
    for t in "ABC":
        assert run("-d", d, "entry", "add", "--title", t, "--institution", "I" + t, "--type", "OPD", "--category", "umum").code == 0
    assert run("-d", d, "judge", "add", "--name", "J").code == 0
    for e in ("K001", "K002", "K003"):
        r = run("-d", d, "score", e, "--round", "1", "--judge", "J1", "nilai=80")
        assert r.code == 0, r.err
    assert run("-d", d, "advance", "--round", "1", "--include-ties").code == 0
    r = run("-d", d, "awards", "--prefer", "K003", "K001", "K002", "--reason", "R")
    assert r.code == 0, r.err
    for e in ("K001", "K002"):
        with open(d / "entries" / f"{e}.toml", "a", encoding="utf-8") as f:
            f.write("bogus = 1\n")
    return d


def test_a_typed_problem_inside_a_check_line_is_worded(tmp_path, monkeypatch):
    d = _three_tied(tmp_path)
    r = run("-d", d, "check")
    line = next(x for x in r.err.splitlines() if x.startswith("Error: awards.json"))
    assert "PreferNotAtPrize" not in line and "stray=" not in line, line
    assert "--prefer K003: not part of a tie at a prize place" in line, line
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", d, "check")
    line = next(x for x in r.err.splitlines() if x.startswith("Kesalahan: awards.json"))
    assert "PreferNotAtPrize" not in line and "stray=" not in line and "not part of" not in line, line
    assert "K003" in line


@pytest.mark.parametrize("problem", ["tie-cutoff", "tie-prize", "not-at-prize"])
def test_typed_problems_as_facts_are_worded_in_the_interface_language(problem):
    from krenova_cli.cli.wording import lines  # noqa: F401  (registers the wording of nested problems)
    from krenova_cli.core import problems as p
    from krenova_cli.core.errors import T, said
    from krenova_cli.i18n import messages

    exc = {"tie-cutoff": p.TieAtCutoff(round_no=2, rank=3, cutoff=3, tied=("K001", "K002"), titles={}),
           "tie-prize": p.TieAtPrize(rank=1, tied=("K001", "K002")),
           "not-at-prize": p.PreferNotAtPrize(stray=("K003",))}[problem]
    text = T("does not follow from round {last}'s record ({problem}); {way_out}", last=1, problem=said(exc), way_out="x")
    for lang in ("en", "id"):
        messages.set_language(lang)
        worded = messages.localize(text)
        assert type(exc).__name__ not in worded and "=(" not in worded, worded
        assert "K00" in worded
    messages.set_language("en")


# -- 6. --version and the operating system's errors in the interface language -------------------------
def test_version_speaks_the_interface_language(monkeypatch):
    from krenova_cli import __version__

    assert run("--version").out == f"krenova, version {__version__}\n"
    monkeypatch.setenv("KRENOVA_LANG", "id")
    assert run("--version").out == f"krenova, versi {__version__}\n"
    assert "Menampilkan versi" in run("--help").out


def test_operating_system_errors_in_the_interface_language(comp, monkeypatch):
    (comp / "f").write_text("x", encoding="utf-8")
    assert refused(comp, "export", "-o", comp / "f" / "x.xlsx") == [f"Error: {comp / 'f'}: File exists"]
    long_name = comp / ("a" * 300 + ".xlsx")
    assert refused(comp, "export", "-o", long_name)[0].endswith(": File name too long")
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "export", "-o", comp / "f" / "x.xlsx")
    assert (r.code, r.err) == (1, f"Kesalahan: {comp / 'f'}: sudah ada\n")
    r = run("-d", comp, "export", "-o", long_name)
    assert r.code == 1 and r.err.endswith(": nama berkas terlalu panjang\n"), r.err


# -- 7. choosing the language ----------------------------------------------------------------------
def _speaks(r) -> str:
    return "id" if ("Peserta" in r.out or "Kesalahan" in r.err or "Judul" in r.out) else "en"


@pytest.mark.parametrize("value, lang", [("id", "id"), ("id_ID", "id"), ("id-ID", "id"), ("id.UTF-8", "id"), ("ID", "id"),
                                         ("en", "en"), ("en_US", "en"), ("en-GB.UTF-8", "en")])
def test_krenova_lang_is_normalised(comp, monkeypatch, value, lang):
    monkeypatch.setenv("KRENOVA_LANG", value)
    r = run("-d", comp, "entry", "list")
    assert r.code == 0 and _speaks(r) == lang, (r.out, r.err)
    assert "Warning" not in r.err and "Peringatan" not in r.err


@pytest.mark.parametrize("value", ["fr", " ", "indonesia", "idiot", "english"])
def test_an_unknown_krenova_lang_is_ignored_with_a_warning(comp, monkeypatch, value):
    assert 'interface_language = "id"' in (comp / "competition.toml").read_text(encoding="utf-8")  # the preset's
    monkeypatch.setenv("KRENOVA_LANG", value)
    r = run("-d", comp, "entry", "list")
    assert r.code == 0 and _speaks(r) == "id", (r.out, r.err)  # the settings' language, not English
    assert len(r.err.splitlines()) == 1 and "KRENOVA_LANG" in r.err and "id" in r.err and "en" in r.err, r.err


@pytest.mark.parametrize("value, lang", [("en", "en"), ("id_ID", "id"), ("en-US", "en")])
def test_interface_language_is_a_top_level_setting(tmp_path, monkeypatch, value, lang):
    d = tmp_path / "blank"
    assert run("init", d, "--preset", "blank").code == 0
    assert "interface_language" not in (d / "competition.toml").read_text(encoding="utf-8")
    monkeypatch.delenv("KRENOVA_LANG")
    assert "# interface_language is not set; e.g. krenova settings set interface_language id" in run(
        "-d", d, "settings", "show").out
    for v, lg in (("id", "id"), (value, lang)):
        r = run("-d", d, "settings", "set", "interface_language", v)
        assert r.code == 0, r.err
        text = (d / "competition.toml").read_text(encoding="utf-8")
        assert text.startswith("# A blank competition") and f'\ninterface_language = "{v}"\n' in text, text[:300]
        assert f'interface_language = "{v}"' in run("-d", d, "settings", "show").out
        assert run("-d", d, "check").code == 0
        assert _speaks(run("-d", d, "entry", "show", "K999")) == lg


def test_an_unsupported_interface_language_is_refused(comp):
    errs = refused(comp, "settings", "set", "interface_language", "fr")
    assert len(errs) == 1 and errs[0].startswith("Error: interface_language: ") and "id" in errs[0], errs


@pytest.mark.parametrize("args", [["-d{dir}", "entry", "list"], ["--dir={dir}", "entry", "list"],
                                  ["-d", "{dir}", "entry", "list"]])
def test_the_folder_of_the_call_gives_the_language(comp, tmp_path, monkeypatch, args):
    monkeypatch.delenv("KRENOVA_LANG")
    r = run(*[a.format(dir=comp) for a in args])
    assert r.code == 0 and _speaks(r) == "id", r.err


def test_a_d_after_the_command_is_no_folder(comp, tmp_path, monkeypatch):
    other = tmp_path / "-d"
    monkeypatch.delenv("KRENOVA_LANG")
    monkeypatch.chdir(comp)
    r = run("entry", "edit", "K999", "--title", "-d", "--institution", "x")  # "-d" is a title here, not the folder
    assert r.code == 1 and _speaks(r) == "id", (r.out, r.err)
    assert not other.exists()


# -- 8. numbers of options within a sensible range ---------------------------------------------------
@pytest.mark.parametrize("args, option", [
    (["analyse", "--round", "1", "--seed", "-1"], "--seed"),
    (["analyse", "--round", "1", "--seed", str(2**32)], "--seed"),
    (["analyse", "--round", "1", "--resamples", "99999999999"], "--resamples"),
    (["analyse", "--round", "1", "--resamples", "-1"], "--resamples"),
    (["analyse", "--round", "1", "--top", "0"], "--top"),
    (["demo", "--entries", "99999999999"], "--entries"),
    (["demo", "--seed", "-5"], "--seed"),
])
def test_option_numbers_out_of_range_are_usage_errors(comp, args, option):
    before = tree_hash(comp)
    r = run("-d", comp, *args)
    assert r.code == 2, (r.code, r.err)
    assert option in r.err and "Traceback" not in r.err and "internal error" not in r.err, r.err
    assert tree_hash(comp) == before


# -- 9. a warning is one line ---------------------------------------------------------------------------
def test_a_warning_is_one_line(comp):
    r = run("-d", comp, "settings", "set", "signatory.title", "Ketua\nPanitia")
    assert r.code == 0, r.err
    r = run("-d", comp, "letters", "award")
    warnings = [line for line in r.err.splitlines() if "signatory]" in line]
    assert warnings and all(line.startswith("Warning: ") for line in warnings), r.err
    assert any("Ketua\\nPanitia" in line for line in warnings), r.err


# -- 10. entry template's output, its hint, -d naming a file; missing parent folders ------------------
@pytest.mark.parametrize("target", ["entries/new.xlsx", "scores/x.xlsx", "rounds/t.xlsx"])
def test_entry_template_refuses_the_data_folders(comp, monkeypatch, target):
    monkeypatch.chdir(comp)
    errs = refused(comp, "entry", "template", target)
    assert len(errs) == 1 and "inside the competition's data" in errs[0], errs


def test_entry_template_hint_keeps_the_path_as_given(comp, tmp_path, monkeypatch):
    monkeypatch.chdir(comp)
    r = run("entry", "template", "../tpl-en.xlsx")
    assert r.code == 0, r.err
    assert (tmp_path / "tpl-en.xlsx").is_file()
    assert "`krenova entry import ../tpl-en.xlsx`" in r.err, r.err


def test_dir_naming_a_file_says_so(comp, tmp_path):
    f = tmp_path / "passwd"
    f.write_text("root:x:0:0\n", encoding="utf-8")
    r = run("-d", f, "status")
    assert r.code == 1 and r.errors == [f"Error: {f}: a file, not a folder; pass the competition's folder with --dir PATH"], r.err
    assert "krenova init" not in r.err


def test_an_output_in_a_missing_folder_outside_the_current_tree_is_made(comp, tmp_path, monkeypatch):
    """One output rule (SPEC 9.1): missing folders are made as `mkdir -p`, wherever the path points."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    far = tmp_path / "elsewhere" / "deeper" / "x.xlsx"
    assert run("-d", comp, "export", "-o", far).code == 0
    assert far.is_file()
    assert run("-d", comp, "export", "-o", "laporan/2017/rekap.xlsx").code == 0
    assert (work / "laporan" / "2017" / "rekap.xlsx").is_file()
    assert run("-d", comp, "export", "-o", comp / "out" / "a" / "b.xlsx").code == 0


@pytest.mark.parametrize("manifest", ["[" * 100000, "[1]", '{"ledger_head": 5}', "9" * 5000])
def test_a_hostile_site_manifest_is_no_site(comp, manifest):
    (comp / "out" / "site").mkdir(parents=True, exist_ok=True)
    (comp / "out" / "site" / "manifest.json").write_text(manifest, encoding="utf-8")
    r = run("-d", comp, "status")
    assert r.code == 0 and "Traceback" not in r.err and "internal error" not in r.err, r.err


def test_a_typed_problem_inside_a_json_message_is_worded(tmp_path, monkeypatch):
    """`check --json` words a typed problem inside a message as the stderr line does, in both languages."""
    d = _three_tied(tmp_path)
    for lang in ("en", "id"):
        monkeypatch.setenv("KRENOVA_LANG", lang)
        found = run("-d", d, "check", "--json").json()
        messages = [e["message"] for e in found["errors"] if e["file"] == "awards.json"]
        assert messages and all("PreferNotAtPrize" not in m and "stray=" not in m and "K003" in m for m in messages), messages
