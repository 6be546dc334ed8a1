"""The SINOVIK draft: the national competition's proposal outline filled in for an entry.

One numbered paper per entry (`letters sinovik-draft`, `--for` winners, finalists or participants, the
default): a covering letter from the organising agency offering its help with the drafting, then the
outline of `[sinovik]` in the settings (KIPP 2023's general group unless a preset says otherwise) with
each section's weight and word limit, the entry's own text of the section (`entry edit --proposal`, the
import's section columns) or a visible mark where it gave none, a summary over its word limit flagged,
the judges' comments on the criteria that feed the section as notes for strengthening (never naming a
judge), and the entry's criterion averages against the finalists' in the last round it was scored in.

The paper's facts (its verification code) are the entry, its achievement and its identity: the texts,
the comments and the scores are drafting material, which `verify` does not load.
"""

from __future__ import annotations

import re
from fractions import Fraction

from krenova_cli.core.lifecycle import State
from krenova_cli.core.model import ProposalSection

# The kind is registered in documents/builders.py (`sinovik_drafts`, at its end), which passes in what the
# registry's helpers make (the entry as papers print it, the signer): this module imports no builder,
# so the two form no import cycle.


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _same(a: str, b: str) -> bool:
    return _words(a) == _words(b)


def criteria_of(section: ProposalSection, criteria) -> list[str]:
    """The criteria whose scores and comments speak to a section: the section's own list in the settings,
    else those whose id is the section's or whose name's words are all in the section's name
    ("Kebaruan" feeds "Kebaruan/Nilai Tambah", "Sumber daya" feeds "Sumber Daya")."""
    if section.criteria is not None:
        return list(section.criteria)
    name = set(_words(section.name)) | set(_words(section.id))
    return [c.id for c in criteria if _same(c.id, section.id) or _same(c.name, section.name)
            or (_words(c.name) and set(_words(c.name)) <= name)]


def _round_means(state: State, n: int) -> dict[str, dict[str, Fraction | None]]:
    """Every entry's average of each criterion in round n (raw values, every judge who scored it): computed
    once per state (a national call's 3,000 drafts read the same round)."""
    key = ("sinovik-means", n)
    if key not in state._derived:
        crits = state.competition.criteria_for(n)
        given: dict[str, list] = {}
        for by_judge in state.scores[n].values():
            for e, values in by_judge.items():
                given.setdefault(e, []).append(values)
        state._derived[key] = {e: {c.id: _mean([v.get(c.id) for v in vs]) for c in crits} for e, vs in given.items()}
    return state._derived[key]


def _scored_in(state: State, entry_id: str) -> int | None:
    """The last closed round whose scores name the entry (the scores `letters` loaded)."""
    return next((n for n in sorted(state.scores, reverse=True) if entry_id in _round_means(state, n)), None)


