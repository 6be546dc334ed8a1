"""Low-level Word XML for `word_layout.py`: what python-docx has no call for (fixed table layout,
rows kept whole and repeated, cell shading and borders, paragraph and page borders, the PAGE field)."""

from __future__ import annotations


def _qn(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(name)


def _el(name: str, **attrs):
    from docx.oxml import OxmlElement

    e = OxmlElement(name)
    for k, v in attrs.items():
        e.set(_qn("w:" + k), str(v))
    return e


def _cell_margins(table, side_cm: float) -> None:
    """The left and right margin of every cell of `table` (the PDF's 4 pt padding, not Word's 0.19 cm)."""
    pr = table._tbl.tblPr
    mar = pr.find(_qn("w:tblCellMar"))
    if mar is None:
        mar = _el("w:tblCellMar")
        pr.append(mar)
    for side in ("left", "right"):
        mar.append(_el("w:" + side, w=round(side_cm / 2.54 * 1440), type="dxa"))


def _widths(table, widths: list[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    tbl = table._tbl
    pr = tbl.tblPr
    layout = pr.find(_qn("w:tblLayout"))
    if layout is None:
        layout = _el("w:tblLayout")
        pr.append(layout)
    layout.set(_qn("w:type"), "fixed")
    for col, w in zip(table.columns, widths):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)


def _no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:cantSplit"))


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:tblHeader"))


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def _cell_border(cell, side: str, style: str, size: int, color: str) -> None:
    pr = cell._tc.get_or_add_tcPr()
    borders = pr.find(_qn("w:tcBorders"))
    if borders is None:
        borders = _el("w:tcBorders")
        pr.append(borders)
    borders.append(_el("w:" + side, val=style, sz=size, space=0, color=color))


def _border(p, side: str, style: str, size: int) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = _el("w:pBdr")
    bdr.append(_el("w:" + side, val=style, sz=size, space=1, color="000000"))
    ppr.append(bdr)


def _page_border(section) -> None:
    """The certificate's frame: a double gold border 0.9 cm from the page's edge, and a thin one inside."""
    pr = section._sectPr
    borders = _el("w:pgBorders", offsetFrom="page")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_el("w:" + side, val="double", sz=18, space=26, color="8A6D1F"))
    pr.append(borders)


def _page_field(p) -> None:
    from docx.shared import Pt

    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = p.add_run()
        run.font.size = Pt(8)
        if kind:
            run._r.append(_el("w:fldChar", fldCharType=kind))
        else:
            instr = _el("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
            run._r.append(instr)


def _drop_first_empty(cell) -> None:
    ps = cell.paragraphs
    if len(ps) > 1 and not ps[0].text.strip():
        ps[0]._p.getparent().remove(ps[0]._p)


_AFTER_SHADING = ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                  "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                  "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                  "w:pPrChange")


def _box(p, style: str, color: str, fill: str | None = None) -> None:
    """A paragraph framed on all sides (and shaded): a mark a reader cannot miss (a section left empty)."""
    ppr = p._p.get_or_add_pPr()
    if fill:
        ppr.insert_element_before(_el("w:shd", val="clear", color="auto", fill=fill), *_AFTER_SHADING)
    borders = _el("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_el("w:" + side, val=style, sz=8, space=4, color=color))
    ppr.insert_element_before(borders, "w:shd", *_AFTER_SHADING)
