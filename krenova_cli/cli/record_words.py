"""The words for the ledger's records and the data's names in the interface language.

The ledger keeps its records as data (`entry.edit`, `phone`, `decisions: [{kind: prefer, ...}]`);
`krenova log` shows them in words: a label per record kind, a label per field (the ones `entry show`
prints), decisions and places as sentences. `--json` and `--csv` keep the records as they are. The
document kinds have their Indonesian names here too, and the Indonesian aliases `letters` accepts.
"""

from __future__ import annotations

from typing import Any

from krenova_cli.i18n.messages import N_, _, localize, ngettext

# the fields of an entry, in the order `entry show` prints them, with their labels
ENTRY_FIELDS = (("id", N_("ID")), ("title", N_("Title")), ("institution", N_("Institution")),
                ("head_title", N_("Head of institution")), ("entity_type", N_("Type")), ("category", N_("Category")),
                ("region", N_("Region")), ("contact", N_("Contact")), ("phone", N_("Phone")), ("email", N_("Email")),
                ("year_started", N_("Year started")), ("description", N_("Description")))
JUDGE_FIELDS = (("name", N_("Name")), ("position", N_("Position")), ("affiliation", N_("Affiliation")),
                ("conflicts", N_("Conflicts")))

# the other keys of the ledger's records
_KEYS = {"reason": N_("Reason"), "round": N_("Round"), "note": N_("Note"), "preset": N_("Preset"),
         "advancing": N_("Advancing"), "decisions": N_("Decision"), "places": N_("Winners"),
         "missing_allowed": N_("Closed with scores missing"), "conflicts_dropped": N_("Conflicts dropped"),
         "per_entry": N_("Judges per entry"), "seed": N_("Random order (seed)"), "judge": N_("Judge"),
         "kept": N_("Kept by the judge who scored them"), "left": N_("Left"), "files": N_("File"),
         "closed_at": N_("Closed at"), "disqualified": N_("Disqualified"), "proposal": N_("Proposal"),
         "passed": N_("Passed"), "stopped": N_("Stopped")}

# a label per record kind (`action` of the ledger)
ACTIONS = {
    "init": N_("folder created"), "settings.set": N_("setting changed"), "adopt": N_("hand edit adopted"),
    "entry.add": N_("entry added"), "entry.import": N_("entries imported"), "entry.edit": N_("entry edited"),
    "entry.remove": N_("entry removed"), "entry.withdraw": N_("entry withdrawn"),
    "judge.add": N_("judge added"), "judge.import": N_("judges imported"), "judge.edit": N_("judge edited"),
    "judge.remove": N_("judge removed"),
    "assign": N_("panels assigned"), "assign.add": N_("panels added"), "assign.replace": N_("judge replaced on panels"),
    "score": N_("score recorded"), "score.import": N_("scores imported"), "score.replace": N_("score corrected"),
    "advance": N_("round closed"), "reopen": N_("round reopened"),
    "screen.pass": N_("passed in administrative screening"), "screen.stop": N_("stopped in administrative screening"),
    "screen.undo": N_("screening decision taken back"),
    "awards": N_("winners decided"), "awards.redo": N_("winners decided again"), "awards.undo": N_("winners' decision undone"),
    "letters.number": N_("papers numbered"), "letters.code": N_("verification codes given"),
    "letters.renumber": N_("papers renumbered"),
}

# the document kinds of `krenova letters` (the keys are the kinds as the command takes them)
PAPERS = {"award": N_("award"), "certificate": N_("certificate"), "nomination": N_("nomination"),
          "minutes": N_("minutes"), "awards-minutes": N_("awards-minutes"), "decree": N_("decree"),
          "judge-recap": N_("judge-recap"), "call": N_("call for proposals"), "announcement": N_("announcement"),
          "ceremony-invitation": N_("ceremony invitation"), "feedback": N_("feedback letter"),
          "presentation-invitation": N_("presentation-invitation"),
          "sinovik-draft": N_("sinovik-draft")}
