"""Near institution names between judges and entries, warned at import so that the committee decides
(SPEC 9.3): "RSUD Tidarr Magelang" beside "RSUD Tidar" is not read as one institution, but is close."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from krenova_cli.core.model import Entry, Judge
from krenova_cli.core.names import institution_parts, same_institution

NEAR = 85  # rapidfuzz ratio (0-100) of the names read in full, from which two names are said to be near


@dataclass(frozen=True)
class NearNames:
    judge: str
    affiliation: str
    entries: tuple[str, ...]
    institution: str


def _plain(text: str) -> list[str]:
    import re

    return re.sub(r"[^\w\s]", " ", text.casefold()).split()


def near_names(judges: Iterable[Judge], entries: Iterable[Entry]) -> list[NearNames]:
    """Each judge's affiliation beside each entry institution that is close to it but not the same
    institution (and not a declared conflict); numbered units ("Puskesmas 1", "Puskesmas 2") are not near.
    The distances are computed at once by rapidfuzz (50 judges beside 20,000 institutions: a fraction
    of a second); only the close pairs are looked at one by one."""
    from rapidfuzz import fuzz, process

    by_name: dict[str, list[str]] = {}
    for entry in entries:
        by_name.setdefault(entry.institution, []).append(entry.id)
    judges = [j for j in judges if j.affiliation]
    if not judges or not by_name:
        return []
    names = list(by_name)
    read = [institution_parts(name) for name in names]
    mine = [institution_parts(j.affiliation) for j in judges]
    close = process.cdist([m[0] for m in mine], [r[0] for r in read], scorer=fuzz.ratio, score_cutoff=NEAR,
                          dtype="uint8", workers=1)
    out = []
    for row, col in zip(*close.nonzero()):
        judge, name, theirs, own = judges[row], names[col], read[col], mine[row]
        ids = by_name[name]
        if same_institution(judge.affiliation, name) or all(i in judge.conflicts for i in ids):
            continue
        if own[1] and theirs[1] and own[1] != theirs[1]:
            continue  # two governments' offices
        differ = set(own[0].split()) ^ set(theirs[0].split())
        if differ and all(word.isdigit() for word in differ):
            continue
        # the same test on the names as written: the comparison's confusable skeletons read "1" as "l"
        written = set(_plain(judge.affiliation)) ^ set(_plain(name))
        if written and all(word.isdigit() for word in written):
            continue
        out.append((row, col, NearNames(judge.id, judge.affiliation, tuple(i for i in ids if i not in judge.conflicts), name)))
    return [n for _r, _c, n in sorted(out, key=lambda x: (x[0], x[1]))]
