"""Pure cutoff: who goes on, ties across the cutoff, and the committee's explicit decisions.

A tie across the cutoff stops the round rather than being broken silently:
places decide who is eliminated, so only a person may decide between equals,
and that decision is recorded with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from krenova_cli.core.decisions import Decision
from krenova_cli.core.problems import PreferCount, PreferNotTied, PreferWithoutTie, ReasonNeeded
from krenova_cli.core.ranking import Row, Standings


@dataclass(frozen=True)
class Cutoff:
    advancing: tuple[str, ...]
    eliminated: dict[str, str]  # entry -> reason
    tie: tuple[str, ...] = ()  # the unresolved tie across the cutoff, if any
    decisions: tuple[Decision, ...] = field(default=())


def tie_across(ranked: Sequence[Row], top: int) -> tuple[str, ...]:
    """Entries tied across place `top` / `top + 1`, or () when the cutoff falls cleanly."""
    if top >= len(ranked) or ranked[top - 1].rank != ranked[top].rank:
        return ()
    shared = ranked[top - 1].rank
    return tuple(r.entry_id for r in ranked if r.rank == shared)


def cutoff(
    standings: Standings,
    top: int | None,
    include_ties: bool = False,
    prefer: Sequence[str] = (),
    reason: str = "",
) -> Cutoff:
    ranked = standings.ranked()
    eliminated = {r.entry_id: "no scores" for r in standings.rows if r.rank is None}
    if top is None or top >= len(ranked):
        if prefer:
            raise PreferWithoutTie()
        return Cutoff(tuple(r.entry_id for r in ranked), eliminated)
    tied = tie_across(ranked, top)
    decisions: tuple[Decision, ...] = ()
    if not tied:
        if prefer:
            raise PreferWithoutTie()
        going = [r.entry_id for r in ranked[:top]]
    else:
        shared = standings.row(tied[0]).rank
        assert shared is not None
        ahead = [r.entry_id for r in ranked if r.rank < shared]
        free = top - len(ahead)
        if include_ties:
            going = ahead + list(tied)
            decisions = (Decision("include-ties", tied, tied, reason or "all entries tied at the cutoff advance"),)
        elif prefer:
            stray = [e for e in prefer if e not in tied]
            if stray:
                raise PreferNotTied(stray=tuple(stray), tied=tied)
            if len(set(prefer)) != free:
                raise PreferCount(needed=free, tied=tied, given=len(set(prefer)))
            if not reason.strip():
                raise ReasonNeeded(what="prefer-cutoff")
            going = ahead + [e for e in tied if e in prefer]
            decisions = (Decision("prefer", tied, tuple(e for e in tied if e in prefer), reason.strip()),)
        else:
            return Cutoff((), eliminated, tie=tied)
    going_set = set(going)
    for r in ranked:
        if r.entry_id not in going_set:
            eliminated[r.entry_id] = f"ranked {r.rank}, below the cutoff of {top}"
    return Cutoff(tuple(going), eliminated, decisions=decisions)
