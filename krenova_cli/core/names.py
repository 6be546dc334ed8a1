"""Names as the secretariat writes them: institutions compared as one office would (SPEC 9.3), and the
tidy form of a name written all in capitals or all in lower case.

Layered on `model.normalise_name` (the one comparison function: Unicode forms, invisible characters,
look-alikes, spacing, case): an institution's name is then read word by word, its punctuation dropped,
its abbreviations read in full ("Dinkes" = "Dinas Kesehatan", from data/institutions.toml and the
competition's [institution_names]) and its government ("Kota Magelang") set apart. Two names are the
same institution when the rest is equal and their governments are equal or one of them names none.

Pure: the rules are given by the store (`use_rules`) when it loads the settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Mapping

_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class NameRules:
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    acronyms: frozenset[str] = frozenset()
    small_words: frozenset[str] = frozenset()
    government_words: tuple[str, ...] = ("kota", "kabupaten", "provinsi")

    @staticmethod
    def of(tables: Iterable[Mapping]) -> "NameRules":
        """The rules of several tables (the packaged one, then the competition's), later ones adding
        to and overriding earlier ones."""
        abbreviations: dict[str, str] = {}
        acronyms: set[str] = set()
        small: set[str] = set()
        government: list[str] = []
        for table in tables:
            for key, value in (table.get("abbreviations") or {}).items():
                abbreviations[_words(key)] = _words(value)
            acronyms |= {a.upper() for a in table.get("acronyms") or ()}
            small |= {w.lower() for w in table.get("small_words") or ()}
            government += [w.lower() for w in table.get("government_words") or () if w.lower() not in government]
        return NameRules(abbreviations, frozenset(acronyms), frozenset(small), tuple(government) or ("kota", "kabupaten", "provinsi"))


_rules = NameRules()


def use_rules(rules: NameRules) -> None:
    """The rules every comparison uses from now on (set by the store when it reads the settings)."""
    global _rules
    if rules != _rules:
        _rules = rules
        _parts.cache_clear()


def rules() -> NameRules:
    return _rules


_normalise: Callable[[str], str] = lambda text: " ".join(text.casefold().split())


def compare_with(normalise: Callable[[str], str]) -> None:
    """The one comparison function (`model.normalise_name`) this module layers its rules on; model.py
    gives it when it is imported (this module imports nothing of the model: no cycle)."""
    global _normalise
    _normalise = normalise
    _parts.cache_clear()


def _words(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", _normalise(text)).split())


@lru_cache(maxsize=65536)
def _parts(text: str) -> tuple[str, str]:
    merged: list[str] = []
    letters = False  # the last word so far is made of single letters ("P.U." read as "p u" -> "pu")
    for word in _words(text).split():
        if len(word) == 1 and word.isalpha() and letters:
            merged[-1] += word
        else:
            merged.append(word)
            letters = len(word) == 1 and word.isalpha()
    expanded = " ".join(_rules.abbreviations.get(w, w) for w in merged).split()
    for i in range(len(expanded) - 1, 0, -1):
        if expanded[i] in _rules.government_words and i + 1 < len(expanded):
            return " ".join(expanded[:i]), " ".join(expanded[i:])
    return " ".join(expanded), ""


def institution_parts(text: str) -> tuple[str, str]:
    """(the institution, its government) as compared: "RSUD Tidar Kota Magelang" ->
    ("rumah sakit umum daerah tidar", "kota magelang")."""
    return _parts(text)


def same_institution(a: str, b: str) -> bool:
    """Whether two names are one institution: the same words once read in full, and the same
    government or a government named on one side only."""
    if not a or not b:
        return False
    body_a, gov_a = _parts(a)
    body_b, gov_b = _parts(b)
    return body_a == body_b and (gov_a == gov_b or not gov_a or not gov_b)


def proposed_case(text: str) -> str | None:
    """The tidy form of a name written all in capitals or all in lower case ("SISTEM INFORMASI DESA"
    -> "Sistem Informasi Desa", "rsud tidar" -> "RSUD Tidar"); None when it is written otherwise or
    is already tidy."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or not (text.isupper() or text.islower()):
        return None
    if text.isupper() and len(text.split()) < 2:
        return None  # one word in capitals is most likely an acronym (UNNES, BAPPEDA)
    out = []
    for i, word in enumerate(text.split(" ")):
        bare = _PUNCTUATION.sub("", word)
        if bare.upper() in _rules.acronyms:
            out.append(word.upper())
        elif i and word.lower() in _rules.small_words:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    tidy = " ".join(out)
    return tidy if tidy != text else None
