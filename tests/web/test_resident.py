"""Issue 28, the load: the server holds the validated competition in memory. Under the folder's lock a save
checks only that the ledger (and the few files it reads and writes) are as the held competition was read
from, and then records on it: no guard of the whole folder, no load. Anything that moved (a command beside
the server, a hand edit) makes the save guard and load afresh, as `krenova score` does."""

from __future__ import annotations

import ast
import json
import re
import threading
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from tests.conftest import CRITERIA, ROOT, run, tree_hash  # noqa: E402
from tests.web.test_portal import _client, _ledger, _post, _token, _values  # noqa: E402


@pytest.fixture
def site(comp):
    tokens = {j: _token(comp, j) for j in ("J1", "J2", "J3")}
    return comp, tokens, _client(comp)


def _count(monkeypatch, owner, name):
    calls = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_saves_on_the_held_competition_neither_guard_nor_load_the_folder(site, monkeypatch):
    from krenova_cli.store import integrity
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases import portal

    d, tokens, client = site
    assert _post(client, tokens["J1"], "K002", _values(60)).status_code == 303  # warm
    scans = _count(monkeypatch, integrity, "scan")
    loads = _count(monkeypatch, Store, "load")
    held = client.app.app.state.portal
    fast = held.fast_saves
    for i, entry in enumerate(("K003", "K004", "K005", "K003")):
        assert _post(client, tokens["J1"], entry, _values(61 + i)).status_code == 303
    assert (len(scans), len(loads), held.fast_saves - fast) == (0, 0, 4)
    records = _ledger(d)[-4:]
    assert [(r["actor"], r["action"], r["target"]) for r in records] == [
        ("judge:J1", "score", "round-1/J1/K003"), ("judge:J1", "score", "round-1/J1/K004"),
        ("judge:J1", "score", "round-1/J1/K005"), ("judge:J1", "score.replace", "round-1/J1/K003")]
    monkeypatch.undo()
    assert held.loaded().state.scores[1] == portal.Portal(d).loaded().state.scores[1]
    assert run("-d", d, "check").code == 0


def test_a_command_beside_the_server_makes_the_next_save_load_afresh(site, monkeypatch):
    from krenova_cli.store import integrity
    from krenova_cli.usecases import portal

    d, tokens, client = site
    assert _post(client, tokens["J1"], "K002", _values(60)).status_code == 303
    form = client.get(f"/j/{tokens['J1']}/e/K003?lang=en")  # the page is served before the command runs
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', form.text).group(1)
    held = client.app.app.state.portal
    real = portal.Portal.record_many

    def racing(self, *args, **kwargs):  # the command line records J3's score just before the portal's save
        monkeypatch.setattr(portal.Portal, "record_many", real)
        assert run("-d", d, "score", "K003", "--judge", "J3", *(f"{c}=55" for c in CRITERIA)).code == 0
        return real(self, *args, **kwargs)

    monkeypatch.setattr(portal.Portal, "record_many", racing)
    scans = _count(monkeypatch, integrity, "scan")
    fast = held.fast_saves
    assert _post(client, tokens["J1"], "K003", _values(62), csrf=csrf).status_code == 303
    assert len(scans) >= 1 and held.fast_saves == fast  # guarded and loaded afresh under the lock
    assert _post(client, tokens["J1"], "K004", _values(63)).status_code == 303
    assert held.fast_saves == fast + 1  # and the next one is on the held competition again
    assert held.loaded().state.scores[1] == portal.Portal(d).loaded().state.scores[1]
    assert held.loaded().state.scores[1]["J3"]["K003"]["kebaruan"] == 55
    assert run("-d", d, "check").code == 0


def test_a_hand_edit_of_the_judges_file_beside_the_server_is_refused_not_overwritten(site):
    d, tokens, client = site
    assert _post(client, tokens["J1"], "K002", _values(60)).status_code == 303
    path = d / "scores" / "round-1" / "J1.json"
    data = json.loads(path.read_text())
    data["scores"]["K002"]["kebaruan"] = 99
    path.write_text(json.dumps(data, indent=2))
    before = tree_hash(d)
    r = _post(client, tokens["J1"], "K003", _values(61))
    assert r.status_code == 422 and "adopt" in r.text and "J1.json" in r.text
    assert tree_hash(d) == before


def test_a_save_on_the_held_competition_still_takes_the_folders_lock(site, monkeypatch):
    from filelock import FileLock

    d, tokens, client = site
    assert _post(client, tokens["J1"], "K002", _values(60)).status_code == 303
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', client.get(f"/j/{tokens['J1']}/e/K003?lang=en").text).group(1)
    monkeypatch.setenv("KRENOVA_LOCK_TIMEOUT", "0.2")
    before = tree_hash(d)
    held, release = threading.Event(), threading.Event()

    def command():  # another process's command holding the lock (FileLock is per thread and file)
        with FileLock(str(d / ".krenova.lock")):
            held.set()
            release.wait(10)

    other = threading.Thread(target=command)
    other.start()
    held.wait(5)
    try:
        r = _post(client, tokens["J1"], "K003", _values(61), csrf=csrf)
    finally:
        release.set()
        other.join()
    assert r.status_code == 422 and "another krenova command" in r.text
    assert tree_hash(d) == before
    assert _post(client, tokens["J1"], "K003", _values(61)).status_code == 303


