"""The administrative screening (seleksi administrasi): what entries lack, the secretariat's pass and
stop, closing it (`advance --round 0`) into `screening.json` and reopening it (`reopen --round 0`).

The rules are the core's (`core/screening.py`); here: reading the manifests, the one logged change
of each decision, and the refusals that name the way on.
"""

from __future__ import annotations

from dataclasses import replace

from krenova_cli.core import lifecycle
from krenova_cli.core.errors import UserError
from krenova_cli.core.ids import natural_key
from krenova_cli.core.lifecycle import State
from krenova_cli.core.screening import PASS, STOP, ScreeningRecord, basis, missing, screen
from krenova_cli.i18n.messages import _, ngettext
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store


def attached_files(store: Store, state: State) -> dict[str, list]:
    """Each entry's attached files as its manifest names them (the files themselves are not read)."""
    from krenova_cli.store.attachments import entries_with_attachments

    return store.attached(e for e in entries_with_attachments(store.root) if e in state.entries)


def incomplete_entries(store: Store, state: State) -> dict[str, list[str]]:
    """Entry -> the required documents it lacks, for the entries still in the competition (not withdrawn,
    not stopped by a closed screening), in id order."""
    comp = state.competition
    if not comp.screening.documents:
        return {}
    files = attached_files(store, state)
    stopped = state.screening.stopped if state.screening is not None else {}
    out = {}
    for entry_id in sorted(state.entries, key=natural_key):
        e = state.entries[entry_id]
        if e.withdrawn is not None or entry_id in stopped:
            continue
        gone = missing(comp, e, files.get(entry_id, ()))
        if gone:
            out[entry_id] = gone
    return out


def screening_name(comp) -> str:
    """What the papers call the screening: its name in the settings, else the documents' own word."""
    from krenova_cli.i18n.labels import DOCUMENT_WORDS

    return comp.screening.name or DOCUMENT_WORDS.get(comp.competition.locale, DOCUMENT_WORDS["id"])["screening"]


def _require_screening(state: State) -> None:
    if not lifecycle.has_screening(state):
        raise UserError(_("this competition has no administrative screening; to hold one before round 1, set "
                          "`krenova settings set screening.round true` (while round 1 has no scores)"))


def _require_open(state: State) -> None:
    _require_screening(state)
    if state.screening is not None:
        raise UserError(_("the administrative screening was closed on {day}; its decisions are locked. To change one, "
                          "reopen it with `krenova reopen --round 0 --reason TEXT` (possible while round 1 has no scores)").format(
                              day=state.screening.closed_at[:10]))


def decide(store: Store, ids: list[str], decision: str, reason: str, incomplete: bool = False) -> list[str]:
    """Pass or stop entries in the open screening, one logged change; returns the entries decided.
    `incomplete`: every entry lacking a document that has no decision yet (with `stop`, the usual
    "berkas tidak lengkap")."""
    from krenova_cli.store.serialize import entry_toml

    reason = reason.strip()
    with store.transaction() as tx:
        state = store.load(rounds=())
        _require_open(state)
        if decision == STOP and not reason:
            raise UserError(_("--reason must say why the entries are stopped (it is printed on the minutes)"))
        lacking = incomplete_entries(store, state)
        chosen = list(dict.fromkeys(ids))
        if incomplete:
            chosen += [e for e in lacking if state.entries[e].screening is None and e not in chosen]
            if not chosen:
                raise UserError(_("--incomplete: no entry lacks a required document without a decision; nothing to do"))
        if not chosen:
            raise UserError(_("name the entries (ID...) or give --incomplete"))
        for entry_id in chosen:
            if entry_id not in state.entries:
                raise UserError(_("no entry {entry!r}; see `krenova entry list`").format(entry=entry_id))
            e = state.entries[entry_id]
            if e.withdrawn is not None:
                raise UserError(_("{entry} withdrew; it is not screened").format(entry=entry_id))
            if decision == PASS and entry_id in lacking and not reason:
                raise UserError(_("{entry} lacks {documents}; to pass it all the same, say why with --reason TEXT "
                                  "(it is printed on the minutes), or attach them first "
                                  "(`krenova entry attach {entry} FILE --document NAME`)").format(
                                      entry=entry_id, documents=", ".join(lacking[entry_id])))
        for entry_id in chosen:
            entry = replace(state.entries[entry_id], screening=_decision(decision, reason))
            tx.put(layout.entry_file(entry_id), entry_toml(entry))
        target = chosen[0] if len(chosen) == 1 else "*"
        tx.commit(f"screen.{decision}", target, None, {"entries": chosen, "reason": reason})
    return chosen


