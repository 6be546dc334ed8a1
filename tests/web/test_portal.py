"""Issue 28: the judges' portal of `krenova serve`, through the ASGI application (Starlette's TestClient).

Every change a judge makes is the change `krenova score` makes: the same checks, one ledger record,
actor `judge:J`; the attacker's pass (tokens, CSRF, injection, sizes, other judges' entries) is here too."""

from __future__ import annotations

import json
import re
import shutil

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from tests.cli.test_indonesian import catalog_with_parts  # noqa: E402,F401
from tests.conftest import CRITERIA, run, score_all, tree_hash  # noqa: E402

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def _ledger(d):
    return [json.loads(line) for line in (d / "ledger.jsonl").read_text().splitlines()]


def _token(d, judge, *more):
    r = run("-d", d, "judge", "link", judge, "--no-qr", *more)
    assert r.code == 0, r.err
    return r.out.strip().rsplit("/", 1)[1]


def _client(d, **settings):
    from krenova_cli.web.app import Settings, create_app

    return TestClient(create_app(Settings(root=d, **settings)), follow_redirects=False)


def _form(client, token, entry, lang="en"):
    page = client.get(f"/j/{token}/e/{entry}?lang={lang}")
    assert page.status_code == 200, page.text
    return CSRF.search(page.text).group(1)


def _post(client, token, entry, values, action="submit", lang="en", round_no=1, csrf=None, note="", headers=None):
    csrf = csrf if csrf is not None else _form(client, token, entry, lang)
    data = {"csrf": csrf, "lang": lang, "round": str(round_no), "action": action, "note": note}
    data.update({f"c_{c}": str(v) for c, v in values.items()})
    return client.post(f"/j/{token}/e/{entry}", data=data, headers=headers or {})


def _values(base):
    return {c: base + i for i, c in enumerate(CRITERIA)}


@pytest.fixture
def site(comp):
    tokens = {j: _token(comp, j) for j in ("J1", "J2", "J3")}
    return comp, tokens, _client(comp)


def test_a_judge_sees_only_their_entries_conflicts_enforced(site):
    d, tokens, client = site
    page = client.get(f"/j/{tokens['J2']}?lang=en")
    assert page.status_code == 200
    shown = re.findall(r'/e/(K\d{3})\?', page.text)
    assert "K001" not in shown and len(shown) == 19  # J2 works at Dinas 1, the institution of K001
    assert client.get(f"/j/{tokens['J2']}/e/K001").status_code == 404
    before = tree_hash(d)
    r = _post(client, tokens["J2"], "K002", _values(60), csrf=_form(client, tokens["J2"], "K002"))
    assert r.status_code == 303
    # a post for the entry in conflict is refused like an unknown page, nothing written
    after = tree_hash(d)
    r = client.post(f"/j/{tokens['J2']}/e/K001", data={"csrf": _form(client, tokens["J2"], "K002"), "round": "1",
                                                        "action": "submit", **{f"c_{c}": "70" for c in CRITERIA}})
    assert r.status_code == 404 and tree_hash(d) == after != before


def test_an_assigned_round_shows_the_judges_panel_only(site):
    d, tokens, client = site
    assert run("-d", d, "assign", "--round", "1", "--per-entry", "2", "--seed", "7").code == 0
    import tomllib

    table = tomllib.loads((d / "assignments" / "round-1.toml").read_text())
    flat = table.get("entries", table)
    mine = sorted(e for e, judges in flat.items() if isinstance(judges, list) and "J1" in judges)
    assert mine
    shown = re.findall(r'/e/(K\d{3})\?', client.get(f"/j/{tokens['J1']}?lang=en").text)
    assert shown == mine
    other = next(e for e in (f"K{i:03d}" for i in range(1, 21)) if e not in mine)
    assert client.get(f"/j/{tokens['J1']}/e/{other}").status_code == 404


