"""The interface language of the command line: gettext catalogs kept with Babel.

`KRENOVA_LANG` if set, else the settings' `interface_language`, else English. The catalogs are
`i18n/locale/<lang>/LC_MESSAGES/krenova.po` (edited by people) and the `.mo` compiled from it
(`pybabel compile -d krenova_cli/i18n/locale -D krenova`; a test checks the two agree). Covered so
far: the error boundary (`Kesalahan:`), `krenova --help`, `krenova status` and `krenova analyse` (its
summary, verdict, legend and report); other messages stay English. `translator(lang)` gives one
language's catalog whatever the interface language (the recap's analysis sheet speaks its `locale`).
Exit codes, `--json` keys and CSV headers never change with the language.
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
    lang = (lang or "en").strip().lower()[:2]
    if lang not in LANGUAGES:
        lang = "en"
    _state["lang"], _state["tr"] = lang, None
    return lang


def language() -> str:
    return _state["lang"]


def _(text: str) -> str:
    if _state["lang"] == "en":
        return text
    if _state["tr"] is None:
        _state["tr"] = _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[_state["lang"]], fallback=True)
    return _state["tr"].gettext(text)


def translator(lang: str):
    """The gettext function of one language, whatever the interface language (the recap speaks its `locale`)."""
    lang = (lang or "en").strip().lower()[:2]
    if lang not in LANGUAGES or lang == "en":
        return _identity
    if lang not in _catalogs:
        _catalogs[lang] = _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True).gettext
    return _catalogs[lang]


def _identity(text: str) -> str:
    return text


_catalogs: dict = {}


def chosen_language(settings_text: str | None) -> str:
    """KRENOVA_LANG, else `interface_language = "..."` of the settings' text, else English."""
    env = os.environ.get("KRENOVA_LANG")
    if env:
        return env
    if settings_text:
        import tomllib

        try:
            value = tomllib.loads(settings_text.removeprefix("\ufeff")).get("interface_language")
        except tomllib.TOMLDecodeError:
            return "en"
        if isinstance(value, str):
            return value
    return "en"
