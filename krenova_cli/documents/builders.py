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
from krenova_cli.core.closing import final_score
from krenova_cli.core.registry import Registry
from krenova_cli.i18n.labels import ANNEX_CUT, ANNEX_HEAD, DOCUMENT_WORDS as WORDS
from krenova_cli.core.rounding import rounded
from krenova_cli.i18n.messages import _



@dataclass(frozen=True)
class Request:
    """What the user asked for: whose certificates, which round's minutes."""

    audience: str = "winners"
    round_no: int | None = None
    # the judges' comments (round -> entry -> judge -> {"comment", "criteria"}), for the kinds that print them
    comments: dict | None = None


Builder = Callable[[State, Request], list[dict]]
KINDS: Registry = Registry("document kind")
kind = KINDS.register

AUDIENCES = ("winners", "finalists", "participants")
# the kinds `--for` chooses the papers of, with the audience they have when it is not given
AUDIENCE_KINDS = {"certificate": "winners", "nomination": "participants", "sinovik-draft": "participants"}


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "dokumen"


def file_key(text: str) -> str:
    """A paper's own name for a subject named by free text (an institution): a short slug for the
    eye and a digest of the exact text, so two names that differ only after the slug's cut or in
    punctuation ("Dinas P.U." and "Dinas P U") never share a file or a register key."""
    import hashlib

    short = slug(text)[:40].rstrip("-")
    return f"{short}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def own_keys(docs: list[dict], register: dict) -> None:
    """Every paper its own register key and file. A paper numbered under an earlier key form keeps that
    key (and so its number and code) when the key is its alone and its present key is not numbered: an
    awards decision's papers keyed by the decision's time (`decree/<decided_at>`), a nomination keyed by
    the institution's slug when that slug was not cut (a cut one could name two institutions). Two papers
    that would share a key or a file are a fault of the builders, refused before anything is numbered."""
    legacy: dict[str, int] = {}
    for d in docs:
        if d.get("legacy_key"):
            legacy[d["legacy_key"]] = legacy.get(d["legacy_key"], 0) + 1
    for d in docs:
        old = d.pop("legacy_key", None)
        if not old or legacy[old] != 1 or old not in register or d["key"] in register:
            continue
        if d["kind"] == "nomination" and not (old[len("nomination/"):] == slug(d.get("institution", ""))[:60]
                                              and len(slug(d.get("institution", ""))) < 60):
            continue
        d["key"] = old
    for what in ("key", "stem"):
        seen = [d[what] for d in docs]
        if len(set(seen)) != len(seen):
            raise RuntimeError(what, next(x for x in seen if seen.count(x) > 1))  # a builder's fault: two papers, one name


def date_papers(docs: list[dict], register: dict, dated: date | None = None) -> None:
    """`letters --date`: the papers of this run are dated by it (a reissue after a decision is dated by
    the decision's meeting); a paper dated so before keeps that date whenever it is rendered again."""
    for d in docs:
        head = register.get(d.get("annex_of") or d["key"])
        if dated is not None:
            d["date"] = dated
        elif head is not None and head.dated:
            d["date"] = date.fromisoformat(head.dated)
    for d in docs:  # an annex carries its document's date
        if d.get("annex_of"):
            d["date"] = next((x["date"] for x in docs if x["key"] == d["annex_of"]), d["date"])
    for d in docs:  # `--date` never dates an invitation after what it invites to, nor a call after its deadline
        last = d.pop("not_after", None)
        if dated is not None and last is not None and d["date"] > last:
            raise UserError(_("--date {date}: the {kind} would be dated after the day it announces ({day}); give "
                              "--date {day} or earlier").format(date=d["date"].isoformat(), kind=d["kind"], day=last.isoformat()))


def letter_number(pattern: str, seq: int, day: date) -> str:
    from krenova_cli.i18n.formatting import romawi

    return pattern.format(seq=seq, n=seq, year=day.year, month=romawi(day.month))


def common(state: State) -> dict:
    meta = state.competition.competition
    sig = state.competition.signatory
    return {
        "locale": meta.locale, "competition": meta.name, "organiser": meta.organiser, "government": meta.government,
        "address": meta.address, "place": meta.award_place or meta.city or "", "year": meta.year,
        "city": meta.city, "phone": meta.phone, "email": meta.email, "website": meta.website,
        "postal_code": meta.postal_code, "cc": list(meta.cc), "emblem_uri": "", "logo_uri": "",
        "next_year": meta.year + 1, "national_competition": meta.national_competition,
        "signatory_title": sig.title, "signatory_name": sig.name, "signatory_nip": sig.nip,
        "head": signer(state, "region"), "agency": signer(state, "agency"),
        "ceremony_date": meta.award_date,
        "rounds": [{"number": r.number, "name": r.name} for r in state.competition.rounds], "title": meta.name,
    }


