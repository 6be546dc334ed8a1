"""The minutes of the administrative screening (Berita Acara Seleksi Administrasi): `letters minutes
--round 0`, and the first of `letters minutes` once the screening is closed.

A paper of the kind `minutes` (numbered, coded and verified like the minutes of a round), with round
0; its template is chosen inside `minutes.html` (`screening-minutes.html` of each language).
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.i18n.messages import _


def screening_minutes(state: State, signer: dict, count: Callable[[int], str]) -> dict:
    """The minutes of the closed administrative screening: the documents asked, who passed, who was
    stopped and why, and who passed although a document was missing. `signer`: the agency's signature
    block; `count`: a number as the papers write it (both from `builders`, which calls this)."""
    from krenova_cli.i18n.offices import sentence

    comp = state.competition
    rec = state.screening
    if not comp.screening.round:
        raise UserError(_("this competition has no administrative screening (round 0); minutes need --round N of a scored round"))
    if rec is None:
        raise UserError(_("the administrative screening is not closed; its minutes are written when it closes "
                          "(`krenova advance --round 0`)"))
    loc = comp.competition.locale
    rows = []
    for entry_id in rec.entries:
        e = state.entries.get(entry_id)
        stopped = entry_id in rec.stopped
        why = rec.stopped.get(entry_id) or rec.passed_reasons.get(entry_id) or ""
        rows.append({"entry_id": entry_id, "title": e.title if e else "", "institution": e.institution if e else "",
                     "category": comp.category_name(e.category) if e else "", "rank": None, "ranking_score": None,
                     "passed": not stopped, "note": ("stop" if stopped else "pass"), "reason": sentence(why) if why else "",
                     "missing": list(rec.missing.get(entry_id, ()))})
    documents = [{"name": d["name"], "categories": [comp.category_name(c) for c in d.get("categories") or ()]}
                 for d in (rec.settings or {}).get("documents") or ()]
    return {"kind": "minutes", "stem": "minutes-round-0", "key": "minutes/0", "round": 0, "screening": True,
            "round_name": rec.name, "date": _dated(comp, rec), "signer": signer,
            "rows": rows, "passed_rows": [r for r in rows if r["passed"]], "stopped_rows": [r for r in rows if not r["passed"]],
            "noted_rows": [r for r in rows if r["passed"] and r["reason"]],
            "documents": documents, "total": len(rows), "total_text": count(len(rows)),
            "passed_text": count(len(rec.passed)), "stopped_text": count(len(rec.stopped)),
            "ledger_head": rec.ledger_head.hash[:16] if rec.ledger_head.hash else "", "locale": loc}


def _dated(comp, rec) -> date:
    """The day the screening was closed, but never on or after the day round 1 starts: the Berita Acara of
    the screening precedes the first round's papers (a screening closed late in the folder, or entered after
    the fact, is dated the day before round 1, as rounds are dated by their own end)."""
    from datetime import timedelta

    closed = date.fromisoformat(rec.closed_at[:10])
    first = comp.rounds[0].start if comp.rounds else None
    return min(closed, first - timedelta(days=1)) if first else closed
