"""The data each document shows, built from the loaded state and the decision records.

One builder per document kind, registered with `@kind("name")` (Tabbycat's breakqual registry):
adding a kind is one function here and one template per language; `letters` offers every
registered kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Callable

from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.core.rounding import rounded



@dataclass(frozen=True)
class Request:
    """What the user asked for: whose certificates, which round's minutes."""

    audience: str = "winners"
    round_no: int | None = None


Builder = Callable[[State, Request], list[dict]]
KINDS: dict[str, Builder] = {}


def kind(name: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        KINDS[name] = fn
        return fn
    return register

AUDIENCES = ("winners", "finalists", "participants")
WORDS = {
    "id": {"finalist": "Finalis Top {n}", "participant": "Peserta", "advanced": "Lolos", "out": "Tidak lolos",
           "and": "dan"},
    "en": {"finalist": "Top {n} Finalist", "participant": "Participant", "advanced": "Advances", "out": "Eliminated",
           "and": "and"},
}


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "dokumen"


def letter_number(pattern: str, seq: int, day: date) -> str:
    from krenova_cli.i18n.formatting import romawi

    return pattern.format(seq=seq, year=day.year, month=romawi(day.month))


def common(state: State) -> dict:
    meta = state.competition.competition
    sig = state.competition.signatory
    return {
        "locale": meta.locale, "competition": meta.name, "organiser": meta.organiser, "government": meta.government,
        "address": meta.address, "place": meta.award_place or meta.city or "", "year": meta.year,
        "next_year": meta.year + 1, "national_competition": meta.national_competition,
        "signatory_title": sig.title, "signatory_name": sig.name, "signatory_nip": sig.nip,
        "rounds": [{"number": r.number, "name": r.name} for r in state.competition.rounds], "title": meta.name,
    }


def award_date(state: State) -> date:
    meta = state.competition.competition
    if meta.award_date:
        return meta.award_date
    if state.awards:
        return date.fromisoformat(state.awards.decided_at[:10])
    last = max(state.records) if state.records else None
    if last:
        return date.fromisoformat(state.records[last].closed_at[:10])
    raise UserError("set award_date in competition.toml (the date printed on letters and certificates)")


def honours(state: State) -> dict[str, str]:
    """Each entry's best achievement: a prize place, else the smallest cutoff it passed, else participant."""
    words = WORDS[state.competition.competition.locale]
    out: dict[str, str] = {}
    for n in sorted(state.records):
        top = state.records[n].cutoff
        if top:
            for e in state.records[n].advancing:
                out[e] = words["finalist"].format(n=top)
    for p in state.awards.places if state.awards else ():
        out[p.entry_id] = p.title
    for e in state.entries:
        out.setdefault(e, words["participant"])
    return out


def _entry(state: State, entry_id: str) -> dict:
    e = state.entries[entry_id]
    return {"id": e.id, "title": e.title, "institution": e.institution, "category": e.category,
            "entity_type": e.entity_type}


def _category_name(state: State, cid: str) -> str:
    return next((c.name for c in state.competition.categories if c.id == cid), cid)


def documents(state: State, kind_name: str, audience: str = "winners", round_no: int | None = None) -> list[dict]:
    """One dict per document, each with a file stem."""
    builder = KINDS.get(kind_name)
    if builder is None:
        raise UserError(f"unknown document kind {kind_name!r}; choose one of {', '.join(KINDS)}")
    return builder(state, Request(audience, round_no))


@kind("award")
def award_letters(state: State, req: Request) -> list[dict]:
    if not state.awards:
        raise UserError("the awards are not decided yet; run `krenova awards` first")
    pattern = state.competition.competition.letter_number
    day = award_date(state)
    docs = []
    for i, p in enumerate(state.awards.places, start=1):
        e = state.entries[p.entry_id]
        docs.append({"kind": "award", "stem": f"award-{p.place}-{e.id}", "entry": _entry(state, e.id),
                     "category": _category_name(state, e.category), "place_title": p.title, "amount": p.amount,
                     "score": p.ranking_score, "date": day, "number": letter_number(pattern, i, day)})
    return docs


@kind("certificate")
def certificates(state: State, req: Request) -> list[dict]:
    audience = req.audience
    if audience not in AUDIENCES:
        raise UserError(f"--for {audience!r}: choose one of {', '.join(AUDIENCES)}")
    hon = honours(state)
    if audience == "winners":
        if not state.awards:
            raise UserError("the awards are not decided yet; run `krenova awards` first, or use --for participants")
        chosen = [p.entry_id for p in state.awards.places]
    elif audience == "finalists":
        passed = {e for rec in state.records.values() if rec.cutoff for e in rec.advancing}
        if not passed:
            raise UserError("no round with a cutoff is closed yet, so there are no finalists")
        chosen = sorted(passed)
    else:
        chosen = [e for e, entry in state.entries.items() if entry.withdrawn is None]
    pattern = state.competition.competition.letter_number
    day = award_date(state)
    return [{"kind": "certificate", "stem": f"certificate-{e}", "entry": _entry(state, e), "honour": hon[e], "date": day,
             "number": letter_number(pattern, i, day)} for i, e in enumerate(chosen, start=1)]


@kind("nomination")
def nominations(state: State, req: Request) -> list[dict]:
    hon = honours(state)
    by_inst: dict[str, list[dict]] = {}
    for e, entry in state.entries.items():
        if entry.withdrawn is None:
            by_inst.setdefault(entry.institution, []).append(
                _entry(state, e) | {"achievement": hon[e], "category": _category_name(state, entry.category)})
    pattern = state.competition.competition.letter_number
    day = award_date(state)
    return [{"kind": "nomination", "stem": f"nomination-{slug(inst)}", "institution": inst, "entries": items, "date": day,
             "number": letter_number(pattern, i, day)} for i, (inst, items) in enumerate(sorted(by_inst.items()), start=1)]


@kind("minutes")
def round_minutes(state: State, req: Request) -> list[dict]:
    return [minutes(state, req.round_no)]


def minutes(state: State, round_no: int | None) -> dict:
    if round_no is None:
        raise UserError("minutes need --round N (a closed round)")
    if round_no not in state.records:
        raise UserError(f"round {round_no} is not closed; its minutes are written when it closes (`krenova advance --round {round_no}`)")
    rec = state.records[round_no]
    rnd = state.competition.round(round_no)
    words = WORDS[state.competition.competition.locale]
    day = rnd.end or date.fromisoformat(rec.closed_at[:10])
    rows = []
    last_going = max((i for i, r in enumerate(rec.standings) if rec.advances(r.entry_id)), default=None)
    for i, r in enumerate(rec.standings):
        rows.append({"rank": r.rank, "tied": r.tied, "entry_id": r.entry_id, "title": r.title,
                     "institution": r.institution, "round_score": r.round_score, "ranking_score": r.ranking_score,
                     "note": words["advanced"] if rec.advances(r.entry_id) else words["out"],
                     "cut": bool(rec.cutoff) and i == last_going})
    judge_ids = sorted({j for r in rec.standings for j in list(r.judges) + list(r.missing)})
    judges = [{"name": state.judges[j].name, "position": state.judges[j].position,
               "affiliation": state.judges[j].affiliation} for j in judge_ids if j in state.judges]
    parts = rec.rank_by
    rank_by_text = ""
    if len(parts) > 1 or (parts and parts[0][0] != round_no):
        from fractions import Fraction

        total = sum(Fraction(w) for _, w in parts)
        rank_by_text = f" {words['and']} ".join(
            f"{state.competition.round(r).name} ({rounded(Fraction(w) / total * 100, 0):g}%)" for r, w in parts)
    return {"kind": "minutes", "stem": f"minutes-round-{round_no}", "round": round_no, "round_name": rnd.name,
            "date": day, "number": letter_number(state.competition.competition.letter_number, round_no, day),
            "rows": rows, "advancing": list(rec.advancing), "cutoff": rec.cutoff,
            "decisions": [d.to_json() for d in rec.decisions], "missing_allowed": rec.missing_allowed, "judges": judges, "is_last": round_no == state.last_round,
            "rank_by_text": rank_by_text}