def signer(state: State, who: str) -> dict:
    """The signature block and letterhead of the head of region, or of the organising agency's head
    (`agency_signatory`; without it the agency's papers are signed by `signatory` too)."""
    comp = state.competition
    sig = comp.signatory
    if who == "agency":
        if comp.agency_signatory is not None:
            sig = comp.agency_signatory
        elif sig.office != "agency":  # the organiser's papers carry its own letterhead, signed by its head
            return {"title": f"Kepala {comp.competition.organiser}", "name": "", "rank": "", "nip": "", "office": "agency"}
    return {"title": sig.title, "name": sig.name, "rank": sig.rank, "nip": sig.nip, "office": sig.office}


def addressee(state: State, institution: str, head_title: str = "") -> str:
    from krenova_cli.i18n.offices import head_of

    return head_of(institution, head_title, state.competition.competition.locale)


def award_date(state: State) -> date:
    meta = state.competition.competition
    if meta.award_date:
        return meta.award_date
    if state.awards:
        return date.fromisoformat(state.awards.decided_at[:10])
    last = max(state.records) if state.records else None
    if last:
        return date.fromisoformat(state.records[last].closed_at[:10])
    raise UserError(_("set award_date in competition.toml (the date printed on letters and certificates)"))


def honours(state: State) -> dict[str, str]:
    """Each entry's best achievement: a prize place, else the smallest cutoff it passed, else participant."""
    words = WORDS[state.competition.competition.locale]
    out: dict[str, str] = {}
    for n in sorted(state.records):
        top = state.records[n].cutoff
        if top:
            for e in state.records[n].advancing:
                out[e] = words["finalist"].format(n=top)
    for p in state.awards.awarded if state.awards else ():
        out[p.entry_id] = p.title
    for e in state.entries:
        out.setdefault(e, words["participant"])
    return out


def _entry(state: State, entry_id: str) -> dict:
    e = state.entries[entry_id]
    return {"id": e.id, "title": e.title, "institution": e.institution, "category": e.category,
            "entity_type": e.entity_type, "addressee": addressee(state, e.institution, e.head_title)}


def size_class(text: str, steps: tuple[int, ...]) -> str:
    """'', 'long', 'longer' or 'longest': a certificate shrinks its longest lines to stay one page."""
    names = ("", "long", "longer", "longest")
    return names[sum(len(text) > s for s in steps)]


def _category_name(state: State, cid: str) -> str:
    return next((c.name for c in state.competition.categories if c.id == cid), cid)


def documents(state: State, kind_name: str, audience: str | None = None, round_no: int | None = None,
              comments: dict | None = None) -> list[dict]:
    """One dict per document, each with a file stem (`audience` None: the kind's own default)."""
    builder = KINDS.get(kind_name)
    if builder is None:
        raise UserError(_("unknown document kind {kind!r}; choose one of {kinds}").format(kind=kind_name, kinds=", ".join(KINDS)))
    return builder(state, Request(audience or AUDIENCE_KINDS.get(kind_name, "winners"), round_no, comments))


def letter_date(state: State) -> date:
    """Letters announcing the awards are dated the day they were decided, before the ceremony they
    announce; certificates carry the ceremony's date (`award_date`)."""
    ceremony = award_date(state)
    if state.awards:
        decided = date.fromisoformat(state.awards.decided_at[:10])
        return min(decided, ceremony)
    return ceremony


def _need_awards(state: State) -> None:
    if not state.awards:
        raise UserError(_("the awards are not decided yet; run `krenova awards` first"))


# Every document carries `key`: its subject in the letter register (usecases/letters.py gives the
# number once per key), and `date`, the date printed on it.
@kind("award")
def award_letters(state: State, req: Request) -> list[dict]:
    _need_awards(state)
    day = letter_date(state)
    docs = []
    for p in state.awards.awarded:
        e = state.entries[p.entry_id]
        docs.append({"kind": "award", "stem": f"award-{p.place}-{e.id}", "key": f"award/{p.place}/{e.id}",
                     "entry": _entry(state, e.id), "signer": signer(state, "region"),
                     "category": _category_name(state, e.category), "place_title": p.title, "amount": p.amount,
                     "score": final_score(state, state.awards.round, p), "date": day, "ceremony_ahead": day < award_date(state)})
    return docs


