"""Issue 28: a judge's page offers the entry's attached proposals to download, for the entries assigned to
the judge only (conflicts respected); the file is the one the ledger recorded (SHA-256), sent as an
attachment with a safe name and its content type, streamed; nothing else of the folder can be reached."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from tests.cli.test_attachments import pdf  # noqa: E402
from tests.conftest import run, tree_hash  # noqa: E402
from tests.web.test_portal import _client, _token  # noqa: E402


@pytest.fixture
def site(comp, tmp_path):
    proposal = pdf(tmp_path / "Proposal K002 final.pdf", "the K002 proposal " * 50)
    assert run("-d", comp, "entry", "attach", "K002", proposal).code == 0
    assert run("-d", comp, "entry", "attach", "K001", pdf(tmp_path / "k001.pdf", "K001 only")).code == 0
    tokens = {j: _token(comp, j) for j in ("J1", "J2")}
    return comp, tokens, _client(comp)


def test_the_entry_page_links_its_attachments_and_the_file_downloads_as_recorded(site):
    d, tokens, client = site
    page = client.get(f"/j/{tokens['J1']}/e/K002?lang=en")
    links = re.findall(r'href="(/j/[^"]+/e/K002/a/[^"]+)"', page.text)
    assert len(links) == 1 and "Proposal K002 final.pdf" in page.text
    r = client.get(links[0].replace("&amp;", "&"))
    assert r.status_code == 200
    assert r.content == (d / "attachments" / "K002" / "Proposal K002 final.pdf").read_bytes()
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("attachment;") and 'filename="Proposal K002 final.pdf"' in r.headers["content-disposition"]
    assert r.headers["content-length"] == str(len(r.content))
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src" in r.headers["content-security-policy"]


def test_only_an_assigned_entrys_files_and_only_those_the_manifest_names(site):
    d, tokens, client = site
    unknown = client.get("/nothing/here").text
    before = tree_hash(d)
    # J2 works at Dinas 1, the institution of K001: its files are not J2's to read
    assert "k001.pdf" not in client.get(f"/j/{tokens['J2']}/e/K002?lang=en").text
    for path in (f"/j/{tokens['J2']}/e/K001/a/k001.pdf",  # the entry in conflict
                 f"/j/{tokens['J1']}/e/K002/a/k001.pdf",  # another entry's file
                 f"/j/{tokens['J1']}/e/K002/a/manifest.toml",
                 f"/j/{tokens['J1']}/e/K002/a/..%2Fk001.pdf", f"/j/{tokens['J1']}/e/K002/a/..%2F..%2Fcompetition.toml",
                 f"/j/{tokens['J1']}/e/K002/a/%2Fetc%2Fpasswd", f"/j/{tokens['J1']}/e/K002/a/.Proposal K002 final.pdf",
                 f"/j/{tokens['J1']}/e/K999/a/x.pdf", f"/j/{'A' * 22}/e/K002/a/Proposal K002 final.pdf"):
        r = client.get(path)
        assert (r.status_code, r.text) == (404, unknown), path
    assert tree_hash(d) == before


def test_a_file_changed_or_replaced_by_a_link_outside_krenova_is_not_sent(site):
    d, tokens, client = site
    path = d / "attachments" / "K002" / "Proposal K002 final.pdf"
    url = f"/j/{tokens['J1']}/e/K002/a/Proposal K002 final.pdf"
    assert client.get(url).status_code == 200
    original = path.read_bytes()
    path.write_bytes(original.replace(b"proposal", b"PROPOSAL"))  # same size, other content
    r = client.get(url)
    assert r.status_code == 404 and b"PROPOSAL" not in r.content
    path.unlink()
    path.symlink_to(d / "competition.toml")
    r = client.get(url)
    assert r.status_code == 404 and b"[competition]" not in r.content