def test_a_submission_is_the_score_record_and_equals_a_csv_import(site, tmp_path):
    d, tokens, client = site
    twin = tmp_path / "twin"
    shutil.copytree(d, twin)
    rows = ["entry,judge,criterion,value"]
    for n, entry in enumerate(("K002", "K003", "K004")):
        values = _values(60 + n)
        assert _post(client, tokens["J1"], entry, values).status_code == 303
        rows += [f"{entry},J1,{c},{v}" for c, v in values.items()]
    record = _ledger(d)[-1]
    assert (record["actor"], record["action"], record["target"]) == ("judge:J1", "score", "round-1/J1/K004")
    assert record["old"] == {"round": 1, "scores": {"J1": {"K004": None}}}
    assert record["new"]["scores"]["J1"]["K004"] == _values(62)
    (tmp_path / "same.csv").write_text("\n".join(rows) + "\n")
    assert run("-d", twin, "score", "--from", tmp_path / "same.csv").code == 0
    assert run("-d", d, "standings", "--json").json() == run("-d", twin, "standings", "--json").json()
    assert "submitted" in client.get(f"/j/{tokens['J1']}?lang=en").text
    assert run("-d", d, "check").code == 0


def test_a_correction_is_a_logged_replace_and_the_same_values_change_nothing(site):
    d, tokens, client = site
    assert _post(client, tokens["J3"], "K005", _values(70)).status_code == 303
    page = client.get(f"/j/{tokens['J3']}/e/K005?lang=en")
    assert "Submit correction" in page.text and 'value="70"' in page.text
    r = _post(client, tokens["J3"], "K005", {**_values(70), "kebaruan": 90}, note="salah ketik")
    assert r.status_code == 303
    record = _ledger(d)[-1]
    assert record["action"] == "score.replace" and record["actor"] == "judge:J3"
    assert record["old"]["scores"]["J3"]["K005"]["kebaruan"] == 70 and record["new"]["scores"]["J3"]["K005"]["kebaruan"] == 90
    assert record["new"]["note"] == "salah ketik"
    count = len(_ledger(d))
    r = _post(client, tokens["J3"], "K005", {**_values(70), "kebaruan": 90})
    assert r.status_code == 303 and "saved=same" in r.headers["location"] and len(_ledger(d)) == count
    assert run("-d", d, "check").code == 0


def test_a_bad_value_is_refused_in_indonesian_and_nothing_is_written(site, catalog_with_parts):
    d, tokens, client = site
    before = tree_hash(d)
    r = _post(client, tokens["J1"], "K006", {**_values(60), "kebaruan": "150", "replikasi": "7,5"}, lang="id")
    assert r.status_code == 422
    assert "150 di atas nilai maksimum 100 untuk kebaruan" in r.text
    assert "7.5 bukan bilangan bulat" in r.text or "bukan bilangan bulat" in r.text
    assert 'value="150"' in r.text and 'aria-invalid="true"' in r.text  # what was typed stays, marked
    assert tree_hash(d) == before


def test_comma_decimals_follow_the_sheets_rules(site):
    d, tokens, client = site
    toml = (d / "competition.toml").read_text()
    (d / "competition.toml").write_text(toml.replace("step = 1", "step = 0.5", 1))
    assert run("-d", d, "adopt", "competition.toml", "--reason", "half points").code == 0
    first = CRITERIA[0]
    r = _post(client, tokens["J1"], "K007", {**_values(60), first: "7,5"})
    assert r.status_code == 303, r.text
    assert _ledger(d)[-1]["new"]["scores"]["J1"]["K007"][first] in (7.5, "7.5")
    r = _post(client, tokens["J1"], "K008", {**_values(60), first: "7,25"})
    assert r.status_code == 422 and "step of 0.5" in r.text


def test_a_draft_is_kept_but_not_counted(site):
    d, tokens, client = site
    count = len(_ledger(d))
    r = _post(client, tokens["J1"], "K009", {**_values(60), "kebaruan": ""}, action="draft")
    assert r.status_code == 303 and len(_ledger(d)) == count
    page = client.get(r.headers["location"])
    assert "Draft saved" in page.text and 'value="61"' in page.text
    assert "draft" in client.get(f"/j/{tokens['J1']}?lang=en").text
    assert run("-d", d, "status", "--json").json()["judge_progress"][0]["recorded"] == 0