def _decision(decision: str, reason: str):
    from krenova_cli.core.model import ScreeningDecision

    return ScreeningDecision(decision, reason)


def undecide(store: Store, ids: list[str]) -> list[str]:
    """Take back the decisions on entries in the open screening (they pass if complete, else wait)."""
    from krenova_cli.store.serialize import entry_toml

    with store.transaction() as tx:
        state = store.load(rounds=())
        _require_open(state)
        chosen = list(dict.fromkeys(ids))
        for entry_id in chosen:
            if entry_id not in state.entries:
                raise UserError(_("no entry {entry!r}; see `krenova entry list`").format(entry=entry_id))
            if state.entries[entry_id].screening is None:
                raise UserError(_("{entry} has no decision to take back").format(entry=entry_id))
        for entry_id in chosen:
            tx.put(layout.entry_file(entry_id), entry_toml(replace(state.entries[entry_id], screening=None)))
        tx.commit("screen.undo", chosen[0] if len(chosen) == 1 else "*", None, {"entries": chosen})
    return chosen


def close_screening(store: Store, dry_run: bool = False) -> ScreeningRecord:
    """Close the administrative screening: every incomplete entry needs the secretariat's decision first."""
    from krenova_cli.core.records import LedgerHead
    from krenova_cli.store.clock import utc_text
    from krenova_cli.store.serialize import json_bytes

    with store.transaction() as tx:
        state = store.load(rounds=())
        _require_open(state)
        withdrawn = {e for e, x in state.entries.items() if x.withdrawn is not None}
        if len(withdrawn) == len(state.entries):
            raise UserError(_("the administrative screening has no entries to screen; register them with "
                              "`krenova entry add` or `krenova entry import FILE`"))
        passed, stopped, lacking, passed_reasons, undecided = screen(state.competition, state.entries,
                                                                     attached_files(store, state), withdrawn)
        if undecided:
            listing = "; ".join(f"{e} ({', '.join(d)})" for e, d in list(undecided.items())[:8]) + (
                " ..." if len(undecided) > 8 else "")
            first = next(iter(undecided))
            raise UserError(ngettext(
                "the administrative screening cannot close: {count} entry lacks required documents and has no decision: "
                "{listing}. Attach them (`krenova entry attach {first} FILE --document NAME`), or decide: "
                "`krenova screen stop {first} --reason TEXT` (or `--incomplete` for all), "
                "`krenova screen pass {first} --reason TEXT`",
                "the administrative screening cannot close: {count} entries lack required documents and have no decision: "
                "{listing}. Attach them (`krenova entry attach {first} FILE --document NAME`), or decide: "
                "`krenova screen stop {first} --reason TEXT` (or `--incomplete` for all), "
                "`krenova screen pass {first} --reason TEXT`", len(undecided)).format(
                    count=len(undecided), listing=listing, first=first))
        head = tx.head()
        comp = state.competition
        screened = sorted((e for e in state.entries if e not in withdrawn), key=natural_key)
        record = ScreeningRecord(
            name=screening_name(comp), closed_at=utc_text(store.clock()),
            closed_by=store.actor, entries=tuple(screened), passed=tuple(passed), stopped=stopped,
            missing={e: tuple(d) for e, d in lacking.items()}, ledger_head=LedgerHead(head.seq, head.hash),
            settings=basis(comp), passed_reasons=passed_reasons)
        if not dry_run:
            tx.put(layout.SCREENING, json_bytes(record.to_json()))
            tx.commit("advance", "round-0", None, {"passed": list(record.passed), "stopped": dict(record.stopped)})
        return record


def reopen_screening(store: Store, reason: str) -> None:
    with store.transaction() as tx:
        state = store.load(rounds=[1])
        if not reason.strip():
            raise UserError(_("--reason must say why the round is reopened (it is logged)"))
        _require_screening(state)
        if state.screening is None:
            raise UserError(_("the administrative screening is not closed; nothing to reopen"))
        if 1 in state.records:
            raise UserError(_("round {n} is closed too; reopen it first").format(n=1))
        if state.scores.get(1) and any(state.scores[1].values()):
            raise UserError(_("round {n} already has scores; a round can be reopened only while the next has none").format(n=1))
        old = state.screening
        tx.put(layout.SCREENING, None)
        tx.commit("reopen", "round-0", {"passed": list(old.passed), "stopped": dict(old.stopped), "closed_at": old.closed_at},
                  {"reason": reason.strip()})