def _mean(values: list) -> Fraction | None:
    values = [Fraction(v) if not isinstance(v, float) else Fraction(str(v)) for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _group(state: State, n: int, members: frozenset[str]) -> dict[str, tuple[Fraction, int]]:
    """Per criterion, the sum of the members' averages in round n and how many have one."""
    key = ("sinovik-group", n, members)
    if key not in state._derived:
        means = _round_means(state, n)
        out: dict[str, tuple[Fraction, int]] = {}
        for c in state.competition.criteria_for(n):
            values = [means[e][c.id] for e in members if means[e][c.id] is not None]
            out[c.id] = (sum(values, Fraction(0)), len(values))
        state._derived[key] = out
    return state._derived[key]


def standing(state: State, entry_id: str, finalists: set[str]) -> dict | None:
    """The entry's criterion averages against the finalists' (their mean of means) in the last round it
    was scored in, the entry itself left out; without finalists scored there, against every other entry
    still in that was scored there."""
    n = _scored_in(state, entry_id)
    if n is None:
        return None
    means = _round_means(state, n)
    key = ("sinovik-scored", n)
    if key not in state._derived:
        state._derived[key] = frozenset(e for e in means if e in state.entries and state.entries[e].withdrawn is None)
    scored = state._derived[key]
    group = scored & frozenset(finalists)
    against = "finalists" if group - {entry_id} else "participants"
    group = group if against == "finalists" else scored
    sums = _group(state, n, group)
    rows = {}
    for c in state.competition.criteria_for(n):
        own = means[entry_id][c.id]
        total, count = sums[c.id]
        if entry_id in group and own is not None:
            total, count = total - own, count - 1
        field = total / count if count else None
        verdict, diff = "unknown", None
        if own is not None and field is not None:
            diff = own - field
            tolerance = (Fraction(str(c.max)) - Fraction(str(c.min))) / 50  # 2 points of 100: on a par
            verdict = "strength" if diff > tolerance else "weakness" if diff < -tolerance else "par"
        rows[c.id] = {"id": c.id, "name": c.name, "entry": own, "others": field, "diff": diff, "verdict": verdict}
    return {"round": n, "round_name": state.competition.round(n).name, "against": against,
            "count": len(group - {entry_id}), "criteria": rows}


def _number(value: Fraction | None, locale: str) -> str:
    """A score rounded once, half up, with the locale's decimal mark (scores stay below 1,000: no grouping)."""
    from krenova_cli.core.rounding import shown

    text = shown(value, 2)
    return text.replace(".", ",") if locale == "id" else text


def _signed(value: Fraction | None, locale: str) -> str:
    if value is None:
        return "-"
    return ("+" if value > 0 else "\u2212" if value < 0 else "\u00b1") + _number(abs(value), locale)


def _notes(comments: dict, state: State, entry_id: str) -> tuple[dict[str, list[dict]], list[dict]]:
    """The judges' comments on the entry: per criterion, and those on the entry as a whole, each with its
    round's name and never its judge (ordered by round, then by the words themselves)."""
    by_criterion: dict[str, list[dict]] = {}
    whole: list[dict] = []
    for n in sorted(comments):
        name = state.competition.round(n).name if 1 <= n <= state.last_round else str(n)
        said = comments[n].get(entry_id, {})
        general = sorted({s.get("comment", "") for s in said.values()} - {""})
        whole += [{"round": name, "text": t, "criterion": ""} for t in general]
        per: dict[str, set[str]] = {}
        for s in said.values():
            for cid, text in (s.get("criteria") or {}).items():
                if text:
                    per.setdefault(cid, set()).add(text)
        for cid, texts in per.items():
            by_criterion.setdefault(cid, []).extend({"round": name, "text": t} for t in sorted(texts))
    return by_criterion, whole


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def draft(state: State, entry_id: str, honour: str, finalists: set[str], comments: dict, day, printed: dict,
          signed: dict) -> dict:
    """One entry's paper: `printed` is the entry as the papers print it, `signed` the agency's signature block."""
    comp = state.competition
    locale = comp.competition.locale
    entry = state.entries[entry_id]
    criteria = comp.criteria
    names = {c.id: c.name for c in criteria}
    if "sinovik-map" not in state._derived:  # the same for every entry's paper
        state._derived["sinovik-map"] = {s.id: [c for c in criteria_of(s, criteria) if c in names] for s in comp.sinovik.sections}
    mapped = state._derived["sinovik-map"]
    fed = {c for cs in mapped.values() for c in cs}
    said, whole = _notes(comments, state, entry_id)
    stand = standing(state, entry_id, finalists)
    rows = {c: row | {"entry_text": _number(row["entry"], locale), "others_text": _number(row["others"], locale),
                      "diff_text": _signed(row["diff"], locale)} for c, row in (stand["criteria"] if stand else {}).items()}

    sections = []
    for i, s in enumerate(comp.sinovik.sections, start=1):
        text = entry.proposal.get(s.id, "")
        words = len(text.split())
        sections.append({
            "no": i, "id": s.id, "name": s.name, "weight": f"{float(s.weight):g}".replace(".", "," if locale == "id" else "."),
            "max_words": s.max_words, "paragraphs": _paragraphs(text), "words": words, "empty": not text.strip(),
            "over": bool(s.max_words and words > s.max_words), "criteria": [names[c] for c in mapped[s.id]],
            "notes": [dict(n, criterion=names[c]) for c in mapped[s.id] for n in said.get(c, ())],
            "standing": [rows[c] for c in mapped[s.id] if c in rows],
        })
    loose = [c for c in names if c not in fed]
    general = whole + [dict(n, criterion=names[c]) for c in loose for n in said.get(c, ())]
    general += [dict(n, criterion=c) for c in said if c not in names for n in said[c]]  # a criterion no longer set
    outline_ids = {s.id for s in comp.sinovik.sections}
    others = [{"id": k, "paragraphs": _paragraphs(v)} for k, v in entry.proposal.items() if k not in outline_ids]
    table = [r | {"sections": [s["name"] for s in sections if r["id"] in mapped[s["id"]]]} for r in rows.values()]
    return {"kind": "sinovik-draft", "stem": f"sinovik-draft-{entry_id}", "key": f"sinovik-draft/{entry_id}",
            "entry": printed, "achievement": honour, "category": comp.category_name(entry.category),
            "date": day, "signer": signed, "outline": comp.sinovik.outline, "sections": sections,
            "general": general, "others": others, "standing": stand and {k: v for k, v in stand.items() if k != "criteria"},
            "table": table, "empty": [s["name"] for s in sections if s["empty"]],
            "over": [s for s in sections if s["over"]]}
