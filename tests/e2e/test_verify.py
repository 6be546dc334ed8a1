"""Issue 16, "papers nobody can forge" (SPEC 8.7): every paper's verification code and QR code,
`krenova verify` (valid, revoked naming the ledger record, unknown), `krenova publish` checked in
a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, PRESENTATION, pdf_ready, run, score_all, tree_hash

URL = "https://inovasi.magelangkota.go.id/v/{code}.html"
needs_pdf = pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run does)")


def refused(d, *args):
    before = tree_hash(d)
    r = run("-d", d, *args)
    assert r.code == 1, (r.code, r.out, r.err)
    assert tree_hash(d) == before, "a refused command changed the directory"
    assert "Traceback" not in r.err
    assert len(r.errors) == 1, r.err
    return r.errors[0]


def codes_in(html_file: Path) -> list[str]:
    return re.findall(r'<span class="vcode">([0-9A-Z]{10})</span>', html_file.read_text())


@pytest.fixture
def done(comp):
    """The 20-entry competition of conftest, six rounds closed (round 5 a presentation round), awards decided
    (K001, K002, K003)."""
    for key, value in PRESENTATION:
        assert run("-d", comp, "settings", "set", key, value).code == 0, key
    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c: 100 - int(e[1:]))
        assert run("-d", comp, "advance", "--round", n).code == 0, n
    assert run("-d", comp, "awards").code == 0
    r = run("-d", comp, "settings", "set", "competition.verify_url", URL)
    assert r.code == 0, r.err
    assert run("-d", comp, "settings", "set", "ceremony.venue", "Pendopo Pengabdian Kota Magelang").code == 0
    return comp


def letters(d, kind, *more, out=None):
    out = out or d.parent / f"out-{kind}"
    r = run("-d", d, "letters", kind, "-o", out, *more)
    assert r.code == 0, r.err
    return out


def test_every_paper_has_a_code_that_verifies_and_stays_the_same(done):
    codes = {}
    for kind in ("award", "certificate", "nomination", "minutes", "awards-minutes", "decree", "judge-recap",
                 "call", "announcement", "ceremony-invitation", "feedback", "presentation-invitation", "sinovik-draft"):
        extra = ("--for", "participants") if kind == "certificate" else ()
        folder = letters(done, kind, *extra)
        for f in sorted(folder.glob("*.html")):
            found = codes_in(f)
            # the printed footer and the on-screen copy; a certificate's one mark beside its signature serves both
            assert len(found) == (1 if kind == "certificate" else 2) and len(set(found)) == 1, f
            assert URL.format(code=found[0]) in f.read_text()
            assert 'src="data:image/svg+xml' in f.read_text()
            codes[f.name] = found[0]
    assert len(set(codes.values())) == len(codes) == 3 + 20 + 20 + 6 + 1 + 1 + 18 + 1 + 2 + 5 + 20 + 15 + 20  # ... call, announcements, invitations, feedback; 15 institutions present in round 5; 20 SINOVIK drafts
    register = (done / "letters.toml").read_bytes()
    again = letters(done, "award", out=done.parent / "again")
    assert (done / "letters.toml").read_bytes() == register, "rendering again changed the register"
    assert sorted(codes_in(f)[0] for f in again.glob("*.html")) == sorted(v for k, v in codes.items() if k.startswith("award-"))
    for name, code in codes.items():
        r = run("-d", done, "verify", code, "--json")
        assert r.code == 0, (name, r.out, r.err)
        assert r.json()["status"] == "valid"
    award = run("-d", done, "verify", codes["award-1-K001.html"], "--json").json()
    assert award == {"code": codes["award-1-K001.html"], "status": "valid", "kind": "award", "number": award["number"],
                     "entry_id": "K001", "honour": "Juara I", "amount": 5_000_000, "date": award["date"],
                     "ledger_head": award["ledger_head"], "ledger_seq": award["ledger_seq"],
                     "title": "Inovasi 1", "institution": "Dinas 1"}
    assert run("-d", done, "check", "--anchor", award["ledger_head"]).code == 0
    typed = codes["certificate-K005.html"].lower()
    r = run("-d", done, "verify", typed[:5] + "-" + typed[5:])
    assert r.code == 0 and re.search(r"status: +valid", r.out) and "K005" in r.out
    assert run("-d", done, "check").code == 0


def test_undo_withdraw_and_a_new_decision_revoke_the_old_papers(done):
    first = letters(done, "award")
    old = {f.name: codes_in(f)[0] for f in first.glob("*.html")}
    cert = codes_in(letters(done, "certificate") / "certificate-K001.html")[0]
    assert run("-d", done, "awards", "--undo", "--reason", "K001 terbukti plagiat").code == 0
    undo_seq = run("-d", done, "log", "--json").json()[-1]["seq"]
    r = run("-d", done, "verify", old["award-1-K001.html"], "--json")
    assert r.code == 1 and r.json()["status"] == "revoked"
    assert r.json()["revoked_by"]["seq"] == undo_seq and r.json()["revoked_by"]["action"] == "awards.undo"
    assert run("-d", done, "entry", "withdraw", "K001", "--reason", "plagiat").code == 0
    assert run("-d", done, "awards").code == 0
    r = run("-d", done, "verify", old["award-1-K001.html"])
    assert r.code == 1
    assert re.search(rf"status: +revoked by ledger record {undo_seq} \(winners' decision undone awards", r.out) and "K001 terbukti plagiat" in r.out
    # K002 won Juara II and now wins Juara I: the old letter is revoked, the new one valid
    r = run("-d", done, "verify", old["award-2-K002.html"], "--json")
    assert r.code == 1 and r.json()["honour"] == "Juara II" and r.json()["status"] == "revoked"
    assert run("-d", done, "verify", cert, "--json").json()["status"] == "revoked"
    second = letters(done, "award", out=done.parent / "second")
    new = {f.name: codes_in(f)[0] for f in second.glob("*.html")}
    assert sorted(new) == ["award-1-K002.html", "award-2-K003.html", "award-3-K004.html"]
    assert new["award-1-K002.html"] != old["award-2-K002.html"]
    for code in new.values():
        assert run("-d", done, "verify", code, "--json").json()["status"] == "valid"
    numbers = {run("-d", done, "verify", c, "--json").json()["number"] for c in (new["award-1-K002.html"], old["award-2-K002.html"])}
    assert len(numbers) == 2, "a new awards decision gives its letters new numbers (main's rule, SPEC 8.5)"
    text = (done / "letters.toml").read_text()
    assert old["award-1-K001.html"] in text, "a revoked code stays in the register"
    assert run("-d", done, "check").code == 0


def test_bad_input_is_one_error_line_and_changes_nothing(done, tmp_path):
    letters(done, "award")
    assert refused(done, "verify", "xx") .startswith("Error: 'xx' is not a verification code")
    assert refused(done, "verify", tmp_path / "missing.pdf") == f"Error: {tmp_path / 'missing.pdf'}: no such file"
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    assert refused(done, "verify", fake) == f"Error: {fake}: not a PDF file"
    before = tree_hash(done)
    r = run("-d", done, "verify", "ABCDEFGHJK", "--json")
    assert r.code == 1 and r.json()["status"] == "unknown" and r.json()["kind"] is None
    assert tree_hash(done) == before
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert refused(done, "publish", "-o", afile).endswith("exists and is not a folder; choose another -o DIR")
    assert "inside the competition's data (entries)" in refused(done, "publish", "-o", done / "entries")
    assert "verify_url" in refused(done, "settings", "set", "competition.verify_url", "https://x.example/v/code.html")
    assert "verify_url" in refused(done, "settings", "set", "competition.verify_url", "javascript:alert(1)//{code}")


@needs_pdf
def test_verify_a_pdf_and_its_qr_code_leads_to_the_url(done, tmp_path):
    folder = letters(done, "certificate", "--format", "pdf")
    pdf = folder / "certificate-K001.pdf"
    r = run("-d", done, "verify", pdf, "--json")
    assert r.code == 0, r.err
    code = r.json()["code"]
    assert r.json()["status"] == "valid" and r.json()["honour"] == "Juara I"
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is not installed (pip install zxing-cpp)")
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    found = [b.text for b in zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))]
    assert found == [URL.format(code=code)], "the QR code printed on the certificate does not lead to its page"
    letter = letters(done, "award", "--format", "pdf", "--combine")
    combined = run("-d", done, "verify", letter / "award-semua.pdf", "--json")
    assert combined.code == 0 and [x["entry_id"] for x in combined.json()] == ["K001", "K002", "K003"]
    assert run("-d", done, "awards", "--undo", "--reason", "x").code == 0
    assert run("-d", done, "verify", pdf).code == 1


def _dom(url: str) -> str:
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@needs_browser
def test_the_published_site_in_a_browser(done, tmp_path):
    letters(done, "award")
    letters(done, "certificate")
    site = tmp_path / "site"
    r = run("-d", done, "publish", "-o", site)
    assert r.code == 0, r.err
    manifest = json.loads((site / "manifest.json").read_text())
    head = run("-d", done, "log", "--json").json()[-1]["hash"]
    assert manifest["ledger_head"]["hash"] == head
    pages = sorted((site / "v").glob("*.html"))
    assert len(pages) == len(manifest["documents"]) == 6  # the codes are the pages' names; the manifest holds their digests
    for page in [site / "index.html", *(site / "v").glob("*.html")]:
        html = page.read_text()
        assert '<meta name="viewport"' in html and "<script" not in html
        links = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
        assert not [u for u in links if re.match(r"(?i)\s*(https?:)?//", u)], f"{page.name} loads from the network"
    index = _dom((site / "index.html").as_uri())
    for title in ("Inovasi 1", "Inovasi 2", "Inovasi 3"):
        assert title in index
    assert "Pemenang" in index and "5 Besar" in index and "15 Besar" in index and head[:16] in index
    award_code = codes_in(done.parent / "out-award" / "award-1-K001.html")[0]
    page = _dom((site / "v" / f"{award_code}.html").as_uri())
    assert 'class="status valid">SAH<' in page and "Juara I" in page
    shot = tmp_path / "phone.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=412,900", (site / "index.html").as_uri()], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
    # a revoked paper says so once the site is published again; English with locale = "en"
    assert run("-d", done, "awards", "--undo", "--reason", "K001 terbukti plagiat").code == 0
    assert run("-d", done, "settings", "set", "competition.locale", "en").code == 0
    assert run("-d", done, "publish", "-o", site).code == 0
    page = _dom((site / "v" / f"{award_code}.html").as_uri())
    assert 'class="status revoked">REVOKED<' in page and "the awards decision was undone" in page
    assert "K001 terbukti plagiat" in page


def test_titles_are_escaped_on_the_site(done, tmp_path):
    r = run("-d", done, "entry", "edit", "K001", "--title", "<script>alert(1)</script> {{ 7*7 }}")
    if r.code != 0:  # titles may be frozen after the awards: the test is about escaping, use the site as is
        pytest.skip(r.err)
    site = tmp_path / "site"
    assert run("-d", done, "publish", "-o", site).code == 0
    html = (site / "index.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html and "{{ 7*7 }}" in html
