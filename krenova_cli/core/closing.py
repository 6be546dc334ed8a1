"""What closing a round writes down: the standings rows as shown and recorded, who would advance
while the round is open, and the round record itself."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Iterable

from krenova_cli.core.lifecycle import State
from krenova_cli.core.records import LedgerHead, RoundRecord, StandingRow, decided_order, exact  # noqa: F401 (decided_order: the one order, re-exported)
from krenova_cli.core.rounding import rounded

if TYPE_CHECKING:  # the papers (`final_score`) and `status` need neither the cutoff nor the ranking
    from krenova_cli.core.cutoff import Cutoff
    from krenova_cli.core.ranking import Standings


def standings_rows(state: State, st: Standings, advancing: Iterable[str] | None,
                   cutoff_tie: Iterable[str] = ()) -> list[StandingRow]:
    going = set(advancing or ())
    tied_at_cut = set(cutoff_tie)
    rows = []
    for r in st.rows:
        e = state.entries.get(r.entry_id)
        rows.append(StandingRow(
            rank=r.rank, tied=r.tied, entry_id=r.entry_id,
            title=e.title if e else "", institution=e.institution if e else "", category=e.category if e else "",
            round_score=rounded(r.round_score), ranking_score=rounded(r.ranking_score),
            advances=r.entry_id in going, tie_at_cutoff=r.entry_id in tied_at_cut, missing=tuple(r.missing),
            judges={j: rounded(v) for j, v in r.totals.items()}, tie_break=tuple(rounded(v) for v in r.tie_break),
            exact_ranking_score=exact(r.ranking_score), exact_round_score=exact(r.round_score),
        ))
    return rows


def would_advance(state: State, st: Standings) -> tuple[list[str], tuple[str, ...]]:
    """For an open round: who would advance if it closed now, and the tie across the cutoff if any."""
    from krenova_cli.core.cutoff import tie_across

    top = state.competition.round(st.round_no).advance_top
    ranked = st.ranked()
    if top is None or top >= len(ranked):
        return [r.entry_id for r in ranked], ()
    tied = tie_across(ranked, top)
    if not tied:
        return [r.entry_id for r in ranked[:top]], ()
    shared = st.row(tied[0]).rank
    return [r.entry_id for r in ranked if r.rank < shared], tied


def round_record(state: State, st: Standings, cut: Cutoff, score_files: dict[str, str], ledger_head: LedgerHead,
                 closed_at: str, actor: str, missing_reason: str | None) -> RoundRecord:
    from krenova_cli.core.locks import decisive

    comp = state.competition
    rnd = comp.round(st.round_no)
    return RoundRecord(
        round=st.round_no, name=rnd.name, closed_at=closed_at, closed_by=actor, cutoff=rnd.advance_top,
        rank_by=tuple((r, exact(w)) for r, w in comp.rank_by(st.round_no)), tie_break=tuple(st.tie_break),
        aggregation=comp.aggregation_for(st.round_no), normalisation=comp.normalisation_for(st.round_no),
        entries=tuple(r.entry_id for r in st.rows), advancing=tuple(cut.advancing),
        eliminated=dict(sorted(cut.eliminated.items())), decisions=tuple(cut.decisions), missing_allowed=missing_reason,
        standings=tuple(standings_rows(state, st, cut.advancing)), score_files=dict(sorted(score_files.items())),
        ledger_head=ledger_head, settings=decisive(comp, st.round_no),
    )


def final_score(state: State, round_no: int, place) -> "Fraction | float | None":
    """A prize place's final ranking score, exact from round `round_no`'s record, so that a shown value
    is rounded once from the exact score (SPEC 8.2); the recorded rounded value if the record has no row."""
    rec = state.records.get(round_no)
    row = rec.row(place.entry_id) if rec is not None and place.entry_id else None
    return row.exact_score if row is not None and row.exact_score is not None else place.ranking_score
