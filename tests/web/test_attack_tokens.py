"""Issue 28, the attacker's pass on the portal's tokens and forms: private-link tokens, CSRF tokens, the
secretariat's page, every field of the form carrying what a browser would never send.

Findings (each test failed on the code before its fix):
- a CSRF field with a non-ASCII character crashed the handler (hmac.compare_digest raises TypeError): 500;
- the tokenless `/admin` answered any Host header, so a page of another site rebinding its DNS name to
  127.0.0.1 could read the secretariat's page from the secretariat's own browser."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("starlette")
httpx = pytest.importorskip("httpx")

from tests.conftest import CRITERIA, run, tree_hash  # noqa: E402
from tests.web.test_portal import _client, _form, _ledger, _token  # noqa: E402

ODD = ["é", "\u202e", "\x00", "🙂" * 40, "A" * 5000, "%ff", "' OR 1=1 --", "<script>alert(1)</script>", ""]


def _fields(csrf, **over):
    data = {"csrf": csrf, "lang": "en", "round": "1", "action": "submit", "note": "",
            **{f"c_{c}": "60" for c in CRITERIA}}
    data.update(over)
    return data


@pytest.fixture
def site(comp):
    return comp, {j: _token(comp, j) for j in ("J1", "J2")}, _client(comp)


def test_a_csrf_field_of_any_text_is_refused_as_an_expired_form_never_a_crash(site):
    d, tokens, client = site
    client = _client(d)
    from starlette.testclient import TestClient

    client = TestClient(client.app, follow_redirects=False, raise_server_exceptions=False)
    before = tree_hash(d)
    for given in ODD:
        r = client.post(f"/j/{tokens['J1']}/e/K002", data=_fields(given))
        assert r.status_code == 403, (given, r.status_code)
        assert "The form has expired" in r.text
    assert tree_hash(d) == before


def test_every_form_field_carrying_odd_text_gets_a_page_never_a_crash(site):
    """round, lang, action, note and every criterion field with the odd texts: a 4xx page or a refusal
    on the form (422), never a 500, nothing written unless the values were valid."""
    from starlette.testclient import TestClient

    d, tokens, client = site
    client = TestClient(client.app, follow_redirects=False, raise_server_exceptions=False)
    csrf = _form(client, tokens["J1"], "K002")
    count = len(_ledger(d))
    for name in ("round", "lang", "action", "note", *(f"c_{c}" for c in CRITERIA)):
        for given in ODD:
            r = client.post(f"/j/{tokens['J1']}/e/K002", data=_fields(csrf, **{name: given}))
            assert r.status_code in (303, 400, 403, 409, 413, 422), (name, given, r.status_code)
            assert "<script>alert(1)</script>" not in r.text
    # only the posts whose fields were all valid were recorded (lang and action fall back; an odd note
    # is refused or recorded as typed)
    assert run("-d", d, "check").code == 0 and len(_ledger(d)) >= count


def test_a_token_of_another_judge_or_a_changed_id_reaches_nothing(site):
    """The CSRF token of J2's page on J1's link, J1's form posted to J2's link, an entry id changed to
    J2's conflicted entry, to an unknown one, to one with path characters: refused, nothing written."""
    d, tokens, client = site
    before = tree_hash(d)
    j1, j2 = tokens["J1"], tokens["J2"]
    csrf1, csrf2 = _form(client, j1, "K002"), _form(client, j2, "K002")
    assert client.post(f"/j/{j1}/e/K002", data=_fields(csrf2)).status_code == 403
    assert client.post(f"/j/{j2}/e/K002", data=_fields(csrf1)).status_code == 403
    for entry in ("K001", "K999", "..", "K002%2f..%2fK001", "k002", "K002 "):
        r = client.post(f"/j/{j2}/e/{entry}", data=_fields(csrf2))
        assert r.status_code in (403, 404), (entry, r.status_code)  # K001: J2 works at its institution
    assert tree_hash(d) == before


def test_a_revoked_or_replaced_link_can_no_longer_post_an_open_form(site):
    d, tokens, client = site
    csrf = _form(client, tokens["J1"], "K002")
    assert run("-d", d, "judge", "link", "J1", "--revoke").code == 0
    before = tree_hash(d)
    r = client.post(f"/j/{tokens['J1']}/e/K002", data=_fields(csrf))
    assert r.status_code == 404 and tree_hash(d) == before
    csrf = _form(client, tokens["J2"], "K002")
    new = _token(d, "J2")  # a new link replaces the old one
    before = tree_hash(d)
    assert client.post(f"/j/{tokens['J2']}/e/K002", data=_fields(csrf)).status_code == 404
    assert client.post(f"/j/{new}/e/K002", data=_fields(csrf)).status_code == 403  # the old page's form
    assert tree_hash(d) == before


