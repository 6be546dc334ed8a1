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


def near_names(judges: Iterable[Judge], entries: Iterable[Entry]) -> list[NearNames]:
    """Each judge's affiliation beside each entry institution that is close to it but not the same
    institution (and not a declared conflict); numbered units ("Puskesmas 1", "Puskesmas 2") are not near."""
    from rapidfuzz import fuzz

    by_name: dict[str, list[str]] = {}
    for entry in entries:
        by_name.setdefault(entry.institution, []).append(entry.id)
    read = {name: institution_parts(name) for name in by_name}
    out = []
    for judge in judges:
        if not judge.affiliation:
            continue
        mine = institution_parts(judge.affiliation)
        for name, ids in by_name.items():
            theirs = read[name]
            if same_institution(judge.affiliation, name) or all(i in judge.conflicts for i in ids):
                continue
            if mine[1] and theirs[1] and mine[1] != theirs[1]:
                continue  # two governments' offices
            a, b = " ".join(filter(None, mine)), " ".join(filter(None, theirs))
            differ = set(a.split()) ^ set(b.split())
            if differ and all(word.isdigit() for word in differ):
                continue
            if fuzz.ratio(mine[0], theirs[0]) >= NEAR or fuzz.ratio(a, b) >= NEAR:
                out.append(NearNames(judge.id, judge.affiliation, tuple(i for i in ids if i not in judge.conflicts), name))
    return out
