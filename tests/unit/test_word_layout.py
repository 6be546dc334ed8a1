"""The Word layout of a paper's HTML (documents/word_layout.py): images kept in their box, table
columns never narrower than their longest word, tab stops for the colons."""

import base64
import io

import pytest

docx = pytest.importorskip("docx")


def _png(w: int, h: int) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), (20, 20, 200)).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _doc(body: str):
    from krenova_cli.documents.word_layout import docx_from_html

    html = f'<html><body><section class="doc award">{body}</section></body></html>'
    return docx.Document(io.BytesIO(docx_from_html(html, "award")))


def test_a_wide_logo_stays_in_the_letterhead_cell():
    d = _doc(f'<div class="kop kop-agency"><img class="logo" src="{_png(600, 100)}"><div class="lines">'
             '<div class="org">Badan Penelitian</div></div></div>')
    (shape,) = d.inline_shapes
    assert shape.width.cm <= 2.21 and shape.height.cm < 0.5
    d = _doc(f'<div class="kop kop-region"><img class="emblem" src="{_png(200, 220)}"><div class="office">WALI KOTA</div></div>')
    (shape,) = d.inline_shapes
    assert abs(shape.height.pt - 64) < 1  # as tall as in the PDF


def test_table_columns_hold_their_longest_word():
    from krenova_cli.documents.word_layout import column_widths
    import lxml.html

    rows = lxml.html.fromstring(
        "<table><tr><th>No.</th><th>Judul Inovasi</th><th>Instansi</th><th>Capaian</th></tr>"
        "<tr><td class='num'>1.</td><td>Inovasi Layanan Perizinan Terpadu Satu Pintu Berbasis Daring</td>"
        "<td>Dinas Perdagangan Perindustrian dan Tenaga Kerja</td><td>Finalis 15 Besar</td></tr></table>").iter("tr")
    widths, head_pt = column_widths(list(rows), 4, 16.5)
    assert abs(sum(widths) - 16.5) < 0.01
    assert widths[2] >= len("Perindustrian") * 0.23 + 0.4  # no "Perdaganga|n"
    assert widths[0] >= 3 * 0.23 * 8 / 9 * 1.1 and head_pt == 8


def test_the_colons_of_the_letter_are_on_one_tab_stop():
    d = _doc('<table class="meta"><tr><td>Nomor</td><td>:</td><td>070/001</td></tr>'
             '<tr><td>Lampiran</td><td>:</td><td>-</td></tr></table>')
    stops = [[round(t.position.cm, 2) for t in p.paragraph_format.tab_stops] for p in d.paragraphs if p.text]
    assert stops[0] == stops[1] and len(stops[0]) == 2
    assert [p.text for p in d.paragraphs if p.text] == ["Nomor\t:\t070/001", "Lampiran\t:\t-"]
