"""Word papers from the same rendered HTML as the PDF papers: one content model, two renderers.

A paper's words come from one place, its HTML template (`templates/`, filled from the builders'
dict): the PDF is that HTML laid out by WeasyPrint, and the Word file is that HTML walked here into
python-docx paragraphs and tables, so both say the same in the same order (a parity test per kind).
The walk knows the papers' layout classes (style.css) and gives Word the layout a clerk can edit:
tab stops for the colons of Nomor/Sifat/Lampiran/Hal and of the decree's articles, hanging indents
for the decree's lists, tables with column widths from their content, the signature block in its
column, the certificate framed on one landscape page, the verification code and QR in the footer.
"""

from __future__ import annotations

import base64
import io
import re

from krenova_cli.documents.word_xml import (_border, _box, _cell_border, _cell_margins, _drop_first_empty, _el, _no_split, _page_border,  # noqa: F401
                                             _page_field, _qn, _repeat_header, _shade, _widths)

# page geometry of style.css, in cm
PORTRAIT = (21.0, 29.7, 2.5, 2.0, 1.5, 1.6)      # width, height, left, right, top, bottom
LANDSCAPE = (29.7, 21.0, 3.4, 3.4, 2.2, 1.4)     # the certificate: inside its frame
UPPER = {"gov", "org", "title", "subtitle", "cert-gov", "cert-title", "cert-honour"}
BLOCK = {"div", "p", "h1", "h2", "table", "ol", "ul", "pre", "section", "li"}
CERT_SIZES = {"cert-gov": 12, "cert-title": 30, "cert-number": 10, "cert-to": 13, "cert-inst": 24, "cert-innovation": 17,
              "cert-honour": 28, "cert-comp": 15}
CERT_SHRINK = {("cert-inst", "long"): 19, ("cert-inst", "longer"): 15, ("cert-inst", "longest"): 12,
               ("cert-innovation", "long"): 14, ("cert-innovation", "longer"): 11.5, ("cert-innovation", "longest"): 9.5,
               ("cert-gov", "long"): 10.5, ("cert-gov", "longer"): 9, ("cert-gov", "longest"): 8,
               ("cert-honour", "long"): 20, ("cert-honour", "longer"): 14, ("cert-honour", "longest"): 10,
               ("cert-comp", "long"): 12.5, ("cert-comp", "longer"): 10.5, ("cert-comp", "longest"): 9}
CERT_SIGN = {"": 10.5, "long": 9.5, "longer": 8.5, "longest": 7.5}  # the signature block's size by its length class
# a certificate whose texts are long all together is set tighter as a whole (style.css `.inner.tight`, `.tightest`):
# sizes (pt) and spaces before/after (pt) of its fixed texts, the emblem's height, the room to sign
CERT_FIT = {"": {"cert-title": (30, 8, 0), "cert-to": (13, 4, 4), "cert-number": (10, 0, 14), "emblem": 46, "space": 40},
            "tight": {"cert-title": (24, 4, 0), "cert-to": (11, 2, 2), "cert-number": (10, 0, 8), "emblem": 36, "space": 36},
            "tightest": {"cert-title": (20, 2, 0), "cert-to": (10, 1, 1), "cert-number": (9, 0, 4), "emblem": 30, "space": 32}}
SERIF = "DejaVu Serif"
IMAGE_BOX = {"emblem": (64, 6.0), "logo": (62, 2.2), "cert-emblem": (46, 5.0), "vqr": (40, 1.5)}  # height pt, width cm


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _has_block(el) -> bool:
    return any(isinstance(ch.tag, str) and ch.tag in BLOCK for ch in el)


