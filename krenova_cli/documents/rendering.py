"""Rendering documents: Jinja2 (sandboxed, autoescaped, strict) to HTML, WeasyPrint to PDF.

A template in the data directory's templates/ overrides the built-in one of the
same name. PDFs are rendered in batches (one WeasyPrint layout for many
documents, split back into one file each) across a process pool, and
WeasyPrint may fetch nothing outside the data directory and the package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from krenova_cli.documents.builders import common, documents as build_documents
from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.i18n.formatting import count as grouped
from krenova_cli.i18n.messages import N_, _
from krenova_cli.store.packaged import templates_dir
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout

PDF_HELP = N_("PDF output needs WeasyPrint and the system's Pango and HarfBuzz: pip install '.[pdf]' in krenova's source folder (in cmd.exe: pip install .[pdf]) and, on Debian "
            "or Ubuntu, apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core "
            "(HTML output works without them: --format html)")
BATCH = 20  # certificates a layout: per certificate, 20 lay out faster than 40 or 100 (WeasyPrint's page layout grows faster than the pages)


@dataclass
class RenderResult:
    files: list[Path] = field(default_factory=list)
    combined: Path | None = None
    renumbered: int = 0  # papers given new numbers by `letters --renumber`
    moved: list[Path] = field(default_factory=list)  # revoked papers moved aside (into `dicabut/`)
    out_of_order: list = field(default_factory=list)  # new numbers dated before an earlier number's date


RENDER_SECONDS = 10
MAX_HTML = 64 * 2**20  # characters of one rendered batch
MAX_TEXT = 1_000_000  # one string built by * or % inside a template


WIDTH = 10_000  # a padding or format width


def _too_large(count: int, limit: int = MAX_TEXT):
    from jinja2.exceptions import SecurityError

    return SecurityError(_("a text of {count} characters (at most {limit})").format(count=grouped(count), limit=grouped(limit)))


def _wide(width, what: str):
    from jinja2.exceptions import SecurityError

    if isinstance(width, int) and width > WIDTH:
        return SecurityError(_("a {what} width over 10,000").format(what=what))
    return None


def _size(value) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else 0


def _grown(value, method: str, args: tuple, kwargs: dict) -> int:
    """What a call of a text or list method would build, estimated before it runs (issue 24 item 11:
    `.center(50000000)`, `.replace("", big)`, `"".join(many big)` each built gigabytes)."""
    if isinstance(value, str):
        first = args[0] if args else next(iter(kwargs.values()), None)
        if method in ("center", "ljust", "rjust", "zfill"):
            return first if isinstance(first, int) else 0
        if method == "expandtabs":
            return len(value) * (first if isinstance(first, int) else 8)
        if method == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
            times = value.count(args[0]) if args[0] else len(value) + 1
            return len(value) + times * len(args[1])
        if method == "join" and isinstance(first, (list, tuple)):
            return sum(_size(x) for x in first) + len(value) * len(first)
    if isinstance(value, list) and method in ("extend", "__iadd__"):
        return len(value) + _size(args[0] if args else ())
    return 0


def _bounded_sandbox():
    """Jinja's sandbox with everything a template could use to exhaust memory capped: repetition,
    `%` and `str.format` widths, padding and other growing methods, `+` and `~`, every filter's
    result, and the output itself (counted while it is made)."""
    import re
    import string

    from jinja2.compiler import CodeGenerator
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter

    wide = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d+|\*)?(?:\.(\d+|\*))?")
    spec_width = re.compile(r"^(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?")

    class Checked:
        def format_field(self, value, format_spec):
            m = spec_width.match(format_spec)
            for group in (m.groups() if m else ()):
                if group and int(group) > WIDTH:
                    raise SecurityError(_("a format width over 10,000"))
            return string.Formatter.format_field(self, value, format_spec)

    class Formatter(Checked, SandboxedFormatter):
        pass

    class EscapeFormatter(Checked, SandboxedEscapeFormatter):
        def format_field(self, value, format_spec):
            Checked.format_field(self, "", format_spec)
            return SandboxedEscapeFormatter.format_field(self, value, format_spec)

    class Buffer(list):
        """A macro's, a block's or a `{% set %}` block's output, bounded as it grows."""

        size = 0

        def append(self, part):
            self.size += len(part) if isinstance(part, str) else 0
            if self.size > MAX_HTML:
                raise _too_large(self.size, MAX_HTML)
            super().append(part)

        def extend(self, parts):
            for part in parts:
                self.append(part)

    class Generator(CodeGenerator):
        def buffer(self, frame):
            frame.buffer = self.temporary_identifier()
            self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

        def visit_Concat(self, node, frame):  # `a ~ b`: the joined text is bounded like `a * n`
            self.write("environment.bounded_join(")
            super().visit_Concat(node, frame)
            self.write(")")

    class Bounded(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "%", "+"])
        code_generator_class = Generator

        def concat(self, parts):  # every buffer a template joins, the whole output included
            out, size = [], 0
            for part in parts:
                size += len(part)
                if size > MAX_HTML:
                    raise _too_large(size, MAX_HTML)
                out.append(part)
            return "".join(out)

        def bounded_buffer(self):
            return Buffer()

        def bounded_join(self, text):
            if len(text) > MAX_TEXT:
                raise _too_large(len(text))
            return text

        def call_binop(self, context, operator, left, right):
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_TEXT:
                        raise SecurityError(_("a repetition of {count} items (at most {limit})").format(
                            count=grouped(len(seq) * times), limit=grouped(MAX_TEXT)))
            if operator == "**" and isinstance(right, int) and isinstance(left, (int, float)) and abs(left) > 1 and right > 10_000:
                raise SecurityError(_("a power too large to compute"))
            if operator == "%" and isinstance(left, str):
                for m in wide.finditer(left):
                    if any(g == "*" for g in m.groups()):
                        raise SecurityError(_("a format width given as * (write the width in the format)"))
                    if any(g and int(g) > WIDTH for g in m.groups()):
                        raise SecurityError(_("a format width over 10,000"))
            if operator == "+" and _size(left) + _size(right) > MAX_TEXT:
                raise _too_large(_size(left) + _size(right))
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
            owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
            if owner is not None and not isinstance(owner, type):
                grown = _grown(owner, name, args, kwargs)
                if grown > MAX_TEXT:
                    raise _too_large(grown)
                wide_call = name in ("center", "ljust", "rjust", "zfill") and isinstance(owner, str) and _wide(grown, name)
                if wide_call:
                    raise wide_call
            result = super().call(__context, __obj, *args, **kwargs)
            if _size(result) > MAX_TEXT or (isinstance(owner, list) and len(owner) > MAX_TEXT):
                raise _too_large(max(_size(result), _size(owner)))
            return result

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            text = value.__self__
            formatter = EscapeFormatter(self, escape=text.escape) if hasattr(text, "escape") and hasattr(text, "__html__") \
                else Formatter(self)
            kind, is_map = type(text), value.__name__ == "format_map"

            def checked(*args, **kwargs):
                if is_map:
                    if kwargs or len(args) != 1:
                        raise TypeError("format_map() takes exactly one argument")
                    args, kwargs = (), args[0]
                out = kind(formatter.vformat(text, args, kwargs))
                if len(out) > MAX_TEXT:
                    raise _too_large(len(out))
                return out
            return checked

    return Bounded


