"""Issue 28, the attacker's pass: script injection through every text the portal shows, on every page
(a judge's list, an entry, the refusals 403/404/409/422/429, the secretariat's page), the security headers
on every answer (including the plain ones: 400, 405, 413, 415), HTTP methods, and path traversal through
every route (the portal serves no file but its stylesheet; nothing else of the folder is reachable)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from tests.cli.test_corpus import LITERAL  # noqa: E402
from tests.conftest import CRITERIA, run, score_all, tree_hash  # noqa: E402
from tests.web.test_portal import _form, _token  # noqa: E402

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>")  # what must never reach a page unescaped
ADMIN = "admin-token-of-the-attack-test"


def _clean(label, r):
    for raw in RAW:
        assert raw not in r.text, (label, raw)
    csp = r.headers.get("content-security-policy", "")
    assert "script-src 'none'" in csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, label
    assert r.headers.get("x-content-type-options") == "nosniff" and r.headers.get("referrer-policy") == "no-referrer", label


@pytest.fixture
def poisoned(comp):
    """Every name the portal shows carries the payload: the competition, a round, a criterion, a judge, an
    entry's title, institution and description; the corpus's code-like titles on other entries."""
    toml = (comp / "competition.toml").read_text()
    toml = toml.replace('name = "Krenova OPD BUMD Kota Magelang 2017"', f"name = '{PAYLOAD}'", 1)
    toml = toml.replace('name = "Kebaruan"', f"name = 'Kebaruan {PAYLOAD}'", 1)
    toml = toml.replace('name = "Penilaian I"', f"name = 'Penilaian I {PAYLOAD}'", 1)
    (comp / "competition.toml").write_text(toml)
    judges = (comp / "judges.toml").read_text()
    (comp / "judges.toml").write_text(judges.replace('"Juri Satu"', f"'Juri Satu {PAYLOAD}'", 1))
    r = run("-d", comp, "adopt", "competition.toml", "judges.toml", "--reason", "uji serangan")
    assert r.code == 0, r.err
    for option in ("--title", "--institution", "--description"):
        r = run("-d", comp, "entry", "edit", "K002", option, f"{option[2:]} {PAYLOAD}")
        assert r.code == 0, (option, r.err)
    for i, title in enumerate(LITERAL, start=3):
        assert run("-d", comp, "entry", "edit", f"K{i:03d}", "--title", title).code == 0
    from krenova_cli.web.app import Settings, create_app
    from krenova_cli.web.security import RateLimit

    app = create_app(Settings(root=comp, admin_token=ADMIN, rate_limit=RateLimit(limit=3)))
    return comp, _token(comp, "J1"), TestClient(app, follow_redirects=False, raise_server_exceptions=False)


def test_every_page_shows_the_payload_as_text(poisoned, tmp_path):
    d, token, client = poisoned
    pages = {"list": client.get(f"/j/{token}?lang=en"), "entry": client.get(f"/j/{token}/e/K002?lang=en"),
             "admin": client.get(f"/admin/{ADMIN}?lang=en"), "unknown": client.get(f"/x/{PAYLOAD}")}
    assert "Juri Satu &#34;&gt;&lt;script&gt;" in pages["list"].text or "Juri Satu &quot;&gt;&lt;script&gt;" in pages["list"].text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["entry"].text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["admin"].text
    csrf = _form(client, token, "K002")
    form = {"csrf": csrf, "lang": "en", "round": "1", "action": "submit", "note": PAYLOAD,
            **{f"c_{c}": PAYLOAD[:20] for c in CRITERIA}}
    pages["refused values (422)"] = client.post(f"/j/{token}/e/K002", data=form)
    assert pages["refused values (422)"].status_code == 422
    pages["expired form (403)"] = client.post(f"/j/{token}/e/K002", data={**form, "csrf": PAYLOAD})
    pages["draft"] = client.get(client.post(f"/j/{token}/e/K002", data={**form, "action": "draft"}).headers["location"])
    for i in range(3, 3 + len(LITERAL)):
        pages[f"entry K{i:03d}"] = client.get(f"/j/{token}/e/K{i:03d}?lang=id")
    score_all(d, 1, lambda e, j, c: 40 + int(e[1:]), tmp_path)
    corrected = client.post(f"/j/{token}/e/K002", data={**form, **{f"c_{c}": "70" for c in CRITERIA}})
    assert corrected.status_code == 303  # a correction whose reason is the payload
    pages["corrected"] = client.get(corrected.headers["location"])
    assert run("-d", d, "advance", "--round", "1").code == 0
    pages["closed round (409)"] = client.post(f"/j/{token}/e/K002", data={**form, **{f"c_{c}": "70" for c in CRITERIA}})
    pages["closed list"] = client.get(f"/j/{token}?lang=en")
    for _ in range(4):
        pages["too many (429)"] = client.get("/j/%22%3E%3Cscript%3Ealert(1)%3Cimg%20src=x")
    assert pages["too many (429)"].status_code == 429
    for label, r in pages.items():
        assert r.headers.get("content-type", "").startswith("text/html"), (label, r.status_code, r.headers)
        _clean(label, r)
    titles = re.findall(r'<span class="title">(.*?)</span>', pages["list"].text)
    assert "{{ 7*7 }}" in titles and "=HYPERLINK(&#34;http://x&#34;,&#34;click&#34;)" in titles


def test_every_answer_has_the_headers_whatever_its_kind(poisoned):
    d, token, client = poisoned
    form = {"content-type": "application/x-www-form-urlencoded"}
    answers = {
        "css": client.get("/static/portal.css"),
        "405": client.request("TRACE", f"/j/{token}"),
        "400": client.post(f"/j/{token}/e/K002", content=b"\xff\xfe=\xff", headers=form),
        "413": client.post(f"/j/{token}/e/K002", content=b"a=" + b"x" * 70_000, headers=form),
        "415": client.post(f"/j/{token}/e/K002", content=b"{}", headers={"content-type": "application/json"}),
        "415 multipart": client.post(f"/j/{token}/e/K002", files={"a": ("a.txt", b"x")}),
        "HEAD": client.head(f"/j/{token}"),
        "OPTIONS": client.options(f"/j/{token}"),
    }
    assert answers["405"].status_code == 405 and answers["400"].status_code == 400
    assert answers["413"].status_code == 413 and answers["415"].status_code == 415 == answers["415 multipart"].status_code
    for label, r in answers.items():
        _clean(label, r)


def test_no_method_changes_anything_but_a_post_of_the_form(poisoned):
    d, token, client = poisoned
    before = tree_hash(d)
    data = {"csrf": _form(client, token, "K004"), "lang": "en", "round": "1", "action": "submit",
            **{f"c_{c}": "70" for c in CRITERIA}}
    for method in ("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"):
        r = client.request(method, f"/j/{token}/e/K004", data=data)
        assert r.status_code in (200, 404, 405), (method, r.status_code)
    r = client.post(f"/j/{token}/e/K004", data=data, headers={"x-http-method-override": "DELETE"})
    assert r.status_code == 303  # the override header means nothing: this is the one change allowed
    after = tree_hash(d)
    assert after != before
    for path in (f"/j/{token}", "/admin", f"/admin/{ADMIN}", "/static/portal.css"):
        assert client.post(path, data=data).status_code in (404, 405), path
    assert tree_hash(d) == after


TRAVERSALS = ["/static/../competition.toml", "/static/..%2fcompetition.toml", "/static/%2e%2e/%2e%2e/etc/passwd",
              "/static/portal.css/../../ledger.jsonl", "/static/portal.css%00.toml", "/static/..\\..\\competition.toml",
              "/static//etc/passwd", "/static/%252e%252e/links.toml",
              "/ledger.jsonl", "/links.toml", "/competition.toml", "/.krenova-pending.json", "/scores/round-1/J1.json",
              "/out/", "/templates/web/base.html", "/krenova_cli/web/app.py", "/%2e%2e/%2e%2e/etc/passwd",
              "/admin/..%2f..%2fcompetition.toml", "/admin/../ledger.jsonl"]


def test_no_route_reaches_a_file_of_the_folder_or_the_machine(poisoned):
    d, token, client = poisoned
    secrets = [(d / "links.toml").read_text()[-80:], (d / "ledger.jsonl").read_text()[:60], "root:x:0:0",
               (d / "competition.toml").read_text()[:60]]
    paths = TRAVERSALS + [f"/j/{token}/e/{p}" for p in ("..%2f..%2fledger.jsonl", "%2e%2e", "K002%2f..%2f..%2flinks.toml")]
    paths += [f"/j/{token}/{p}" for p in ("..%2fledger.jsonl", "e/../../ledger.jsonl", "static/portal.css")]
    for path in paths:
        r = client.get(path)
        assert r.status_code in (400, 404), (path, r.status_code)
        for secret in secrets:
            assert secret not in r.text, path
        _clean(path, r)
    for css in (client.get("/static/portal.css"), client.get("/static/portal.css?../../links.toml")):
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert css.text == client.get("/static/portal.css").text


def test_an_answer_over_https_tells_the_browser_to_keep_to_https(poisoned):
    """Over TLS (`--certfile`, or a proxy saying X-Forwarded-Proto: https from loopback) every answer
    carries Strict-Transport-Security, so a judge's later visits never go out in clear text; over
    plain HTTP on loopback it would mean nothing and is not sent."""
    d, token, client = poisoned
    secure = TestClient(client.app, base_url="https://nilai.example.go.id", follow_redirects=False)
    for path in (f"/j/{token}", "/nope", "/static/portal.css"):
        assert "max-age=" in secure.get(path).headers.get("strict-transport-security", ""), path
    assert "strict-transport-security" not in client.get(f"/j/{token}").headers
