"""`settings add LIST` and `settings remove LIST.N` (issue 29 item 7): every list of the settings,
added then removed gives back the same file; each refusal names a way out that works."""

from __future__ import annotations

import json

import pytest

from tests.conftest import refused, run, score_all

ITEMS = {
    "rounds": ["name=Penilaian VII"],
    "categories": ["id=baru", "name=Kategori Baru"],
    "criteria": ["id=dampak", "name=Dampak", "weight=10"],
    "prizes": ["title=Juara Harapan", "amount=1000000"],
    "entity_types": ["id=bumd", "name=BUMD"],
    "cc": ["Sekretaris Daerah Kota Magelang"],
    "screening.documents": ["name=Surat pengantar kepala OPD", 'categories=["tik"]'],  # issue 27 part 2
}


def test_every_list_is_enumerated():
    from krenova_cli.usecases.settings_lists import LISTS

    assert set(ITEMS) == set(LISTS)


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_add_then_remove_gives_back_the_file(comp, name):
    before = (comp / "competition.toml").read_bytes()
    r = run("-d", comp, "settings", "add", name, *ITEMS[name])
    assert r.code == 0, r.err
    key = r.err.split(" ", 1)[0]
    assert key.startswith(name + ".")
    shown = json.loads(run("-d", comp, "settings", "show", "--json").out)
    items = shown["competition"]["cc"] if name == "cc" else shown["screening"]["documents"] if "." in name else shown[name]
    assert len(items) == int(key.rsplit(".", 1)[1])
    log = json.loads((comp / "ledger.jsonl").read_text().splitlines()[-1])
    assert log["action"] == "settings.add" and log["target"] == key
    r = run("-d", comp, "settings", "remove", key)
    assert r.code == 0, r.err
    assert (comp / "competition.toml").read_bytes() == before
    assert run("-d", comp, "check").code == 0


def test_bad_items_refused(comp):
    for args in (("settings", "add", "judges", "id=x"), ("settings", "add", "categories", "name=Tanpa Id"),
                 ("settings", "add", "prizes", "title=X", "amount=banyak"), ("settings", "remove", "prizes.9"),
                 ("settings", "remove", "prizes"), ("settings", "add", "criteria", "id=x", "name=X", "weight=0")):
        err = refused(comp, *args)
        assert err and all(e.startswith("Error: ") for e in err), (args, err)


def test_refusals_name_a_way_out(comp, tmp_path):
    # a criterion a tie-break names: the advice, followed, lets it go (in a copy: the scores below use it)
    import shutil

    other = tmp_path / "copy"
    shutil.copytree(comp, other, symlinks=True)
    err = refused(other, "settings", "remove", "criteria.1")
    assert len(err) == 1 and "`krenova settings set scoring.tie_break '[]'`" in err[0], err
    assert run("-d", other, "settings", "set", "scoring.tie_break", "[]").code == 0
    assert run("-d", other, "settings", "remove", "criteria.1").code == 0
    assert run("-d", other, "check").code == 0
    # a category entries use: refused, naming `entry edit`; moving them first lets it go
    err = refused(comp, "settings", "remove", "categories.4")
    assert any("entry edit" in e for e in err), err
    shown = json.loads(run("-d", comp, "settings", "show", "--json").out)
    last, other = shown["categories"][3]["id"], shown["categories"][0]["id"]
    users = [e["id"] for e in json.loads(run("-d", comp, "entry", "list", "--json").out) if e["category"] == last]
    for e in users:
        assert run("-d", comp, "entry", "edit", e, "--category", other).code == 0
    assert run("-d", comp, "settings", "remove", "categories.4").code == 0
    # only the last round goes, and the advice names it
    err = refused(comp, "settings", "remove", "rounds.2")
    assert any("settings remove rounds.6" in e for e in err), err
    # a criterion with scores recorded
    score_all(comp, 1, lambda e, j, c: 80, tmp_path)
    err = refused(comp, "settings", "remove", "criteria.5")
    assert any("criteria.5" in e for e in err), err
    # a closed round
    assert run("-d", comp, "advance", "--round", 1).code == 0
    for n in range(6, 2, -1):
        assert run("-d", comp, "settings", "remove", f"rounds.{n}").code == 0, n
    score_all(comp, 2, lambda e, j, c: 80, tmp_path)
    assert run("-d", comp, "advance", "--round", 2).code == 0
    err = refused(comp, "settings", "remove", "rounds.2")
    assert any("reopen" in e for e in err), err
    assert run("-d", comp, "reopen", "--round", 2, "--reason", "satu tahap lagi").code == 0
    assert run("-d", comp, "settings", "remove", "rounds.2").code == 0
    err = refused(comp, "settings", "remove", "rounds.1")
    assert any("settings set rounds.1" in e for e in err), err


def test_prizes_of_decided_awards(tmp_path):
    """A prize of decided awards is neither added nor removed; `awards --undo` leads out."""
    d = tmp_path / "decided"
    r = run("demo", d, "--entries", 16, "--judges", 3, "--no-documents")
    assert r.code == 0, r.err
    count = len(json.loads(run("-d", d, "settings", "show", "--json").out)["prizes"])
    for args in (("settings", "remove", f"prizes.{count}"), ("settings", "add", "prizes", "title=Juara Harapan", "amount=1000"),
                 ("settings", "add", "rounds", "name=Penilaian VII")):
        err = refused(d, *args)
        assert any("awards --undo" in e for e in err), (args, err)
    assert run("-d", d, "awards", "--undo", "--reason", "hadiah dikurangi").code == 0
    r = run("-d", d, "settings", "remove", f"prizes.{count}")
    assert r.code == 0, r.err
    r = run("-d", d, "settings", "add", "rounds", "name=Penilaian VII")
    assert r.code == 0, r.err
    assert run("-d", d, "check").code == 0
    assert run("-d", d, "settings", "remove", "rounds.7").code == 0
    assert run("-d", d, "awards").code == 0
    assert run("-d", d, "check").code == 0
