"""The invitation to present as printed (issue 27 part 5): one page an institution, in PDF and Word,
read back by `verify FILE` with its facts, and revoked when the schedule moves."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.cli.test_schedule import four_closed, scheduled  # noqa: F401 (the fixtures)
from tests.conftest import pdf_ready, run

needs_pdf = pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing")


def _copy(src, tmp_path):
    import shutil

    d = tmp_path / "c"
    shutil.copytree(src, d, symlinks=True)
    return d


@needs_pdf
def test_each_invitation_is_one_page_that_verify_reads_back(scheduled, tmp_path):
    d = _copy(scheduled, tmp_path)
    r = run("-d", d, "letters", "presentation-invitation", "--round", 5, "--format", "pdf", "-o", tmp_path / "pdf")
    assert r.code == 0, r.err
    pdfs = sorted((tmp_path / "pdf").glob("*.pdf"))
    assert len(pdfs) == 5
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+1\b", info), (pdf.name, info)
        v = run("-d", d, "verify", pdf, "--json")
        assert v.code == 0, (pdf.name, v.out, v.err)
        [paper] = v.json() if isinstance(v.json(), list) else [v.json()]
        assert paper["status"] == "valid" and paper["kind"] == "presentation-invitation" and not paper["differs"], paper
    kes = next(p for p in pdfs if "dinas-kesehatan" in p.name)
    text = " ".join(subprocess.run(["pdftotext", str(kes), "-"], capture_output=True, text=True, check=True).stdout.split())
    for said in ("Yth. Kepala Dinas Kesehatan", "Rabu, 2 Agustus 2017", "14.40–15.55 WIB", "Ruang Rapat Wali Kota Magelang",
                 "Inovasi Layanan 10", "15.30–15.55"):
        assert said in text, (said, text)
    # the schedule moves: the printed invitations no longer hold
    assert run("-d", d, "settings", "set", "rounds.5.room", "Aula Adipura").code == 0
    v = run("-d", d, "verify", kes, "--json")
    assert v.code == 1, v.out
    data = v.json()
    paper = data[0] if isinstance(data, list) else data
    assert paper["status"] == "revoked" and paper["revoked_by"]["action"] == "settings.set", paper


def test_the_word_invitation_holds_the_same_slots(scheduled, tmp_path):
    pytest.importorskip("docx")
    from tests.e2e.test_word_parity import docx_words

    d = _copy(scheduled, tmp_path)
    r = run("-d", d, "letters", "presentation-invitation", "--round", 5, "--format", "docx", "-o", tmp_path / "w")
    assert r.code == 0, r.err
    kes = next((tmp_path / "w").glob("*dinas-kesehatan*.docx"))
    words = " ".join(docx_words(kes))
    for said in ("Undangan Paparan Penilaian V", "Rabu, 2 Agustus 2017", "Ruang Rapat Wali Kota Magelang", "14.40–15.05",
                 "Inovasi Layanan 20"):
        assert said in words, (said, words)


def test_the_word_starting_point_for_an_offices_own_template(scheduled, tmp_path):
    """`python -m krenova_cli.documents.word_templates DIR` writes a starting point for this kind too."""
    pytest.importorskip("docxtpl")
    from krenova_cli.documents.word_templates import build
    from tests.e2e.test_word_parity import docx_words

    d = _copy(scheduled, tmp_path)
    (d / "templates" / "presentation-invitation.docx").write_bytes(build("presentation-invitation", "id"))
    r = run("-d", d, "letters", "presentation-invitation", "--round", 5, "--format", "docx", "-o", tmp_path / "w")
    assert r.code == 0, r.err
    words = " ".join(docx_words(next((tmp_path / "w").glob("*dinas-kesehatan*.docx"))))
    for said in ("Undangan Paparan Penilaian V", "Yth. Kepala Dinas Kesehatan", "Rabu, 2 Agustus 2017 pukul 14.40–15.55 WIB",
                 "Ruang Rapat Wali Kota Magelang", "14.40–15.05", "Inovasi Layanan 20", "paling lama 25 menit"):
        assert said in words, (said, words)
