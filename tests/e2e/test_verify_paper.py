"""`verify FILE` reads every page and holds what the paper prints against the register (issue 25
item 7, issue 24 item 11): a code is found whatever wraps beside it, every page of a combined file
is answered, a forged paper carrying a real code is refused with what differs, `verify CODE` names
the title and institution, reasons are shown escaped, and a huge file is refused with one line."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import pdf_ready, run
from tests.e2e.test_verify import done, letters, refused  # noqa: F401 (fixtures)

needs_pdf = pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing")
LONG = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"


def _pdf(html: str, path: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(path))
    return path


@pytest.fixture
def wrapped(comp):
    """The competition of `done`, three institutions long enough to wrap on a certificate."""
    for e in ("K003", "K011", "K017"):
        r = run("-d", comp, "entry", "edit", e, "--institution", LONG)
        assert r.code == 0, r.err
    return _done(comp)


def _done(comp):
    from tests.conftest import score_all
    from tests.e2e.test_verify import URL

    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c: 100 - int(e[1:]))
        assert run("-d", comp, "advance", "--round", n).code == 0, n
    assert run("-d", comp, "awards").code == 0
    assert run("-d", comp, "settings", "set", "competition.verify_url", URL).code == 0
    return comp


@needs_pdf
def test_every_certificate_of_a_combined_file_is_answered_whatever_wraps(wrapped, tmp_path):
    """With institutions that wrap, the code of every certificate is read, every page answered."""
    done = wrapped
    # (with an emblem, main's certificate now refuses these institutions: "the signatory's name does not fit")
    out = letters(done, "certificate", "--for", "participants", "--format", "pdf", "--combine")
    for e in ("K003", "K011", "K017", "K001"):
        r = run("-d", done, "verify", out / f"certificate-{e}.pdf", "--json")
        assert r.code == 0, (e, r.out, r.err)
        assert r.json()["entry_id"] == e and r.json()["institution"] in (LONG, f"Dinas {int(e[1:])}")
    r = run("-d", done, "verify", out / "certificate-semua.pdf", "--json")
    assert r.code == 0, r.err
    answers = r.json()
    assert [a["pages"] for a in answers] == [[n, n] for n in range(1, 21)]
    assert all(a["status"] == "valid" for a in answers) and len({a["code"] for a in answers}) == 20


@needs_pdf
def test_a_page_without_a_code_is_answered_too(done, tmp_path):
    out = letters(done, "award", "--format", "pdf", "--combine")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(out / "award-semua.pdf")).pages:
        writer.add_page(page)
    blank = _pdf("<p>Lampiran tanpa kode</p>", tmp_path / "blank.pdf")
    writer.add_page(PdfReader(str(blank)).pages[0])
    with open(tmp_path / "more.pdf", "wb") as fh:
        writer.write(fh)
    r = run("-d", done, "verify", tmp_path / "more.pdf", "--json")
    assert r.code == 1
    answers = r.json()
    assert [a["status"] for a in answers] == ["valid", "valid", "valid", "no-code"] and answers[-1]["pages"] == [4, 4]
    text = run("-d", done, "verify", tmp_path / "more.pdf").out
    assert "4: no verification code found" in text


@needs_pdf
def test_a_forged_paper_with_a_real_code_is_refused_naming_what_differs(done, tmp_path):
    out = letters(done, "certificate", "--for", "participants")
    code = re.search(r'<span class="vcode">([0-9A-Z]{10})</span>', (out / "certificate-K019.html").read_text()).group(1)
    assert run("-d", done, "verify", code).code == 0  # a participant's real code
    forged = _pdf(f"""<h1>PIAGAM PENGHARGAAN</h1><p>diberikan kepada</p><p>Dinas 19</p><p>atas inovasi "Inovasi 19"</p>
