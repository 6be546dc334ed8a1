"""Making and changing a round's assignment (who scores what): load -> core -> one logged commit.

Three changes, each one ledger record: a fresh assignment (`assign`, before the round's first
score), a panel for an entry registered later (`assign.add`), and a judge replaced on panels
(`assign.replace`, with the reason and the old and new panels; scores already given stay).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from krenova_cli.core import lifecycle
from krenova_cli.core.assignment import Mixing, add_panels, assign, mixing
from krenova_cli.core.errors import UserError
from krenova_cli.core.ids import natural_key
from krenova_cli.core.lifecycle import State
from krenova_cli.core.model import conflict_reason, in_conflict
from krenova_cli.core.score_rules import require_judge, require_open
from krenova_cli.i18n.messages import _, localize, ngettext
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store
from krenova_cli.store.commit import Transaction


@dataclass(frozen=True)
class AssignResult:
    round_no: int
    table: dict[str, list[str]]
    mixing: Mixing
    changed: dict[str, list[str]] = field(default_factory=dict)  # panels added or changed by this step
    kept: tuple[str, ...] = ()  # replace: entries the judge already scored, where the judge stays
    left: tuple[str, ...] = ()  # replace: entries where the new judge already sits (another judge must take these)


def _open_round(store: Store, round_no: int | None) -> tuple[State, int]:
    from krenova_cli.usecases.scores import resolve_round

    state = store.load(rounds=())
    n = resolve_round(state, round_no)
    require_open(state, n)
    return store.add_scores(state, [n]), n


def _eligible(state: State, entry_ids, judges: list[str]) -> dict[str, list[str]]:
    return {e: [j for j in judges if not in_conflict(state.judges[j], state.entries[e])] for e in entry_ids}


def _write(tx: Transaction, n: int, table: dict[str, list[str]]) -> None:
    import tomli_w

    ordered = {e: list(table[e]) for e in sorted(table, key=natural_key)}
    tx.put(layout.assignment_file(n), tomli_w.dumps({"round": n, "entries": ordered}).encode())


def _table(state: State, n: int) -> dict[str, list[str]]:
    if n not in state.assignments:
        raise UserError(_("round {n} has no assignment (every judge scores every entry); make one with "
                          "`krenova assign --round {n} --per-entry K`").format(n=n))
    return {e: list(js) for e, js in state.assignments[n].items()}


def _result(state: State, n: int, table: dict[str, list[str]], **more) -> AssignResult:
    return AssignResult(n, table, mixing(table, sorted(state.judges, key=natural_key)), **more)


def assign_round(store: Store, round_no: int | None, per_entry: int, seed: int) -> AssignResult:
    """A fresh assignment of every active entry: balanced, conflict-free, mixed."""
    with store.transaction() as tx:
        state, n = _open_round(store, round_no)
        if any(state.scores.get(n, {}).values()):
            raise UserError(_("round {n} already has scores; assign judges before scoring starts "
                              "(change panels with --add or --replace-judge)").format(n=n))
        if not state.judges:
            raise UserError(_("no judges registered yet"))
        judges = lifecycle.round_judges(state, n)  # the round's pool, less the judges who left
        if not judges:
            raise UserError(_("round {n} has no active judge (every judge retired or outside rounds.{n}.judges); "
                              "`krenova judge reactivate J` or `krenova settings set rounds.{n}.judges ...`").format(n=n))
        active = lifecycle.active_entries(state, n)
        if not active:
            raise UserError(_("round {n} has no active entries to assign").format(n=n))
        table = assign(_eligible(state, active, judges), judges, per_entry, seed)
        old = state.assignments.get(n)
        _write(tx, n, table)
        tx.commit("assign", f"round-{n}", {e: list(js) for e, js in old.items()} if old else None,
                  {"per_entry": per_entry, "seed": seed, "entries": table})
    return _result(state, n, table)


def add_entries(store: Store, round_no: int | None, entry_ids: list[str], seed: int) -> AssignResult:
    """Panels for entries registered after the round was assigned, chosen like the others (loads, then pairs)."""
    with store.transaction() as tx:
        state, n = _open_round(store, round_no)
        table = _table(state, n)
        problems = []
        for e in dict.fromkeys(entry_ids):
            if e not in state.entries:
                problems.append(_("--add: unknown entry {entry!r}").format(entry=e))
            elif e in table:
                problems.append(_("--add: {entry} already has a panel in round {n} ({judges}); "
                                  "change it with --replace-judge J --by K --from-entry {entry} --reason TEXT").format(
                    entry=e, n=n, judges=", ".join(table[e])))
            elif not lifecycle.is_active(state, e, n):
                problems.append(_("--add: {entry} is not active in round {n} ({status})").format(
                    entry=e, n=n, status=localize(lifecycle.entry_status(state, e))))
        if problems:
            raise UserError(problems[0] if len(problems) == 1 else "; ".join(problems))
        sizes = Counter(len(js) for js in table.values())
        per_entry = max(sizes, key=lambda k: (sizes[k], k)) if sizes else 1
        judges = lifecycle.round_judges(state, n)  # the round's pool, less the judges who left
        added = add_panels(table, _eligible(state, dict.fromkeys(entry_ids), judges), judges, per_entry, seed)
        table |= added
        _write(tx, n, table)
        tx.commit("assign.add", f"round-{n}", None, {"per_entry": per_entry, "seed": seed, "entries": added})
    return _result(state, n, table, changed=added)


def replace_judge(store: Store, round_no: int | None, judge_id: str, by: str, from_entries: list[str], reason: str) -> AssignResult:
    """Judge `by` takes `judge_id`'s place on panels; entries `judge_id` already scored keep them (and their scores)."""
    with store.transaction() as tx:
        state, n = _open_round(store, round_no)
        table = _table(state, n)
        require_judge(state, judge_id)
        require_judge(state, by)
        if judge_id == by:
            raise UserError(_("--by must name another judge than --replace-judge"))
        if not lifecycle.in_round_pool(state, n, by):  # retired, or outside the round's pool
            raise UserError(_("--by: {judge} does not judge round {n} (retired, or outside rounds.{n}.judges); "
                              "`krenova judge list` shows who does").format(judge=by, n=n))
        if not reason.strip():
            raise UserError(_("--replace-judge needs --reason TEXT (the change is logged)"))
        done = state.scores.get(n, {}).get(judge_id, {})
        if from_entries:
            targets = list(dict.fromkeys(from_entries))
            for e in targets:
                if e not in table:
                    raise UserError(_("--from-entry: {entry} has no panel in round {n}").format(entry=e, n=n))
                if judge_id not in table[e]:
                    raise UserError(_("--from-entry: {judge} is not on the panel of {entry} ({judges})").format(
                        judge=judge_id, entry=e, judges=", ".join(table[e])))
                if e in done:
                    raise UserError(_("--from-entry: {judge} already scored {entry} in round {n}; scores given stay, "
                                      "and so does the judge on that panel").format(judge=judge_id, entry=e, n=n))
            kept: tuple[str, ...] = ()
        else:
            mine = [e for e in sorted(table, key=natural_key) if judge_id in table[e]]
            targets = [e for e in mine if e not in done]
            kept = tuple(e for e in mine if e in done)
            if not targets:
                if kept:
                    raise UserError(_("{judge} has no unscored entry in round {n} to hand over (scored all {count} of theirs)").format(
                        judge=judge_id, n=n, count=len(kept)))
                raise UserError(_("{judge} has no unscored entry in round {n} to hand over").format(judge=judge_id, n=n))
        judge = state.judges[by]
        conflicted = [(e, conflict_reason(judge, state.entries[e])) for e in targets if e in state.entries]
        conflicted = [(e, why) for e, why in conflicted if why]
        if conflicted:
            shown = "; ".join(e + " (" + localize(why) + ")" for e, why in conflicted[:5]) + (" ..." if len(conflicted) > 5 else "")
            raise UserError(ngettext("--by: {judge} is in conflict with {count} of these entries: {shown}",
                                     "--by: {judge} is in conflict with {count} of these entries: {shown}",
                                     len(conflicted)).format(judge=by, count=len(conflicted), shown=shown))
        twice = [e for e in targets if by in table[e]]
        left: tuple[str, ...] = ()
        if twice and not from_entries:
            # Handing over "every unscored entry": where the new judge already sits, the old one stays,
            # and the result names those entries so that another judge can be given them explicitly.
            left = tuple(twice)
            targets = [e for e in targets if e not in left]
            if not targets:
                raise UserError(_("--by: {judge} already sits on every panel of {other}'s unscored entries in round {n}").format(
                    judge=by, other=judge_id, n=n))
        elif twice:
            shown = ", ".join(twice[:8]) + (" ..." if len(twice) > 8 else "")
            raise UserError(ngettext("--by: {judge} already sits on the panel of {count} of these entries ({shown}); "
                                     "name the others with --from-entry",
                                     "--by: {judge} already sits on the panel of {count} of these entries ({shown}); "
                                     "name the others with --from-entry", len(twice)).format(judge=by, count=len(twice), shown=shown))
        old = {e: list(table[e]) for e in targets}
        for e in targets:
            table[e] = sorted((by if j == judge_id else j for j in table[e]), key=natural_key)
        new = {e: table[e] for e in targets}
        _write(tx, n, table)
        tx.commit("assign.replace", f"round-{n}", {"judge": judge_id, "entries": old},
                  {"judge": by, "entries": new, "reason": reason.strip(), "kept": list(kept), "left": list(left)})
    return _result(state, n, table, changed=new, kept=kept, left=left)
