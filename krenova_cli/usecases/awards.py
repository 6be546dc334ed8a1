"""Deciding the awards from the final round's record: the store around the pure prize decision."""

from __future__ import annotations

from krenova_cli.core.errors import UserError
from krenova_cli.core.locks import awards_basis
from krenova_cli.core.prizes import decide
from krenova_cli.core.records import AwardsRecord, LedgerHead, PrizePlace
from krenova_cli.i18n.messages import _
from krenova_cli.store import layout
from krenova_cli.store.clock import utc_text
from krenova_cli.store.datafolder import Store


def decide_awards(store: Store, prefer: tuple[str, ...], reason: str, redo: bool, dry_run: bool) -> AwardsRecord:
    # --redo replaces awards.json whole: a hand edit of it does not stop it (adopt names this way out)
    with store.transaction(replaces=frozenset({layout.AWARDS}) if redo else frozenset()) as tx:
        state = store.load(rounds=())
        last = state.last_round
        if state.awards is not None and not redo:
            if prefer:  # an order given for a decision already taken would be silently ignored
                raise UserError(_("the awards are decided already; to decide them again in another order use "
                                  "`krenova awards --redo --prefer IDS --reason TEXT`, or remove the decision with "
                                  "`krenova awards --undo --reason TEXT`"))
            return state.awards
        if redo and state.awards is None:
            raise UserError(_("no awards decided yet; decide them with `krenova awards`"))
        if redo and not reason.strip():
            raise UserError(_("--redo needs --reason TEXT (the change is logged)"))
        if last not in state.records:
            raise UserError(_("round {n} (the final round) is not closed yet; close it with `krenova advance --round {n}`").format(n=last))
        record = state.records[last]
        ranked = [(r.entry_id, r.rank, r.exact_score) for r in record.standings
                  if r.rank is not None and record.advances(r.entry_id) and state.entries[r.entry_id].withdrawn is None]
        categories = {e: state.entries[e].category for e, _, _ in ranked}
        places, decisions = decide(ranked, categories, state.competition.prizes, prefer, reason,
                                   state.competition.awards.min_score)
        head = tx.head()
        awards = AwardsRecord(
            round=last, decided_at=utc_text(store.clock()), decided_by=store.actor,
            places=tuple(PrizePlace(p.place, p.title, p.entry_id, p.amount, p.category, p.rank,
                                    None if p.entry_id is None else record.row(p.entry_id).ranking_score) for p in places),
            decisions=tuple(decisions), redo_reason=reason.strip() if redo else None,
            ledger_head=LedgerHead(head.seq, head.hash), settings=awards_basis(state.competition),
        )
        if not dry_run:
            from krenova_cli.store.serialize import json_bytes

            tx.put(layout.AWARDS, json_bytes(awards.to_json()))
            tx.commit("awards.redo" if redo else "awards", "awards", state.awards.to_json() if state.awards else None,
                      {"places": [p.to_json() for p in awards.places], "decisions": [d.to_json() for d in decisions]})
        return awards


def undo_awards(store: Store, reason: str) -> AwardsRecord:
    """Remove the awards decision (logged with the whole old record), so that a late withdrawal or a
    reopened final round can be followed by a new `krenova awards`. A hand edit of awards.json does not
    stop it: the decision is removed whole, its edited content kept in the ledger record."""
    with store.transaction(replaces=frozenset({layout.AWARDS})) as tx:
        state = store.load(rounds=())
        if state.awards is None:
            raise UserError(_("no awards decided yet, so there is nothing to undo; decide them with `krenova awards`"))
        if not reason.strip():
            raise UserError(_("--undo needs --reason TEXT (the removal of the decision is logged)"))
        tx.put(layout.AWARDS, None)
        tx.commit("awards.undo", "awards", state.awards.to_json(), {"reason": reason.strip()})
        return state.awards
