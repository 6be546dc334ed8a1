"""Closing and reopening rounds, deciding awards: the store around the pure core."""

from __future__ import annotations

from dataclasses import dataclass

from krenova_cli.core import lifecycle
from krenova_cli.core.cutoff import cutoff, tie_message
from krenova_cli.core.prizes import decide
from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import CLOSED, State
from krenova_cli.core.records import round_record
from krenova_cli.core.score_rules import require_open
from krenova_cli.store.datafolder import Store, sha256, utc_text


@dataclass(frozen=True)
class CloseOptions:
    round_no: int
    include_ties: bool = False
    prefer: tuple[str, ...] = ()
    reason: str = ""
    allow_missing: bool = False
    dry_run: bool = False


def missing_pairs(state: State, n: int) -> list[tuple[str, list[str]]]:
    scores = state.scores.get(n, {})
    out = []
    for entry_id, judges in lifecycle.expected(state, n).items():
        lacking = [j for j in judges if entry_id not in scores.get(j, {})]
        if lacking:
            out.append((entry_id, lacking))
    return out


def close_round(store: Store, opts: CloseOptions) -> dict:
    n = opts.round_no
    with store.transaction() as tx:
        state = store.load(rounds=())
        require_open(state, n)
        store.add_scores(state, lifecycle.rounds_needed(state.competition, n))
        missing = missing_pairs(state, n)
        if missing and not opts.allow_missing:
            count = sum(len(j) for _, j in missing)
            listing = "; ".join(f"{e} ({', '.join(j)})" for e, j in missing[:8]) + (" ..." if len(missing) > 8 else "")
            raise UserError(f"round {n}: {count} expected score(s) missing: {listing}. Record them (`krenova status` lists them), "
                            f"or close anyway with --allow-missing --reason TEXT")
        if opts.allow_missing and missing and not opts.reason.strip():
            raise UserError("--allow-missing needs --reason TEXT, recorded in the round minutes")
        st = lifecycle.standings(state, n)
        top = state.competition.round(n).advance_top
        cut = cutoff(st, top, opts.include_ties, opts.prefer, opts.reason)
        if cut.tie:
            names = {e: state.entries[e].title for e in cut.tie}
            raise UserError(tie_message(st, cut.tie, top, names))
        files = {f"scores/round-{n}/{j}.json": sha256(store.path(f"scores/round-{n}/{j}.json").read_bytes())
                 for j in store.score_judges(n)}
        head = tx.head()
        record = round_record(state, st, cut, files, {"seq": head.seq, "hash": head.hash}, utc_text(store.clock()), store.actor,
                              opts.reason.strip() if (opts.allow_missing and missing) else None)
        if not opts.dry_run:
            from krenova_cli.store.serialize import json_bytes

            tx.put(f"rounds/round-{n}.json", json_bytes(record))
            tx.commit("advance", f"round-{n}", None, {"advancing": record["advancing"], "decisions": record["decisions"],
                                                       "missing_allowed": record["missing_allowed"]})
        return record


def reopen_round(store: Store, n: int, reason: str) -> None:
    with store.transaction() as tx:
        state = store.load(rounds=[r for r in (n, n + 1) if r <= len(store.competition().rounds)])
        if not reason.strip():
            raise UserError("--reason must say why the round is reopened (it is logged)")
        if lifecycle.round_state(state, n) != CLOSED:
            raise UserError(f"round {n} is not closed; nothing to reopen")
        if n + 1 in state.records:
            raise UserError(f"round {n + 1} is closed too; reopen it first")
        if state.scores.get(n + 1) and any(state.scores[n + 1].values()):
            raise UserError(f"round {n + 1} already has scores; a round can be reopened only while the next has none")
        if state.awards and n == state.last_round:
            raise UserError("the awards are decided from this round; reopen them first with `krenova awards --redo`")
        tx.put(f"rounds/round-{n}.json", None)
        old = state.records[n]
        tx.commit("reopen", f"round-{n}", {"advancing": old["advancing"], "closed_at": old["closed_at"]}, {"reason": reason.strip()})


def decide_awards(store: Store, prefer: tuple[str, ...], reason: str, redo: bool, dry_run: bool) -> dict:
    with store.transaction() as tx:
        state = store.load(rounds=())
        last = state.last_round
        if state.awards is not None and not redo:
            return state.awards
        if redo and state.awards is None:
            raise UserError("no awards decided yet; run `krenova awards` without --redo")
        if redo and not reason.strip():
            raise UserError("--redo needs --reason TEXT (the change is logged)")
        if last not in state.records:
            raise UserError(f"round {last} (the final round) is not closed yet; close it with `krenova advance --round {last}`")
        record = state.records[last]
        finalists = set(record["advancing"])
        ranked = [(r["entry_id"], r["rank"], r["exact_ranking_score"]) for r in record["standings"]
                  if r["rank"] is not None and r["entry_id"] in finalists and state.entries[r["entry_id"]].withdrawn is None]
        categories = {e: state.entries[e].category for e, _, _ in ranked}
        places, decisions = decide(ranked, categories, state.competition.prizes, prefer, reason)
        head = tx.head()
        awards = {
            "round": last,
            "decided_at": utc_text(store.clock()),
            "decided_by": store.actor,
            "places": [p.as_json() | {"ranking_score": record_score(record, p.entry_id)} for p in places],
            "decisions": decisions,
            "redo_reason": reason.strip() if redo else None,
            "ledger_head": {"seq": head.seq, "hash": head.hash},
        }
        if not dry_run:
            from krenova_cli.store.serialize import json_bytes

            tx.put("awards.json", json_bytes(awards))
            tx.commit("awards.redo" if redo else "awards", "awards", state.awards, {"places": awards["places"], "decisions": decisions})
        return awards


def record_score(record: dict, entry_id: str):
    for r in record["standings"]:
        if r["entry_id"] == entry_id:
            return r["ranking_score"]
    return None