@kind("certificate")
def certificates(state: State, req: Request) -> list[dict]:
    audience = req.audience
    if audience not in AUDIENCES:
        raise UserError(_("--for {audience!r}: choose one of {audiences}").format(audience=audience, audiences=", ".join(AUDIENCES)))
    hon = honours(state)
    if audience == "winners":
        if not state.awards:
            raise UserError(_("the awards are not decided yet; run `krenova awards` first, or use --for participants"))
        chosen = [p.entry_id for p in state.awards.awarded]
    elif audience == "finalists":
        # a withdrawn (or disqualified) entry gets no paper, whatever it passed before
        passed = {e for rec in state.records.values() if rec.cutoff for e in rec.advancing
                  if e in state.entries and state.entries[e].withdrawn is None}
        if not passed:
            raise UserError(_("no round with a cutoff is closed yet, so there are no finalists"))
        chosen = sorted(passed)
    else:
        chosen = [e for e, entry in state.entries.items() if entry.withdrawn is None]
    day = award_date(state)
    docs = []
    for e in chosen:
        entry = state.entries[e]
        docs.append({"kind": "certificate", "stem": f"certificate-{e}", "key": f"certificate/{e}/{hon[e]}",
                     "entry": _entry(state, e), "honour": hon[e], "date": day, "signer": signer(state, "region"),
                     **certificate_fit(state, entry.title, entry.institution, hon[e])})
    return docs


def certificate_fit(state: State, title: str, institution: str, honour: str) -> dict[str, str]:
    """The length class of each text of a certificate and, when several are long, the `fit` class that
    tightens the whole page: every allowed text (300 characters a field) and any emblem fit one page."""
    meta = state.competition.competition
    sig = signer(state, "region")
    top = sig["title"] if sig["office"] == "region" else meta.government
    sizes = {"title_size": size_class(title, (70, 140, 220)), "inst_size": size_class(institution, (45, 80, 120)),
             "honour_size": size_class(honour, (24, 48, 96)), "comp_size": size_class(meta.name, (70, 140, 220)),
             "gov_size": size_class(top, (90, 160, 240)), "sign_size": size_class(sig["title"], (60, 120, 200))}
    weight = sum(("", "long", "longer", "longest").index(v) for v in sizes.values()) + (1 if meta.emblem else 0)
    return sizes | {"fit": "" if weight < 3 else "tight" if weight < 7 else "tightest"}


@kind("nomination")
def nominations(state: State, req: Request) -> list[dict]:
    """A letter to each institution naming its entries: every entry still in (participants, the default),
    the finalists (those the last closed round with a cutoff advanced) or the winners."""
    hon = honours(state)
    by_inst: dict[str, list[dict]] = {}
    heads: dict[str, str] = {}
    chosen = _nominated(state, req.audience if req.audience in AUDIENCES else AUDIENCE_KINDS["nomination"])
    named = _institution_names([e for e in state.entries.values() if e.withdrawn is None and e.id in chosen])
    for e, entry in state.entries.items():
        if entry.withdrawn is None and e in chosen:
            inst = named[entry.institution]
            by_inst.setdefault(inst, []).append(
                _entry(state, e) | {"achievement": hon[e], "category": _category_name(state, entry.category)})
            if entry.head_title:
                heads.setdefault(inst, entry.head_title)
    day = letter_date(state) if state.awards else award_date(state)
    return [{"kind": "nomination", "stem": f"nomination-{file_key(inst)}", "key": f"nomination/{file_key(inst)}",
             "legacy_key": f"nomination/{slug(inst)}", "institution": inst, "addressee": addressee(state, inst, heads.get(inst, "")), "entries": items,
             "date": day, "signer": signer(state, "agency")} for inst, items in sorted(by_inst.items())]