# the Indonesian names a secretariat may type instead (`krenova letters piagam --for peserta`)
PAPER_ALIASES = {"penetapan-juara": "award", "surat-penetapan": "award", "piagam": "certificate",
                 "pengusulan": "nomination", "nominasi": "nomination", "berita-acara": "minutes",
                 "berita-acara-juara": "awards-minutes", "keputusan": "decree", "sk": "decree", "rekap-juri": "judge-recap",
                 "undangan-keikutsertaan": "call", "undangan-lomba": "call", "pengumuman": "announcement",
                 "undangan-penganugerahan": "ceremony-invitation", "catatan-juri": "feedback",
                 "undangan-paparan": "presentation-invitation",
                 "draf-sinovik": "sinovik-draft", "draf-proposal": "sinovik-draft"}
AUDIENCE_ALIASES = {"pemenang": "winners", "juara": "winners", "finalis": "finalists", "peserta": "participants"}


def paper(kind: str) -> str:
    """A document kind in the interface language (`certificate` -> `piagam`)."""
    return _(PAPERS[kind]) if kind in PAPERS else kind


def plain_kind(kind: str) -> str:
    """The kind a person typed, in either language, as the command knows it."""
    key = kind.strip().lower().replace(" ", "-").replace("_", "-")
    return PAPER_ALIASES.get(key, kind)


def plain_audience(audience: str) -> str:
    return AUDIENCE_ALIASES.get(audience.strip().lower(), audience)


def _lower(label: str) -> str:
    """`Telepon` -> `telepon` inside a line; `ID` stays."""
    return label[:1].lower() + label[1:] if len(label) > 1 and not label[1].isupper() else label


def field_label(key: str) -> str:
    """A field of an entry or a judge as a person reads it inside a line: `phone` -> `phone`/`telepon`."""
    for field, label in (*ENTRY_FIELDS, *JUDGE_FIELDS):
        if field == key:
            return _lower(_(label))
    if key in _KEYS:
        return _lower(_(_KEYS[key]))
    return key


def action(record: dict) -> str:
    new = record.get("new")
    if record["action"] == "entry.withdraw" and isinstance(new, dict) and new.get("disqualified"):
        return _("entry disqualified")
    return _(ACTIONS[record["action"]]) if record["action"] in ACTIONS else record["action"]


def target(record: dict) -> str:
    """The record's subject: a document kind by its name, a round as `round 2`, anything else as it is."""
    what = str(record.get("target", ""))
    if record["action"].startswith("awards") and what == "awards":
        return ""  # the label says it
    if record["action"].startswith("letters.") and what in PAPERS:
        return paper(what)
    if what.startswith("round-") and what[6:].isdigit():
        return _("round {n}").format(n=what[6:])
    if what.startswith("round-") and "/" in what:
        n, _slash, rest = what[6:].partition("/")
        return _("round {n}").format(n=n) + " " + rest
    return what


def _key(record: dict, key: str, zone: str | None) -> str:
    parts = key.split(".")
    act = record["action"]
    if act == "settings.set":
        return key  # the setting's name, as `krenova settings set` takes it
    if act.startswith("letters.") and (parts[0] in ("codes", "dates") or "/" in key):
        codes, dates = parts[0] == "codes", parts[0] == "dates"
        name = key.split(".", 1)[1] if codes or dates else key
        kind, _slash, rest = name.partition("/")
        if zone and rest[:4].isdigit() and "T" in rest:  # a decision's moment, in the competition's time
            from krenova_cli.core.history import local_time

            try:
                rest = local_time(rest, zone)
            except ValueError:
                pass
        shown = (paper(kind) + " " + rest).strip()
        if dates:  # `letters --date`
            return _("date of {paper}").format(paper=shown)
        return _("verification code of {paper}").format(paper=shown) if codes else shown
    if parts[0] == "scores" and len(parts) == 3:
        return _("scores of {judge} for {entry}").format(judge=parts[1], entry=parts[2])
    if parts[0] == "entries" and len(parts) == 2:
        return _("panel of {entry}").format(entry=parts[1])
    if parts[0] == "files" and len(parts) == 2:
        return parts[1]
    return field_label(key)


