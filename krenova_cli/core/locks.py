"""What decided a closed round, and which change of the settings would move it.

A closed round's record is the committee's decision. Its ranking follows from the round's criteria
(ids, weights, ranges), its `rank_by`, aggregation, normalisation (with the z-score edge rules),
tie-break chain and cutoff; changing one of these while the round is closed would make the
standings and the recap disagree with the signed minutes. `settings set` and `adopt` therefore
refuse such a change and name `krenova reopen --round N --reason TEXT`, the way out.

The round record keeps these settings (`settings`) from the moment it closed; a record written
before they were kept is compared on what it has (cutoff, rank_by, tie-break, aggregation,
normalisation).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from krenova_cli.core.errors import T, joined
from krenova_cli.core.model import Competition
from krenova_cli.core.rounding import exact


def _number(v) -> str:
    return str(exact(v))


def decisive(comp: Competition, n: int) -> dict:
    """The settings that decide round n's ranking, as plain comparable values (the record's `settings`)."""
    method = comp.normalisation_for(n)
    out = {
        "criteria": [{"id": c.id, "weight": _number(c.weight), "min": _number(c.min), "max": _number(c.max),
                      "step": _number(c.step)} for c in comp.criteria_for(n)],
        "rank_by": [{"round": r, "weight": _number(w)} for r, w in comp.rank_by(n)],
        "aggregation": comp.aggregation_for(n),
        "normalisation": method,
        "tie_break": list(comp.tie_break_for(n)),
        "advance_top": comp.round(n).advance_top,
    }
    if method != "none":
        s = comp.scoring
        out["normalisation_rules"] = {"min_scores": s.min_scores, "min_spread": _number(s.min_spread), "clip": s.clip}
    shown = presentation_settings(comp, n)
    if shown:  # the schedule the round was presented by (its invitations print it)
        out["presentation"] = shown
    return out


PRESENTATION = ("presentation", "presentation_date", "presentation_start", "presentation_end", "minutes_per_entry",
                "room", "break_start", "break_minutes")


def presentation_settings(comp: Competition, n: int) -> dict:
    """Round n's presentation settings that are set (`rounds.N.presentation`, its date, times and room)."""
    rnd = comp.round(n)
    out = {}
    for key in PRESENTATION:
        value = getattr(rnd, key)
        if value not in (None, False, ""):
            out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def _from_record(record) -> dict:
    """What an older record without `settings` holds of them."""
    from fractions import Fraction

    total = sum(Fraction(w) for _, w in record.rank_by) or Fraction(1)
    return {"rank_by": [(r, Fraction(w) / total) for r, w in record.rank_by], "aggregation": record.aggregation,
            "normalisation": record.normalisation, "tie_break": list(record.tie_break), "advance_top": record.cutoff}


def _comparable(d: Mapping, keys: Iterable[str]) -> dict:
    from fractions import Fraction

    out = {}
    for k in keys:
        v = d.get(k)
        if k == "rank_by" and v is not None:  # weights 1:1 and 0.5:0.5 rank alike
            pairs = [(x["round"], Fraction(x["weight"])) if isinstance(x, dict) else x for x in v]
            total = sum(w for _, w in pairs) or Fraction(1)
            v = [(r, Fraction(w) / total) for r, w in pairs]
        out[k] = v
    return out


def moved(before: Mapping, after: Mapping) -> list[str]:
    """The names of the settings that differ (criteria, rank_by, aggregation, ...)."""
    keys = [k for k in ("criteria", "rank_by", "aggregation", "normalisation", "normalisation_rules", "tie_break",
                        "advance_top") if k in before]
    if "presentation" in before or "presentation" in after:  # a schedule given to, or taken from, a closed round too
        keys.append("presentation")
    a, b = _comparable(before, keys), _comparable(after, keys)
    if a.get("criteria") is not None and b.get("criteria") is not None and len(a["criteria"]) == len(b["criteria"]):
        # a record kept before `step` was kept is compared on the fields it has
        b["criteria"] = [{f: y.get(f) for f in x} for x, y in zip(a["criteria"], b["criteria"])]
    return [k for k in keys if a[k] != b[k]]


def closed_round_changes(new: Competition, records: Mapping, old: Competition | None = None) -> list[tuple[int, list[str]]]:
    """(round, changed settings) for every closed round whose deciding settings the new settings change.

    With `old` (a change made by krenova, e.g. `settings set`) the new settings are compared with the old
    ones; without it (a hand edit being adopted) with what each round's record kept."""
    out = []
    for n in sorted(records):
        if n > len(new.rounds):
            out.append((n, ["rounds"]))
            continue
        after = decisive(new, n)
        if old is not None:
            before = decisive(old, n)
        else:
            kept = getattr(records[n], "settings", None)
            before = dict(kept) if kept else _from_record(records[n])
        changed = moved(before, after)
        if changed:
            out.append((n, changed))
    return out


# the deciding settings in words (the English is the setting's own name; the Indonesian says what it is)
_SETTING_WORDS = {"criteria": T("criteria"), "rank_by": T("rank_by"), "aggregation": T("aggregation"),
                  "normalisation": T("normalisation"), "normalisation_rules": T("normalisation_rules"),
                  "tie_break": T("tie_break"), "advance_top": T("advance_top"), "rounds": T("rounds"),
                  "presentation": T("the presentation schedule")}