def _institution_names(entries) -> dict[str, str]:
    """Each institution's name as written -> the name its one nomination letter carries. Names that are one
    institution as conflicts compare them ("RSUD Tidar", "RSUD Tidar Kota Magelang"; "Dinas P.U." and
    "Dinas PU") share a letter; it carries the form written most often, the one naming its government
    first among equals (the fuller address)."""
    from collections import Counter

    from krenova_cli.core.names import institution_parts

    counts = Counter(e.institution for e in entries)
    groups: dict[str, list[str]] = {}
    for name in sorted(counts):
        body, government = institution_parts(name)
        groups.setdefault(body, []).append(name)
    out = {}
    for names in groups.values():
        governments = {institution_parts(n)[1] for n in names} - {""}
        # one institution unless two governments are named (Dinas Kesehatan of Kota and of Kabupaten Magelang)
        parts = [names] if len(governments) <= 1 else [[n for n in names if institution_parts(n)[1] == g] for g in sorted(governments)] + [
            [n for n in names if not institution_parts(n)[1]]]
        for part in filter(None, parts):
            best = max(part, key=lambda n: (counts[n], bool(institution_parts(n)[1]), not n[-1:] in ".,;:", -len(n), n))
            out.update(dict.fromkeys(part, best))
    return out


def _nominated(state: State, audience: str) -> set[str]:
    if audience == "winners":
        if not state.awards:
            raise UserError(_("the awards are not decided yet; run `krenova awards` first, or use --for participants"))
        return {p.entry_id for p in state.awards.awarded}
    if audience == "finalists":
        cut = [n for n, rec in state.records.items() if rec.cutoff]
        if not cut:
            raise UserError(_("no round with a cutoff is closed yet, so there are no finalists"))
        return set(state.records[max(cut)].advancing)
    return set(state.entries)


@kind("minutes")
def round_minutes(state: State, req: Request) -> list[dict]:
    from krenova_cli.documents.screening_papers import screening_minutes

    def screened_paper() -> dict:
        return screening_minutes(state, signer(state, "agency"), lambda n: _count(n, state))

    if req.round_no == 0:  # the administrative screening (Berita Acara Seleksi Administrasi)
        return [screened_paper()]
    if req.round_no is None:
        screened = [screened_paper()] if state.screening is not None and state.competition.screening.round else []
        if not state.records and not screened:
            raise UserError(_("no round is closed yet; minutes are written when a round closes (`krenova advance --round N`)"))
        return screened + [d for n in sorted(state.records) for d in _with_annex(minutes(state, n))]
    return _with_annex(minutes(state, req.round_no))


def _with_annex(doc: dict) -> list[dict]:
    """The minutes, then their annex when there is one (`doc["annex"]` keeps only the annex's file stem)."""
    annex = doc.get("annex")
    if not annex:
        return [doc]
    doc["annex"] = annex["stem"]
    doc["alone"] = annex["alone"] = True  # each laid out in its own process, side by side
    return [doc, annex]


def _judges(state: State, judge_ids) -> list[dict]:
    from krenova_cli.core.ids import natural_key

    return [{"id": j, "name": state.judges[j].name, "position": state.judges[j].position,
             "affiliation": state.judges[j].affiliation} for j in sorted(judge_ids, key=natural_key) if j in state.judges]


def _decisions(state: State, decisions) -> list[dict]:
    from krenova_cli.i18n.offices import join_words, sentence

    loc = state.competition.competition.locale
    return [d.to_json() | {"tied_text": join_words(d.tied, loc), "chosen_text": join_words(d.chosen, loc),
                           "reason": sentence(d.reason)} for d in decisions]


# The minutes of a large round list the entries that advance and the first ELIMINATED_SHOWN below the
# cutoff (a round without cutoff: the first UNCUT_SHOWN); the full ranking goes into an annex,
# `minutes-round-N-lampiran`. A round of up to ALL_ROWS_UP_TO entries is listed whole, as always.
ALL_ROWS_UP_TO = 60
ELIMINATED_SHOWN = 10
UNCUT_SHOWN = 100


def _listed(rec) -> int:
    """How many rows of the record's standings the minutes themselves list."""
    total = len(rec.standings)
    if total <= ALL_ROWS_UP_TO:
        return total
    last_going = max((i for i, r in enumerate(rec.decided_standings()) if rec.advances(r.entry_id)), default=-1)
    if rec.cutoff and last_going + 1 < total:
        return min(total, last_going + 1 + ELIMINATED_SHOWN)
    return min(total, UNCUT_SHOWN)


def _count(n: int, state: State) -> str:
    """3.000 (id) / 3,000 (en)."""
    from krenova_cli.i18n.formatting import count

    return count(n, state.competition.competition.locale)


