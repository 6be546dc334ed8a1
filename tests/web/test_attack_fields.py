"""Issue 28, the attacker's pass: the values a form can carry (out of range, comma decimals, NaN, huge
numbers, Unicode digits, over-long text).

Findings (failed before the fix):
- a field longer than 64 characters was cut to 64 before it was read, so `7` followed by 63 spaces and
  `0` (typed or sent) was recorded as 7 instead of being refused;
- the reason of a correction was cut at 500 characters and then refused past 300 with pydantic's words
  ("String should have at most 300 characters"), naming no field, while the form let 500 be typed."""

from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from tests.conftest import CRITERIA, run, tree_hash  # noqa: E402
from tests.web.test_portal import _client, _form, _ledger, _token  # noqa: E402

ODD_NUMBERS = ["nan", "NaN", "inf", "-inf", "1e3", "1e999999999", "9" * 60, "٧٥", "７５", "7,5", "75.", "+75", "-1",
               "101", "1_0", "0x4b", "½", "7.5.1", "", "   ", "75\u00a0", "\u200b75", "٧,٥", "0" * 38 + "75"]


def _submit(client, token, entry, first_value, note=""):
    data = {"csrf": _form(client, token, entry), "lang": "en", "round": "1", "action": "submit", "note": note,
            **{f"c_{c}": "60" for c in CRITERIA}}
    data[f"c_{CRITERIA[0]}"] = first_value
    return client.post(f"/j/{token}/e/{entry}", data=data)


@pytest.fixture
def site(comp):
    return comp, _token(comp, "J1"), _client(comp)


def test_a_field_longer_than_the_form_allows_is_refused_not_cut(site):
    d, token, client = site
    before = tree_hash(d)
    for value in ("7" + " " * 63 + "0", "6" + " " * 70 + "5", "7" * 65):
        r = _submit(client, token, "K002", value)
        assert r.status_code == 422, (value, r.status_code)
        assert 'aria-invalid="true"' in r.text
    assert tree_hash(d) == before


def test_the_reason_of_a_correction_is_held_to_its_limit_on_the_form_and_named(site):
    d, token, client = site
    assert _submit(client, token, "K003", "61").status_code == 303
    page = client.get(f"/j/{token}/e/K003?lang=en").text
    assert re.search(r'<input id="note" name="note" type="text" maxlength="300"', page)
    before = tree_hash(d)
    r = _submit(client, token, "K003", "62", note="x" * 301)
    assert r.status_code == 422 and tree_hash(d) == before
    assert "Reason for the correction" in re.search(r'role="alert">(.*?)</div>', r.text, re.S).group(1)
    assert 'value="' + "x" * 301 + '"' in r.text  # kept as typed, to be shortened
    r = _submit(client, token, "K003", "62", note="x" * 300)
    assert r.status_code == 303 and _ledger(d)[-1]["new"]["note"] == "x" * 300


def test_odd_numbers_are_read_as_krenova_score_reads_them(site, tmp_path):
    """Every odd value of a criterion: the portal refuses it (422, nothing written) exactly when `krenova
    score` refuses it, and otherwise records the same exact value."""
    d, token, client = site
    twin = tmp_path / "twin"
    for i, value in enumerate(ODD_NUMBERS):
        entry = f"K{2 + i % 19:03d}"
        if twin.exists():
            shutil.rmtree(twin)
        shutil.copytree(d, twin)
        count = len(_ledger(d))
        r = _submit(client, token, entry, value, note="n")
        cli = run("-d", twin, "score", entry, "--judge", "J1", "--replace", "--note", "n",
                  f"{CRITERIA[0]}={value}", *(f"{c}=60" for c in CRITERIA[1:]))
        assert (r.status_code == 303) == (cli.code == 0), (value, r.status_code, cli.err)
        if r.status_code == 303:
            if len(_ledger(d)) > count:
                assert _ledger(d)[-1]["new"]["scores"] == _ledger(twin)[-1]["new"]["scores"], value
        else:
            assert r.status_code == 422 and len(_ledger(d)) == count, value
    assert run("-d", d, "check").code == 0