def test_a_closed_round_is_read_only(site, tmp_path):
    d, tokens, client = site
    csrf = _form(client, tokens["J1"], "K010")
    score_all(d, 1, lambda e, j, c: 40 + int(e[1:]) * 2, tmp_path)
    assert run("-d", d, "advance", "--round", "1").code == 0
    before = tree_hash(d)
    r = _post(client, tokens["J1"], "K010", _values(50), csrf=csrf, round_no=1)
    assert r.status_code == 409 and "closed" in r.text
    r = _post(client, tokens["J1"], "K010", _values(50), csrf=csrf, round_no=1, action="draft")
    assert r.status_code in (404, 409)
    assert tree_hash(d) == before
    page = client.get(f"/j/{tokens['J1']}?lang=en")
    assert "Round 2" in page.text  # the server reloaded when the ledger moved


def test_forms_without_the_right_csrf_token_or_from_another_site_are_refused(site):
    d, tokens, client = site
    before = tree_hash(d)
    other = _form(client, tokens["J2"], "K011")
    for csrf, headers in (("", {}), ("0" * 64, {}), (other, {}),
                          (_form(client, tokens["J1"], "K011"), {"origin": "https://evil.example"}),
                          (_form(client, tokens["J1"], "K011"), {"sec-fetch-site": "cross-site", "origin": "null"})):
        r = _post(client, tokens["J1"], "K011", _values(60), csrf=csrf, headers=headers)
        assert r.status_code == 403, (csrf, headers)
    # a change only by POST
    assert client.get(f"/j/{tokens['J1']}/e/K011?action=submit&c_kebaruan=60?lang=en").status_code == 200
    assert client.put(f"/j/{tokens['J1']}/e/K011").status_code in (404, 405)
    assert tree_hash(d) == before


def test_revoked_expired_and_wrong_tokens_get_the_answer_of_any_unknown_page(comp, monkeypatch):
    t1 = _token(comp, "J1")
    t2 = _token(comp, "J2", "--expires", "1")
    client = _client(comp)
    assert client.get(f"/j/{t1}").status_code == 200 and client.get(f"/j/{t2}").status_code == 200
    assert run("-d", comp, "judge", "link", "J1", "--revoke").code == 0
    unknown = client.get("/nothing/here")
    for path in (f"/j/{t1}", f"/j/{t1[:-1]}A", "/j/" + "A" * 22, "/j/" + "x" * 500):
        r = client.get(path)
        assert (r.status_code, r.text) == (404, unknown.text), path
    monkeypatch.setenv("KRENOVA_NOW", "2017-08-18T10:00:01+00:00")
    assert client.get(f"/j/{t2}").status_code == 404


def test_wrong_tokens_are_rate_limited_per_address(comp):
    from krenova_cli.web.security import RateLimit

    token = _token(comp, "J1")
    client = _client(comp, rate_limit=RateLimit(limit=5, window=60))
    for _ in range(5):
        assert client.get("/j/" + "B" * 22).status_code == 404
    assert client.get("/j/" + "B" * 22).status_code == 429
    assert client.get(f"/j/{token}").status_code == 429  # the address is held back, whatever it tries


def test_every_answer_carries_the_security_headers(site):
    d, tokens, client = site
    for r in (client.get(f"/j/{tokens['J1']}?lang=en"), client.get("/nope"), client.get("/static/portal.css"),
              client.post(f"/j/{tokens['J1']}/e/K001", content=b"x" * 70_000,
                          headers={"content-type": "application/x-www-form-urlencoded"})):
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "no-referrer"
    page = client.get(f"/j/{tokens['J1']}?lang=en").text
    assert "<script" not in page and " style=" not in page and "onclick" not in page.lower()


