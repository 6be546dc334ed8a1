"""Is every word of a laid-out paper where a person can read it? (SPEC 9.2)

WeasyPrint keeps the text of a line that a frame clips (`overflow: hidden`), that runs off the
page, or that an image covers: the PDF's text layer holds it, the printed page does not show it.
This walks the layout tree WeasyPrint made (each page's box tree) before the PDF is written, and
finds each line of text that lies outside the page, outside a box that clips it, or over another
line or an image (the QR code, the emblem). The template marks the elements that hold the
variable texts with `data-field`, so that the refusal can name the field to shorten.
"""

from __future__ import annotations

from dataclasses import dataclass

SLACK = 1.0  # CSS px: rounding in the layout, a glyph's side bearing


@dataclass(frozen=True)
class Misfit:
    page: int  # 0-based, in the batch
    field: str  # the nearest `data-field` around the text, or ""
    text: str
    why: str  # "clipped", "off the page", "overlaps"


def misfits(document) -> list[Misfit]:
    """Every line of text of every page that a person would not read whole."""
    from weasyprint.formatting_structure import boxes as b

    found: list[Misfit] = []
    for number, page in enumerate(document.pages):
        texts: list[tuple[tuple[float, float, float, float], str, str]] = []
        images: list[tuple[float, float, float, float]] = []
        page_rect = (0.0, 0.0, page.width, page.height)

        def walk(box, clips: list, field: str) -> None:
            element = getattr(box, "element", None)
            if element is not None and hasattr(element, "get"):
                field = element.get("data-field") or field
            if isinstance(box, b.TextBox):
                if not box.text.strip():
                    return
                rect = (box.position_x, box.position_y, box.position_x + box.width, box.position_y + box.height)
                for clip, why in [(page_rect, "off the page")] + [(c, "clipped") for c in clips]:
                    if (rect[0] < clip[0] - SLACK or rect[1] < clip[1] - SLACK or rect[2] > clip[2] + SLACK
                            or rect[3] > clip[3] + SLACK):
                        found.append(Misfit(number, field, box.text, why))
                        return
                texts.append((rect, field, box.text))
                return
            if isinstance(box, b.ReplacedBox):
                images.append((box.content_box_x(), box.content_box_y(), box.content_box_x() + box.width,
                               box.content_box_y() + box.height))
            if isinstance(box, b.ParentBox) or hasattr(box, "children"):
                if box.style["overflow"] != "visible" and isinstance(box, b.BlockContainerBox):
                    x, y = box.padding_box_x(), box.padding_box_y()
                    clips = clips + [(x, y, x + box.padding_width(), y + box.padding_height())]
                for child in getattr(box, "children", ()):
                    walk(child, clips, field)

        walk(page._page_box, [], "")
        found += _overlaps(number, texts, images)
    return found


def _overlaps(number: int, texts, images) -> list[Misfit]:
    """Lines of text drawn over one another or over an image (a sweep down the page)."""
    out = []
    items = sorted([(r, f, t) for r, f, t in texts] + [(r, "", None) for r in images], key=lambda x: x[0][1])
    for i, (r, field, text) in enumerate(items):
        for s, other_field, other in items[i + 1:]:
            if s[1] >= r[3] - SLACK:
                break
            if text is None and other is None:
                continue
            w = min(r[2], s[2]) - max(r[0], s[0])
            h = min(r[3], s[3]) - max(r[1], s[1])
            if w > 2 * SLACK and h > 2 * SLACK:
                own_field, own_text = (field, text) if text is not None else (other_field, other)
                out.append(Misfit(number, own_field, own_text, "overlaps"))
    return out
