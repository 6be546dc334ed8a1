"""Where the competition stands: each round's progress, each judge's, what is missing, the next step."""

from __future__ import annotations

from krenova_cli.core import lifecycle
from krenova_cli.core.advice import normalisation_notes
from krenova_cli.i18n.messages import N_, _, ngettext
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store


def status(s: Store) -> dict:
    """The status as data (the keys of `krenova status --json`)."""
    comp = s.competition()
    probe = s.load(rounds=())
    current = lifecycle.current_round(probe)
    state = s.load(rounds=[current] if current else [])
    rounds = []
    screening_open = lifecycle.has_screening(state) and state.screening is None
    if lifecycle.has_screening(state):
        rec0 = state.screening
        from krenova_cli.usecases.screening import screening_name

        rounds.append({"number": 0, "name": rec0.name if rec0 else screening_name(comp),
                       "state": lifecycle.round_state(state, 0),
                       "entries": len(rec0.entries) if rec0 else sum(1 for e in state.entries.values() if e.withdrawn is None),
                       "expected": 0, "recorded": 0, "advance_top": None,
                       "advancing": len(rec0.passed) if rec0 else None, "out_since": None if rec0 is None else
                       sum(1 for e in rec0.passed if e in state.entries and state.entries[e].withdrawn is not None)})
    incomplete = None
    if comp.screening.documents:
        from krenova_cli.usecases.screening import incomplete_entries

        incomplete = len(incomplete_entries(s, state))
    for rnd in comp.rounds:
        n = rnd.number
        st = lifecycle.round_state(state, n)
        if n in state.records:
            rec = state.records[n]
            entries = len(rec.entries)
            rec_count = sum(len(r.judges) for r in rec.standings)
            exp = rec_count + sum(len(r.missing) for r in rec.standings)
        elif st == lifecycle.OPEN:
            entries, exp, rec_count = lifecycle.counts(state, n)
        else:
            entries, exp, rec_count = 0, 0, 0
        rounds.append({"number": n, "name": rnd.name, "state": st, "entries": entries, "expected": exp,
                       "recorded": rec_count, "advance_top": rnd.advance_top,
                       "advancing": len(state.records[n].advancing) if n in state.records else None,
                       # of those, withdrawn or disqualified since the round closed (status says who is left)
                       "out_since": sum(1 for e in state.records[n].advancing if e in state.entries
                                        and state.entries[e].withdrawn is not None) if n in state.records else None})
    judges = []
    missing = []
    if current:
        exp = lifecycle.expected(state, current)
        scores = state.scores.get(current, {})
        for j in state.judges:
            want = [e for e, js in exp.items() if j in js]
            if not want and state.judges[j].retired_by(current):  # a judge who left is expected nowhere
                continue
            have = sum(1 for e in want if e in scores.get(j, {}))
            judges.append({"judge": j, "name": state.judges[j].name, "expected": len(want), "recorded": have})
        missing = [{"entry_id": e, "judges": js} for e, js in lifecycle.missing_pairs(state, current)]
    unassigned = lifecycle.unassigned(state, current) if current else []
    from krenova_cli.usecases.settings import date_warnings

    warnings = (normalisation_notes(state, current) if current else []) + date_warnings(comp)
    if unassigned:
        shown = ", ".join(unassigned[:8]) + (" ..." if len(unassigned) > 8 else "")
        warnings.insert(0, ngettext(
            "round {n}: {count} active entry has no judges assigned (registered after `krenova assign`): {shown}; "
            "give each a panel with `krenova assign --round {n} --add {first}`",
            "round {n}: {count} active entries have no judges assigned (registered after `krenova assign`): {shown}; "
            "give each a panel with `krenova assign --round {n} --add {first}`",
            len(unassigned)).format(n=current, count=len(unassigned), shown=shown, first=unassigned[0]))
    facts: dict = {"n": current}
    if not state.entries:
        nxt = N_("krenova entry import FILE.xlsx (or entry add) to register entries")
    elif screening_open and incomplete:
        nxt = N_("complete the documents (krenova entry list --incomplete), or decide: krenova screen stop|pass ID --reason TEXT; "
                 "then krenova advance --round 0")
    elif screening_open:
        nxt = N_("krenova advance --round 0 (close the administrative screening)")
    elif not state.judges:
        nxt = N_("krenova judge import FILE.csv (or judge add) to register judges")
    elif current and unassigned:
        nxt = N_("krenova assign --round {n} --add {first} (entries without judges: {shown})")
        facts.update(first=unassigned[0], shown=", ".join(unassigned[:5]) + (" ..." if len(unassigned) > 5 else ""))
    elif current and missing:
        nxt = N_("record round {n} scores: krenova sheets --round {n}, then krenova score --round {n} --from FILE")
    elif current:
        nxt = N_("krenova advance --round {n}")
    elif state.awards is None:
        nxt = N_("krenova awards")
    else:
        nxt, facts["steps"] = _after_awards(s, state)
    worded = _(nxt).format(**facts)
    out = [e.withdrawn for e in state.entries.values() if e.withdrawn is not None]
    disqualified = sum(1 for w in out if w.disqualified)
    data = {"competition": comp.competition.name, "current_round": current, "entries": len(state.entries),
            "active": len(state.entries) - len(out), "withdrawn": len(out) - disqualified, "disqualified": disqualified,
            "judges": len(state.judges), "rounds": rounds, "judge_progress": judges, "missing": missing,
            "awards_decided": state.awards is not None, "next": nxt.format(**facts),  # English, as every value of --json
            # in the interface language, worded already; braces doubled for the command, which fills in {n}
            "next_template": worded.replace("{", "{{").replace("}", "}}"),
            "unassigned": unassigned, "warnings": warnings, "incomplete": incomplete}
    return data