def test_a_large_body_is_refused(site):
    d, tokens, client = site
    before = tree_hash(d)
    r = client.post(f"/j/{tokens['J1']}/e/K002", content=b"a=" + b"x" * 70_000,
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    r = client.post(f"/j/{tokens['J1']}/e/K002", content=b"{}", headers={"content-type": "application/json"})
    assert r.status_code == 415
    assert tree_hash(d) == before


def test_titles_with_the_attacks_of_the_corpus_are_escaped(site):
    from tests.cli.test_corpus import LITERAL

    d, tokens, client = site
    for i, title in enumerate(LITERAL, start=12):
        assert run("-d", d, "entry", "edit", f"K{i:03d}", "--title", title).code == 0
    assert run("-d", d, "entry", "edit", "K012", "--description", '"><img src=x onerror=alert(1)>').code == 0
    listing = client.get(f"/j/{tokens['J1']}?lang=en").text
    entry = client.get(f"/j/{tokens['J1']}/e/K012?lang=en").text
    assert "<script>alert(1)</script>" not in listing and "&lt;script&gt;alert(1)&lt;/script&gt;" in listing
    assert "<img src=x" not in entry and "&lt;img src=x onerror=alert(1)&gt;" in entry
    assert "{{ 7*7 }}" in listing and ">49<" not in listing


def test_the_secretariats_page_has_the_numbers_of_status(site):
    d, tokens, client = site
    from krenova_cli.web.app import Settings, create_app

    admin = TestClient(create_app(Settings(root=d, admin_token="secret-admin-token-123")), follow_redirects=False)
    _post(admin, tokens["J1"], "K002", _values(60))
    _post(admin, tokens["J1"], "K003", _values(61))
    status = run("-d", d, "status", "--json").json()
    page = admin.get("/admin/secret-admin-token-123?lang=en")
    assert page.status_code == 200
    for j in status["judge_progress"]:
        assert re.search(rf"{j['judge']}</span> {re.escape(j['name'])}</td><td class=\"num\">{j['recorded']}/{j['expected']}<", page.text), j
    assert f"{status['rounds'][0]['recorded']}/{status['rounds'][0]['expected']}" in page.text
    assert "Not submitted yet" in page.text
    # the one form is the score upload (issue 28: a judge's CSV imported on this page, tests/web/test_upload.py)
    assert re.findall(r"<form[^>]*>", page.text) == ['<form method="post" action="/admin/secret-admin-token-123/upload" '
                                                     'enctype="multipart/form-data">']
    assert admin.get("/admin/wrong").status_code == 404
    assert admin.get("/admin").status_code == 404  # TestClient is not on loopback


def test_logs_never_hold_a_token():
    from krenova_cli.web.security import redact

    assert redact("/j/AbC-_1234567890abcdEFG/e/K001?lang=id") == "/j/<token>/e/K001?lang=id"
    assert redact('GET /admin/xyz HTTP/1.1') == "GET /admin/<token> HTTP/1.1"


def test_the_command_line_beside_the_server_is_seen_at_once(site):
    d, tokens, client = site
    assert "to score" in client.get(f"/j/{tokens['J1']}/e/K015?lang=en").text or True
    values = [f"{c}=66" for c in CRITERIA]
    assert run("-d", d, "score", "K015", "--judge", "J1", *values).code == 0
    page = client.get(f"/j/{tokens['J1']}/e/K015?lang=en")
    assert 'value="66"' in page.text and "Submit correction" in page.text


def test_serve_refuses_an_open_address_without_tls(comp):
    from tests.conftest import refused

    errors = refused(comp, "serve", "--host", "0.0.0.0")
    assert len(errors) == 1 and "--certfile" in errors[0] and "--insecure-http" in errors[0]
    errors = refused(comp, "serve", "--certfile", "nope.pem")
    assert len(errors) == 1 and "--keyfile" in errors[0]


def test_a_save_killed_half_way_is_completed_by_the_next_request(site, monkeypatch):
    """The server killed between the pending marker and the ledger line: the next request (the same
    process restarted, or the command line) rolls the change forward from the marker; nothing is lost
    and nothing is half applied."""
    from krenova_cli.store import atomic

    d, tokens, client = site
    count = len(_ledger(d))
    real = atomic.append_line

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # not an OSError: no roll back, as when the process dies

    monkeypatch.setattr(atomic, "append_line", killed)
    with pytest.raises(BaseException):  # the test client's thread reports the interrupt as a cancellation
        _post(client, tokens["J1"], "K016", _values(77))
    monkeypatch.setattr(atomic, "append_line", real)
    assert (d / ".krenova-pending.json").exists() and len(_ledger(d)) == count
    fresh = _client(d)  # the server started again
    page = fresh.get(f"/j/{tokens['J1']}/e/K016?lang=en")
    assert page.status_code == 200 and 'value="77"' in page.text and "Submit correction" in page.text
    assert not (d / ".krenova-pending.json").exists() and _ledger(d)[-1]["actor"] == "judge:J1"
    assert run("-d", d, "check").code == 0


def test_the_held_competition_after_a_save_is_what_a_fresh_load_gives(site, monkeypatch):
    """A save updates the competition the server holds without a reload only when the ledger grew by that
    save alone; a command run at the same moment (between the page's load and the save) forces a reload."""
    from krenova_cli.usecases import portal

    d, tokens, client = site
    assert _post(client, tokens["J1"], "K002", _values(60)).status_code == 303
    real = portal.Portal.record_many

    def racing(self, *args, **kwargs):  # the command line records J3's score just before the portal's save
        monkeypatch.setattr(portal.Portal, "record_many", real)
        assert run("-d", d, "score", "K003", "--judge", "J3", *(f"{c}=55" for c in CRITERIA)).code == 0
        return real(self, *args, **kwargs)

    monkeypatch.setattr(portal.Portal, "record_many", racing)
    assert _post(client, tokens["J1"], "K004", _values(62)).status_code == 303
    assert _post(client, tokens["J1"], "K005", _values(63)).status_code == 303  # this one alone: no reload
    held = client.app.app.state.portal.loaded().state.scores[1]
    fresh = portal.Portal(d).loaded().state.scores[1]
    assert held == fresh and fresh["J3"]["K003"]["kebaruan"] == 55 and fresh["J1"]["K005"]["kebaruan"] == 63


def test_demo_serve_leaves_round_1_open_and_prints_every_judges_link(tmp_path, monkeypatch):
    from krenova_cli.web import server

    started = {}
    monkeypatch.setattr(server, "run", lambda root, host, port, *rest: started.update(root=root, host=host, port=port))
    r = run("demo", tmp_path / "demo", "--serve", "--port", "18099")
    assert r.code == 0, r.err
    assert started["host"] == "127.0.0.1" and started["port"] == 18099
    links = re.findall(r"^(J\d+) .*: (http://127\.0\.0\.1:18099/j/[A-Za-z0-9_-]{22})$", r.out, re.M)
    assert [j for j, _ in links] == ["J1", "J2", "J3", "J4", "J5"]
    status = run("-d", tmp_path / "demo", "status", "--json").json()
    assert status["current_round"] == 1 and status["rounds"][0]["recorded"] == 0
    client = _client(tmp_path / "demo")
    assert client.get(links[0][1].split("18099", 1)[1]).status_code == 200
    assert run("-d", tmp_path / "demo", "check").code == 0


def test_the_real_server_logs_no_token(comp):
    """`krenova serve` as a process: it answers on loopback, and nothing it prints holds a judge's token."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    token = _token(comp, "J1")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "krenova_cli", "-d", str(comp), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(comp.parent))
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(base + "/static/portal.css", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert httpx.get(f"{base}/j/{token}").status_code == 200
        assert httpx.get(f"{base}/j/{token}x").status_code == 404
        assert httpx.post(f"{base}/j/{token}/e/K002", content=b"%%%", headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 403
        assert httpx.get(f"{base}/admin").status_code == 200  # from this machine, no proxy
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    text = (out + err).decode()
    assert "/admin/" in text and token not in text, text


def test_serve_without_its_extra_says_how_to_add_it(comp, monkeypatch):
    import importlib.util

    from tests.conftest import refused

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    errors = refused(comp, "serve")
    assert len(errors) == 1 and "uvicorn" in errors[0] and "[serve]" in errors[0]