def _normalisation(state: State, rec) -> dict | None:
    """What the minutes declare of a z-score normalisation: the rules and the judges treated by them."""
    if rec.normalisation == "none":
        return None
    from fractions import Fraction

    from krenova_cli.core.scoring import ZRules

    rules = (rec.settings or {}).get("normalisation_rules")
    z = ZRules.of(state.competition.scoring)
    if rules:
        z = ZRules(int(rules["min_scores"]), Fraction(rules["min_spread"]), bool(rules["clip"]))
    raw, shifted = [], []
    if rec.round in state.scores:
        from krenova_cli.core import lifecycle

        for note in lifecycle.round_scores(state, rec.round).notes:
            (raw if note.rule == "raw" else shifted).append(note.judge_id)
    names = {j: state.judges[j].name if j in state.judges else j for j in raw + shifted}
    spread = f"{float(z.min_spread):g}"
    if state.competition.competition.locale == "id":
        spread = spread.replace(".", ",")
    return {"method": rec.normalisation, "min_scores": z.min_scores, "min_spread": spread,
            "clip": z.clip, "known": rec.round in state.scores,
            "raw": [{"id": j, "name": names[j]} for j in raw], "shifted": [{"id": j, "name": names[j]} for j in shifted]}


def _replacements(state: State, round_no: int) -> list[dict]:
    """The judges who left from this round on, with the reason (`judge retire`, `assign --retire`)."""
    from krenova_cli.core.ids import natural_key

    return [{"id": j.id, "name": j.name, "round": round_no, "reason": j.retired.reason}
            for j in sorted(state.judges.values(), key=lambda j: natural_key(j.id))
            if j.retired is not None and j.retired.round == round_no]


def minutes(state: State, round_no: int | None) -> dict:
    """The minutes of a closed round, and, when the round is too large to list whole, its annex
    (`doc["annex"]`, rendered as its own document `minutes-round-N-lampiran` with the same number)."""
    if round_no is None:
        raise UserError(_("minutes need --round N (a closed round)"))
    if round_no not in state.records:
        raise UserError(_("round {n} is not closed; its minutes are written when it closes (`krenova advance --round {n}`)").format(n=round_no))
    rec = state.records[round_no]
    rnd = state.competition.round(round_no)
    words = WORDS[state.competition.competition.locale]
    day = rnd.end or date.fromisoformat(rec.closed_at[:10])
    rows = []
    ordered = rec.decided_standings()  # within a shared rank the advancing first: the line under the last of them
    last_going = max((i for i, r in enumerate(ordered) if rec.advances(r.entry_id)), default=None)
    for i, r in enumerate(ordered):
        rows.append({"rank": r.rank, "tied": r.tied, "entry_id": r.entry_id, "title": r.title,
                     "institution": r.institution, "round_score": r.exact_round, "ranking_score": r.exact_score,
                     "note": words["advanced"] if rec.advances(r.entry_id) else words["out"],
                     "cut": bool(rec.cutoff) and i == last_going})
    listed = _listed(rec)
    # the judges who scored in this round sign its minutes (not every registered judge)
    judge_ids = {j for r in rec.standings for j, v in r.judges.items() if v is not None}
    parts = rec.rank_by
    rank_by_text = ""
    if len(parts) > 1 or (parts and parts[0][0] != round_no):
        from fractions import Fraction

        total = sum(Fraction(w) for _, w in parts)
        rank_by_text = f" {words['and']} ".join(
            f"{state.competition.round(r).name} ({rounded(Fraction(w) / total * 100, 0):g}%)" for r, w in parts)
    doc = {"kind": "minutes", "stem": f"minutes-round-{round_no}", "key": f"minutes/{round_no}", "round": round_no,
           "round_name": rnd.name, "date": day, "signer": signer(state, "agency"),
           "rows": rows[:listed], "total": len(rows), "omitted": len(rows) - listed,
           "total_text": _count(len(rows), state), "omitted_text": _count(len(rows) - listed, state),
           "eliminated_listed": sum(1 for r in rows[:listed] if r["note"] == words["out"]),
           "advancing": list(rec.advancing), "cutoff": rec.cutoff,
           "decisions": _decisions(state, rec.decisions), "missing_allowed": rec.missing_allowed and sentence_of(rec.missing_allowed),
           "judges": _judges(state, judge_ids), "is_last": round_no == state.last_round,
           "normalisation": _normalisation(state, rec), "annex": None, "annex_in_recap": False,
           "replacements": _replacements(state, round_no),
           "rank_by_text": rank_by_text, "ledger_head": rec.ledger_head.hash[:16] if rec.ledger_head.hash else ""}
    if listed < len(rows):
        loc = state.competition.competition.locale
        doc["annex"] = {"kind": "minutes-annex", "stem": f"minutes-round-{round_no}-lampiran", "annex_of": doc["key"],
                        "key": f"{doc['key']}/lampiran", "round": round_no, "round_name": rnd.name, "date": day,
                        "pages": annex_pages(rows, loc, rec.cutoff and len(rec.advancing)), "total": len(rows),
                        "total_text": doc["total_text"],
                        "advancing": doc["advancing"], "cutoff": rec.cutoff,
                        "rank_by_text": rank_by_text, "ledger_head": doc["ledger_head"]}
    return doc


