"""Issue 24 item 12 and issue 26 item 6: one output rule for every option that writes outside the data.

Every such option creates missing parent folders (as `mkdir -p`) wherever the user points it, refuses
the competition's data paths and links at any depth inside the folder (deep inside out/ too), and
`publish -o` replaces only what its previous manifest lists."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from tests.conftest import CRITERIA, refused, run, score_all, tree_hash

# every writing option, as (name, kind, args for a target path); `kind` says whether the path is a file or a folder
WRITERS = {
    "entry template FILE": ("file", lambda p: ["entry", "template", p / "peserta.xlsx"]),
    "judge link --all --csv": ("file", lambda p: ["judge", "link", "--all", "--csv", p / "tautan.csv"]),
    "sheets -o": ("dir", lambda p: ["sheets", "--round", "2", "-o", p]),
    "export -o": ("file", lambda p: ["export", "-o", p / "rekap.xlsx"]),
    "export --csv": ("dir", lambda p: ["export", "--csv", p]),
    "analyse -o": ("file", lambda p: ["analyse", "--round", "1", "--top", "3", "--resamples", "0", "-o", p / "analisis.html"]),
    "letters -o": ("dir", lambda p: ["letters", "minutes", "--round", "1", "-o", p]),
    "publish -o": ("dir", lambda p: ["publish", "-o", p]),
    "packets -o": ("dir", lambda p: ["packets", "--round", "2", "-o", p]),
    "schedule --csv": ("file", lambda p: ["schedule", "--round", "2", "--csv", p / "jadwal.csv"]),
    "schedule --xlsx": ("file", lambda p: ["schedule", "--round", "2", "--xlsx", p / "jadwal.xlsx"]),
}
# path options and arguments that only read, or that create a competition folder (not an output)
READERS = {("score", "from_files"), ("entry import", "file"), ("judge import", "file"), ("init", "path"),
           ("entry attach", "files"), ("entry attach", "from_dir"), ("packets", "verify"),
           ("demo", "path"), ("serve", "certfile"), ("serve", "keyfile")}


def _path_params():
    from krenova_cli.cli.main import COMMANDS, command_of

    found = set()

    def walk(name, cmd):
        if hasattr(cmd, "commands"):
            for sub, c in cmd.commands.items():
                walk(f"{name} {sub}", c)
            return
        import typing

        hints = typing.get_type_hints(cmd.callback, include_extras=True) if cmd.callback else {}
        for p in cmd.params:
            if "Path" in repr(hints.get(p.name)) or isinstance(getattr(p, "type", None), click.Path):
                found.add((name, p.name))

    for name, (module, _) in COMMANDS.items():
        walk(name, command_of(module))
    return found


def test_every_path_option_is_a_known_writer_or_reader():
    """A new option that writes a file must join WRITERS (and so this file's tests)."""
    writers = {("entry template", "file"), ("judge link", "csv_file"), ("sheets", "out"), ("export", "out"), ("export", "csv_dir"),
               ("analyse", "output"), ("letters", "out"), ("publish", "out"), ("packets", "out"),
               ("schedule", "csv_file"), ("schedule", "xlsx_file")}
    assert _path_params() == writers | READERS
    assert len(WRITERS) == len(writers)


@pytest.fixture
def closed(comp, tmp_path):
    """The comp fixture with round 1 scored and closed: every writer has something to write (round 2 a
    presentation round with its schedule)."""
    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]), tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    for key, value in (("rounds.2.presentation", "true"), ("rounds.2.presentation_date", "2017-06-20"),
                       ("rounds.2.presentation_start", "08:00"), ("rounds.2.minutes_per_entry", "15"),
                       ("rounds.2.room", "Aula")):
        assert run("-d", comp, "settings", "set", key, value).code == 0, key
    return comp


@pytest.mark.parametrize("name", WRITERS)
def test_missing_parents_are_created_anywhere(closed, tmp_path, monkeypatch, name):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # neither under the current folder nor under the competition folder
    kind, args = WRITERS[name]
    far = tmp_path / "elsewhere" / "deeper" / "still"
    r = run("-d", closed, *args(far))
    assert r.code == 0, r.err
    assert far.is_dir() and any(far.rglob("*")), name


DATA_TARGETS = [(name, where) for name in WRITERS
                for where in ["entries/x", "scores/round-1/y", "rounds", "templates/z", ".git/x", "assignments"]
                + (["", "judges.toml", "ledger.jsonl"] if WRITERS[name][0] == "dir" else [])]


