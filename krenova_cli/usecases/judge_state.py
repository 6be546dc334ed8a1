"""Judges who come and go: retiring a judge from a round on (with the reason), bringing them back, and
handing a departing judge's unscored entries of an assigned round to the other judges.

A retired judge is expected in no round from their retirement on: `status`, `advance`, `sheets` and
`assign` leave them out (core/lifecycle.round_judges); scores they already gave stay and count.
Each change is one logged record.
"""

from __future__ import annotations

from dataclasses import replace

from krenova_cli.core import lifecycle
from krenova_cli.core.errors import UserError
from krenova_cli.core.ids import natural_key
from krenova_cli.core.model import Judge, Retirement, in_conflict
from krenova_cli.core.score_rules import require_judge
from krenova_cli.i18n.messages import _, ngettext
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store


def _reason(reason: str, option: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise UserError(_("{option} needs --reason TEXT (the change is logged and printed in the round's minutes)").format(option=option))
    from pydantic import ValidationError

    from krenova_cli.store import schema

    try:  # the read's rules for free text (length, control and bidi characters)
        schema.Retirement(round=1, reason=text)
    except ValidationError as exc:
        from krenova_cli.store.parsing import pydantic_errors

        raise pydantic_errors(exc, "--reason", where=lambda field: "--reason") from None
    return text


def _from_round(state, from_round: int | None, judge_id: str) -> int:
    n = from_round if from_round is not None else lifecycle.current_round(state)
    if n is None and lifecycle.screening_open(state):
        n = 1  # the judges' rounds begin after the administrative screening
    if n is None:
        raise UserError(_("every round is closed; there is no round left to retire {judge} from").format(judge=judge_id))
    if not 1 <= n <= state.last_round:
        raise UserError(_("--from-round: the competition has rounds 1 to {last}").format(last=state.last_round))
    if lifecycle.round_state(state, n) == lifecycle.CLOSED:
        now = lifecycle.current_round(state)
        raise UserError(_("--from-round: round {n} is closed; retire from the current round instead "
                          "(`krenova judge retire {judge} --from-round {now} --reason TEXT`)").format(
            n=n, judge=judge_id, now=now if now is not None else state.last_round))
    return n


def retire_judge(store: Store, judge_id: str, reason: str, from_round: int | None) -> Judge:
    """Mark the judge retired from `from_round` on (default: the current round). Refused while an assigned
    round still gives them unscored entries: `assign --retire` hands those over in the same change."""
    from krenova_cli.store.serialize import judges_toml

    text = _reason(reason, "judge retire")
    with store.transaction() as tx:
        state = store.load()
        require_judge(state, judge_id)
        judge = state.judges[judge_id]
        if judge.retired is not None and judge.retired.back is None:
            raise UserError(_("{judge} is already retired from round {n} ({reason}); `krenova judge reactivate {judge}` "
                              "brings them back").format(judge=judge_id, n=judge.retired.round, reason=judge.retired.reason))
        if judge.retired is not None:  # left once and came back: a second absence is a round's pool
            raise UserError(_("{judge} was retired once already (rounds {first} to {last}); leave them out of a round with "
                              "`krenova settings set rounds.N.judges ...` instead").format(
                judge=judge_id, first=judge.retired.round, last=judge.retired.back - 1))
        n = _from_round(state, from_round, judge_id)
        for r, table in sorted(state.assignments.items()):
            if r < n or r in state.records:
                continue
            done = state.scores.get(r, {}).get(judge_id, {})
            pending = [e for e in sorted(table, key=natural_key) if judge_id in table[e] and e not in done]
            if pending:
                raise UserError(ngettext(
                    "{judge} still has {count} unscored entry in round {r} ({entries}); hand it to the other judges and retire "
                    "in one step: `krenova assign --round {r} --retire {judge} --reason TEXT`",
                    "{judge} still has {count} unscored entries in round {r} ({entries}); hand them to the other judges and retire "
                    "in one step: `krenova assign --round {r} --retire {judge} --reason TEXT`", len(pending)).format(
                    judge=judge_id, count=len(pending), r=r, entries=", ".join(pending[:5]) + (" ..." if len(pending) > 5 else "")))
        new = replace(judge, retired=Retirement(n, text))
        tx.put(layout.JUDGES, judges_toml(state.judges | {judge_id: new}))
        tx.commit("judge.retire", judge_id, None, {"round": n, "reason": text})
    return new


def reactivate_judge(store: Store, judge_id: str, reason: str) -> Judge:
    """Bring a retired judge back: expected again from the current round on (logged with the old retirement)."""
    from krenova_cli.store.serialize import judges_toml

    with store.transaction() as tx:
        state = store.load(rounds=())
        require_judge(state, judge_id)
        judge = state.judges[judge_id]
        if judge.retired is None or judge.retired.back is not None:
            raise UserError(_("{judge} is not retired; `krenova judge list` shows each judge's state").format(judge=judge_id))
        now = lifecycle.current_round(state)
        if now is None:
            raise UserError(_("every round is closed; there is no round left for {judge} to score").format(judge=judge_id))
        # The closed rounds of the absence keep it (their records rest on it): back from the current round on.
        back = now if any(n in state.records for n in range(judge.retired.round, now)) else None
        new = replace(judge, retired=None if back is None else replace(judge.retired, back=back))
        tx.put(layout.JUDGES, judges_toml(state.judges | {judge_id: new}))
        tx.commit("judge.reactivate", judge_id, {"round": judge.retired.round, "reason": judge.retired.reason},
                  {"back": now} | ({"reason": reason.strip()} if reason.strip() else {}))
    return new


def retire_in_round(store: Store, round_no: int | None, judge_id: str, reason: str, seed: int):
    """`assign --round N --retire J --reason TEXT`: the judge retires from round N on, and their unscored
    entries of N (an assigned round) go to eligible judges by load and pair counts; one logged change.
    A round without assignments (every judge scores everything) only loses the expectation."""
    from krenova_cli.core.assignment import spread_out
    from krenova_cli.store.serialize import judges_toml
    from krenova_cli.usecases.assign import AssignResult, _open_round, _result, _write

    text = _reason(reason, "--retire")
    with store.transaction() as tx:
        state, n = _open_round(store, round_no)
        require_judge(state, judge_id)
        judge = state.judges[judge_id]
        if judge.retired_by(n):
            raise UserError(_("{judge} is already retired from round {r} ({reason}); `krenova judge reactivate {judge}` "
                              "brings them back").format(judge=judge_id, r=judge.retired.round, reason=judge.retired.reason))
        if judge.retired is not None:
            raise UserError(_("{judge} was retired once already (rounds {first} to {last}); leave them out of a round with "
                              "`krenova settings set rounds.N.judges ...` instead").format(
                judge=judge_id, first=judge.retired.round, last=(judge.retired.back or n) - 1))
        retired = replace(judge, retired=Retirement(n, text))
        judges_after = state.judges | {judge_id: retired}
        table = state.assignments.get(n)
        if table is None:
            tx.put(layout.JUDGES, judges_toml(judges_after))
            tx.commit("judge.retire", judge_id, None, {"round": n, "reason": text})
            return AssignResult(n, {}, None)
        table = {e: list(js) for e, js in table.items()}
        done = state.scores.get(n, {}).get(judge_id, {})
        mine = [e for e in sorted(table, key=natural_key) if judge_id in table[e]]
        targets = [e for e in mine if e not in done]
        kept = tuple(e for e in mine if e in done)
        after = replace(state, judges=judges_after)
        others = [j for j in lifecycle.round_judges(after, n) if j != judge_id]
        eligible = {e: [j for j in others if not in_conflict(state.judges[j], state.entries[e])] for e in targets}
        moved = spread_out(table, judge_id, targets, eligible, others, seed) if targets else {}
        old = {e: list(table[e]) for e in moved}
        table |= moved
        _write(tx, n, table)
        tx.put(layout.JUDGES, judges_toml(judges_after))
        tx.commit("assign.retire", f"round-{n}", {"judge": judge_id, "entries": old},
                  {"judge": judge_id, "round": n, "reason": text, "entries": moved, "kept": list(kept), "seed": seed})
    return _result(after, n, table, changed=moved, kept=kept)
