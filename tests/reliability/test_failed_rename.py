"""Issue 24 item 16: a rename that fails leaves no temporary file behind, and the error names the
data file, not the temporary one (`.competition.toml.tmp-*`, `..krenova-pending.json.tmp-*`)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import run, score_all, tree_hash

COMMANDS = [
    ["entry", "add", "--title", "Judul Baru", "--institution", "Dinas X", "--type", "OPD", "--category", "tik"],
    ["entry", "edit", "K001", "--title", "Judul Lain"],
    ["judge", "add", "--name", "Juri Empat"],
    ["settings", "set", "competition.city", "Magelang Kota"],
    ["assign", "--round", "1", "--per-entry", "2"],
    ["adopt", "competition.toml", "--reason", "ubah tangan"],
]


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EACCES], ids=["ENOSPC", "EACCES"])
@pytest.mark.parametrize("fail_at", [1, 2])
@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_failed_rename_leaves_no_temporary_file_and_names_the_data_file(comp, monkeypatch, argv, fail_at, err):
    if argv[0] == "adopt":
        p = comp / "competition.toml"
        p.write_text(p.read_text(encoding="utf-8").replace('city = "', 'city = "Kota '), encoding="utf-8")
    before = tree_hash(comp)
    real = os.replace
    calls = {"n": 0}

    def failing(src, dst, *args, **kwargs):
        if str(src).startswith(str(comp)):
            calls["n"] += 1
            if calls["n"] == fail_at:
                raise OSError(err, os.strerror(err), str(src), None, str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    r = run("-d", comp, *argv)
    monkeypatch.setattr(os, "replace", real)
    left = [p.name for p in comp.rglob("*") if ".tmp-" in p.name]
    assert not left, f"{argv[:2]}: temporary files left behind: {left}"
    if calls["n"] < fail_at:
        pytest.skip("the command renames fewer files")
    assert r.code == 1, (r.code, r.err)
    assert tree_hash(comp) == before
    assert len(r.errors) == 1, r.err
    assert ".tmp-" not in r.errors[0], r.errors
    assert os.strerror(err) in r.errors[0] or {errno.ENOSPC: "No space", errno.EACCES: "Permission"}[err] in r.errors[0], r.errors
    named = r.errors[0].removeprefix("Error: ").split(":", 1)[0]
    assert named in ("competition.toml", ".krenova-pending.json", "judges.toml", "entries/K001.toml", "entries/K021.toml",
                     "assignments/round-1.toml"), r.errors
    if argv[0] != "adopt":  # (the hand edit is still not adopted: `check` rightly says so)
        assert run("-d", comp, "check").code == 0


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> Path:
    """Six rounds closed (the awards not yet decided)."""
    tmp = tmp_path_factory.mktemp("decided")
    d = tmp / "comp"
    assert run("init", d).code == 0
    (tmp / "e.csv").write_text("judul,instansi,jenis,kategori\n" + "".join(f"T{i},Dinas {i},OPD,tik\n" for i in range(1, 21)))
    assert run("-d", d, "entry", "import", tmp / "e.csv").code == 0
    (tmp / "j.csv").write_text("nama,instansi\nJuri Satu,UGM\nJuri Dua,UNS\nJuri Tiga,Undip\n")
    assert run("-d", d, "judge", "import", tmp / "j.csv").code == 0
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c: 100 - int(e[1:]), tmp)
        assert run("-d", d, "advance", "--round", n).code == 0
    return d


@pytest.mark.parametrize("fail_at", [1, 2])
@pytest.mark.parametrize("what", ["awards", "letters", "awards --undo"])
def test_a_failed_rename_of_the_awards_or_the_register_leaves_nothing_behind(decided, tmp_path, monkeypatch, what, fail_at):
    d = tmp_path / "c"
    shutil.copytree(decided, d)
    if what != "awards":
        assert run("-d", d, "awards").code == 0
    argv = {"awards": ["awards"], "letters": ["letters", "award", "--format", "html", "-o", str(tmp_path / "papers")],
            "awards --undo": ["awards", "--undo", "--reason", "salah hitung"]}[what]
    before = tree_hash(d)
    real = os.replace
    calls = {"n": 0}

    def failing(src, dst, *args, **kwargs):
        if str(src).startswith(str(d)):
            calls["n"] += 1
            if calls["n"] == fail_at:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src), None, str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    r = run("-d", d, *argv)
    monkeypatch.setattr(os, "replace", real)
    assert not [p.name for p in d.rglob("*") if ".tmp-" in p.name]
    if calls["n"] < fail_at:
        pytest.skip("the command renames fewer files")
    assert r.code == 1, (r.code, r.err)
    assert tree_hash(d) == before
    assert len(r.errors) == 1 and ".tmp-" not in r.errors[0], r.errors
    assert run("-d", d, "check").code == 0