@pytest.mark.parametrize("name,where", DATA_TARGETS)
def test_data_paths_are_refused(closed, name, where):
    """A file writer is given a folder and writes a named file in it; a folder writer takes the folder."""
    kind, args = WRITERS[name]
    errs = refused(closed, *args(closed / where if where else closed))
    assert len(errs) == 1 and ("competition" in errs[0]), errs


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("depth", [1, 3])
def test_links_at_any_depth_inside_the_folder_are_refused(closed, tmp_path, name, depth):
    outside = tmp_path / "outside"
    outside.mkdir()
    parent = closed / "out" / Path(*["a"] * (depth - 1)) if depth > 1 else closed / "out"
    parent.mkdir(parents=True, exist_ok=True)
    (parent / "lnk").symlink_to(outside, target_is_directory=True)
    kind, args = WRITERS[name]
    errs = refused(closed, *args(parent / "lnk" / "site"))
    assert len(errs) == 1 and "is a link inside the competition folder" in errs[0], errs
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("name", WRITERS)
def test_a_link_outside_that_leads_into_the_data_is_refused(closed, tmp_path, name):
    (tmp_path / "door").symlink_to(closed, target_is_directory=True)
    kind, args = WRITERS[name]
    errs = refused(closed, *args(tmp_path / "door" / "entries"))
    assert len(errs) == 1 and "entries" in errs[0], errs


# -- publish: its own folder, replaced by its manifest ------------------------------------------
def test_publish_removes_the_pages_its_previous_manifest_lists(closed, tmp_path):
    site = tmp_path / "situs"
    assert run("-d", closed, "letters", "minutes", "--round", "1").code == 0
    assert run("-d", closed, "publish", "-o", site).code == 0
    pages = sorted(p.name for p in (site / "v").iterdir())
    assert pages
    (site / "CNAME").write_text("hasil.example.go.id\n")  # the user's own file in the site: kept
    # a stale page: listed by the previous manifest, no longer in the register (the previous competition)
    manifest = json.loads((site / "manifest.json").read_text())
    stale = site / "v" / "OLDCODE1.html"
    stale.write_text("<p>SAH</p>")
    import hashlib

    old = hashlib.sha256(b"v/OLDCODE1.html").hexdigest()  # the manifest lists its pages' names as digests (a name holds a code)
    assert "OLDCODE1" not in json.dumps(manifest) and all(p not in json.dumps(manifest) for p in pages)
    manifest["files_sha256"] = [*manifest["files_sha256"], old]
    (site / "manifest.json").write_text(json.dumps(manifest))
    r = run("-d", closed, "publish", "-o", site)
    assert r.code == 0, r.err
    assert not stale.exists()
    assert (site / "CNAME").is_file()
    assert sorted(p.name for p in (site / "v").iterdir()) == pages
    assert old not in json.loads((site / "manifest.json").read_text())["files_sha256"]


def test_publish_refuses_a_folder_that_is_not_a_krenova_site(closed, tmp_path):
    mine = tmp_path / "dokumen"
    mine.mkdir()
    (mine / "index.html").write_text("<p>my own page</p>")
    before = tree_hash(mine)
    errs = refused(closed, "publish", "-o", mine)
    assert len(errs) == 1 and "not a krenova site" in errs[0] and "empty folder" in errs[0], errs
    assert tree_hash(mine) == before
    # an empty folder, and a missing one, are fine
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert run("-d", closed, "publish", "-o", empty).code == 0
    assert (empty / "manifest.json").is_file()


def test_publish_refuses_a_manifest_that_lists_paths_outside_the_site(closed, tmp_path):
    site = tmp_path / "situs"
    assert run("-d", closed, "publish", "-o", site).code == 0
    victim = tmp_path / "keep.txt"
    victim.write_text("keep")
    manifest = json.loads((site / "manifest.json").read_text())
    del manifest["files_sha256"]  # a manifest listing names (an older one, or a hand edit)
    manifest["files"] = ["index.html", "../keep.txt", "/etc/hostname"]
    (site / "manifest.json").write_text(json.dumps(manifest))
    assert run("-d", closed, "publish", "-o", site).code == 0
    assert victim.read_text() == "keep"


@pytest.mark.parametrize("place", ["out/letters/certificate", "out/site", "out/letters-register-copy.toml"])
@pytest.mark.parametrize("name", [n for n in WRITERS if not n.startswith(("letters", "publish"))])
def test_printed_papers_and_the_site_are_no_other_commands_output(closed, tmp_path, name, place):
    """`analyse -o out/letters/certificate/certificate-K011.html` replaced a numbered certificate with the
    analysis report, exit 0, and `check` said nothing (the attacker's pass): out/letters is letters',
    out/site publish's, the register's copy letters'."""
    kind, args = WRITERS[name]
    target = closed / place
    before = tree_hash(closed)
    r = run("-d", closed, *args(target if kind == "dir" or place.endswith(".toml") else target / "x"))
    assert r.code == 1 and "is written by `krenova" in r.err, (name, place, r.code, r.err)
    assert tree_hash(closed) == before