# The annex is set as fixed-width lines of a small monospaced font (a page of `ANNEX_LINES` lines, the
# first page fewer under its heading): WeasyPrint lays 3,000 rows out as text lines in a few seconds,
# where a table of 3,000 rows takes a minute and 500 MB. Long titles and names wrap inside their column.
ANNEX_COLUMNS = ((6, ">"), (7, "<"), (46, "<"), (31, "<"), (7, ">"), (7, ">"), (12, "<"))
ANNEX_LINES, ANNEX_FIRST_PAGE = 88, 74
ANNEX_HEAD2 = {"id": ("", "", "", "", "Tahap", "Peringkat", ""), "en": ("", "", "", "", "score", "score", "")}


def _annex_line(cells) -> str:
    return " ".join(f"{text:{align}{width}}" for text, (width, align) in zip(cells, ANNEX_COLUMNS)).rstrip()


def annex_pages(rows: list[dict], locale: str, advancing: int | None) -> list[dict]:
    """The annex's rows as pages of fixed-width text lines, each page under the column heads."""
    import textwrap

    from krenova_cli.core.rounding import shown

    def score(value, places: int, loc: str) -> str:  # scores stay below 1,000: only the decimal mark differs
        text = shown(value, places)
        return text.replace(".", ",") if loc == "id" else text

    def fit(text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(str(text).split()), width, break_long_words=True) or [""]

    head = [_annex_line(ANNEX_HEAD[locale]), _annex_line(ANNEX_HEAD2[locale])]
    rule = "-" * len(_annex_line(["x" * w for w, _ in ANNEX_COLUMNS]))
    blocks: list[list[str]] = []
    for r in rows:
        rank = "-" if r["rank"] is None else f"{r['rank']}{'=' if r['tied'] else ''}"
        titles, insts = fit(r["title"], ANNEX_COLUMNS[2][0]), fit(r["institution"], ANNEX_COLUMNS[3][0])
        block = [_annex_line([rank, r["entry_id"], titles[0], insts[0],
                              "-" if r["round_score"] is None else score(r["round_score"], 2, locale),
                              "-" if r["ranking_score"] is None else score(r["ranking_score"], 2, locale), r["note"]])]
        for i in range(1, max(len(titles), len(insts))):
            block.append(_annex_line(["", "", titles[i] if i < len(titles) else "", insts[i] if i < len(insts) else ""]))
        blocks.append(block)
        if r["cut"] and advancing:
            text = f" {ANNEX_CUT[locale].format(n=advancing)} "
            blocks.append([f"{text:=^{len(rule)}}"])
    pages, current, room = [], [], ANNEX_FIRST_PAGE - len(head) - 1
    for block in blocks:
        if len(block) > room and current:
            pages.append({"lines": current})
            current, room = [], ANNEX_LINES - len(head) - 1
        current.extend(block)
        room -= len(block)
    if current or not pages:
        pages.append({"lines": current})
    for page in pages:
        page["head"] = head + [rule]
    return pages


def sentence_of(text: str) -> str:
    from krenova_cli.i18n.offices import sentence

    return sentence(text)


