"""Issue 28, the attacker's pass: a page that went stale while it was open.

Finding (failed before the fix): a form opened before the judge's scores of the entry changed (the same
judge's other tab or phone, or the secretariat's `krenova score` beside the server) silently replaced
them when it was sent: a first-submission page became a correction with no reason, and the newer
values were lost without anyone seeing them. Now the form carries what it was opened on; a form whose
entry changed since is refused (409) with the recorded values named, the typed values kept, and the
page it answers with can be sent again."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from tests.conftest import CRITERIA, run, tree_hash  # noqa: E402
from tests.web.test_portal import CSRF, _client, _ledger, _token  # noqa: E402


def _page(client, token, entry):
    page = client.get(f"/j/{token}/e/{entry}?lang=en")
    assert page.status_code == 200
    return page.text


def _send(client, token, entry, page, value, note=""):
    """The form of `page` sent with every criterion at `value` (the hidden fields as the page has them)."""
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    data = {**hidden, "action": "submit", "note": note, **{f"c_{c}": str(value) for c in CRITERIA}}
    return client.post(f"/j/{token}/e/{entry}", data=data)


@pytest.fixture
def site(comp):
    return comp, _token(comp, "J1"), _client(comp)


def test_a_second_tab_opened_before_a_submission_does_not_replace_it_silently(site):
    d, token, client = site
    tab_a, tab_b = _page(client, token, "K002"), _page(client, token, "K002")
    assert _send(client, token, "K002", tab_a, 60).status_code == 303
    before = tree_hash(d)
    r = _send(client, token, "K002", tab_b, 70)
    assert r.status_code == 409, r.status_code
    assert "changed after this page was opened" in r.text and "60" in r.text
    assert 'value="70"' in r.text  # what was typed stays on the page
    assert tree_hash(d) == before and _ledger(d)[-1]["new"]["scores"]["J1"]["K002"]["kebaruan"] == 60
    # the page of the refusal is current: sent again, it is the correction, with its reason
    r = _send(client, token, "K002", r.text, 70, note="nilai akhir")
    assert r.status_code == 303
    record = _ledger(d)[-1]
    assert record["action"] == "score.replace" and record["new"]["scores"]["J1"]["K002"]["kebaruan"] == 70


def test_the_secretariats_entry_beside_the_server_is_not_overwritten_by_an_open_page(site):
    d, token, client = site
    page = _page(client, token, "K003")
    assert run("-d", d, "score", "K003", "--judge", "J1", *(f"{c}=66" for c in CRITERIA)).code == 0
    before = tree_hash(d)
    r = _send(client, token, "K003", page, 70)
    assert r.status_code == 409 and tree_hash(d) == before
    assert _ledger(d)[-1]["actor"] == "tester"


def test_a_stale_page_sending_what_is_recorded_already_changes_nothing(site):
    d, token, client = site
    tab_a, tab_b = _page(client, token, "K004"), _page(client, token, "K004")
    assert _send(client, token, "K004", tab_a, 60).status_code == 303
    count = len(_ledger(d))
    r = _send(client, token, "K004", tab_b, 60)
    assert r.status_code == 303 and "saved=same" in r.headers["location"] and len(_ledger(d)) == count
