"""The recap's print depends on Calibri's metrics (issue 25 item 6): without Carlito, LibreOffice lays it out
wider and the signed summary spilled onto a second page with no word said. `export --pdf` now says which
font will print it; the print is made with and without Carlito."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import run, score_all

needs = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("fc-match") and shutil.which("pdfinfo")),
                           reason="needs LibreOffice, fontconfig's fc-match and poppler (`.ci/run` installs them)")


def _pages(pdf) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@needs
def test_the_print_says_which_font_prints_it_with_and_without_carlito(comp, tmp_path, monkeypatch):
    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]), tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    has_carlito = subprocess.run(["fc-match", "-f", "%{family}", "Calibri"], capture_output=True, text=True).stdout
    with_it = run("-d", comp, "export", "-o", tmp_path / "a" / "rekap.xlsx", "--pdf")
    assert with_it.code == 0, with_it.err
    if "Carlito" in has_carlito:
        assert "Calibri's widths" not in with_it.err, with_it.err
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    '<selectfont><rejectfont><glob>*Carlito*</glob><pattern><patelt name="family"><string>Carlito</string>'
                    '</patelt></pattern></rejectfont></selectfont></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    without = run("-d", comp, "export", "-o", tmp_path / "b" / "rekap.xlsx", "--pdf")
    assert without.code == 0, without.err
    assert "Calibri's widths" in without.err and "fonts-crosextra-carlito" in without.err, without.err
    assert _pages(tmp_path / "b" / "rekap.pdf") >= _pages(tmp_path / "a" / "rekap.pdf")
