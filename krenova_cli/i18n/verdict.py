"""The analysis of a round in plain words, in English or Indonesian (the catalogs of `messages.py`).

The command line says it in the interface language; the recap's analysis sheet in the recap's
`locale`. `data` is the JSON of `krenova analyse` (SPEC 8.6); without `pass_probability` (the
recap leaves out the bootstrap) the line about resampling is left out.
"""

from __future__ import annotations

from typing import Callable

from krenova_cli.i18n.messages import translator


def listing(ids: list[str], t: Callable[[str], str], most: int = 8) -> str:
    if len(ids) <= most:
        return ", ".join(ids)
    return t("{items} and {n} more").format(items=", ".join(ids[:most]), n=len(ids) - most)


def fragile(data: dict, t: Callable[[str], str]) -> dict[str, list[str]]:
    """Each entry that changes sides, with the reasons in words, in the order of the data."""
    passing = set(data["actual"]["advancing"])
    reasons: dict[str, list[str]] = {}
    for name, o in data["aggregations"].items():
        for e in o["changed"]:
            reasons.setdefault(e, []).append((t("out under {rule}") if e in passing else t("in under {rule}")).format(rule=name))
    for j, o in data["leave_one_out"].items():
        for e in o["changed"]:
            reasons.setdefault(e, []).append((t("out without {judge}") if e in passing else t("in without {judge}")).format(judge=j))
    return reasons


def new_decisions(data: dict, t: Callable[[str], str]) -> list[str]:
    """A sentence for each other rule and each judge left out whose outcome would need a new tie decision."""
    lines = []
    cases = [(t("Under {rule}").format(rule=name), o) for name, o in data["aggregations"].items()]
    cases += [(t("Without {judge}").format(judge=j), o) for j, o in data["leave_one_out"].items()]
    for where, o in cases:
        need = o.get("needs_decision")
        if need and data.get("compared_with") == "decision":
            text = (t("{where}, {items} would tie across the cutoff for {places} place: a new tie decision would be needed.")
                    if need["places"] == 1 else
                    t("{where}, {items} would tie across the cutoff for {places} places: a new tie decision would be needed."))
            lines.append(text.format(where=where, items=listing(need["tied"], t), places=need["places"]))
    return lines


def verdict(data: dict, lang: str = "en") -> list[str]:
    t = translator(lang)
    top = data["cutoff"]
    reasons = fragile(data, t)
    lines = []
    if not reasons:
        lines.append(t("The top {top} is the same under all four rules and without any one judge.").format(top=top))
    else:
        shown = [f"{e} ({', '.join(r)})" for e, r in sorted(reasons.items(), key=lambda x: (-len(x[1]), x[0]))]
        text = (t("The top {top} is fragile: {n} entry changes sides under another rule or without one judge: {items}.")
                if len(reasons) == 1 else
                t("The top {top} is fragile: {n} entries change sides under another rule or without one judge: {items}."))
        lines.append(text.format(top=top, n=len(reasons), items=listing(shown, t, 6)))
    tied = data["actual"]["tied"]
    decided = data.get("compared_with") == "decision"
    if tied and not decided:
        lines.append(t("{items} are tied across the cutoff under the round's own rule: a committee decision "
                       "(advance --prefer or --include-ties) settles it.").format(items=listing(tied, t)))
    # which set the other rules are compared with, said where a tie at the cutoff makes it matter
    if decided and data["actual"].get("decisions"):
        lines.append(t("Each other rule and each judge left out is compared with the advancing set the committee "
                       "decided (the round's record, its tie decision included)."))
    elif tied and "compared_with" in data:
        lines.append(t("The round is not closed at this cutoff, so each other rule and each judge left out is compared "
                       "with the tie-inclusive set (every entry tied across the cutoff counted as passing)."))
    lines.extend(new_decisions(data, t))
    p = data.get("pass_probability")
    if p:
        unsure = [e for e, v in p.items() if 0.05 < v < 0.95]
        if unsure:
            text = (t("{n} entry passes in between {low} and {high} of {resamples} resamples of the judges: {items}.")
                    if len(unsure) == 1 else
                    t("{n} entries pass in between {low} and {high} of {resamples} resamples of the judges: {items}."))
            lines.append(text.format(n=len(unsure), resamples=data["resamples"], items=listing(unsure, t), low="5%", high="95%"))
        else:
            lines.append(t("With the judges resampled {resamples} times, every entry passes in more than {high} or "
                           "fewer than {low} of the resamples.").format(resamples=data["resamples"], low="5%", high="95%"))
    return lines
