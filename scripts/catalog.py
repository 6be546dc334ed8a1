"""The Indonesian catalog of the command line: collect every user-facing message, update, check.

    python scripts/catalog.py check     # lists what is missing or untranslated; exit 1 if anything
    python scripts/catalog.py update    # adds new messages (empty), drops gone ones, compiles the .mo

Messages are: the first argument of `_()`, `N_()`, `T()` (a message of the core or the store,
`core.errors.Text`) and `ngettext()` anywhere in `krenova_cli/`; `t()` in the packaged templates; every command's help, paragraph by
paragraph, and its options' help (walked from the click tree, as `cli/main.py` translates them); and
the words of click and Typer themselves ("Usage:", "Missing option"), which gettext's global domain
serves. Translate by editing `krenova_cli/i18n/locale/id/LC_MESSAGES/krenova.po`, then run `update`.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "krenova_cli"
PO = PACKAGE / "i18n" / "locale" / "id" / "LC_MESSAGES" / "krenova.po"
KEYWORDS = {"_": None, "N_": None, "T": None, "t": None, "ngettext": (1, 2), "gettext": None}


def _extract(folder: Path, into: dict, label: str, method: tuple[str, str] = ("**.py", "python"),
             keywords: dict = KEYWORDS) -> None:
    """The messages Babel finds under `folder`, each with where it was first found."""
    from babel.messages.extract import extract_from_dir

    for filename, lineno, message, _comments, _ctx in extract_from_dir(
            str(folder), method_map=[method], keywords=keywords, comment_tags=(), strip_comment_tags=True):
        if isinstance(message, tuple):  # ngettext: one plural message (singular, plural)
            message = tuple(message[:2]) if all(message[:2]) else next((m for m in message if m), None)
        if message:
            into.setdefault(message, f"{label}/{filename}:{lineno}")


TEMPLATES = ROOT / "templates"


def _templates(into: dict) -> None:
    """`t("...")` in the packaged Jinja templates (the analysis report speaks the interface language)."""
    if TEMPLATES.is_dir():
        _extract(TEMPLATES, into, "templates", ("**.html", "jinja2.ext:babel_extract"), {"t": None})


def _help_texts(into: dict) -> None:
    sys.path.insert(0, str(ROOT))
    from krenova_cli.cli import main
    from krenova_cli.i18n.messages import help_paragraphs

    def walk(cmd, where):
        for p in help_paragraphs(cmd.help or ""):
            into.setdefault(p, f"help of {where}")
        if cmd.short_help:
            into.setdefault(cmd.short_help, f"help of {where}")
        for param in cmd.params:
            english = param.__dict__.get("_krenova_help_en", getattr(param, "help", None))  # the root's, kept under
            if english:
                into.setdefault(english, f"help of {where} {param.opts[0] if param.opts else param.name}")
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{where} {name}")

    walk(main.root, "krenova")
    for name, (module, text) in main.COMMANDS.items():
        into.setdefault(text, f"krenova --help ({name})")
        walk(main.command_of(module), f"krenova {name}")


def _library_words(into: dict) -> None:
    import click
    import typer

    _extract(Path(click.__file__).parent, into, "click")
    _extract(Path(typer.__file__).parent, into, "typer")


def collect() -> dict:
    """Every message a user can be shown -> where it comes from; a plural message is (singular, plural)."""
    found: dict[str, str] = {}
    _extract(PACKAGE, found, "krenova_cli")
    _templates(found)
    _help_texts(found)
    _library_words(found)
    return found


PARTS = PO.parent / "parts"


def read_catalog():
    """The catalog, with the translations of `parts/*.po` (work in progress of parallel branches) laid over it."""
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(PO.read_bytes()), locale="id")
    for part in sorted(PARTS.glob("*.po")) if PARTS.is_dir() else []:
        for m in read_po(io.BytesIO(part.read_bytes()), locale="id"):
            if m.id and m.string:
                there = catalog.get(m.id)
                if there is None:
                    catalog.add(m.id, m.string)
                elif isinstance(there.id, tuple) and not isinstance(m.string, tuple):
                    there.string = (m.string,)  # a part gives the singular's words to a plural message
                else:
                    there.string = m.string
    return catalog


def _translated(m) -> bool:
    if m is None or m.fuzzy:
        return False
    return all(m.string) if isinstance(m.string, tuple) else bool(m.string)


def _as_plurals(catalog, template) -> None:
    """A plural message (singular, plural) of the template takes the words the catalog has for it,
    also when the catalog kept its two forms as messages of their own (before plurals were kept whole):
    the plural form's words first (Indonesian has one form, and it must not say '1')."""
    from babel.messages.catalog import Message

    for t in template:
        if not isinstance(t.id, tuple):
            continue
        singular, plural = t.id
        there = catalog.get(singular)
        if there is not None and isinstance(there.id, tuple) and _translated(there):
            continue
        words = ""
        for form in (plural, singular):
            m = catalog.get(form)
            if m is not None and not isinstance(m.string, tuple) and m.string:
                words = m.string
                break
        if there is not None:
            del catalog[singular]
        catalog[singular] = Message(t.id, (words,) if words else ("",))


def missing() -> list[str]:
    """Messages with no Indonesian in the catalog, as `where: message`."""
    catalog = read_catalog()
    out = []
    for msgid, where in collect().items():
        m = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        if not _translated(m):
            out.append(f"{where}: {msgid!r}")
    return sorted(out)


def update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    catalog = read_catalog()
    template = Catalog(locale=None, project="krenova")
    for msgid, where in sorted(collect().items(), key=lambda kv: kv[1]):
        template.add(msgid, locations=[(where.split(":")[0], 0)] if ":" in where else [])
    _as_plurals(catalog, template)
    catalog.update(template, no_fuzzy_matching=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False, ignore_obsolete=True, include_lineno=False)
    PO.write_bytes(buf.getvalue())
    from babel.messages.pofile import read_po

    out = io.BytesIO()  # compiled from the catalog as written: a part's message nobody uses stays out of both
    write_mo(out, read_po(io.BytesIO(PO.read_bytes()), locale="id"))
    PO.with_suffix(".mo").write_bytes(out.getvalue())


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "check"
    if what == "update":
        update()
        print(f"updated {PO.relative_to(ROOT)} and its .mo")
    gaps = missing()
    for line in gaps:
        print(line)
    print(f"{len(gaps)} message(s) without Indonesian", file=sys.stderr)
    sys.exit(1 if gaps and what == "check" else 0)
