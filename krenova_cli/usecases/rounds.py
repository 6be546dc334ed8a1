"""Closing and reopening rounds: the store around the pure cutoff."""

from __future__ import annotations

from dataclasses import dataclass

from krenova_cli.core import lifecycle
from krenova_cli.core.cutoff import cutoff
from krenova_cli.core.problems import EntriesWithoutPanel, TieAtCutoff
from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import CLOSED, State, missing_pairs
from krenova_cli.core.closing import round_record
from krenova_cli.core.records import LedgerHead, RoundRecord
from krenova_cli.core.score_rules import require_open
from krenova_cli.i18n.messages import _, ngettext
from krenova_cli.store.clock import utc_text
from krenova_cli.store.datafolder import Store
from krenova_cli.store.ledger import sha256
from krenova_cli.store import layout


@dataclass(frozen=True)
class CloseOptions:
    round_no: int
    include_ties: bool = False
    prefer: tuple[str, ...] = ()
    reason: str = ""
    allow_missing: bool = False
    dry_run: bool = False


def close_round(store: Store, opts: CloseOptions) -> RoundRecord:
    n = opts.round_no
    with store.transaction() as tx:
        state = store.load(rounds=())
        require_open(state, n)
        if lifecycle.unassigned(state, n):
            raise EntriesWithoutPanel(round_no=n, entries=tuple(lifecycle.unassigned(state, n)))
        state = store.add_scores(state, lifecycle.rounds_needed(state.competition, n))
        exp = lifecycle.expected(state, n)
        if not exp:
            if n == 1:
                raise UserError(_("round 1 has no entries to close; register them with `krenova entry add` or `krenova entry import FILE`"))
            raise UserError(_("round {n} has no active entries to close; see `krenova status`").format(n=n))
        scored = {e for by_entry in state.scores.get(n, {}).values() for e in by_entry}
        if not scored & set(exp):
            raise UserError(_("round {n}: no entry has been scored yet, so there is nothing to rank; record scores first "
                              "(`krenova sheets --round {n}`, then `krenova score --round {n} --from FILE`)").format(n=n))
        missing = missing_pairs(state, n)
        if missing and not opts.allow_missing:
            count = sum(len(j) for _, j in missing)
            listing = "; ".join(e + " (" + ", ".join(j) + ")" for e, j in missing[:8]) + (" ..." if len(missing) > 8 else "")
            raise UserError(ngettext("round {n}: {count} expected score missing: {listing}. Record it (`krenova status` lists it), "
                                     "or close anyway with --allow-missing --reason TEXT",
                                     "round {n}: {count} expected scores missing: {listing}. Record them (`krenova status` lists them), "
                                     "or close anyway with --allow-missing --reason TEXT", count).format(n=n, count=count, listing=listing))
        if opts.allow_missing and missing and not opts.reason.strip():
            raise UserError(_("--allow-missing needs --reason TEXT, recorded in the round minutes"))
        st = lifecycle.standings(state, n)
        top = state.competition.round(n).advance_top
        cut = cutoff(st, top, opts.include_ties, opts.prefer, opts.reason)
        if cut.tie:
            raise TieAtCutoff(round_no=n, rank=st.row(cut.tie[0]).rank, cutoff=top, tied=cut.tie,
                              titles={e: state.entries[e].title for e in cut.tie})
        files = {layout.score_file(n, j): sha256(store.path(layout.score_file(n, j)).read_bytes())
                 for j in store.score_judges(n)}
        head = tx.head()
        record = round_record(state, st, cut, files, LedgerHead(head.seq, head.hash), utc_text(store.clock()), store.actor,
                              opts.reason.strip() if (opts.allow_missing and missing) else None)
        if not opts.dry_run:
            from krenova_cli.store.serialize import json_bytes

            tx.put(layout.round_record(n), json_bytes(record.to_json()))
            tx.commit("advance", f"round-{n}", None, {"advancing": list(record.advancing),
                                                       "decisions": [d.to_json() for d in record.decisions],
                                                       "missing_allowed": record.missing_allowed})
        return record


def reopen_round(store: Store, n: int, reason: str) -> None:
    with store.transaction() as tx:
        state = store.load(rounds=[r for r in (n, n + 1) if r <= len(store.competition().rounds)])
        if not reason.strip():
            raise UserError(_("--reason must say why the round is reopened (it is logged)"))
        if lifecycle.round_state(state, n) != CLOSED:
            raise UserError(_("round {n} is not closed; nothing to reopen").format(n=n))
        if n + 1 in state.records:
            raise UserError(_("round {n} is closed too; reopen it first").format(n=n + 1))
        if state.scores.get(n + 1) and any(state.scores[n + 1].values()):
            raise UserError(_("round {n} already has scores; a round can be reopened only while the next has none").format(n=n + 1))
        if state.awards and n == state.last_round:
            raise UserError(_("the awards are decided from round {n}; remove that decision first with "
                              "`krenova awards --undo --reason TEXT`, then reopen the round").format(n=n))
        tx.put(layout.round_record(n), None)
        old = state.records[n]
        tx.commit("reopen", f"round-{n}", {"advancing": list(old.advancing), "closed_at": old.closed_at}, {"reason": reason.strip()})