@kind("awards-minutes")
def awards_minutes(state: State, req: Request) -> list[dict]:
    """Berita acara penetapan pemenang: the jury, the final ranking, any tie and the committee's order."""
    _need_awards(state)
    aw = state.awards
    rec = state.records.get(aw.round)
    if rec is None:
        raise UserError(_("round {n} (the final round) is not closed; its record is needed for the minutes").format(n=aw.round))
    places = {p.entry_id: p for p in aw.awarded}
    words = WORDS[state.competition.competition.locale]
    rows, out = [], []
    for r in rec.decided_standings():
        if not rec.advances(r.entry_id):
            continue
        gone = state.entries[r.entry_id].withdrawn if r.entry_id in state.entries else None
        row = {"rank": r.rank, "tied": r.tied, "entry_id": r.entry_id, "title": r.title, "institution": r.institution,
               "ranking_score": r.exact_score, "prize": places[r.entry_id].title if r.entry_id in places else ""}
        if gone is not None:  # out of the awards' ranking (SPEC 8.3): listed last, with why, never at its old rank
            out.append(row | {"rank": None, "tied": False,
                              "prize": words["disqualified" if gone.disqualified else "withdrawn"].format(reason=gone.reason)})
        else:
            rows.append(row)
    # The ranking the awards were decided on: without the entries that left it (SPEC 8.3), numbered
    # again, so that a winner's rank and place agree ("1 ... Juara I", never "2 ... Juara I").
    old_ranks = [r["rank"] for r in rows]
    for r in rows:
        r["rank"] = 1 + sum(1 for other in old_ranks if other is not None and r["rank"] is not None and other < r["rank"])
    rows += out
    winners = [{"place": p.place, "title": p.title, "entry": _entry(state, p.entry_id), "amount": p.amount,
                "score": final_score(state, aw.round, p)} for p in aw.awarded]  # a vacant place has no winner to list
    judge_ids = {j for r in rec.standings for j in r.judges}
    day = letter_date(state)
    return [{"kind": "awards-minutes", "stem": "awards-minutes", "key": f"awards-minutes/{decision_key(aw)}",
             "legacy_key": f"awards-minutes/{aw.decided_at}", "date": day,
             "round_name": rec.name, "rows": rows, "winners": winners, "decisions": _decisions(state, aw.decisions),
             "redo_reason": aw.redo_reason and sentence_of(aw.redo_reason), "judges": _judges(state, judge_ids),
             "signer": signer(state, "agency"), "ledger_head": aw.ledger_head.hash[:16] if aw.ledger_head.hash else ""}]