<p>sebagai</p><h2>JUARA I</h2><p>hadiah Rp50.000.000,00</p><p>Magelang, 17 Agustus 2017</p>
<p>Kode verifikasi {code}</p>""", tmp_path / "forged.pdf")
    r = run("-d", done, "verify", forged, "--json")
    assert r.code == 1
    answer = r.json()
    assert answer["status"] == "mismatch" and answer["code"] == code
    facts = {d["fact"]: d for d in answer["differs"]}
    assert facts["honour"]["register"] == "Peserta"
    assert facts["amount"]["paper"] == "Rp50.000.000,00" and facts["amount"]["register"] is None
    assert "number" in facts  # the forger did not print the register's number
    said = run("-d", done, "verify", forged).out
    assert "Rp50.000.000,00" in said and "Peserta" in said
    # the real certificate, as printed, matches
    real = letters(done, "certificate", "--for", "participants", "--format", "pdf", out=tmp_path / "real")
    assert run("-d", done, "verify", real / "certificate-K019.pdf").code == 0


@needs_pdf
def test_a_winner_letter_altered_in_its_amount_is_refused(done, tmp_path):
    out = letters(done, "award", "--format", "html")
    html = (out / "award-1-K001.html").read_text().replace("Rp5.000.000,00", "Rp50.000.000,00")
    r = run("-d", done, "verify", _pdf(html, tmp_path / "altered.pdf"), "--json")
    assert r.code == 1 and r.json()["status"] == "mismatch"
    assert {(d["fact"], d["paper"]) for d in r.json()["differs"]} >= {("amount", None), ("amount", "Rp50.000.000,00")}


def test_verify_code_names_the_title_and_institution(done, tmp_path):
    out = letters(done, "award")
    code = re.search(r'<span class="vcode">([0-9A-Z]{10})</span>', (out / "award-1-K001.html").read_text()).group(1)
    r = run("-d", done, "verify", code, "--json")
    assert r.code == 0 and r.json()["title"] == "Inovasi 1" and r.json()["institution"] == "Dinas 1"
    said = run("-d", done, "verify", code).out
    assert "Inovasi 1" in said and "Dinas 1" in said


def test_reasons_are_shown_escaped_on_the_terminal_and_the_site(done, tmp_path):
    """A reason (or any fact) holding an escape sequence or a bidi override, let in by an older
    version or a hand edit, reaches neither the terminal nor the site raw."""
    from krenova_cli.commands.verify import _describe
    from krenova_cli.documents import site
    from krenova_cli.documents.rendering import environment
    from krenova_cli.i18n.labels import SITE_WORDS
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.verify import REVOKED, Verdict

    evil = "plagiat\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\u202egnp.exe"
    v = Verdict("ABCDEFGHJK", REVOKED, "award/1/K001",
                {"kind": "award", "number": "070/001", "entry_id": "K001", "honour": "Juara I\x1b[31m", "amount": 5,
                 "date": "2017-08-17"}, "abc", 3,
                {"seq": 9, "time": "2017-08-20T10:00:00+00:00", "actor": "x\x1b[0m", "action": "awards.undo",
                 "target": "awards", "reason": evil}, {"number": "070/001", "replaced_by": "070/009", "reason": evil})
    said = _describe(v)
    assert "\x1b" not in said and "\x07" not in said and "\u202e" not in said
    assert "<U+001B>" in said and "<U+202E>" in said
    state = Store(done).load()
    p = site.paper(v, state) | {"date": __import__("datetime").date(2017, 8, 17)}
    env = environment(None, "id")
    html = site.render(env, "site/code.html", {"locale": "id", "t": SITE_WORDS["id"], "competition": "K", "organiser": "O",
                                                "government": "", "ledger_head": "x", "ledger_seq": 1, "p": p})
    assert "\x1b" not in html and "\u202e" not in html and "\x07" not in html and "&lt;U+001B&gt;" in html


def test_a_huge_file_is_refused_in_one_line(done, tmp_path, monkeypatch):
    from krenova_cli.usecases import verify_file

    monkeypatch.setattr(verify_file, "MAX_PAGES", 3)
    out = letters(done, "certificate", "--for", "participants", "--format", "pdf", "--combine")
    err = refused(done, "verify", out / "certificate-semua.pdf")
    assert err == f"Error: {out / 'certificate-semua.pdf'}: 20 pages (at most 3); verify its papers one file each, " \
                  "or type the code printed under the QR code"
    monkeypatch.setattr(verify_file, "MAX_SECONDS", 0.001)
    err = refused(done, "verify", out / "certificate-semua.pdf")
    assert "took longer than" in err


def test_the_site_lists_results_not_every_valid_code(done, tmp_path):
    """The index shows how many papers, not their codes; the manifest keeps each code's SHA-256,
    not the code with its kind and entry; each code's page is still there for its QR code."""
    import hashlib

    codes = []
    for kind in ("award", "certificate"):
        out = letters(done, kind, "--for", "participants") if kind == "certificate" else letters(done, kind)
        codes += [re.search(r'<span class="vcode">([0-9A-Z]{10})</span>', f.read_text()).group(1) for f in out.glob("*.html")]
    site = tmp_path / "site"
    assert run("-d", done, "publish", "-o", site).code == 0
    index = (site / "index.html").read_text()
    manifest_text = (site / "manifest.json").read_text()
    for code in codes:
        assert code not in index, "the index lists a code"
        assert code not in manifest_text, "the manifest lists a code"
        assert (site / "v" / f"{code}.html").is_file()
    manifest = json.loads(manifest_text)
    assert {d["sha256"] for d in manifest["documents"]} == {hashlib.sha256(c.encode()).hexdigest() for c in codes}
    assert all(set(d) == {"sha256", "status"} for d in manifest["documents"])
    assert "23 dokumen sah dan 0 dokumen dicabut" in index


def test_verify_prints_amounts_dates_and_times_as_the_office_reads_them(done, tmp_path):
    out = letters(done, "award")
    code = re.search(r'<span class="vcode">([0-9A-Z]{10})</span>', (out / "award-1-K001.html").read_text()).group(1)
    said = run("-d", done, "verify", code).out
    assert "Rp5.000.000,00" in said and "17 Agustus 2017" in said and "2017-08-17\n" not in said
    assert run("-d", done, "awards", "--undo", "--reason", "plagiat").code == 0
    said = run("-d", done, "verify", code).out
    assert "17:00 WIB" in said and "T10:00:00" not in said  # the test clock is 10:00 UTC
    site = tmp_path / "site"
    assert run("-d", done, "publish", "-o", site).code == 0
    page = (site / "v" / f"{code}.html").read_text()
    assert "17:00 WIB" in page


@needs_pdf
def test_a_scanned_paper_is_read_by_its_qr_code(done, tmp_path):
    """A page that is only a picture (a scan): its code is read from the QR code, and verify says
    that the printed facts could not be read."""
    pytest.importorskip("zxingcpp", reason="zxing-cpp is not installed (pip install '.[verify]')")
    from PIL import Image

    out = letters(done, "certificate", "--format", "pdf")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(out / "certificate-K001.pdf"), str(tmp_path / "scan")],
                   check=True)
    Image.open(tmp_path / "scan.png").convert("RGB").save(tmp_path / "scan.pdf", resolution=150)
    r = run("-d", done, "verify", tmp_path / "scan.pdf", "--json")
    assert r.code == 0, (r.out, r.err)
    assert r.json()["entry_id"] == "K001" and r.json()["status"] == "valid" and r.json()["scanned"] is True
    assert "its printed facts were not read" in run("-d", done, "verify", tmp_path / "scan.pdf").out
