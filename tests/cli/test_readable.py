"""Issue 13, a newcomer's findings: what the command line prints reads as words, not as Python."""

from __future__ import annotations

import pytest

from tests.cli.test_indonesian import catalog_with_parts  # noqa: F401  (the catalog with this branch's part)
from tests.conftest import run, score_all, tree_hash

pytestmark = pytest.mark.usefixtures("catalog_with_parts")


def test_entry_show_prints_labelled_lines(comp, monkeypatch):
    score_all(comp, 1, lambda e, j, c: 80)
    r = run("-d", comp, "entry", "show", "K001")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[:3] == ["ID:          K001", "Title:       Inovasi 1", "Institution: Dinas 1"]
    assert "Status:      active in round 1" in lines
    assert lines[-1] == "Round 1: score 80.00 (judges: J1 80.00, J3 80.00)"
    assert not any(c in r.out for c in "{}[]'"), r.out  # no dict, list or repr
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "entry", "show", "K001")
    assert r.out.splitlines()[:3] == ["ID:       K001", "Judul:    Inovasi 1", "Instansi: Dinas 1"]
    assert r.out.splitlines()[-1] == "Babak 1: nilai 80.00 (juri: J1 80.00, J3 80.00)"


def test_log_shows_lists_and_nothing_as_words(comp):
    assert run("-d", comp, "judge", "edit", "J1", "--add-conflict", "K005").code == 0
    score_all(comp, 1, lambda e, j, c: 100 - int(e[1:]))
    assert run("-d", comp, "advance", "--round", 1).code == 0
    r = run("-d", comp, "log", "--action", "advance")
    assert r.out.splitlines()[1] == "    advancing: K001, K002, K003, K004, K005, K006 ... +14"
    r = run("-d", comp, "log", "--action", "judge.edit")
    assert r.code == 0 and "[" not in r.out and "None" not in r.out, r.out
    assert "conflicts: - -> K005" in r.out or "conflicts: K005" in r.out, r.out


def test_judge_import_dry_run_checks_and_changes_nothing(tmp_path):
    d = tmp_path / "c"
    assert run("init", d).code == 0
    (tmp_path / "juri.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UGM\n")
    before = tree_hash(d)
    r = run("-d", d, "judge", "import", tmp_path / "juri.csv", "--dry-run")
    assert (r.code, r.err) == (0, "would import 2 judges from juri.csv\n")
    assert tree_hash(d) == before
    (tmp_path / "bad.csv").write_text("id,nama\nJ1,\n")
    r = run("-d", d, "judge", "import", tmp_path / "bad.csv", "--dry-run")
    assert r.code == 1 and r.err.startswith("Error: ") and tree_hash(d) == before
    r = run("-d", d, "judge", "import", tmp_path / "juri.csv")
    assert (r.code, r.err) == (0, "imported 2 judges from juri.csv\n")
    assert len(run("-d", d, "judge", "list", "--json").json()) == 2


def test_demo_progress_names_each_round(tmp_path, monkeypatch):
    r = run("demo", tmp_path / "demo", "--entries", 16, "--judges", 3, "--no-documents")
    assert r.code == 0, r.err
    assert "round 1 (Penilaian I): recording scores" in r.err and "round 6 (Penilaian VI): closing" in r.err
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("demo", tmp_path / "demo", "--entries", 16, "--judges", 3, "--no-documents", "--force")
    assert r.code == 0, r.err
    assert "babak 4 (Penilaian IV): mencatat nilai" in r.err and "Kompetisi contoh selesai" in r.out


def test_plural_forms_in_indonesian(monkeypatch):
    from krenova_cli.i18n import messages

    try:
        messages.set_language("id")
        one = messages.ngettext("imported {count} entry from {file}", "imported {count} entries from {file}", 1)
        many = messages.ngettext("imported {count} entry from {file}", "imported {count} entries from {file}", 5)
        assert one == many == "{count} peserta diimpor dari {file}"
    finally:
        messages.set_language("en")