def decision_key(aw) -> str:
    """The subject of the papers of an awards decision: what it decided (places, titles, winners, amounts),
    not when. The same decision taken again (after `awards --undo`) is the same paper with the same
    number and code; another decision is another paper. (Keys were `decree/<decided_at>` before issue 24:
    `legacy_key` finds a paper numbered so.)"""
    import hashlib
    import json

    body = json.dumps([[p.place, p.title, p.entry_id, p.amount] for p in aw.places], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


@kind("decree")
def decree(state: State, req: Request) -> list[dict]:
    """Keputusan of the head of region on the winners, with the winners in its Lampiran."""
    _need_awards(state)
    winners = [{"place": p.place, "title": p.title, "entry": _entry(state, p.entry_id), "amount": p.amount,
                "category": _category_name(state, state.entries[p.entry_id].category)} for p in state.awards.awarded]
    total = sum(w["amount"] for w in winners)
    day = letter_date(state)
    return [{"kind": "decree", "stem": "decree", "key": f"decree/{decision_key(state.awards)}",
             "legacy_key": f"decree/{state.awards.decided_at}", "date": day, "winners": winners,
             "total": total, "signer": signer(state, "region"), **decree_basis(state, day)}]


def decree_basis(state: State, day: date) -> dict:
    """What the decree cites (Mengingat) and the budget it charges: `[decree] legal_basis` and `budget` when
    set (a ministry's own laws, the state budget), else a region's: the laws in force on its date and the APBD."""
    from krenova_cli.documents.laws import in_force

    locale = state.competition.competition.locale
    own = state.competition.decree
    laws = list(own.legal_basis) if own.legal_basis else in_force(day, locale)  # only what was in force on its date
    budget = own.budget or ("Anggaran Pendapatan dan Belanja Daerah" if locale == "id" else "the regional budget")
    return {"laws": laws, "budget": budget}


def _value(v, state: State) -> str:
    from krenova_cli.store.serialize import number_text

    if v is None:
        return "-"
    text = number_text(v)
    return text.replace(".", ",") if state.competition.competition.locale == "id" else text


def _comments(said, crits) -> dict:
    """A judge's comment on an entry as the recap prints it: the comment, then each criterion's comment under the
    criterion's name, in the round's order of criteria (a criterion no longer in the round under its id)."""
    said = said or {}
    given = dict(said.get("criteria") or {})
    named = [{"id": c.id, "name": c.name, "text": given.pop(c.id)} for c in crits if c.id in given]
    named += [{"id": cid, "name": cid, "text": text} for cid, text in sorted(given.items())]
    comment = said.get("comment") or ""
    return {"comment": comment, "comment_lines": comment.split("\n") if comment else [],
            "criteria_comments": [x | {"lines": x["text"].split("\n")} for x in named if x["text"]]}


@kind("judge-recap")
def judge_recaps(state: State, req: Request) -> list[dict]:
    """Each judge's scores of a closed round (every closed round without --round), for the judge to sign."""
    rounds = [req.round_no] if req.round_no is not None else sorted(state.records)
    if not rounds:
        raise UserError(_("no round is closed yet; a judge's recap is written for a closed round"))
    docs = []
    for n in rounds:
        if n not in state.records:
            raise UserError(_("round {n} is not closed; its recaps are written when it closes (`krenova advance --round {n}`)").format(n=n))
        rec = state.records[n]
        crits = state.competition.criteria_for(n)
        scores = state.scores.get(n, {})
        # each judge's exact total, rounded once where it is shown (the record keeps 4 places: SPEC 8.2)
        from krenova_cli.core import lifecycle

        # the judge signs for their own scores: the weighted total of their own values, never the normalised one
        computed = lifecycle.round_scores(state, n)
        exact = computed.raw_totals or computed.totals
        for j in sorted({j for r in rec.standings for j in r.judges}):
            if j not in state.judges:
                continue
            rows = []
            said = state.comments.get(n, {}).get(j, {})
            for r in sorted(rec.standings, key=lambda r: r.entry_id):
                values = scores.get(j, {}).get(r.entry_id)
                if values is None:
                    continue
                rows.append({"entry_id": r.entry_id, "title": r.title, "institution": r.institution,
                             "marks": [_value(values.get(c.id), state) for c in crits],
                             "total": exact.get(r.entry_id, {}).get(j), **_comments(said.get(r.entry_id), crits)})
            docs.append({"kind": "judge-recap", "stem": f"judge-recap-round-{n}-{j}", "key": f"judge-recap/{n}/{j}",
                         "round": n, "round_name": rec.name, "judge": _judges(state, [j])[0],
                         "criteria": [{"id": c.id, "name": c.name, "weight": c.weight, "min": c.min, "max": c.max}
                                      for c in crits], "rows": rows,
                         # seven criteria and a title column wider than a word a line: the page turned
                         "notes": any(r["comment"] or r["criteria_comments"] for r in rows),
                         "wide": len(crits) > 5, "normalised": "z-score" if rec.normalisation == "zscore" else "",
                         "date": state.competition.round(n).end or date.fromisoformat(rec.closed_at[:10]),
                         "signer": signer(state, "agency")})
    return docs


# Modules of further kinds, each registering its builders with `@kind` as it loads. They import this
# module (its registry and helpers), so it loads them by name, once, after its own kinds: the import
# graph stays one way (tests/unit/test_purity.py), and adding such a module is one name here.
KIND_MODULES = ("year_papers", "presentation")


def _load_kind_modules() -> None:
    import importlib

    for name in KIND_MODULES:
        importlib.import_module(f"{__package__}.{name}")


_load_kind_modules()


from krenova_cli.documents import sinovik  # noqa: E402  (the SINOVIK draft's content: core and i18n only)


@kind("sinovik-draft")
def sinovik_drafts(state: State, req: Request) -> list[dict]:
    """A covering letter and the national proposal's outline filled in (documents/sinovik.py), for each
    entry of the audience still in (every one by default)."""
    from krenova_cli.core.ids import natural_key

    chosen = _nominated(state, req.audience if req.audience in AUDIENCES else AUDIENCE_KINDS["sinovik-draft"])
    finalists = _nominated(state, "finalists") if any(r.cutoff for r in state.records.values()) else set()
    hon = honours(state)
    day = letter_date(state) if state.awards else award_date(state)
    return [sinovik.draft(state, e, hon[e], finalists, req.comments if req.comments is not None else _comments_by_entry(state), day, _entry(state, e), signer(state, "agency"))
            for e in sorted(state.entries, key=natural_key) if state.entries[e].withdrawn is None and e in chosen]


def _comments_by_entry(state: State) -> dict:
    """The judges' comments loaded with the scores (round -> judge -> entry) as the drafts read them
    (round -> entry -> judge)."""
    out: dict = {}
    for n, by_judge in state.comments.items():
        for judge_id, by_entry in by_judge.items():
            for entry_id, said in by_entry.items():
                out.setdefault(n, {}).setdefault(entry_id, {})[judge_id] = said
    return out
