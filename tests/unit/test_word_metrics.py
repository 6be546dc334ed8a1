"""Word tables' columns from the font's own widths (issue 25 leftover: Writer broke "Kemudaha|n", then "K00|1")."""

from __future__ import annotations

from pathlib import Path

import pytest

from krenova_cli.documents.word_layout import PAD, column_widths
from krenova_cli.documents.word_metrics import text_width

FONTS = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not (FONTS / "DejaVuSerif.ttf").is_file(), reason="DejaVu fonts not installed")
@pytest.mark.parametrize("bold", [False, True])
def test_the_kept_widths_are_the_installed_fonts(bold):
    fontTools = pytest.importorskip("fontTools.ttLib")
    font = fontTools.TTFont(str(FONTS / ("DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf")))
    cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    for word in ("Kemudahan", "K0001", "Keberlanjutan", "Tertimbang", "Perdagangan", "Rp5.000.000,00", "Ñandú"):
        exact = sum(hmtx[cmap[ord(ch)]][0] for ch in word) / upm * 9 / (72 / 2.54)
        assert text_width(word, 9, bold) == pytest.approx(exact, abs=0.01), word


def test_a_character_outside_the_table_counts_as_the_widest():
    assert text_width("\u4e2d", 10) >= text_width("W", 10)


def _rows(header: list[str], body: list[list[str]]):
    import lxml.html

    html = "<table>" + "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>" + "".join(
        "<tr>" + "".join(f'<td class="{"num" if c.replace(",", "").isdigit() else ""}">{c}</td>' for c in r) + "</tr>"
        for r in body) + "</table>"
    return list(lxml.html.fromstring(html).iter("tr"))


@pytest.mark.parametrize("ids", ["K001", "K0001"])
def test_every_column_holds_its_header_words_and_its_cells_longest_word(ids):
    header = ["No.", "ID", "Judul Inovasi", "Kebaruan<br>(25)", "Efektivitas<br>(20)", "Kemanfaatan<br>(20)",
              "Kemudahan replikasi<br>(15)", "Keberlanjutan<br>(20)", "Total Tertimbang"]
    body = [[f"{i}.", ids[:-1] + str(i), f"Inovasi Layanan Perizinan Terpadu {i}", "99", "98", "97", "96", "95", "99,00"]
            for i in range(1, 10)]
    widths, head_pt = column_widths(_rows(header, body), len(header), 16.5)
    assert sum(widths) == pytest.approx(16.5)
    for w, h, cells in zip(widths, header, zip(*body)):
        words = h.replace("<br>", " ").split()
        need = max(max(text_width(x, head_pt, True) for x in words),
                   max(text_width(x, 9) for c in cells for x in ([c] if len(c) <= 9 else c.split())))
        assert w >= need + PAD, (h, w, need)