def refusal(changes: list[tuple[int, list[str]]], what: str, awards_decided: bool = False,
            scored: Iterable[int] = ()) -> str:
    """One line: which closed rounds the change would move, and the sequence that really leads out.

    A round reopens only after the awards decided from it are undone and only while the next round
    has no scores (`reopen`), so a change that moves an early round may no longer be possible at all;
    `scored` are the rounds with scores, `awards_decided` whether the awards are decided."""
    parts = joined("; ", (T("round {n} ({keys})", n=n, keys=joined(", ", (_SETTING_WORDS.get(k, k) for k in keys)))
                          for n, keys in changes))
    first, last = changes[0][0], changes[-1][0]
    blocking = sorted(n for n in set(scored) if n > first)
    if blocking:
        return T("{what} would change settings that decided closed rounds: {parts}; a closed round's ranking is locked, "
                 "and it can no longer change: round {first} reopens only after every later round, and a round reopens "
                 "only while the next one has no scores (round {next} has scores). Keep the setting as it is",
                 what=what, parts=parts, first=first, next=blocking[0])
    if first == last:
        steps = T("reopen the round with `krenova reopen --round {n} --reason TEXT`, change the setting, and close it "
                  "again with `krenova advance --round {n}`", n=last)
    else:
        steps = T("reopen the rounds from round {last} back to round {first} with `krenova reopen --round N --reason TEXT` "
                  "(the last first), change the setting, and close them again with `krenova advance --round N`",
                  last=last, first=first)
    if awards_decided:
        return T("{what} would change settings that decided closed rounds: {parts}; a closed round's ranking is locked. "
                 "To change it: remove the awards decision with `krenova awards --undo --reason TEXT`, then {steps}",
                 what=what, parts=parts, steps=steps)
    return T("{what} would change settings that decided closed rounds: {parts}; a closed round's ranking is locked. "
             "To change it: {steps}", what=what, parts=parts, steps=steps)


# -- the awards ---------------------------------------------------------------------------------
def awards_basis(comp: Competition) -> dict:
    """The settings the awards decision rests on, besides the final round's record: the prizes (place,
    title, amount, category) and the pass mark. The awards record keeps them (`settings`)."""
    mark = comp.awards.min_score
    return {"prizes": [{"place": p.place, "title": p.title, "amount": p.amount, "category": p.category}
                       | ({} if p.min_score is None else {"min_score": _number(p.min_score)}) for p in comp.prizes],
            "min_score": None if mark is None else _number(mark)}


def _basis_of_record(awards) -> dict:
    """What an awards record holds of its settings: all of them when kept, else the prizes of its places."""
    kept = getattr(awards, "settings", None)
    if kept:
        return dict(kept)
    return {"prizes": [{"place": p.place, "title": p.title, "amount": p.amount, "category": p.category}
                       for p in awards.places]}


def awards_changes(new: Competition, awards, old: Competition | None = None) -> list[str]:
    """The settings keys (`prizes.1.amount`, `awards.min_score`) the new settings change under the decided
    awards: compared with the old settings (a change made by krenova) or with what the record kept (a hand edit)."""
    if awards is None:
        return []
    before = awards_basis(old) if old is not None else _basis_of_record(awards)
    after = awards_basis(new)
    out = []
    if "min_score" in before and before["min_score"] != after["min_score"]:
        out.append("awards.min_score")
    was, now = before.get("prizes") or [], after["prizes"]
    for i in range(max(len(was), len(now))):
        a = was[i] if i < len(was) else {}
        b = now[i] if i < len(now) else {}
        fields = [f for f in ("place", "title", "amount", "category", "min_score") if a.get(f) != b.get(f)]
        if not a or not b:
            out.append(f"prizes.{i + 1}")
        else:
            out.extend(f"prizes.{i + 1}.{f}" for f in fields)
    return out


def awards_refusal(keys: list[str], what: str) -> str:
    """One line: the awards rest on this setting; the sequence that leads out."""
    return T("{what}: the awards decision rests on this setting ({keys}); the decided awards and the papers printed "
             "from them would no longer agree. To change it: remove the decision with `krenova awards --undo --reason TEXT`, "
             "change the setting again, then decide the awards again with `krenova awards`",
             what=what, keys=", ".join(keys))


# -- ids the other files name -------------------------------------------------------------------
def orphaned(new: Competition, old: Competition, used: Mapping[str, Mapping[str, list[str]]]) -> list[tuple[str, str, list[str]]]:
    """(table, id, users) for every id of `old` that `new` no longer has while other files name it.
    `used` maps a table (categories, entity_types, criteria) to id -> the files or entries naming it."""
    out = []
    for table in ("categories", "entity_types", "criteria"):
        ids_now = {x.id for x in getattr(new, table)}
        for x in getattr(old, table):
            users = used.get(table, {}).get(x.id)
            if x.id not in ids_now and users:
                out.append((table, x.id, users))
    return out