class Writer:
    def __init__(self, kind: str):
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Pt

        self.kind = kind
        self.d = Document()
        sec = self.d.sections[0]
        geo = LANDSCAPE if kind == "certificate" else PORTRAIT
        if kind == "certificate":
            sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(geo[0]), Cm(geo[1])
        sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = (Cm(geo[2]), Cm(geo[3]), Cm(geo[4]), Cm(geo[5]))
        # a certificate's footer (its verification mark) stands inside the frame, which is 0.9 cm from the page's edge
        sec.footer_distance = Cm(1.2 if kind == "certificate" else 0.5)
        self.width = geo[0] - geo[2] - geo[3]  # text width, cm
        normal = self.d.styles["Normal"]
        normal.font.name = SERIF
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(2)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = 1.15
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(_qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(_qn(attr), SERIF)
        if kind == "certificate":
            _page_border(sec)
        self.fit = ""              # a certificate's fit class: "", "tight" or "tightest"
        self.keep = False          # inside .closing: paragraphs kept with the next
        self.page_break = False    # the next paragraph starts a page (.lampiran)

    # ---- paragraphs -------------------------------------------------------------------------
    def para(self, container, ctx: dict):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        p = container.add_paragraph()
        align = ctx.get("align", "left")
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        pf = p.paragraph_format
        if ctx.get("indent"):
            pf.left_indent = Cm(ctx["indent"])
        if ctx.get("right_indent"):
            pf.right_indent = Cm(ctx["right_indent"])
        if ctx.get("after") is not None:
            pf.space_after = Pt(ctx["after"])
        if ctx.get("before") is not None:
            pf.space_before = Pt(ctx["before"])
        if self.keep:
            pf.keep_with_next = True
        if self.page_break:
            pf.page_break_before = True
            self.page_break = False
        return p

    def runs(self, p, el, fmt: dict, ctx: dict) -> None:
        """The inline content of `el` as runs of `p` (whitespace collapsed as HTML does)."""
        pieces: list[tuple[str, dict]] = []
        self._collect(el, fmt, pieces, top=True)
        self._emit(p, pieces, ctx)

    def _collect(self, el, fmt: dict, out: list, top: bool = False) -> None:
        cls = _classes(el)
        fmt = dict(fmt)
        if not top:
            tag = el.tag
            if tag in ("b", "strong"):
                fmt["bold"] = True
            elif tag in ("i", "em"):
                fmt["italic"] = True
            elif tag == "u":
                fmt["underline"] = True
            elif tag == "small":
                fmt["size"] = min(fmt.get("size") or 10.5, 9)
            elif tag == "br":
                out.append(("\n", fmt))
                if el.tail:
                    out.append((el.tail, fmt))
                return
            elif tag == "img":
                out.append(("\0img", fmt | {"src": el.get("src", ""), "cls": cls}))
                if el.tail:
                    out.append((el.tail, fmt))
                return
        if cls & UPPER:
            fmt["upper"] = True
        if "tempat" in cls:
            out.append(("\t", fmt))
        if el.text:
            out.append((el.text, fmt))
        for ch in el:
            if not isinstance(ch.tag, str):  # a comment
                if ch.tail:
                    out.append((ch.tail, fmt))
                continue
            self._collect(ch, fmt, out)
        if not top and el.tail:
            out.append((el.tail, self._outer(fmt, el)))

    @staticmethod
    def _outer(fmt: dict, el) -> dict:
        # the tail of an inline element has the parent's format: undo what the element added
        out = dict(fmt)
        tag = el.tag
        if tag in ("b", "strong"):
            out.pop("bold", None)
        elif tag in ("i", "em"):
            out.pop("italic", None)
        elif tag == "u":
            out.pop("underline", None)
        elif tag == "small":
            out.pop("size", None)
        if _classes(el) & UPPER:
            out.pop("upper", None)
        return out

    def _emit(self, p, pieces, ctx: dict) -> None:
        from docx.shared import Pt, RGBColor

        text_pieces = []
        for text, fmt in pieces:
            if text == "\0img":
                text_pieces.append((text, fmt))
                continue
            if text in ("\n", "\t"):
                text_pieces.append((text, fmt))
                continue
            text = re.sub(r"[ \t\r\n\f]+", " ", text)
            text_pieces.append((text, fmt))
        # collapse spaces across runs; none at the start, the end, or around a line break
        cleaned = []
        prev_space = True
        for text, fmt in text_pieces:
            if text in ("\n", "\t", "\0img"):
                if text == "\n" and cleaned and cleaned[-1][0] not in ("\n", "\t", "\0img"):
                    cleaned[-1] = (cleaned[-1][0].rstrip(" "), cleaned[-1][1])
                cleaned.append((text, fmt))
                prev_space = text != "\0img"
                continue
            if prev_space:
                text = text.lstrip(" ")
            if not text:
                continue
            prev_space = text.endswith(" ")
            cleaned.append((text, fmt))
        while cleaned and cleaned[-1][0] not in ("\n", "\t", "\0img") and not cleaned[-1][0].strip():
            cleaned.pop()
        if cleaned and cleaned[-1][0] not in ("\n", "\t", "\0img"):
            cleaned[-1] = (cleaned[-1][0].rstrip(" "), cleaned[-1][1])
        for text, fmt in cleaned:
            if text == "\0img":
                self.image(p, fmt["src"], fmt["cls"])
                continue
            if text == "\n":
                p.add_run().add_break()
                continue
            run = p.add_run(text.upper() if fmt.get("upper") else text)
            run.bold = fmt.get("bold") or None
            run.italic = fmt.get("italic") or None
            run.underline = fmt.get("underline") or None
            size = fmt.get("size") or ctx.get("size")
            if size:
                run.font.size = Pt(size)
            color = fmt.get("color") or ctx.get("color")
            if color:
                run.font.color.rgb = RGBColor.from_string(color)
            if fmt.get("font") or ctx.get("font"):
                run.font.name = fmt.get("font") or ctx.get("font")

    def image(self, p, src: str, cls: set[str]) -> None:
        """An image of the paper in its box: the height the PDF gives it, never wider than its place
        (a wide logo scaled down into the letterhead's cell, not across the page)."""
        from docx.image.image import Image
        from docx.shared import Cm, Pt

        m = re.match(r"data:image/(png|jpeg|gif);base64,(.*)", src, re.S)
        if not m:
            return  # an SVG emblem (python-docx cannot place SVG) or a file URL: left out
        data = base64.b64decode(m.group(2))
        role = next(iter(cls & set(IMAGE_BOX)), "vqr")
        height, width = IMAGE_BOX[role]
        if role == "cert-emblem":
            height = CERT_FIT[self.fit]["emblem"]
        if role == "vqr" and self.kind == "certificate":
            height, width = 52, 1.9
        try:
            img = Image.from_blob(data)
            ratio = img.px_width / max(img.px_height, 1)
        except Exception:  # an image python-docx cannot read: left out, as a broken image would be
            return
        if Pt(height) * ratio > Cm(width):
            p.add_run().add_picture(io.BytesIO(data), width=Cm(width))
        else:
            p.add_run().add_picture(io.BytesIO(data), height=Pt(height))

    # ---- blocks -----------------------------------------------------------------------------
    def blocks(self, el, container, ctx: dict) -> None:
        """Each block child of `el` (and loose inline text between them) into `container`."""
        loose: list = []

        def flush():
            if loose:
                holder = _Holder(loose)
                if "".join(holder.itertext()).strip() or any(getattr(x, "tag", None) == "img" for x in loose):
                    p = self.para(container, ctx)
                    self.runs(p, holder, ctx.get("fmt", {}), ctx)
                loose.clear()

        if el.text and el.text.strip():
            loose.append(el.text)
        for ch in el:
            if not isinstance(ch.tag, str):
                if ch.tail and ch.tail.strip():
                    loose.append(ch.tail)
                continue
            if ch.tag in BLOCK:
                flush()
                self.block(ch, container, ctx)
                if ch.tail and ch.tail.strip():
                    loose.append(ch.tail)
            else:
                loose.append(ch)
        flush()

    def block(self, el, container, ctx: dict) -> None:
        from docx.shared import Pt

        cls = _classes(el)
        tag = el.tag
        if "vmark" in cls:
            if cls & {"vmark-print", "vmark-cert"}:  # a letter's footer, a certificate's corner: Word's footer
                self.footer_mark(el)
            return
        ctx = dict(ctx)
        fmt = dict(ctx.get("fmt", {}))
        if cls & UPPER:
            fmt["upper"] = True
        ctx["fmt"] = fmt
        if tag == "table":
            return self.table(el, container, ctx)
        if tag in ("ol", "ul"):
            return self.listing(el, container, ctx)
        if tag == "pre":
            for line in (el.text_content() or "").split("\n"):
                p = self.para(container, ctx | {"after": 0})
                p.paragraph_format.line_spacing = 1.0
                run = p.add_run(line)
                run.font.name = "DejaVu Sans Mono"
                run.font.size = Pt(6.2)
                run.bold = "annex-head" in cls or None
            return
        if "kop" in cls:
            return self.letterhead(el, container, ctx)
        if "frame" in cls or "inner" in cls:
            self.fit = next((f for f in ("tight", "tightest") if f in cls), self.fit)
            return self.blocks(el, container, ctx | {"align": "center"})
        if "lampiran" in cls:
            self.page_break = True
            return self.blocks(el, container, ctx)
        if "closing" in cls:
            keep, self.keep = self.keep, True
            self.blocks(el, container, ctx)
            self.keep = keep
            return
        if "sign" in cls:
            indent = round(self.width * 0.55, 2)
            before = 12
            for ch in el:
                if not isinstance(ch.tag, str):
                    continue
                c2 = ctx | {"align": "center", "indent": indent, "before": before, "after": 0}
                before = None
                if ch.tag == "table":  # Ditetapkan di / pada tanggal
                    self.tab_rows(ch, container, c2 | {"align": "left", "indent": indent + 1.0}, colon=False, label=2.7)
                    continue
                if "space" in _classes(ch):
                    p = self.para(container, c2)
                    p.paragraph_format.space_before = Pt(38)
                    continue
                name = "name" in _classes(ch)
                f = fmt | ({"bold": True} if name else {}) | ({"underline": True} if name and "plain" not in _classes(ch) else {})
                p = self.para(container, c2 | {"fmt": f})
                self.runs(p, ch, f, c2)
            return
        if "cert-sign" in cls:
            side = round(self.width * 0.275, 2)
            for ch in el:
                if not isinstance(ch.tag, str):
                    continue
                size = next((v for k, v in CERT_SIGN.items() if k and k in cls), CERT_SIGN[""])
                c2 = ctx | {"align": "center", "indent": side, "right_indent": side, "after": 0, "size": size}
                if "space" in _classes(ch):
                    p = self.para(container, c2)
                    p.paragraph_format.space_before = Pt(CERT_FIT[self.fit]["space"])
                    continue
                name = "name" in _classes(ch)
                f = fmt | ({"bold": True, "underline": True} if name else {})
                p = self.para(container, c2)
                self.runs(p, ch, f, c2)
            return
        if "cert-mark" in cls:
            return self.blocks(el, container, ctx)
        if "cc" in cls:
            return self.blocks(el, container, ctx | {"size": 9.5, "before": 10, "after": 0})
        if tag in ("div", "section", "li") and _has_block(el):
            return self.blocks(el, container, ctx)
        # a paragraph
        c2 = dict(ctx)
        if tag == "h1":
            c2 |= {"align": "center", "size": 14, "after": 0}
            fmt = fmt | {"bold": True, "upper": True}
        elif tag == "h2":
            c2 |= {"align": "center", "size": 12, "after": 0, "before": 2}
            fmt = fmt | {"bold": True, "upper": True}
        if "center" in cls:
            c2["align"] = "center"
        if "justify" in cls:
            c2["align"] = "justify"
            c2.setdefault("after", 6)
            if c2.get("after") is not None and c2["after"] < 6:
                c2["after"] = 6
        if "right" in cls or "place-date" in cls:
            c2["align"] = "right"
        if "place-date" in cls:
            c2["after"] = 8
        if "number" in cls:
            c2 |= {"align": "center", "after": 14, "before": 2}
        if "to" in cls:
            c2 |= {"before": 12, "after": 12}
        if "dengan" in cls:
            c2["before"] = 8
        if "anchor" in cls:
            c2 |= {"size": 8, "before": 10, "color": "555555"}
        if cls & {"missing", "flag"}:  # the SINOVIK draft: a section left empty, a text over its word limit
            c2 |= {"color": "770000", "before": 3, "after": 5, "align": "left"}
        if "sec-head" in cls:
            c2 |= {"before": 9, "after": 3}
        for name, size in CERT_SIZES.items():
            if name in cls:
                c2["size"] = next((v for (n, k), v in CERT_SHRINK.items() if n == name and k in cls), size)
                c2["after"] = {"cert-comp": 10 if not self.fit else 6}.get(name, 4)
                c2["before"] = 0
                if name in CERT_FIT[self.fit]:
                    c2["size"], c2["before"], c2["after"] = CERT_FIT[self.fit][name]
                if name in ("cert-title", "cert-inst", "cert-honour", "cert-gov"):
                    fmt = fmt | {"bold": True}
                if name == "cert-innovation":
                    fmt = fmt | {"italic": True}
                if name == "cert-title":
                    c2["color"] = "5A4712"
                if name == "cert-honour":
                    c2["color"] = "8A1F1F"
        if cls & {"gov", "org", "office", "addr", "city"}:
            c2["size"] = {"gov": 13, "org": 15, "office": 14, "addr": 9, "city": 9}[next(iter(cls & {"gov", "org", "office", "addr", "city"}))]
            c2["after"] = 0
            c2["align"] = "center"
            if cls & {"gov", "org", "office", "city"}:
                fmt = fmt | {"bold": True}
        if "sign-head" in cls:
            c2["before"] = 6
        if cls & {"notes-head", "judge-note", "judge-note-crit"}:  # the judge's comments under the recap
            c2 |= {"notes-head": {"before": 8, "after": 2}, "judge-note": {"before": 3, "after": 0, "size": 9.5, "align": "left"},
                   "judge-note-crit": {"before": 1, "after": 0, "size": 9.5, "align": "left", "indent": 0.5}}[
                next(iter(cls & {"notes-head", "judge-note", "judge-note-crit"}))]
        if tag == "p" and "after" not in c2:
            c2["after"] = 6
        p = self.para(container, c2)
        if cls & {"missing", "flag"}:
            _box(p, "dashed" if "missing" in cls else "single", "AA0000", "FDEEEE" if "missing" in cls else None)
        if "sec-head" in cls:
            p.paragraph_format.keep_with_next = True
        self.runs(p, el, fmt, c2)

    def letterhead(self, el, container, ctx: dict) -> None:
        if "kop-region" in _classes(el):
            self.blocks(el, container, ctx | {"align": "center"})
            return
        logo = next((x for x in el.iter("img") if "logo" in _classes(x)), None)
        lines = next((x for x in el if isinstance(x.tag, str) and "lines" in _classes(x)), el)
        if logo is not None:
            t = container.add_table(rows=1, cols=3)
            _widths(t, [2.4, self.width - 4.8, 2.4])
            p = t.rows[0].cells[0].paragraphs[0]
            self.image(p, logo.get("src", ""), {"logo"})
            self.blocks(lines, t.rows[0].cells[1], ctx | {"align": "center"})
            _drop_first_empty(t.rows[0].cells[1])
        else:
            self.blocks(lines, container, ctx | {"align": "center"})
        p = self.para(container, ctx | {"after": 14})
        _border(p, "bottom", "double", 6)

    def footer_mark(self, el) -> None:
        """The verification mark: the footer of every page (as the PDF's running footer), and the page number."""
        from docx.shared import Cm, Pt

        footer = self.d.sections[0].footer
        p = footer.paragraphs[0]
        p.paragraph_format.tab_stops.add_tab_stop(Cm(self.width), alignment=2)  # right
        img = next(el.iter("img"), None)
        if img is not None:
            self.image(p, img.get("src", ""), {"vqr"})
            p.add_run(" ")
        for span in el.iter("span"):
            c = _classes(span)
            text = " ".join((span.text_content() or "").split())
            if not text:
                continue
            run = p.add_run(text + ("  " if "vlabel" in c else " "))
            run.font.size = Pt(8 if "vcode" in c else 6.5)
            run.font.name = "DejaVu Sans Mono" if "vcode" in c else "DejaVu Sans"
        if self.kind != "certificate":
            p.add_run("\t")
            _page_field(p)

    # ---- tables -----------------------------------------------------------------------------
    def table(self, el, container, ctx: dict) -> None:
        cls = _classes(el)
        if "grid" in cls:
            return self.grid(el, container, ctx)
        if "judges" in cls:
            return self.judges(el, container, ctx)
        if "decree" in cls:
            return self.tab_rows(el, container, ctx | {"before": 4}, colon=True, label=2.8)
        if "lampiran-head" in cls:
            return self.tab_rows(el, container, ctx | {"indent": round(self.width * 0.5, 2), "size": 9.5, "after": 0, "last_after": 12},
                                 colon=True, label=2.2)
        if cls & {"meta", "detail", "set"}:
            extra = {"indent": 1.0, "before": 4, "last_after": 6} if "detail" in cls else {}
            return self.tab_rows(el, container, ctx | extra | {"after": 0}, colon="set" not in cls,
                                 label=2.6 if "meta" in cls else 2.8)
        # a layout table (meta-to, the certificate's foot): its cells' content, in order
        for cell in el.iter("td"):
            if cell.getparent() is not None and _owner_table(cell) is el:
                if _classes(cell) & {"cert-sign", "cert-mark"}:
                    self.block(cell, container, ctx)
                else:
                    self.blocks(cell, container, ctx)

    def tab_rows(self, el, container, ctx: dict, colon: bool, label: float) -> None:
        """Rows of (label, ':', text) as paragraphs on tab stops with a hanging indent: the colons line up
        and a wrapped line starts under the text, as in the PDF's table."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Cm

        base = ctx.get("indent") or 0
        colon_at, text_at = base + label, base + label + 0.4
        trs = [r for r in el.iter("tr") if _owner_table(r) is el]
        for n, tr in enumerate(trs):
            if n:
                ctx = ctx | {"before": None}
            if n == len(trs) - 1 and ctx.get("last_after") is not None:
                ctx = ctx | {"after": ctx["last_after"]}
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if len(cells) == 1 or (cells and cells[0].get("colspan")):
                p = self.para(container, ctx)
                self.runs(p, cells[0], ctx.get("fmt", {}), ctx)
                continue
            if not cells:
                continue
            content = cells[-1]
            items = [li for li in content.iter("li")]
            lists = [x for x in content if isinstance(x.tag, str) and x.tag in ("ol", "ul")]
            head_parts = [cells[0]] + ([cells[1]] if len(cells) == 3 else [])

            def start(p, indent: float, marker_at: float | None):
                pf = p.paragraph_format
                pf.left_indent = Cm(indent)
                pf.first_line_indent = Cm(base - indent)
                for at in (colon_at, text_at) + ((marker_at,) if marker_at else ()):
                    pf.tab_stops.add_tab_stop(Cm(at), WD_TAB_ALIGNMENT.LEFT)
                self._emit(p, [(" ".join((cells[0].text_content() or "").split()), ctx.get("fmt", {})), ("\t", {})] +
                           ([(":", {}), ("\t", {})] if colon and len(cells) == 3 else []), ctx)

            if lists and items:
                alpha = "alpha" in _classes(lists[0])
                marker_w = 0.6
                for i, li in enumerate(items):
                    marker = (chr(ord("a") + i) if alpha else str(i + 1)) + "."
                    p = self.para(container, ctx | {"align": "justify", "after": 1, "indent": None})
                    if i == 0:
                        start(p, text_at + marker_w, text_at + marker_w)
                    else:
                        pf = p.paragraph_format
                        pf.left_indent = Cm(text_at + marker_w)
                        pf.first_line_indent = Cm(-marker_w)
                        pf.tab_stops.add_tab_stop(Cm(text_at + marker_w), WD_TAB_ALIGNMENT.LEFT)
                    self._emit(p, [(marker, {}), ("\t", {})], ctx)
                    self.runs(p, li, ctx.get("fmt", {}), ctx)
                continue
            p = self.para(container, ctx | {"indent": None, "align": "justify" if "decree" in _classes(el) else ctx.get("align", "left")})
            start(p, text_at if colon or len(cells) == 3 else base + label, None)
            if not colon and len(cells) == 2:
                self.runs(p, cells[1], ctx.get("fmt", {}), ctx)
            else:
                self.runs(p, content, ctx.get("fmt", {}), ctx)

    def grid(self, el, container, ctx: dict) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        rows = [r for r in el.iter("tr") if _owner_table(r) is el]
        ncols = max(sum(int(c.get("colspan", 1)) for c in r if isinstance(c.tag, str)) for r in rows)
        widths, head_pt = column_widths(rows, ncols, self.width)
        t = container.add_table(rows=0, cols=ncols)
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cell_margins(t, CELL_SIDE)
        for r in rows:
            cells = [c for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")]
            row = t.add_row()
            _no_split(row)
            head = all(c.tag == "th" for c in cells)
            if head:
                _repeat_header(row)
            col = 0
            for c in cells:
                span = int(c.get("colspan", 1))
                cell = row.cells[col]
                if span > 1:
                    cell = cell.merge(row.cells[col + span - 1])
                col += span
                ccls = _classes(c)
                f = ctx.get("fmt", {}) | ({"bold": True} if head else {}) | ({"italic": True} if "more" in _classes(r) else {})
                p = cell.paragraphs[0]
                p.paragraph_format.space_after = Pt(0)
                if "num" in ccls:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if head or "more" in _classes(r):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if head:
                    _shade(cell, "E8EDF3")
                if "cut" in _classes(r):
                    _cell_border(cell, "bottom", "single", 16, "AA0000")
                self.runs(p, c, f, {"size": head_pt if head else 9})
        _widths(t, widths)
        gap = container.add_paragraph()  # the PDF's margin under a table: the next paragraph does not touch it
        gap.paragraph_format.space_after = Pt(4)
        gap.paragraph_format.line_spacing = Pt(4)

    def judges(self, el, container, ctx: dict) -> None:
        from docx.shared import Pt

        rows = [r for r in el.iter("tr") if _owner_table(r) is el]
        ncols = max(len([c for c in r if isinstance(c.tag, str)]) for r in rows)
        t = container.add_table(rows=0, cols=ncols)
        if ncols == 3:
            widths = [0.8, self.width * 0.55 - 0.8, self.width * 0.45]
        else:
            per = self.width / 2
            widths = [0.7, per * 0.58 - 0.7, per * 0.42] * 2
        for r in rows:
            row = t.add_row()
            _no_split(row)
            for i, c in enumerate([c for c in r if isinstance(c.tag, str)]):
                cell = row.cells[i]
                p = cell.paragraphs[0]
                p.paragraph_format.space_before = Pt(8)
                p.paragraph_format.space_after = Pt(8)
                p.paragraph_format.keep_with_next = self.keep or None  # the signatures stay together
                if "line" in _classes(c):
                    _cell_border(cell, "bottom", "dotted", 4, "000000")
                self.runs(p, c, {}, {"size": 9.5 if ncols == 3 else 9})
        _widths(t, widths)

    def listing(self, el, container, ctx: dict) -> None:
        from docx.shared import Cm

        alpha = "alpha" in _classes(el)
        items = [li for li in el if isinstance(li.tag, str) and li.tag == "li"]
        for i, li in enumerate(items):
            marker = "\u2022" if el.tag == "ul" else (chr(ord("a") + i) if alpha else str(i + 1)) + "."
            p = self.para(container, ctx | {"after": ctx.get("after", 2), "before": None})
            pf = p.paragraph_format
            base = ctx.get("indent") or 0
            pf.left_indent = Cm(base + 0.6)
            pf.first_line_indent = Cm(-0.6)
            pf.tab_stops.add_tab_stop(Cm(base + 0.6))
            self._emit(p, [(marker, {}), ("\t", {})], ctx)
            self.runs(p, li, ctx.get("fmt", {}), ctx)

    def bytes(self) -> bytes:
        body = self.d.element.body
        first = body[0] if len(body) else None
        if first is not None and first.tag == _qn("w:p") and not "".join(first.itertext()).strip() and \
                not first.findall(".//" + _qn("w:drawing")):
            body.remove(first)  # python-docx's empty first paragraph
        buf = io.BytesIO()
        self.d.save(buf)
        return buf.getvalue()


class _Holder:
    """Loose inline content between blocks, walked like an element."""

    tag = "span"

    def __init__(self, items):
        self.text = ""
        self._children = []
        for x in items:
            if isinstance(x, str):
                if self._children:
                    self._children.append(_Text(x))
                else:
                    self.text += x
            else:
                self._children.append(x)

    def get(self, key, default=None):
        return default

    def __iter__(self):
        return iter(self._children)

    def itertext(self):
        yield self.text
        for ch in self._children:
            if isinstance(ch, _Text):
                yield ch.text
            else:
                yield from ch.itertext()
                if ch.tail:
                    yield ch.tail


class _Text:
    tag = "span"
    tail = None

    def __init__(self, text):
        self.text = text

    def get(self, key, default=None):
        return default

    def __iter__(self):
        return iter(())


def _owner_table(el):
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def column_widths(rows, ncols: int, total: float) -> tuple[list[float], float]:
    """Column widths (cm) from the cells' text measured in the papers' font (`word_metrics`), and the header's
    size (pt): no column narrower than its header's longest word in bold and its cells' longest word (a short
    cell, "Juara III", a rank, an amount, its whole line), so that neither "Kemudahan" nor "K001" is broken;
    the rest shared by how much text each column holds. A table of many columns sets its header smaller
    (8 pt down to 6 pt) to fit; only a table whose words cannot all fit at 6 pt is narrowed below them."""
    from krenova_cli.documents.word_metrics import text_width

    body = [0.0] * ncols   # cm: the widest word (or short line) of the column's cells, at 9 pt
    head: list[list[str]] = [[] for _ in range(ncols)]  # the header's words
    amount = [0.0] * ncols  # cm: the column's longest cell on one line (at most ~120 characters)
    for r in rows:
        cells = [c for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if len(cells) != ncols:
            continue
        for i, c in enumerate(cells):
            lines = [" ".join(line.split()) for line in _lines(c)]
            text = " ".join(lines)
            if c.tag == "th":  # a heading wraps between its words, never inside one
                head[i] += text.split()
                continue
            bold = c.find(".//b") is not None or c.find(".//strong") is not None
            short = max(len(line) for line in lines) <= 9 or "num" in _classes(c)  # "Juara III", ranks, amounts: one line
            words = lines if short else text.split()
            # a token longer than 4.5 cm (a web address) breaks where it must rather than take the page
            body[i] = max(body[i], min(max((text_width(w, 9, bold) for w in words), default=0.0), 4.5))
            amount[i] = max(amount[i], text_width(text[:120], 9, bold))
    for head_pt in (8, 7, 6):
        least = [max(b, max((text_width(w, head_pt, True) for w in h), default=0.0)) * SLACK + PAD
                 for b, h in zip(body, head)]
        if sum(least) <= total:
            break
    if sum(least) > total:
        return [w * total / sum(least) for w in least], head_pt
    spare = total - sum(least)
    extra = [max(a * SLACK + PAD - m, 0) for a, m in zip(amount, least)]
    if sum(extra) == 0:
        return [m + spare / ncols for m in least], head_pt
    if sum(extra) <= spare:  # all fits on one line: give the text columns the rest
        rest = spare - sum(extra)
        return [m + e + rest * e / sum(extra) for m, e in zip(least, extra)], head_pt
    return [m + spare * e / sum(extra) for m, e in zip(least, extra)], head_pt


CELL_SIDE = 0.14  # cm: a grid cell's left and right margin (the PDF's 4 pt padding)
PAD = 2 * CELL_SIDE + 0.05  # cm: a cell's margins and its borders
SLACK = 1.03   # a writer's rounding of widths to twips and its own glyph positions


def _lines(cell) -> list[str]:
    """A cell's text as its lines (split at <br>)."""
    lines = [cell.text or ""]
    for el in cell.iterdescendants():
        if el.tag == "br":
            lines.append("")
        elif isinstance(el.tag, str):
            lines[-1] += el.text or ""
        if el.tail and el.getparent() is not None:
            lines[-1] += el.tail
    return lines


def docx_from_html(html: str, kind: str) -> bytes:
    """One rendered paper (the HTML of `render_html` for one document) as a Word file."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    section = next(root.iter("section"))
    w = Writer(kind)
    w.blocks(section, w.d, {})
    return w.bytes()
