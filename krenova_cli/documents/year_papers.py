"""The papers of the year (issue 27 part 5, SPEC 9.4): the call for proposals, the announcement of
each shortlist, the invitation of the finalists to the awards ceremony and a feedback letter to each
participant. Builders of the `documents/builders.py` registry like the other kinds: one content model
each, rendered to HTML/PDF and to Word from `templates/{id,en}/KIND.html`, numbered in the letter
register, with verification codes over what they state (`facts`, documents/verification.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.documents.builders import (Request, _category_name, _entry, _institution_names, award_date, file_key,
                                            honours, kind, letter_date, signer)
from krenova_cli.i18n.messages import _

# The words these papers compose from the settings (the templates hold the rest of their words).
WORDS = {
    "id": {"documents": ("Proposal inovasi sesuai sistematika yang ditetapkan panitia",
                         "Profil singkat inovasi (latar belakang, tujuan, manfaat dan hasil)",
                         "Surat pengantar dari pimpinan instansi pengusul",
                         "Dokumen pendukung (foto, video, data capaian, atau dokumen lain yang relevan)"),
           "heads": "Pimpinan {names}", "within": "{who} di lingkungan {government}",
           "submission": "Penyampaian usulan", "ceremony": "Penganugerahan",
           "until": "sampai dengan {day}", "span": "{start} s.d. {end}",
           "submit_default": "Sekretariat {organiser}{address}", "at": ", {address}"},
    "en": {"documents": ("The innovation proposal, following the organiser's outline",
                         "A short profile of the innovation (background, aims, benefits and results)",
                         "A covering letter from the head of the proposing institution",
                         "Supporting documents (photographs, video, results data or other relevant documents)"),
           "heads": "The heads of {names}", "within": "{who} of {government}",
           "submission": "Submission of proposals", "ceremony": "Awards ceremony",
           "until": "by {day}", "span": "{start} to {end}",
           "submit_default": "The secretariat of {organiser}{address}", "at": ", {address}"},
}
CALL_NOTICE_DAYS = 30  # a call is dated a month before its deadline unless `letters call --date` says otherwise


def _words(state: State) -> dict:
    return WORDS[state.competition.competition.locale]


def _day(value: date | None, locale: str) -> str:
    from krenova_cli.i18n.formatting import tanggal

    return tanggal(value, locale) if value else "-"


def _span(start: date | None, end: date | None, state: State) -> str:
    loc = state.competition.competition.locale
    if start and end:
        return _words(state)["span"].format(start=_day(start, loc), end=_day(end, loc))
    return _day(start or end, loc)


def required_documents(state: State) -> list[str]:
    """The documents a proposal carries: `[call] required_documents`, else a list the screening settings
    may hold (read defensively: any table with `required_documents`), else the usual four."""
    comp = state.competition
    own = comp.call.required_documents
    if own is None:
        for table in ("screening", "attachments"):
            found = getattr(getattr(comp, table, None), "required_documents", None)
            if found:
                own = found
                break
    if not own:
        return list(_words(state)["documents"])
    return [x if isinstance(x, str) else getattr(x, "name", None) or getattr(x, "title", None) or str(x) for x in own]


def _deadline(state: State) -> date:
    comp = state.competition
    if comp.call.deadline:
        return comp.call.deadline
    first = comp.rounds[0].start
    if first is None:
        raise UserError(_("the call for proposals needs the last day to submit: set it with "
                          "`krenova settings set call.deadline YYYY-MM-DD` (or set rounds.1.start, the day after it)"))
    return first - timedelta(days=1)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _weights(state: State) -> list[dict]:
    from krenova_cli.core.rounding import rounded

    crits = state.competition.criteria
    total = sum(Fraction(str(c.weight)) for c in crits) or Fraction(1)
    loc = state.competition.competition.locale
    out = []
    for c in crits:
        share = f"{float(rounded(Fraction(str(c.weight)) / total * 100, 1)):g}"
        out.append({"id": c.id, "name": c.name, "weight": share.replace(".", ",") if loc == "id" else share})
    return out


@kind("call")
def call_for_proposals(state: State, req: Request) -> list[dict]:
    """The call for proposals (undangan keikutsertaan) to the heads of the institutions that may enter."""
    from krenova_cli.i18n.offices import join_words

    comp = state.competition
    meta = comp.competition
    loc, words = meta.locale, _words(state)
    deadline = _deadline(state)
    timeline = [{"what": words["submission"], "when": words["until"].format(day=_day(deadline, loc))}]
    timeline += [{"what": r.name, "when": _span(r.start, r.end, state)} for r in comp.rounds]
    if meta.award_date:
        timeline.append({"what": words["ceremony"], "when": _day(meta.award_date, loc)})
    who = words["heads"].format(names=join_words([kind_.name for kind_ in comp.entity_types], loc))
    to = words["within"].format(who=who, government=meta.government) if meta.government else who
    submit_to = comp.call.submit_to or words["submit_default"].format(
        organiser=meta.organiser, address=words["at"].format(address=meta.address) if meta.address else "")
    contact = comp.call.contact or ", ".join(x for x in (meta.phone, meta.email) if x)
    categories = [{"name": c.name, "description": c.description} for c in comp.categories]
    criteria = _weights(state)
    documents = required_documents(state)
    day = min(deadline - timedelta(days=CALL_NOTICE_DAYS), deadline)
    if day.year != deadline.year:
        day = date(deadline.year, 1, 2)
    # Its facts: what the call asks and by when. The names a settings change may correct without revoking a
    # paper (the organiser's, the criteria's, the entity types', the address, phone and e-mail:
    # documents/verification._OUTSIDE_FACTS_COMPETITION) are held by their ids or not at all.
    content = [deadline.isoformat(), [c["name"] for c in categories], [[c["id"], c["weight"]] for c in criteria],
               [[r.name, _iso(r.start), _iso(r.end)] for r in comp.rounds], _iso(meta.award_date), documents,
               comp.call.submit_to, comp.call.contact, [kind_.id for kind_ in comp.entity_types]]
    return [{"kind": "call", "stem": "call", "key": f"call/{meta.year}", "date": day, "deadline": deadline, "not_after": deadline,
             "addressee": to, "categories": categories, "criteria": criteria, "timeline": timeline,
             "documents": documents, "submit_to": submit_to, "contact": contact, "website": meta.website,
             "signer": signer(state, "agency"), "facts": {"honour": f"call/{meta.year}", "content": content}}]


@kind("announcement")
def announcements(state: State, req: Request) -> list[dict]:
    """Pengumuman of each shortlist: one per closed round with a cutoff (--round N: that round's), listing the
    entries that advance in the order the round record decided."""
    rounds = [n for n in sorted(state.records) if state.records[n].cutoff]
    if req.round_no is not None:
        if req.round_no not in state.records:
            raise UserError(_("round {n} is not closed; its shortlist is announced when it closes "
                              "(`krenova advance --round {n}`)").format(n=req.round_no))
        if not state.records[req.round_no].cutoff:
            raise UserError(_("round {n} has no cutoff (advance_top), so it has no shortlist to announce; "
                              "announcements are made for rounds {rounds}").format(
                n=req.round_no, rounds=", ".join(map(str, rounds)) or "-"))
        rounds = [req.round_no]
    if not rounds:
        raise UserError(_("no round with a cutoff is closed yet, so there is no shortlist to announce "
                          "(`krenova advance --round N` closes a round)"))
    from krenova_cli.i18n.labels import DOCUMENT_WORDS

    comp = state.competition
    finalist = DOCUMENT_WORDS[comp.competition.locale]["finalist"]
    docs = []
    for n in rounds:
        rec = state.records[n]
        rnd = comp.round(n)
        rows = [{"entry_id": r.entry_id, "title": r.title, "institution": r.institution}
                for r in rec.decided_standings() if rec.advances(r.entry_id)]
        following = comp.round(n + 1) if n < state.last_round else None
        docs.append({"kind": "announcement", "stem": f"announcement-round-{n}", "key": f"announcement/{n}", "round": n,
                     "round_name": rnd.name, "start": rnd.start, "end": rnd.end, "cutoff": rec.cutoff, "rows": rows,
                     "next": {"name": following.name, "start": following.start, "end": following.end} if following else None,
                     "ceremony_date": comp.competition.award_date,
                     "date": rnd.end or date.fromisoformat(rec.closed_at[:10]), "signer": signer(state, "agency"),
                     "facts": {"entry_id": ", ".join(r["entry_id"] for r in rows),
                               "honour": f"{finalist.format(n=rec.cutoff)} ({rnd.name})",
                               "content": [[r["entry_id"], r["title"], r["institution"]] for r in rows]}})
    return docs


def _finalists(state: State) -> tuple[int, list[str]]:
    cut = [n for n, rec in state.records.items() if rec.cutoff]
    if not cut:
        raise UserError(_("no round with a cutoff is closed yet, so there are no finalists"))
    rec = state.records[max(cut)]
    ordered = [r.entry_id for r in rec.decided_standings() if rec.advances(r.entry_id)]
    return rec.cutoff, [e for e in ordered if e in state.entries and state.entries[e].withdrawn is None]


@kind("ceremony-invitation")
def ceremony_invitations(state: State, req: Request) -> list[dict]:
    """The invitation to the awards ceremony, one to the head of each finalist's institution, naming its
    finalist innovations (what a city secretariat sends: a letter per addressee, each with its own number)."""
    meta = state.competition.competition
    cer = state.competition.ceremony
    if meta.award_date is None:
        raise UserError(_("the ceremony's date is not set: `krenova settings set competition.award_date YYYY-MM-DD`"))
    if not cer.venue.strip():
        raise UserError(_("the ceremony's place is not set: `krenova settings set ceremony.venue \"Gedung ..., Jalan ...\"` "
                          "(and its time: `krenova settings set ceremony.time \"19.00 WIB\"`)"))
    cutoff, chosen = _finalists(state)
    named = _institution_names([state.entries[e] for e in chosen])
    by_inst: dict[str, list[dict]] = {}
    heads: dict[str, str] = {}
    for e in chosen:
        entry = state.entries[e]
        inst = named[entry.institution]
        by_inst.setdefault(inst, []).append(_entry(state, e) | {"category": _category_name(state, entry.category)})
        if entry.head_title:
            heads.setdefault(inst, entry.head_title)
    ceremony = meta.award_date
    last_cut = max(n for n, rec in state.records.items() if rec.cutoff)
    closed = state.records[last_cut]
    day = min(state.competition.round(last_cut).end or date.fromisoformat(closed.closed_at[:10]), ceremony)
    from krenova_cli.documents.builders import addressee

    docs = []
    for inst, items in sorted(by_inst.items()):
        to = addressee(state, inst, heads.get(inst, ""))
        docs.append({"kind": "ceremony-invitation", "stem": f"ceremony-invitation-{file_key(inst)}",
                     "key": f"ceremony-invitation/{file_key(inst)}", "institution": inst, "addressee": to, "entries": items,
                     "cutoff": cutoff, "ceremony": ceremony, "venue": cer.venue, "time": cer.time, "date": day,
                     "not_after": ceremony,
                     "signer": signer(state, "region"),
                     "facts": {"entry_id": ", ".join(e["id"] for e in items), "honour": inst,
                               "content": [ceremony.isoformat(), cer.venue, cer.time, to,
                                           [[e["id"], e["title"], e["category"]] for e in items]]}})
    return docs


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def _criterion_means(state: State, n: int, entry_id: str) -> list[dict]:
    """Each criterion of round n: the entry's mean over its judges and the mean of every value given in the round."""
    scores = state.scores.get(n, {})
    rows = []
    for c in state.competition.criteria_for(n):
        mine, every = [], []
        for by_entry in scores.values():
            for e, values in by_entry.items():
                v = values.get(c.id)
                if v is None:
                    continue
                v = Fraction(str(v)) if isinstance(v, float) else Fraction(v)
                every.append(v)
                if e == entry_id:
                    mine.append(v)
        own, all_ = _mean(mine), _mean(every)
        if own is None:
            continue
        rows.append({"id": c.id, "name": c.name, "mean": own, "round_mean": all_, "above": all_ is None or own >= all_})
    return rows


def _reached(state: State, entry_id: str) -> int | None:
    return max((n for n, rec in state.records.items() if any(r.entry_id == entry_id for r in rec.standings)), default=None)


@kind("feedback")
def feedback_letters(state: State, req: Request) -> list[dict]:
    """A letter to each participant's institution: the round its innovation reached, its criteria against the
    round's, and what the judges wrote of it, sorted into strengths and suggestions, no judge named."""
    from krenova_cli.core.ids import natural_key
    from krenova_cli.i18n.formatting import score

    if not state.records:
        raise UserError(_("no round is closed yet; the feedback letters are written after a round closes "
                          "(`krenova advance --round N`)"))
    loc = state.competition.competition.locale
    hon = honours(state)
    day = letter_date(state) if state.awards else max(
        state.competition.round(n).end or date.fromisoformat(state.records[n].closed_at[:10]) for n in state.records)
    if not state.awards and state.competition.competition.award_date:
        day = min(day, award_date(state))
    docs = []
    for e, entry in sorted(state.entries.items(), key=lambda kv: natural_key(kv[0])):
        reached = _reached(state, e)
        if entry.withdrawn is not None or reached is None:
            continue
        rows = _criterion_means(state, reached, e)
        above = {r["id"] for r in rows if r["above"]}
        strengths, suggestions, notes = [], [], []
        for n in sorted(state.comments):
            if n > reached:
                continue
            crits = {c.id: c.name for c in state.competition.criteria_for(n)}
            said = {j: by_entry[e] for j, by_entry in state.comments[n].items() if e in by_entry}
            means = {r["id"]: r for r in _criterion_means(state, n, e)} if n != reached else {r["id"]: r for r in rows}
            for judge in sorted(said, key=natural_key):  # the judges' order only: no judge is named
                text = " ".join((said[judge].get("comment") or "").split())
                if text and text not in notes:
                    notes.append(text)
                for cid, words in sorted((said[judge].get("criteria") or {}).items()):
                    words = " ".join(words.split())
                    if not words:
                        continue
                    # sorted by the table the letter shows (the round reached), so that no comment sits under a
                    # heading its table contradicts; a comment of an earlier round names that round
                    shown_name = crits.get(cid, cid) if n == reached else f"{crits.get(cid, cid)} ({state.competition.round(n).name})"
                    item = {"criterion": shown_name, "criterion_id": cid, "text": words}
                    in_table = any(r["id"] == cid for r in rows)
                    good = cid in above if in_table else bool(means.get(cid, {}).get("above"))
                    target = strengths if good else suggestions
                    if item not in target:
                        target.append(item)
        shown = [{"id": r["id"], "name": r["name"], "mean": score(r["mean"], 2, loc),
                  "round_mean": score(r["round_mean"], 2, loc) if r["round_mean"] is not None else "-", "above": r["above"]}
                 for r in rows]
        rnd = state.competition.round(reached)
        item = _entry(state, e) | {"category_name": _category_name(state, entry.category)}
        docs.append({"kind": "feedback", "stem": f"feedback-{e}", "key": f"feedback/{e}", "entry": item,
                     "addressee": item["addressee"], "honour": hon[e], "reached": reached, "reached_name": rnd.name,
                     "rounds_total": state.last_round, "criteria": shown,
                     "above": [r["name"] for r in shown if r["above"]], "below": [r["name"] for r in shown if not r["above"]],
                     "strengths": strengths, "suggestions": suggestions, "notes": notes, "date": day, "signer": signer(state, "agency"),
                     "facts": {"entry_id": e, "honour": f"{hon[e]} ({rnd.name})",
                               "content": [[item[k] for k in ("title", "institution", "category", "entity_type", "addressee")],
                                           [[r["id"], r["mean"], r["round_mean"]] for r in shown],  # criteria by id: their names
                                           [[s["criterion_id"], s["text"]] for s in strengths],     # are outside the facts
                                           [[s["criterion_id"], s["text"]] for s in suggestions], notes]}})
    if not docs:
        raise UserError(_("no entry has been scored in a closed round yet, so there is no feedback to write"))
    return docs
