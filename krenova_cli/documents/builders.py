"""Pure: the data each document shows, built from the loaded state and the decision records."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.core.rounding import rounded

KINDS = ("award", "certificate", "nomination", "minutes")
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
        return date.fromisoformat(state.awards["decided_at"][:10])
    last = max(state.records) if state.records else None
    if last:
        return date.fromisoformat(state.records[last]["closed_at"][:10])
    raise UserError("set award_date in competition.toml (the date printed on letters and certificates)")


def honours(state: State) -> dict[str, str]:
    """Each entry's best achievement: a prize place, else the smallest cutoff it passed, else participant."""
    words = WORDS[state.competition.competition.locale]
    out: dict[str, str] = {}
    for n in sorted(state.records):
        top = state.records[n].get("cutoff")
        if top:
            for e in state.records[n]["advancing"]:
                out[e] = words["finalist"].format(n=top)
    for p in (state.awards or {}).get("places", []):
        out[p["entry_id"]] = p["title"]
    for e in state.entries:
        out.setdefault(e, words["participant"])
    return out


def _entry(state: State, entry_id: str) -> dict:
    e = state.entries[entry_id]
    return {"id": e.id, "title": e.title, "institution": e.institution, "category": e.category,
            "entity_type": e.entity_type}


def _category_name(state: State, cid: str) -> str:
    return next((c.name for c in state.competition.categories if c.id == cid), cid)


def documents(state: State, kind: str, audience: str = "winners", round_no: int | None = None) -> list[dict]:
    """One dict per document, each with a file stem."""
    if kind not in KINDS:
        raise UserError(f"unknown document kind {kind!r}; choose one of {', '.join(KINDS)}")
    pattern = state.competition.competition.letter_number
    if kind == "award":
        if not state.awards:
            raise UserError("the awards are not decided yet; run `krenova awards` first")
        day = award_date(state)
        docs = []
        for i, p in enumerate(state.awards["places"], start=1):
            e = state.entries[p["entry_id"]]
            docs.append({"kind": kind, "stem": f"award-{p['place']}-{e.id}", "entry": _entry(state, e.id),
                         "category": _category_name(state, e.category), "place_title": p["title"], "amount": p["amount"],
                         "score": p.get("ranking_score"), "date": day, "number": letter_number(pattern, i, day)})
        return docs
    if kind == "certificate":
        if audience not in AUDIENCES:
            raise UserError(f"--for {audience!r}: choose one of {', '.join(AUDIENCES)}")
        hon = honours(state)
        if audience == "winners":
            if not state.awards:
                raise UserError("the awards are not decided yet; run `krenova awards` first, or use --for participants")
            chosen = [p["entry_id"] for p in state.awards["places"]]
        elif audience == "finalists":
            passed = {e for n in state.records if state.records[n].get("cutoff") for e in state.records[n]["advancing"]}
            if not passed:
                raise UserError("no round with a cutoff is closed yet, so there are no finalists")
            chosen = sorted(passed)
        else:
            chosen = [e for e, entry in state.entries.items() if entry.withdrawn is None]
        day = award_date(state)
        return [{"kind": kind, "stem": f"certificate-{e}", "entry": _entry(state, e), "honour": hon[e], "date": day,
                 "number": letter_number(pattern, i, day)} for i, e in enumerate(chosen, start=1)]
    if kind == "nomination":
        hon = honours(state)
        by_inst: dict[str, list[dict]] = {}
        for e, entry in state.entries.items():
            if entry.withdrawn is None:
                by_inst.setdefault(entry.institution, []).append(
                    _entry(state, e) | {"achievement": hon[e], "category": _category_name(state, entry.category)})
        day = award_date(state)
        return [{"kind": kind, "stem": f"nomination-{slug(inst)}", "institution": inst, "entries": items, "date": day,
                 "number": letter_number(pattern, i, day)} for i, (inst, items) in enumerate(sorted(by_inst.items()), start=1)]
    return [minutes(state, round_no)]


def minutes(state: State, round_no: int | None) -> dict:
    if round_no is None:
        raise UserError("minutes need --round N (a closed round)")
    if round_no not in state.records:
        raise UserError(f"round {round_no} is not closed; its minutes are written when it closes (`krenova advance --round {round_no}`)")
    rec = state.records[round_no]
    rnd = state.competition.round(round_no)
    words = WORDS[state.competition.competition.locale]
    day = rnd.end or date.fromisoformat(rec["closed_at"][:10])
    going = set(rec["advancing"])
    rows = []
    last_going = max((i for i, r in enumerate(rec["standings"]) if r["entry_id"] in going), default=None)
    for i, r in enumerate(rec["standings"]):
        rows.append({"rank": r["rank"], "tied": r["tied"], "entry_id": r["entry_id"], "title": r["title"],
                     "institution": r["institution"], "round_score": r["round_score"], "ranking_score": r["ranking_score"],
                     "note": words["advanced"] if r["entry_id"] in going else words["out"],
                     "cut": bool(rec.get("cutoff")) and i == last_going})
    judge_ids = sorted({j for r in rec["standings"] for j in list(r["judges"]) + list(r["missing"])})
    judges = [{"name": state.judges[j].name, "position": state.judges[j].position,
               "affiliation": state.judges[j].affiliation} for j in judge_ids if j in state.judges]
    parts = rec.get("rank_by") or []
    rank_by_text = ""
    if len(parts) > 1 or (parts and parts[0]["round"] != round_no):
        from fractions import Fraction

        total = sum(Fraction(p["weight"]) for p in parts)
        rank_by_text = f" {words['and']} ".join(
            f"{state.competition.round(p['round']).name} ({rounded(Fraction(p['weight']) / total * 100, 0):g}%)" for p in parts)
    return {"kind": "minutes", "stem": f"minutes-round-{round_no}", "round": round_no, "round_name": rnd.name,
            "date": day, "number": letter_number(state.competition.competition.letter_number, round_no, day),
            "rows": rows, "advancing": rec["advancing"], "cutoff": rec.get("cutoff"), "decisions": rec["decisions"],
            "missing_allowed": rec.get("missing_allowed"), "judges": judges, "is_last": round_no == state.last_round,
            "rank_by_text": rank_by_text}
