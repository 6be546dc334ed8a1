"""Issue 28: the secretariat's page imports a judge's score CSV as `krenova score --from FILE.csv` does (the
same use case: the same checks, refusals and ledger record), behind the admin link, a CSRF token and a size
limit; a refusal is the command's one-line errors, shown on the page, and nothing changes."""

from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from tests.conftest import CRITERIA, run, tree_hash  # noqa: E402
from tests.web.test_portal import _ledger  # noqa: E402

ADMIN = "secret-admin-token-456"
CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


@pytest.fixture
def admin(comp):
    from krenova_cli.web.app import Settings, create_app

    return comp, TestClient(create_app(Settings(root=comp, admin_token=ADMIN)), follow_redirects=False)


def _csv(rows: list[tuple[str, str, str, object]]) -> bytes:
    return ("entry,judge,criterion,value\n" + "".join(f"{e},{j},{c},{v}\n" for e, j, c, v in rows)).encode()


def _rows(judge="J1", entries=("K002", "K003", "K004"), base=60):
    return [(e, judge, c, base + i + k) for i, e in enumerate(entries) for k, c in enumerate(CRITERIA)]


def _upload(client, data: bytes, name="nilai-J1.csv", csrf=None, replace=False, note="", headers=None, path=f"/admin/{ADMIN}"):
    if csrf is None:
        csrf = CSRF.search(client.get(f"{path}?lang=en").text).group(1)
    form = {"csrf": csrf, "lang": "en", "note": note, **({"replace": "1"} if replace else {})}
    return client.post(f"{path}/upload", data=form, files={"scores": (name, data, "text/csv")}, headers=headers or {})


def test_an_uploaded_csv_is_what_score_from_records(admin, tmp_path):
    d, client = admin
    twin = tmp_path / "twin"
    shutil.copytree(d, twin)
    data = _csv(_rows())
    r = _upload(client, data)
    assert r.status_code == 303, r.text
    page = client.get(r.headers["location"])
    assert "nilai-J1.csv: recorded 3 entry score(s)" in page.text
    record = _ledger(d)[-1]
    assert (record["action"], record["target"]) == ("score.import", "nilai-J1.csv")
    (tmp_path / "nilai-J1.csv").write_bytes(data)
    assert run("-d", twin, "score", "--from", tmp_path / "nilai-J1.csv").code == 0
    assert run("-d", d, "standings", "--json").json() == run("-d", twin, "standings", "--json").json()
    assert _ledger(d)[-1]["new"] == _ledger(twin)[-1]["new"]
    assert run("-d", d, "check").code == 0
    from krenova_cli.usecases.portal import Portal

    held = client.app.app.state.portal  # what the server holds after the import is what a fresh load gives
    assert held.loaded().state.scores[1] == Portal(d).loaded().state.scores[1]
    assert run("-d", d, "score", "K010", "--judge", "J3", *(f"{c}=55" for c in CRITERIA)).code == 0  # the command line beside
    # the same file again changes nothing; a correction needs "correct scores already recorded", with its reason
    r = _upload(client, data)
    assert r.status_code == 303 and "nothing changed" in client.get(r.headers["location"]).text
    fixed = _csv(_rows(base=70))
    before = tree_hash(d)
    r = _upload(client, fixed)
    assert r.status_code == 422 and "already has round 1 scores" in r.text and tree_hash(d) == before
    r = _upload(client, fixed, replace=True, note="salah ketik")
    assert r.status_code == 303 and _ledger(d)[-1]["new"]["note"] == "salah ketik"
    assert held.loaded().state.scores[1] == Portal(d).loaded().state.scores[1]
    assert held.loaded().state.scores[1]["J3"]["K010"]["kebaruan"] == 55
    assert run("-d", d, "check").code == 0


def test_a_bad_csv_is_refused_with_the_commands_own_lines_and_nothing_changes(admin, tmp_path):
    d, client = admin
    data = _csv(_rows()[:-1] + [("K004", "J9", "kebaruan", 50), ("K005", "J1", "kebaruan", 150)])
    (tmp_path / "nilai-J1.csv").write_bytes(data)
    cli = run("-d", d, "score", "--from", tmp_path / "nilai-J1.csv")
    assert cli.code == 1 and cli.errors
    before = tree_hash(d)
    r = _upload(client, data)
    assert r.status_code == 422
    for line in cli.errors:
        text = line.removeprefix("Error: ").replace("'", "&#39;").replace('"', "&#34;")
        assert text in r.text, line
    assert tree_hash(d) == before
    for name, body in (("../../competition.toml", b"[competition]\n"), ("nilai.csv", b"\xff\xfe\x00garbage"), ("nilai.csv", b"")):
        r = _upload(client, body, name=name)
        assert r.status_code == 422 and 'role="alert"' in r.text, name
        assert tree_hash(d) == before


def test_an_upload_needs_the_admin_link_its_csrf_token_and_a_bounded_size(admin):
    d, client = admin
    before = tree_hash(d)
    data = _csv(_rows())
    other = CSRF.search(client.get(f"/admin/{ADMIN}?lang=en").text).group(1)
    for csrf, headers in (("", {}), ("0" * 64, {}), (other, {"origin": "https://evil.example"}),
                          (other, {"sec-fetch-site": "cross-site"})):
        assert _upload(client, data, csrf=csrf, headers=headers).status_code == 403, (csrf, headers)
    assert _upload(client, data, csrf=other, path="/admin/wrong-token").status_code == 404
    assert _upload(client, data, csrf=other, path="/admin").status_code == 404  # not from loopback
    big = data + b"K002,J1,kebaruan,60\n" * 600_000  # past the upload limit
    assert _upload(client, big, csrf=other).status_code == 413
    # a judge's form keeps its own limit, even for an entry whose id is `upload`
    r = client.post("/j/" + "A" * 22 + "/e/upload", content=b"a=" + b"x" * 70_000,
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert tree_hash(d) == before