def _ids(values) -> str:
    return ", ".join(values) if values else "-"


def decision(d: dict, awards: bool = False) -> str:
    """A committee's decision as a sentence."""
    tied, chosen, reason = _ids(d.get("tied", [])), _ids(d.get("chosen", [])), d.get("reason", "")
    kind = d.get("kind")
    if kind == "include-ties":
        text = _("all the tied entries advance ({tied})").format(tied=tied)
    elif kind == "allow-missing":
        text = _("the round closed with scores missing ({entries})").format(entries=tied)
    elif awards:
        text = _("of the tied {tied}, {chosen} take the higher place").format(tied=tied, chosen=chosen)
    else:
        text = _("of the tied {tied}, {chosen} advance").format(tied=tied, chosen=chosen)
    return text + ". " + _("Reason: {reason}").format(reason=reason) if reason else text


def _say(record: dict):
    def say(key: str, value: Any):
        if key == "decisions" and isinstance(value, list):
            if not value:
                return None
            awards = record["action"].startswith("awards")
            return "; ".join(decision(d, awards) for d in value if isinstance(d, dict))
        if key == "places" and isinstance(value, list):
            return ", ".join(_("{title} {entry}").format(title=p.get("title") or p.get("place", ""),
                                                        entry=p.get("entry_id") or _("(vacant)"))
                             for p in value if isinstance(p, dict))
        if key == "disqualified" and isinstance(value, bool):
            return _("yes") if value else _("no")
        if key == "missing_allowed":
            return None if value in (None, "") else repr(value)
        return None
    return say


def changes(record: dict, entry_id: str | None = None, zone: str | None = None) -> list[str]:
    """The lines under a record in `krenova log`, in the interface language."""
    from krenova_cli.core import history

    new = record.get("new")
    if isinstance(new, list):  # an import: how many of what
        ids = [str(x.get("id", "?")) if isinstance(x, dict) else str(x) for x in new]
        judges = record["action"].startswith("judge")
        if entry_id and entry_id in ids:
            return [(ngettext("{entry} among {n} judge", "{entry} among {n} judges", len(ids)) if judges else
                     ngettext("{entry} among {n} entry", "{entry} among {n} entries", len(ids))).format(entry=entry_id, n=len(ids))]
        listed = ", ".join(ids[:10]) + (" ..." if len(ids) > 10 else "")
        return [(ngettext("{n} judge: {ids}", "{n} judges: {ids}", len(ids)) if judges else
                 ngettext("{n} entry: {ids}", "{n} entries: {ids}", len(ids))).format(n=len(ids), ids=listed)]
    return [localize(line) for line in history.changes(record, entry_id, label=lambda key: _key(record, key, zone),
                                                        say=_say(record))]


def edit_line(subject: str, key: str, old: Any, new: Any) -> str:
    """`K001 phone: '8123' -> '08123'`, the field in the interface language."""
    def shown(value):
        return "-" if value is None else repr(value)

    return "{0} {1}: {2} -> {3}".format(subject, field_label(key), shown(old), shown(new))


def proposal_lines(subject: str, old: Any, new: Any) -> list[str]:
    """`K001 proposal ringkasan: 0 -> 187 words`: a section's words counted, not printed (a section is long)."""
    old, new = old or {}, new or {}
    out = []
    for section in dict.fromkeys([*old, *new]):
        before, after = len(str(old.get(section, "")).split()), len(str(new.get(section, "")).split())
        if old.get(section) != new.get(section):
            out.append(ngettext("{subject} {field} {section}: {old} -> {new} word",
                                "{subject} {field} {section}: {old} -> {new} words", after).format(
                subject=subject, field=field_label("proposal"), section=section, old=before, new=after))
    return out


def matches(record: dict, prefix: str) -> bool:
    """`log --action`: the kind as the ledger names it (`entry.edit`, `score`) or its label's beginning."""
    wanted = prefix.strip().lower()
    return record["action"].startswith(prefix) or bool(wanted) and action(record).lower().startswith(wanted)

