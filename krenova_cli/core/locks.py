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
        "criteria": [{"id": c.id, "weight": _number(c.weight), "min": _number(c.min), "max": _number(c.max)}
                     for c in comp.criteria_for(n)],
        "rank_by": [{"round": r, "weight": _number(w)} for r, w in comp.rank_by(n)],
        "aggregation": comp.aggregation_for(n),
        "normalisation": method,
        "tie_break": list(comp.tie_break_for(n)),
        "advance_top": comp.round(n).advance_top,
    }
    if method != "none":
        s = comp.scoring
        out["normalisation_rules"] = {"min_scores": s.min_scores, "min_spread": _number(s.min_spread), "clip": s.clip}
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
    a, b = _comparable(before, keys), _comparable(after, keys)
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
                  "tie_break": T("tie_break"), "advance_top": T("advance_top"), "rounds": T("rounds")}


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