def _private_uses(path: Path) -> list[str]:
    """Attributes starting with one underscore reached on anything but `self` (another object's privates)."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
    return found


def test_the_portal_uses_only_the_public_api_of_the_store():
    files = [ROOT / "krenova_cli" / "usecases" / "portal.py", *sorted((ROOT / "krenova_cli" / "web").glob("*.py"))]
    assert [use for f in files for use in _private_uses(f)] == []



def test_a_group_of_saves_is_one_write_with_one_record_each_and_a_refused_one_leaves_the_others(site, monkeypatch):
    from krenova_cli.store import atomic
    from krenova_cli.usecases import portal

    d, tokens, client = site
    held = portal.Portal(d)
    held.loaded()
    appends = _count(monkeypatch, atomic, "append_line")
    pairs = [f"{c}=70" for c in CRITERIA]
    jobs = [portal.Job("J1", 1, "K002", pairs), portal.Job("J3", 1, "K002", pairs), portal.Job("J2", 1, "K001", pairs),
            portal.Job("J1", 1, "K003", [f"{c}=71" for c in CRITERIA])]
    results = held.record_many(jobs)
    assert results[0] == (1, True) and results[1] == (1, True) and results[3] == (1, True)
    assert "conflict" in str(results[2]).lower() or "K001" in str(results[2])  # J2 works at the institution of K001
    assert len(appends) == 1  # one write for the group
    records = _ledger(d)[-3:]
    assert [(r["actor"], r["target"]) for r in records] == [("judge:J1", "round-1/J1/K002"), ("judge:J3", "round-1/J3/K002"),
                                                           ("judge:J1", "round-1/J1/K003")]
    assert [r["seq"] for r in records] == [records[0]["seq"] + i for i in range(3)]
    assert held.loaded().state.scores[1] == portal.Portal(d).loaded().state.scores[1]
    assert json.loads((d / "scores" / "round-1" / "J1.json").read_text())["scores"]["K003"]["kebaruan"] == 71
    assert run("-d", d, "check").code == 0


def test_a_group_killed_half_way_is_completed_whole_by_the_next_command(site, monkeypatch):
    from krenova_cli.store import atomic
    from krenova_cli.usecases import portal

    d, tokens, client = site
    held = portal.Portal(d)
    held.loaded()
    count = len(_ledger(d))
    real = atomic.append_line

    def half(path, data):  # the process dies after the first record's line of the group
        real(path, data[: data.index(b"\n") + 1] + data[data.index(b"\n") + 1:][:40])
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "append_line", half)
    jobs = [portal.Job(j, 1, "K002", [f"{c}=70" for c in CRITERIA]) for j in ("J1", "J3")]
    with pytest.raises(KeyboardInterrupt):
        held._record_many(jobs)
    monkeypatch.setattr(atomic, "append_line", real)
    assert (d / ".krenova-pending.json").exists()
    assert run("-d", d, "status").code == 0  # completes the change from the marker
    assert not (d / ".krenova-pending.json").exists()
    assert [r["actor"] for r in _ledger(d)[count:]] == ["judge:J1", "judge:J3"]
    assert run("-d", d, "check").code == 0


def test_the_server_reads_the_competition_and_renders_every_judges_list_before_its_first_request(site, monkeypatch):
    """Judges open their links the minute the server starts: the first of them must not pay for the read,
    the templates and the rows of every list, with the others waiting behind (the load test's first second)."""
    from krenova_cli.usecases.portal import Portal
    from krenova_cli.web import pages

    d, tokens, client = site
    pages._ROWS.clear()
    rendered = _count(monkeypatch, pages, "render")
    reads = _count(monkeypatch, Portal, "_read")
    with client:  # the lifespan: what uvicorn runs before it takes a connection
        held = client.app.app.state.portal
        assert held._loaded is not None and len(reads) == 1
        assert len(rendered) == 2 * len(held._loaded.state.judges)  # every judge's list, in both languages
        assert held._loaded.views.keys() >= {"J1", "J2", "J3"}
        rows = len(pages._ROWS)
        page = client.get(f"/j/{tokens['J1']}?lang=en")
        assert page.status_code == 200 and len(reads) == 1 and len(pages._ROWS) == rows > 0


def test_a_judges_list_shows_each_rows_texts_escaped_and_follows_an_edit(site):
    d, tokens, client = site
    assert run("-d", d, "entry", "edit", "K003", "--title", "<b>Jalan & Kota</b> \"x\"").code == 0
    page = client.get(f"/j/{tokens['J1']}?lang=en").text
    assert '<span class="title">&lt;b&gt;Jalan &amp; Kota&lt;/b&gt; &#34;x&#34;</span>' in page
    assert run("-d", d, "entry", "edit", "K003", "--title", "Jalan Baru").code == 0
    page = client.get(f"/j/{tokens['J1']}?lang=en").text
    assert '<span class="title">Jalan Baru</span>' in page and "Jalan &amp; Kota" not in page