def test_the_tokenless_admin_page_answers_only_under_a_loopback_name(comp, server):
    """DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 asks for /admin from
    the secretariat's own browser (loopback, no proxy header) with `Host: evil.example:PORT`."""
    port = server.rsplit(":", 1)[1]
    assert httpx.get(f"{server}/admin").status_code == 200
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost"):
        assert httpx.get(f"{server}/admin", headers={"host": host}).status_code == 200, host
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", f"localhost.evil.example:{port}", ""):
        r = httpx.get(f"{server}/admin", headers={"host": host})
        assert r.status_code in (400, 404), host
    # the admin link with its token does not depend on the name
    from tests.web.conftest import ADMIN

    assert httpx.get(f"{server}/admin/{ADMIN}", headers={"host": "nilai.example.go.id"}).status_code == 200


def test_redirects_stay_on_this_site_whatever_the_host_header(site):
    d, tokens, client = site
    r = client.post(f"/j/{tokens['J1']}/e/K002", data=_fields(_form(client, tokens["J1"], "K002")),
                    headers={"host": "evil.example", "x-forwarded-host": "evil.example"})
    assert r.status_code in (303, 403)
    if r.status_code == 303:
        assert r.headers["location"].startswith(f"/j/{tokens['J1']}/e/K002?")
    r = client.post(f"/j/{tokens['J1']}/e/K003", data=_fields(_form(client, tokens["J1"], "K003")))
    assert r.status_code == 303 and r.headers["location"].startswith("/j/") and "//" not in r.headers["location"]


def test_the_language_switch_takes_only_its_two_languages(site):
    d, tokens, client = site
    for lang in ('"><script>alert(1)</script>', "en\r\nSet-Cookie: a=b", "../../etc", "EN", "id-ID"):
        r = client.get(f"/j/{tokens['J1']}", params={"lang": lang})
        assert r.status_code == 200 and "<script>alert(1)" not in r.text and "set-cookie" not in r.headers
        assert '<html lang="id">' in r.text


def test_a_link_revoked_while_its_save_waits_behind_another_is_refused(comp, server, monkeypatch):
    """Saves queue one at a time. J2's post passes the token check while J1's save is under way (the
    server answers from the competition as it stood), then waits; the secretariat revokes J2's link
    meanwhile. When J2's turn comes the link is revoked: the save must be refused, nothing recorded."""
    import json
    import re
    import subprocess
    import sys
    import threading
    import time

    from krenova_cli.usecases.portal import Portal

    links = {j: run("-d", comp, "judge", "link", j, "--no-qr").out.strip().replace("http://127.0.0.1:8080", server)
             for j in ("J1", "J2")}
    hidden = {j: dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">',
                                 httpx.get(f"{links[j]}/e/K003").text)) for j in links}
    real = Portal.record_many  # the portal writes a group of saves at once
    started = threading.Event()

    def slow(*args, **kwargs):
        started.set()
        time.sleep(2.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(Portal, "record_many", slow)
    codes = {}

    def send(j):
        data = {**hidden[j], "action": "submit", **{f"c_{c}": "70" for c in CRITERIA}}
        codes[j] = httpx.post(f"{links[j]}/e/K003", data=data, timeout=60).status_code

    first = threading.Thread(target=send, args=("J1",))
    first.start()
    assert started.wait(30)
    second = threading.Thread(target=send, args=("J2",))
    second.start()
    time.sleep(0.3)  # J2's post is in, waiting behind J1's save
    revoke = subprocess.run([sys.executable, "-m", "krenova_cli", "-d", str(comp), "judge", "link", "J2", "--revoke"],
                            capture_output=True, timeout=60)
    assert revoke.returncode == 0, revoke.stderr
    first.join(60)
    second.join(60)
    assert codes == {"J1": 303, "J2": 404}, codes
    ledger = [json.loads(line) for line in (comp / "ledger.jsonl").read_text().splitlines()]
    assert not any(r["actor"] == "judge:J2" for r in ledger)


def test_drafts_typed_through_a_replaced_link_are_not_offered_to_the_judge(site):
    """A leaked link is replaced: what its holder saved as drafts (kept in the server's memory) must not
    come back prefilled on the judge's new link, to be submitted unseen."""
    d, tokens, client = site
    leaked = tokens["J1"]
    data = _fields(_form(client, leaked, "K002"), action="draft", **{f"c_{c}": "13" for c in CRITERIA})
    r = client.post(f"/j/{leaked}/e/K002", data=data)
    assert r.status_code == 303 and 'value="13"' in client.get(r.headers["location"]).text
    new = _token(d, "J1")  # the secretariat gives J1 a new link
    page = client.get(f"/j/{new}/e/K002?lang=en").text
    assert 'value="13"' not in page and "A draft is kept" not in page
    assert "draft" not in re.sub(r"\s+", " ", client.get(f"/j/{new}?lang=en").text).split('<ul class="entries">')[1]