# The papers `letters` makes for every competition once the awards are decided, in the order to make them.
CLOSING_KINDS = ("award", "certificate", "nomination", "minutes")


def _after_awards(s: Store, state) -> tuple[str, str]:
    """What is left once the awards are decided (a template and its commands): the recap, the papers
    not made yet, the website.

    The recap is looked for where `export` writes it by default. A kind of paper is made when the
    letter register numbers each paper it would make now: after `awards --redo` the new winners'
    letters are still to make. The website is made when `out/site` holds the manifest of the
    ledger's present head: a change after `publish` (new papers, a revoked code) calls for it again."""
    from krenova_cli.core.errors import DataErrors
    from krenova_cli.store import letter_register

    comp = state.competition
    steps = []
    if not _recap_current(s, state):
        steps.append("krenova export")
    try:
        numbered = letter_register.read(s)
    except DataErrors:  # a damaged register: `letters` and `check` name the problem
        numbered = {}
    revoked = _revoked_kinds(s) if numbered else set()
    kinds = [k for k in CLOSING_KINDS if not _papers_made(state, k, numbered) or k in revoked]
    kinds += sorted(revoked - set(kinds))
    if kinds:
        steps.append("krenova letters " + "|".join(kinds))
    if steps:
        return N_("still to make: {steps}"), "; ".join(steps)
    site = _site_head(s)
    if site is None:
        return N_("krenova publish, if the results and the verification pages should go on a website; "
                  "otherwise the competition is complete"), ""
    from krenova_cli.store import ledger

    head, problems = ledger.read_head(s.path(layout.LEDGER))
    if not problems and head.seq != site:
        return N_("krenova publish again: the website was written before the latest changes"), ""
    return N_("nothing: the competition is complete (the recap, the papers and the website are made)"), ""


def _recap_current(s: Store, state) -> bool:
    """The recap is where `export` writes it and newer than the settings, the round records and the
    awards it shows (an award decided again after the export makes it out of date)."""
    try:
        made = s.path(layout.recap_out(state.competition.competition.id)).stat().st_mtime_ns
    except OSError:
        return False
    shown = [layout.SETTINGS, layout.AWARDS] + [layout.round_record(n) for n in state.records]
    for rel in shown:
        try:
            if s.path(rel).stat().st_mtime_ns > made:
                return False
        except OSError:
            continue
    return True


def _revoked_kinds(s: Store) -> set[str]:
    """The kinds with a printed paper whose code no longer holds (its facts changed, or the paper is no
    longer made: the decree of an undone decision) while the kind still has papers to make: `letters
    KIND` prints them again (a disqualified winner's award letter, the new decree)."""
    from krenova_cli.core.errors import DataErrors, UserError
    from krenova_cli.core.verification import same_facts
    from krenova_cli.documents import builders
    from krenova_cli.usecases.verify import Verifier

    try:
        v = Verifier(s)
    except (DataErrors, UserError):
        return set()
    out = set()
    for kind in sorted({k.split("/", 1)[0] for k in v.register}):
        current = v.current(kind)  # the facts of every numbered paper the kind makes now
        changed = any(n.code in v.codes and not same_facts(v.codes[n.code].facts, current[key])
                      for key, n in v.register.items() if key in current and n.code)
        if not changed:  # or a paper the kind makes now that has no number yet (the decree of a new decision)
            try:  # the papers `letters KIND` makes by default (certificates: the winners'), as _papers_made
                docs = builders.documents(v.state, kind, "winners", None)
            except UserError:  # nothing of the kind can be made now (the awards undone)
                continue
            builders.own_keys(docs, v.register)
            changed = any(d["key"] not in v.register for d in docs if not d.get("annex_of"))
        if changed:
            out.add(kind)
    return out


def _papers_made(state, kind: str, numbered: dict) -> bool:
    """Every paper of the kind that `letters KIND` would make now has its number in the register."""
    from krenova_cli.core.errors import UserError
    from krenova_cli.documents import builders

    if kind == "minutes":  # one per closed round (built from the scores, which status does not load)
        keys = ["minutes/" + str(n) for n in state.records]
    else:
        try:
            docs = builders.documents(state, kind, None, None)
            builders.own_keys(docs, numbered)
            keys = [d["key"] for d in docs if not d.get("annex_of")]
        except UserError:  # the papers cannot be made yet (no award date): `letters` says why
            return False
    return all(k in numbered for k in keys)


def _site_head(s: Store) -> int | None:
    """The ledger sequence number the website in out/site was published at; None without a website."""
    import json

    try:
        manifest = json.loads(s.path(layout.OUT + "/site/manifest.json").read_text(encoding="utf-8"))
        return int(manifest["ledger_head"]["seq"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, MemoryError):  # a hostile manifest: no site
        return None
