"""Invitations to a presentation round (undangan paparan), with each institution's slots.

A round marked `presentation = true` in the settings has a schedule (core/schedule.py). The
organising agency writes to the head of each institution whose entries present in the round (as
nomination letters are addressed: `i18n/offices.head_of`), one letter an institution, naming the
day, the time and the room of each of its entries; one institution's entries follow one another in
the schedule, so its delegation comes once. A city secretariat sends such letters (not one circular
with an annex) because each is answered by a different office, filed there, and its time is the
one thing the addressee needs.

The letter is dated as the previous round's minutes are (its end, else the day it closed: the day the
presenters were known; for round 1 the round's start), never after the presentation; `letters --date`
dates it otherwise.
Its facts (documents/verification.py) are the entries, the institution and round, and a digest of
each slot (day, start, end, room) with what it prints of the entries: a schedule moved later
revokes the invitation it changes, and `verify` says so.
"""

from __future__ import annotations

from datetime import date

from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import PENDING, State, active_entries, round_state
from krenova_cli.core.schedule import Schedule, clock, schedule
from krenova_cli.documents.builders import (Request, _category_name, _entry, _institution_names, addressee, file_key,
                                            kind, signer)
from krenova_cli.documents.verification import IDENTITY
from krenova_cli.i18n.messages import _

KIND = "presentation-invitation"
# the time zone's name in Indonesian times ("08.30 WIB"); another zone prints none
ZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def presenters(state: State, round_no: int) -> list[str]:
    """The entries that present in the round: those ranked in it when closed, else those that went on
    into it (every entry still in, for round 1). Refused while the previous round is open."""
    if not 1 <= round_no <= state.last_round:
        raise UserError(_("there is no round {n}; this competition has rounds 1 to {last}").format(n=round_no, last=state.last_round))
    if round_state(state, round_no) == PENDING:
        raise UserError(_("round {n}'s presenters are known when round {previous} closes (`krenova advance --round {previous}`)"
                          ).format(n=round_no, previous=round_no - 1))
    return [e for e in active_entries(state, round_no) if e in state.entries]


def round_schedule(state: State, round_no: int) -> tuple[Schedule, dict[str, str]]:
    """The round's schedule, and each entry's institution as its letter names it."""
    from krenova_cli.core.ids import natural_key

    ids = presenters(state, round_no)
    named = _institution_names([state.entries[e] for e in ids])
    groups = {e: named[state.entries[e].institution] for e in ids}
    # an institution's turn comes from the first id of all its entries (a withdrawn one too): stable
    everyone = _institution_names(list(state.entries.values()))
    first: dict[str, str] = {}
    for e in sorted(state.entries, key=natural_key):
        first.setdefault(everyone[state.entries[e].institution], e)
    placed = {groups[e]: first[everyone[state.entries[e].institution]] for e in ids}
    return schedule(state.competition, round_no, [(e, groups[e]) for e in ids], placed), groups


def letter_day(state: State, round_no: int, sched: Schedule) -> date:
    """The day the presenters were known: the day the previous round's minutes are dated (its end, else
    the day it closed, in the competition's time zone); round 1: its start. Never after the first presentation."""
    from krenova_cli.core.history import local_time

    first = sched.slots[0].day
    rnd = state.competition.round(round_no)
    if round_no > 1 and (round_no - 1) in state.records:
        prev = state.competition.round(round_no - 1)
        zone = state.competition.competition.timezone
        known = prev.end or date.fromisoformat(local_time(state.records[round_no - 1].closed_at, zone)[:10])
    else:
        known = rnd.start or first
    return min(known, first)


@kind(KIND)
def presentation_invitations(state: State, req: Request) -> list[dict]:
    """One letter to each institution presenting in the round (every presentation round without --round)."""
    if req.round_no is not None:
        rounds = [req.round_no]
    else:
        rounds = [r.number for r in state.competition.rounds
                  if r.presentation and round_state(state, r.number) != PENDING]
        if not rounds:
            raise UserError(_("no presentation round has its presenters yet; mark a round as a presentation round "
                              "(`krenova settings set rounds.N.presentation true`, with its date, start, minutes per "
                              "entry and room: `krenova schedule --round N` names them) and close the round before it"))
    if req.round_no is not None:
        return _letters(state, rounds[0])
    # every presentation round: one whose schedule is not complete yet (being set, key by key) is left out, so
    # that the invitations of the others still verify; when none can be written, the first one's refusal says why
    docs, refused = [], None
    for n in rounds:
        try:
            docs += _letters(state, n)
        except UserError as exc:
            refused = refused or exc
    if not docs and refused is not None:
        raise refused
    return docs


def _letters(state: State, round_no: int) -> list[dict]:
    sched, groups = round_schedule(state, round_no)
    meta = state.competition.competition
    loc = meta.locale
    day = letter_day(state, round_no, sched)
    by_inst: dict[str, list] = {}
    heads: dict[str, str] = {}
    for s in sched.slots:
        inst = groups[s.entry_id]
        by_inst.setdefault(inst, []).append(s)
        if state.entries[s.entry_id].head_title:
            heads.setdefault(inst, state.entries[s.entry_id].head_title)
    docs = []
    for inst, slots in by_inst.items():  # in the schedule's order: the first to present, the first letter
        entries = [_entry(state, s.entry_id) | {"category": _category_name(state, state.entries[s.entry_id].category),
                                                "day": s.day, "start": clock(s.start, loc), "end": clock(s.end, loc),
                                                "room": s.room} for s in slots]
        days = sorted({s.day for s in slots})
        stem = f"{KIND}-round-{round_no}-{file_key(inst)}"
        facts = {"entry_id": ", ".join(s.entry_id for s in slots), "honour": f"{inst} ({sched.round_name})",
                 "content": [[e["id"], e["day"].isoformat(), clock(s.start, "en"), clock(s.end, "en"), s.room,
                              [e.get(k) for k in IDENTITY]]
                             for e, s in zip(entries, slots)]}
        docs.append({"kind": KIND, "stem": stem, "key": f"{KIND}/{round_no}/{file_key(inst)}", "round": round_no,
                     "round_name": sched.round_name, "institution": inst, "addressee": addressee(state, inst, heads.get(inst, "")),
                     "entries": entries, "days": days, "one_day": len(days) == 1, "room": sched.room,
                     "time_from": clock(slots[0].start, loc), "time_to": clock(slots[-1].end, loc),
                     "zone": ZONES.get(meta.timezone, ""), "minutes": sched.minutes, "date": day,
                     "not_after": days[0], "signer": signer(state, "agency"), "facts": facts})
    return docs
