"""The interface language of the command line: gettext catalogs kept with Babel.

`KRENOVA_LANG` if set, else the settings' `interface_language`, else English. The catalogs are
`i18n/locale/<lang>/LC_MESSAGES/krenova.po` (edited by people) and the `.mo` compiled from it
(`python scripts/catalog.py update`; `tests/unit/test_catalog.py` checks that the two agree, that every
collected message has its Indonesian, and lints the source for text that bypasses the catalog).
Messages of the core and the store are `core.errors.Text` values (`T(...)`: the English template and
its facts), put into the interface language where they are shown (`localize`); everywhere else
`_()`, `ngettext()` and `N_()`. `translator(lang)` gives one language's catalog whatever the interface
language (the recap's analysis sheet speaks its `locale`). Exit codes, `--json` keys and CSV headers
never change with the language.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "krenova"
LANGUAGES = ("en", "id")
_state: dict = {"lang": "en", "tr": None}


def set_language(lang: str | None) -> str:
    from krenova_cli.core.languages import language_code

    lang = language_code(lang) or "en"
    _state["lang"], _state["tr"] = lang, None
    _state.pop("broken", None)
    if lang != "en":
        try:
            tr = _read_catalog(lang)
        except Exception as exc:  # a missing, cut or damaged .mo: English, and the command line says why
            set_language("en")
            _state["broken"] = (_mo_path(lang), _problem(exc))
            return "en"
        _bind(tr)
    elif "language_before" in _state:  # back to English within one process (tests)
        _gettext.textdomain(_state.pop("domain_before"))
        before = _state.pop("language_before")
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before
    return lang


def language() -> str:
    return _state["lang"]


def _(text: str) -> str:
    if _state["lang"] == "en":
        return text
    return _catalog().gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _state["lang"] == "en":
        return singular if n == 1 else plural
    tr = _catalog()
    found = tr.ngettext(singular, plural, n)
    if found in (singular, plural):  # `scripts/catalog.py` keeps the two forms as messages of their own
        return tr.gettext(singular if n == 1 else plural)
    return found


def N_(text: str) -> str:
    """Marks a string for the catalog where it is defined; it is translated where it is shown (`_(x)`)."""
    return text


def localize(value):
    """A `core.errors.Text` (a message of the core or the store) in the interface language; a `str` as it is."""
    if isinstance(value, BaseException):  # a typed problem as a fact (`core.errors.said`)
        words = _state.get("problem_words")
        return words(value) if words is not None else str(value)
    template = getattr(value, "template", None)
    if template is None:
        return value
    facts = {k: localize(v) for k, v in value.facts.items()}
    return _(template).format(**facts) if facts else _(template)


def _mo_path(lang: str) -> Path:
    return Path(LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _read_catalog(lang: str):
    """One language's compiled catalog; raises when it is missing, cut short or not a catalog at all."""
    path = _mo_path(lang)
    if not path.is_file():
        raise FileNotFoundError("missing")
    with open(path, "rb") as fh:
        return _gettext.GNUTranslations(fh)


def _problem(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "missing"
    if isinstance(exc, OSError) and exc.strerror:
        return str(exc.strerror)  # gettext's "Bad magic number"
    return "cut short or damaged"  # struct.error, UnicodeDecodeError ...


def catalog_problem() -> tuple[Path, str] | None:
    """The catalog that could not be read and why, when the chosen language fell back to English."""
    return _state.get("broken")


def word_problems_with(words) -> None:
    """How a typed problem inside a message is worded (`cli/wording.py` registers its `lines`)."""
    _state["problem_words"] = words


def _catalog():
    if _state["tr"] is None:
        _bind(_read_catalog(_state["lang"]))
    return _state["tr"]


def _bind(tr) -> None:
    _state["tr"] = tr
    # click's and Typer's own words ("Usage:", "Missing option") come from gettext's global domain
    if "language_before" not in _state:
        _state["language_before"], _state["domain_before"] = os.environ.get("LANGUAGE"), _gettext.textdomain()
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _state["lang"]


def translator(lang: str):
    """The gettext function of one language, whatever the interface language (the recap speaks its `locale`)."""
    from krenova_cli.core.languages import language_code

    lang = language_code(lang) or "en"
    if lang == "en":
        return _identity
    if lang not in _catalogs:
        try:
            _catalogs[lang] = _read_catalog(lang).gettext
        except Exception:  # damaged: the command line has warned (`catalog_problem`); the papers speak English
            return _identity
    return _catalogs[lang]


def _identity(text: str) -> str:
    return text


_catalogs: dict = {}


def chosen_language(settings_text: str | None) -> str:
    """KRENOVA_LANG when it names a language krenova speaks, else `interface_language = "..."` of the
    settings' text, else English (`cli/main.py` warns about a KRENOVA_LANG it does not know)."""
    from krenova_cli.core.languages import language_code

    env = language_code(os.environ.get("KRENOVA_LANG"))
    if env:
        return env
    if settings_text:
        import tomllib

        try:
            value = tomllib.loads(settings_text.removeprefix("\ufeff")).get("interface_language")
        except Exception:  # any file Python cannot read (deep nesting, a 5,000-digit integer): the store says why
            return "en"
        return language_code(value) or "en"  # a value the settings refuse: `check` says so
    return "en"


def help_paragraphs(text: str) -> list[str]:
    """A command's help as the messages of the catalog: each paragraph with its spaces folded, a
    `\\b` block (kept as written by click) as it stands."""
    import inspect

    out = []
    for p in inspect.cleandoc(text).split("\n\n"):
        out.append(p if p.startswith("\b") else " ".join(p.split()))
    return [p for p in out if p.strip()]


def localize_help(text: str | None) -> str | None:
    """A help text in the interface language, paragraph by paragraph (an untranslated one stays)."""
    if not text or _state["lang"] == "en":
        return text
    return "\n\n".join(_(p) for p in help_paragraphs(text))