def _plain_files_loader(folder: Path):
    """The folder's own templates, read only as plain files: a link anywhere on a template's path
    (however deep) is refused, so an include cannot reach outside the competition folder."""
    import stat

    from jinja2 import FileSystemLoader

    class PlainFilesLoader(FileSystemLoader):
        def get_source(self, environment, template):
            here = folder
            for part in template.replace("\\", "/").split("/"):
                here = here / part
                try:
                    st = os.lstat(here)
                except FileNotFoundError:
                    break  # not here: the built-in templates are asked next
                if stat.S_ISLNK(st.st_mode) or not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
                    raise UserError(_("{folder}/{template}: {part} is a link or a special file; "
                                      "krenova reads only plain template files inside the folder").format(
                        folder=layout.TEMPLATES, template=template, part=here.relative_to(folder)))
            return super().get_source(environment, template)

    return PlainFilesLoader(str(folder))


def environment(user_dir: Path | None, locale: str):
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    from krenova_cli.i18n import formatting as f
    from krenova_cli.i18n import offices

    builtin = templates_dir()
    paths = [str(builtin / locale), str(builtin)]
    loaders = [FileSystemLoader(paths)]
    if user_dir is not None and user_dir.is_dir():
        loaders.insert(0, _plain_files_loader(user_dir))
    env = _bounded_sandbox()(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["format"] = lambda value, *args, **kwargs: env.call_binop(None, "%", value, args or kwargs)

    def bounded(name: str, check_width: bool = False):
        builtin = env.filters[name]
        passed = getattr(builtin, "jinja_pass_arg", None) is not None

        def apply(*args, **kwargs):
            from jinja2.exceptions import SecurityError

            skip = 1 if passed else 0  # the eval context or environment Jinja passes first
            value = args[skip] if len(args) > skip else None
            rest = list(args[skip + 1:])
            width = kwargs.get("width", rest[0] if rest else None)
            if check_width and isinstance(width, int) and width > WIDTH:  # center(2000000000) took 84 s and 7.8 GB
                raise SecurityError(_("a {filter} width over 10,000").format(filter=name))
            if name == "indent" and isinstance(value, str):  # each line gets the indentation: lines x width
                lines = value.count("\n") + 1
                step = len(width) if isinstance(width, str) else (width if isinstance(width, int) else 4)
                if lines * step + len(value) > MAX_TEXT:
                    raise _too_large(lines * step + len(value))
            if name == "replace" and isinstance(value, str) and len(rest) >= 2:
                grown = _grown(str(value), "replace", (str(rest[0]), str(rest[1])), {})
                if grown > MAX_TEXT:
                    raise _too_large(grown)
            if name == "join" and isinstance(value, (list, tuple)):
                grown = sum(len(str(x)) for x in value)
                if grown > MAX_TEXT:
                    raise _too_large(grown)
            result = builtin(*args, **kwargs)
            if _size(result) > MAX_TEXT:
                raise _too_large(_size(result))
            return result
        for attr in ("jinja_pass_arg",):
            if hasattr(builtin, attr):
                setattr(apply, attr, getattr(builtin, attr))
        return apply

    for name in ("center", "indent", "wordwrap", "truncate"):
        env.filters[name] = bounded(name, check_width=True)
    for name in ("replace", "join", "format", "string", "list", "urlize", "tojson", "pprint", "xmlattr", "title",
                 "capitalize", "upper", "lower", "trim", "striptags", "escape", "e", "forceescape", "safe", "batch", "slice"):
        if name in env.filters:
            env.filters[name] = bounded(name)
    env.filters.update({
        "rupiah": lambda v: f.rupiah(v, locale),
        "terbilang": lambda v: f.terbilang(v, locale),
        "Terbilang": lambda v: f.terbilang(v, locale, capital=True),
        "terbilang_angka": lambda v: f.angka_terbilang(v, locale),
        "tanggal": lambda v: f.tanggal(v, locale),
        "hari": lambda v: f.hari(v, locale),
        "tanggal_terbilang": lambda v: f.tanggal_terbilang(v, locale),
        "tanggal_angka": f.tanggal_angka,
        "romawi": f.romawi,
        "nama_kapital": f.name_capitals,
        "nama_utuh": whole_degrees,
        "nilai": lambda v: f.score(v, 2, locale),
        "daftar": lambda v: offices.join_words(v, locale),
        "kalimat": offices.sentence,
    })
    return env


def whole_degrees(name: str) -> str:
    """A name whose academic degrees never break across lines: "dr. H. Sigit W., Sp.B., M.M." may wrap
    only between the name's words, not inside "Sp.B., M.M." (no-break spaces after a degree's comma
    and inside the titles before the name)."""
    import re

    head, sep, degrees = name.partition(", ")
    if sep:
        degrees = degrees.replace(", ", ",\u00a0").replace(" ", "\u00a0")
    head = re.sub(r"(?<=\.) (?=\S)", "\u00a0", head)  # "dr. H. Sigit": the titles stay with the name
    return head + sep + degrees


def render_html(env, docs: list[dict], c: dict) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    import re
    import signal
    import threading

    for i, d in enumerate(docs):
        d.setdefault("index", i)
    timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def too_long(signum, frame):
        raise UserError(_("template stopped: rendering took longer than {seconds} s (a loop too large in a template?)").format(
            seconds=RENDER_SECONDS))

    if timed:
        previous = signal.signal(signal.SIGALRM, too_long)
        signal.setitimer(signal.ITIMER_REAL, RENDER_SECONDS)
    try:
        html = env.get_template("base.html").render(documents=docs, c=c)
        if len(html) > MAX_HTML:
            raise UserError(_("template stopped: the document would be {size} MB of HTML (at most {limit} MB)").format(
                size=len(html) // 2**20, limit=MAX_HTML // 2**20))
        from html import unescape

        # checked on the text as the browser reads it: `rel="&#x61;ttachment"` is rel="attachment" too
        if re.search(r"""\battachment\b""", unescape(html), re.IGNORECASE) and \
                re.search(r"""<(?:link|a)\b[^>]*\brel\s*=\s*["']?[^"'>]*\battachment""", unescape(html), re.IGNORECASE):
            raise UserError(_('template refused: rel="attachment" would embed files in the PDF; remove it from your template'))
        return html
    except RecursionError:
        raise UserError(_("template stopped: recursion too deep (a macro calling itself?)")) from None
    except MemoryError:
        raise UserError(_("template stopped: out of memory (a string or loop too large in a template?)")) from None
    except SecurityError as exc:
        raise UserError(_("template refused: {problem} (templates may not reach Python internals)").format(problem=exc)) from None
    except UndefinedError as exc:
        raise UserError(_("template error: {problem}; check the variable's spelling in your template").format(problem=exc)) from None
    except TemplateSyntaxError as exc:
        raise UserError(_("template {file}:{line}: {problem}").format(file=exc.filename or exc.name, line=exc.lineno,
                                                                      problem=exc.message)) from None
    except TemplateError as exc:
        raise UserError(_("template error: {problem}").format(problem=exc)) from None
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def choose_format(fmt: str) -> tuple[str, str]:
    """'pdf', 'html', or 'auto' (PDF when WeasyPrint and its libraries load); and a note for the user."""
    if fmt == "html":
        return "html", ""
    problem = pdf_problem()
    if problem is None:
        return "pdf", ""
    if fmt == "pdf":
        raise UserError(problem)
    return "html", _("Documents written as HTML: {problem}").format(problem=problem)


# Every library the PDF path imports; the `pdf` extra of pyproject.toml installs each (a test checks).
PDF_MODULES = ("weasyprint", "pypdf")


def pdf_problem() -> str | None:
    from importlib.util import find_spec

    if find_spec("pypdf") is None:  # joining the batches for --combine: imported only then
        return PDF_HELP
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return _(PDF_HELP)
    except OSError as exc:  # WeasyPrint installed, a system library missing
        return _(PDF_HELP) + " [" + str(exc) + "]"
    return None


def render(store: Store, state: State, kind: str, fmt: str = "html", audience: str | None = None,
           round_no: int | None = None, combine: bool = False, out_dir: Path | None = None,
           progress: Callable[[int, int], None] | None = None, docs: list[dict] | None = None) -> RenderResult:
    """Render documents; `docs` come numbered from usecases/letters.py (without them: an unnumbered draft)."""
    from krenova_cli.documents.images import letterhead_images
    from krenova_cli.documents.verification import add_qr
    from krenova_cli.store.atomic import atomic_write

    if docs is None:
        docs = [d | {"number": d.get("number", "")} for d in build_documents(state, kind, audience, round_no)]
    if not docs:
        raise UserError(_("no {kind} documents to write").format(kind=kind))
    locale = state.competition.competition.locale
    c = common(state) | letterhead_images(store, state, inline=fmt != "pdf")
    folder = out_dir or store.path(layout.letters_out(kind))
    folder.mkdir(parents=True, exist_ok=True)
    result = RenderResult()
    env = environment(store.path(layout.TEMPLATES), locale)
    verify_url = state.competition.competition.verify_url

    def with_qr(batch: list[dict]) -> list[dict]:  # the QR codes of numbered papers, made as they are rendered
        add_qr([d for d in batch if "verify_code" in d and "verify_qr" not in d], verify_url, fmt)
        return batch

    if fmt == "html":
        for i, d in enumerate(docs):
            with_qr([d])
            path = folder / f"{d['stem']}.html"
            html = render_html(env, [d], c)
            _carries_codes(html, [d])
            atomic_write(path, html.encode("utf-8"), sync_dir=False)
            result.files.append(path)
            if progress:
                progress(i + 1, len(docs))
        if combine:
            result.combined = folder / f"{kind}-semua.html" if locale == "id" else folder / f"{kind}-all.html"
            atomic_write(result.combined, render_html(env, [dict(d) for d in docs], c).encode("utf-8"))
        return result
    if pdf_problem() is not None:
        raise UserError(pdf_problem())
    batches: list[list[dict]] = []
    for d in docs:  # up to BATCH documents a batch; a long one (`alone`: a large round's minutes, its annex) by itself
        if (not batches or len(batches[-1]) >= BATCH or d.get("alone") or batches[-1][-1].get("alone")
                or sum(map(_rows, batches[-1])) + _rows(d) > BATCH_ROWS):
            batches.append([d])
        else:
            batches[-1].append(d)
    roots = allowed_roots(store)

    pages_of = _page_rules(env.loader.get_source(env, "style.css")[0])  # the folder's own style.css or the built-in

    def jobs(todo: list[int]):  # each batch's QR codes and HTML made as the pool asks for it: the workers start on the first at once
        for b in todo:
            batch = batches[b]
            with_qr(batch)
            for i, d in enumerate(batch):
                d["index"] = i
            html = render_html(env, batch, c)
            _has_sections(html, batch)
            html = page_marks(html, batch, c, pages_of)
            _carries_codes(html, batch)
            stems = [str(folder / d["stem"]) for d in batch]
            batch_pdf = str(folder / f".batch-{b}.pdf") if combine else None
            yield html, stems, batch_pdf, roots, [_tighter(d) is not None for d in batch], b

    order = {d["stem"]: i for i, d in enumerate(docs)}
    pages: dict[Path, int] = {}
    _IMAGES.clear()  # images are kept for one run: a replaced emblem shows in the next
    todo = list(range(len(batches)))
    while todo:  # a certificate that does not fit is laid out again one step tighter (its `fit`), then refused
        again = []
        for written in _run_pool(jobs(todo), len(todo)):
            if isinstance(written, _Retry):
                for i in written.docs:
                    d = batches[written.batch][i]
                    d["fit"] = _tighter(d)
                again.append(written.batch)
                continue
            for p, n in written:
                pages[Path(p)] = n
            if progress:
                progress(len(pages), len(docs))
        todo = sorted(again)
    result.files = sorted(pages, key=lambda p: order[p.stem])
    if kind == "certificate":  # one that spilled onto a second page is refused, not reported as written
        for path in result.files:
            if pages[path] != 1:
                raise UserError(_("{file}: the certificate takes {pages} pages; shorten the text of your certificate template").format(
                    file=path.name, pages=pages[path]))
    if combine:
        result.combined = folder / (f"{kind}-semua.pdf" if locale == "id" else f"{kind}-all.pdf")
        _merge([folder / f".batch-{b}.pdf" for b in range(len(batches))], result.combined)
    return result


# Table rows a batch lays out at most: a layout's memory grows with its pages, and twenty judges' recaps of
# 225 entries each (a national round) made 2.5 GB of workers; a paper longer than this is laid out alone.
BATCH_ROWS = 300


def _rows(doc: dict) -> int:
    return len(doc.get("rows") or ()) + len(doc.get("entries") or ())


# The footer's look: placed before the papers' stylesheet, so that a folder's own style.css may restyle it
# (and one copied before the footer became margin boxes still prints it on three lines).
FOOTER_CSS = """@page {
  @bottom-left-corner { vertical-align: top; text-align: right; padding: 0.1cm 5pt 0 0; }
  @bottom-left { vertical-align: top; padding-top: 0.1cm; white-space: pre-wrap; overflow-wrap: anywhere; text-align: left;
    color: #111; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 7pt; line-height: 1.3; } }"""
_PAGE_RULE = ('#doc-%(index)d { page: %(name)s; }\n@page %(name)s { @bottom-left-corner { content: url("%(qr)s"); } '
              '@bottom-left { content: "%(lines)s"; } }')  # CSS


def page_marks(html: str, batch: list[dict], c: dict, pages_of: dict[str, list] | None = None) -> str:
    """Each printed letter's verification code and QR in the footer of every one of its pages (SPEC 8.7):
    each letter of the batch on a page of its own name whose margin boxes hold them. Margin boxes, not a
    running element: WeasyPrint lays out every page on which a running element starts twice (each
    letter's first page) and the element's flex box again on every page: a quarter of a nomination
    letter's CPU. The papers' stylesheet (the folder's own style.css, or the built-in one) gives its
    `@page doc` and `@page wide` rules (`pages_of`, from `_page_rules`: size, margins, page numbers from 1,
    a folder's own running heads) to each letter's page as well; the label is the letter's own `vlabel`
    (a folder's verify_mark.html)."""
    marked = [d for d in batch if d.get("kind") != "certificate" and d.get("verify_code")]
    if not marked:
        return html
    rules = [".vmark-print { display: none !important; }"]  # (a folder's own style.css may still place it)
    for d in marked:
        index = int(d["index"])
        name = f"vm{index}"
        label = _vlabel(html, index) or ("Kode verifikasi" if c.get("locale") == "id" else "Verification code")
        lines = "\\A ".join(_css_text(t) for t in (label, d["verify_code"], d.get("verify_url") or "") if t)
        rules += [rule(name) for rule in (pages_of or {}).get("wide" if d.get("wide") else "doc", [])]
        rules.append(_PAGE_RULE % {"index": index, "name": name, "qr": _css_text(d["verify_qr"]), "lines": lines})
    head, end = html.find("<head>"), html.find("</head>")
    if head < 0 or end < head:
        return html
    head += len("<head>")
    return (html[:head] + "\n<style>\n" + FOOTER_CSS + "\n</style>" + html[head:end]
            + "<style>\n" + "\n".join(rules) + "\n</style>\n" + html[end:])


def _page_rules(stylesheet: str) -> dict[str, list]:
    """The stylesheet's @page rules that name the page `doc` or `wide` (`@page doc`, `@page :nth(1 of doc)`,
    `@page wide:first`, ...), each as a function of a new page name that writes the rule for that name."""
    import tinycss2

    found: dict[str, list] = {}
    for rule in tinycss2.parse_stylesheet(stylesheet, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "page" or rule.content is None:
            continue
        for page in ("doc", "wide"):
            if any(_names(token, page) for token in rule.prelude):
                found.setdefault(page, []).append(
                    lambda name, rule=rule, page=page: "@page " + tinycss2.serialize(_renamed(rule.prelude, page, name))
                    + " {" + tinycss2.serialize(rule.content) + "}")
    return found


def _names(token, page: str) -> bool:
    if token.type == "ident":
        return token.lower_value == page
    return token.type == "function" and any(_names(t, page) for t in token.arguments)


def _renamed(tokens, page: str, name: str) -> list:
    """`tokens` with the page name `page` as `name` (also inside `:nth(1 of page)`)."""
    import copy

    from tinycss2.ast import IdentToken

    out = []
    for token in tokens:
        if token.type == "ident" and token.lower_value == page:
            token = IdentToken(token.source_line, token.source_column, name)
        elif token.type == "function":
            token = copy.copy(token)
            token.arguments = _renamed(token.arguments, page, name)
        out.append(token)
    return out


def _vlabel(html: str, index: int) -> str:
    """The words of the letter's verification label as its verify_mark.html prints them, '' when it prints none."""
    import html as markup
    import re

    at = html.find(f'id="doc-{index}"')
    if at < 0:
        return ""
    stop = html.find("</section>", at)
    found = re.search(r'<span class="vlabel">(.*?)</span>', html[at:stop if stop >= 0 else None], re.S)
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else ""


def _css_text(text: str) -> str:
    """Text inside a CSS string: quotes, backslashes, angle brackets and control characters as escapes."""
    return "".join(f"\\{ord(ch):x} " if ch in '"\\<>' or ord(ch) < 32 or ord(ch) == 127 else ch for ch in str(text))


def _has_sections(html: str, batch: list[dict]) -> None:
    """Each paper of a batch is found in the laid-out pages by its section's id (`id="doc-N"`, base.html):
    a folder's own base.html without it is refused before anything is laid out."""
    if any(f'id="doc-{int(d["index"])}"' not in html for d in batch):
        raise UserError(_("templates/base.html: each paper's section needs the id the built-in base.html gives it "
                          "(id=\"doc-\" and the paper's index; krenova finds where each paper begins by it); put it back "
                          "as in the built-in file, or remove the file from the folder's templates/"))


def _carries_codes(html: str, batch: list[dict]) -> None:
    """Every numbered paper prints its verification code (SPEC 8.7): a template of the folder that
    leaves it out (an older certificate.html: the code now sits beside the signature) is refused."""
    for d in batch:
        if d.get("verify_code") and d["verify_code"] not in html:
            raise UserError(_("{kind}: the template prints no verification code; include \"verify_mark.html\" in "
                              "templates/{kind}.html of the folder (as the built-in template does), or remove that file").format(
                kind=d.get("kind", "")))


def allowed_roots(store: Store) -> list[str]:
    return [str(store.root.resolve()), str(templates_dir().resolve())]


def _run_pool(jobs, count: int):
    """Each job's (path, pages) pairs, in the order the jobs finish: batches on every core."""
    workers = min(count, os.cpu_count() or 1)
    if workers <= 1:
        for job in jobs:
            yield render_batch(*job)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # Workers forked from a small server that has imported WeasyPrint, not from this process: a fork of this
    # one carried the whole loaded competition (3,000 entries and their scores) into every worker's memory.
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["weasyprint", "krenova_cli.documents.rendering"])
    else:
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        # Submitted one by one as the HTML is made, at most two per worker waiting: the main
        # process's templates overlap the workers' layouts, and a batch's HTML is not held long.
        pending = set()
        for job in jobs:
            pending.add(pool.submit(_render_job, job))
            while len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield f.result()


def _render_job(job) -> list[tuple[str, int]]:
    return render_batch(*job)


FITS = ("", "tight", "tightest")  # a certificate's `fit` classes (style.css), each tighter than the one before


def _tighter(d: dict) -> str | None:
    """The next tighter `fit` of a paper that has one (a certificate), None at the tightest."""
    if "fit" not in d or d["fit"] not in FITS or d["fit"] == FITS[-1]:
        return None
    return FITS[FITS.index(d["fit"]) + 1]


@dataclass
class _Retry:
    """A batch to lay out again: its papers `docs` (indices) did not fit and can be set tighter."""
    batch: int
    docs: list[int]


class _Cut(Exception):
    """Raised by the finisher once the batch is cut into its documents, to skip writing the batch."""


_IMAGES: dict = {}  # URL -> image, in each process, for one run of render (see render_batch)


def render_batch(html: str, stems: list[str], batch_pdf: str | None, roots: list[str],
                 tighter: list[bool] | None = None, batch: int = 0) -> list[tuple[str, int]] | _Retry:
    """Lay out a batch of documents once, write it as one PDF (each font subset once), and cut
    that into one file a document; each file written is returned with its number of pages. When
    only papers that can be set tighter (`tighter`) do not fit, nothing is written: a `_Retry`."""
    from weasyprint import HTML

    from krenova_cli.store.atomic import atomic_write, fsync_paths

    import weasyprint

    # The images (the emblem, the logo) of every batch this process lays out, decoded once; the QR
    # codes, one a paper, are forgotten after their batch.
    options = {"cache": _IMAGES} if "cache" in getattr(weasyprint, "DEFAULT_OPTIONS", {}) else {}
    document = HTML(string=html, base_url=roots[0] + "/", url_fetcher=_fetcher(roots)).render(**options)
    first_page: dict[int, int] = {}
    for page_no, page in enumerate(document.pages):
        for anchor in page.anchors:  # a document's anchor shows on every page its section spans
            if anchor.startswith("doc-"):
                first_page.setdefault(int(anchor[4:]), page_no)
    if sorted(first_page) != list(range(len(stems))):
        raise RuntimeError(f"document boundaries not found in the rendered batch ({sorted(first_page)})")
    bounds = [first_page[i] for i in range(len(stems))] + [len(document.pages)]
    retry = refuse_misfits(document, stems, bounds, tighter or [False] * len(stems))
    if retry:
        return _Retry(batch, retry)
    if any(page.links or page.bookmarks for page in document.pages):
        # links and bookmarks point across pages: each document's file written by WeasyPrint itself
        parts = [document.copy(document.pages[bounds[i]:bounds[i + 1]]).write_pdf() for i in range(len(stems))]
        whole = document.write_pdf() if batch_pdf else None
    else:
        parts = []

        def cut(_document, pdf) -> None:
            parts.extend(_split_pdf(pdf, bounds))
            if not batch_pdf:  # the batch's own PDF is not wanted: WeasyPrint need not write it
                raise _Cut

        try:
            whole = document.write_pdf(finisher=cut)
        except _Cut:
            whole = None
    written = []
    for i, (stem, data) in enumerate(zip(stems, parts)):
        path = stem + ".pdf"
        atomic_write(Path(path), data, sync_dir=False, sync=False)
        written.append((path, bounds[i + 1] - bounds[i]))
    if batch_pdf:
        atomic_write(Path(batch_pdf), whole, sync_dir=False, sync=False)
    fsync_paths([Path(p) for p, _ in written] + ([Path(batch_pdf)] if batch_pdf else []))
    for key in [k for k in _IMAGES if isinstance(k, str) and k.startswith("data:")]:
        del _IMAGES[key]  # one paper's own image (its QR code)
    if len(_IMAGES) > 200:  # a template with an image of its own in every paper
        _IMAGES.clear()
    return written


def _field_advice(field: str) -> str:
    """Which setting or option holds the text of a `data-field` of the built-in templates."""
    return {
        "title": _("the entry's title (krenova entry edit ID --title)"),
        "institution": _("the entry's institution (krenova entry edit ID --institution)"),
        "competition": _("the competition's name ([competition] name in competition.toml)"),
        "government": _("the government's name ([competition] government in competition.toml)"),
        "signatory": _("the signatory's title ([signatory] title in competition.toml)"),
        "signatory_name": _("the signatory's name ([signatory] name in competition.toml)"),
        "agency_signatory": _("the agency signatory's title ([agency_signatory] title in competition.toml)"),
        "honour": _("the honour (the prize's title in competition.toml)"),
        "organiser": _("the organiser's name ([competition] organiser in competition.toml)"),
    }.get(field, _("a text of the template (or your own template in the folder's templates/)"))


def refuse_misfits(document, stems: list[str], bounds: list[int], tighter: list[bool]) -> list[int]:
    """A paper with a word a person cannot read (clipped by a frame, off the page, under another
    line or an image) is refused before any file is written, naming the text to shorten; when every
    such paper can still be set tighter, their indices are returned (to be laid out again)."""
    from krenova_cli.documents.layout_check import misfits

    found = misfits(document)
    if not found:
        return []
    docs = sorted({next(i for i in range(len(stems)) if bounds[i] <= m.page < bounds[i + 1]) for m in found})
    if all(tighter[i] for i in docs):
        return docs
    doc = next(i for i in docs if not tighter[i])
    mine = [m for m in found if bounds[doc] <= m.page < bounds[doc + 1]]
    first = next((m for m in mine if m.field), mine[0])  # a text that was pushed out names no field: the one that grew does
    why = {"clipped": _("cut off by its frame"), "off the page": _("off the page"),
           "overlaps": _("printed over other text or an image")}[first.why]
    raise UserError(_("{file}: {field} does not fit on the paper: \"{text}\" would be {why}; shorten it "
                      "(or use a smaller emblem or logo)").format(
        file=Path(stems[doc]).name + ".pdf", field=_field_advice(first.field), text=first.text.strip()[:60], why=why))


def _split_pdf(pdf, bounds: list[int]) -> list[bytes]:
    """The pages bounds[i]:bounds[i+1] of a laid-out batch as a PDF of their own, for each i.

    `pdf` is the batch's pydyf.PDF as WeasyPrint is about to write it (its `finisher`), every
    font already subset once for the whole batch. Each object is serialised once; a document's
    file is its pages and the objects they reach (contents, resources, the fonts), under their
    batch numbers (the others free in its cross-reference table), with its own page tree and a
    catalog that keeps the language. Cutting the written PDF with pypdf took ten times as long.
    """
    import re

    import pydyf

    ref = re.compile(rb"(\d+) 0 R")
    objects = pdf.objects
    pages_no, catalog_no, info_no = pdf.pages.number, pdf.catalog.number, len(objects)
    kids = list(pdf.pages["Kids"][::3])
    body: dict[int, bytes] = {}
    links: dict[int, list[int]] = {}

    def reaches(n: int) -> list[int]:
        if n not in links:
            obj = objects[n]
            body[n] = obj.indirect
            head = pydyf.Dictionary(obj.extra).data if isinstance(obj, pydyf.Stream) else body[n]  # not a stream's bytes
            links[n] = [m for m in map(int, ref.findall(head))
                        if 0 < m < len(objects) and m not in (pages_no, catalog_no) and objects[m].free != "f"]
        return links[n]

    catalog = pydyf.Dictionary({"Type": "/Catalog", "Pages": pdf.pages.reference})
    if "Lang" in pdf.catalog:
        catalog["Lang"] = pdf.catalog["Lang"]
    fixed = {catalog_no: catalog.data, info_no: pydyf.Dictionary(pdf.info).data}
    parts = []
    for i in range(len(bounds) - 1):
        own = kids[bounds[i]:bounds[i + 1]]
        used, todo = set(own), list(own)
        while todo:
            for m in reaches(todo.pop()):
                if m not in used:
                    used.add(m)
                    todo.append(m)
        tree = pydyf.Dictionary({"Type": "/Pages", "Kids": pydyf.Array(b"%d 0 R" % k for k in own), "Count": len(own)})
        out = bytearray(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")
        offsets = {}
        for n in sorted(used | {pages_no, catalog_no, info_no}):
            offsets[n] = len(out)
            if n in body:
                out += body[n]
            else:
                out += b"%d 0 obj\n%s\nendobj" % (n, tree.data if n == pages_no else fixed[n])
            out += b"\n"
        xref = len(out)
        out += b"xref\n0 %d\n" % (info_no + 1)
        for n in range(info_no + 1):
            out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
        out += b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (info_no + 1, catalog_no, info_no, xref)
        parts.append(bytes(out))
    return parts


def _allowed(url: str, roots: list[str]) -> bool:
    if url.startswith("data:"):
        return True
    if url.startswith("file://"):
        from urllib.parse import unquote, urlparse

        path = os.path.realpath(unquote(urlparse(url).path))
        return any(path == r or path.startswith(r + os.sep) for r in roots)
    return False


def _refuse(url: str):
    raise ValueError(_("krenova does not fetch {url!r}: documents may use only files in the data directory").format(url=url))


def _fetcher(roots: list[str]):
    """WeasyPrint may read files under the data directory and the package, and data: URLs; nothing else."""
    import weasyprint

    if hasattr(weasyprint, "URLFetcher"):  # WeasyPrint >= 66: a fetcher class

        class Restricted(weasyprint.URLFetcher):
            def fetch(self, url, *args, **kwargs):
                if not _allowed(url, roots):
                    _refuse(url)
                return super().fetch(url, *args, **kwargs)

        return Restricted(allowed_protocols=("file", "data"))

    def fetch(url: str, *args, **kwargs):  # older WeasyPrint: a fetcher function
        if not _allowed(url, roots):
            _refuse(url)
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    return fetch


def _merge(parts: list[Path], target: Path) -> None:
    from pypdf import PdfWriter

    from krenova_cli.store.atomic import atomic_write
    import io

    writer = PdfWriter()
    for p in parts:
        writer.append(str(p))
    buf = io.BytesIO()
    writer.write(buf)
    atomic_write(target, buf.getvalue())
    for p in parts:
        p.unlink(missing_ok=True)
