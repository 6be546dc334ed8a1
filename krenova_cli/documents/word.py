"""Word output (.docx): every kind, with the same content as the PDF papers (SPEC 9.2).

Built in, a Word paper is the paper's rendered HTML (the same templates and the same data as the
PDF) walked into Word paragraphs and tables by `word_layout.py`: one content model, two renderers.
A file `KIND.docx` in the competition's `templates/` folder replaces that with the office's own
Word template, filled by docxtpl; `python -m krenova_cli.documents.word_templates DIR` writes
starting points for such templates.
Jinja inside the .docx runs in the same sandbox, with the same filters and strict undefined
variables, as the HTML templates, and every value is XML-escaped.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import N_, _
from krenova_cli.store import layout

DOCX_HELP = N_("Word output needs docxtpl: from the krenova source folder, pip install '.[docx]' (or pip install docxtpl)")


def docx_problem() -> str | None:
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        return _(DOCX_HELP)
    return None


def _override(store, kind: str) -> bytes | None:
    """The office's own Word template for this kind (`templates/KIND.docx`), if there is one."""
    override = store.path(layout.TEMPLATES) / f"{kind}.docx"
    if override.is_symlink():
        raise UserError(_("{folder}/{kind}.docx: a symbolic link; krenova reads only plain files").format(folder=layout.TEMPLATES, kind=kind))
    if override.is_file():
        return override.read_bytes()
    return None


def _from_html(store, docs: list[dict], c: dict, folder: Path, progress) -> "RenderResult":
    """The built-in Word papers: each paper's HTML (the PDF's content) laid out as Word."""
    import base64
    import gc

    from krenova_cli.documents.rendering import RenderResult, environment, render_html
    from krenova_cli.documents.word_layout import docx_from_html
    from krenova_cli.store.atomic import atomic_write

    env = environment(store.path(layout.TEMPLATES), c["locale"])
    result = RenderResult()
    for i, d in enumerate(docs):
        qr = d.get("verify_qr")
        page = d | ({"verify_qr": "data:image/png;base64," + base64.b64encode(qr).decode("ascii")} if isinstance(qr, bytes) else {})
        data = docx_from_html(render_html(env, [page], c), d["kind"])
        if i % 10 == 9:  # python-docx's parts refer to each other: their (native, lxml) trees go only with a collection
            gc.collect()
        path = folder / f"{d['stem']}.docx"
        atomic_write(path, data, sync_dir=False)
        result.files.append(path)
        if progress:
            progress(i + 1, len(docs))
    return result


def render_docx(store, docs: list[dict], c: dict, kind: str, folder: Path, combine: bool,
                progress: Callable[[int, int], None] | None = None):
    problem = docx_problem()
    if problem:
        raise UserError(problem)
    if combine:
        raise UserError(_("--combine is for html and pdf; Word documents are written one file each"))
    from docxtpl import DocxTemplate, InlineImage
    from docx.shared import Mm
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    from krenova_cli.documents.rendering import RenderResult, environment
    from krenova_cli.store.atomic import atomic_write

    source = _override(store, kind)
    if source is None:
        return _from_html(store, docs, c, folder, progress)
    env = environment(store.path(layout.TEMPLATES), c["locale"])
    meta = {"emblem": c.get("emblem_path", ""), "logo": c.get("logo_path", "")}
    result = RenderResult()
    for i, d in enumerate(docs):
        tpl = DocxTemplate(io.BytesIO(source))
        images = {k: (InlineImage(tpl, str(store.path(v)), height=Mm(22)) if v else "") for k, v in meta.items()}
        qr = d.get("verify_qr")
        images["qr"] = InlineImage(tpl, io.BytesIO(qr), height=Mm(14)) if isinstance(qr, bytes) else ""
        try:
            tpl.render({"doc": d, "c": c, "img": images}, jinja_env=env, autoescape=True)
        except SecurityError as exc:
            raise UserError(_("template refused: {problem} (templates may not reach Python internals)").format(problem=exc)) from None
        except TemplateError as exc:
            raise UserError(_("Word template {kind}.docx: {problem}").format(kind=kind, problem=exc)) from None
        buf = io.BytesIO()
        tpl.save(buf)
        path = folder / f"{d['stem']}.docx"
        atomic_write(path, buf.getvalue(), sync_dir=False)
        result.files.append(path)
        if progress:
            progress(i + 1, len(docs))
    return result
