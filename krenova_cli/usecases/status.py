"""Where the competition stands: each round's progress, each judge's, what is missing, the next step."""

from __future__ import annotations

from krenova_cli.core import lifecycle
from krenova_cli.core.advice import normalisation_notes
from krenova_cli.store.datafolder import Store
from krenova_cli.usecases.rounds import missing_pairs


def status(s: Store) -> dict:
    """The status as data (the keys of `krenova status --json`)."""
    comp = s.competition()
    probe = s.load(rounds=())
    current = lifecycle.current_round(probe)
    state = s.load(rounds=[current] if current else [])
    rounds = []
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
                       "advancing": len(state.records[n].advancing) if n in state.records else None})
    judges = []
    missing = []
    if current:
        exp = lifecycle.expected(state, current)
        scores = state.scores.get(current, {})
        for j in state.judges:
            want = [e for e, js in exp.items() if j in js]
            have = sum(1 for e in want if e in scores.get(j, {}))
            judges.append({"judge": j, "name": state.judges[j].name, "expected": len(want), "recorded": have})
        missing = [{"entry_id": e, "judges": js} for e, js in missing_pairs(state, current)]
    unassigned = lifecycle.unassigned(state, current) if current else []
    warnings = normalisation_notes(state, current) if current else []
    if unassigned:
        shown = ", ".join(unassigned[:8]) + (" ..." if len(unassigned) > 8 else "")
        warnings.insert(0, f"round {current}: {len(unassigned)} active entr{'y has' if len(unassigned) == 1 else 'ies have'} "
                           f"no judges assigned (registered after `krenova assign`): {shown}; give each a panel with "
                           f"`krenova assign --round {current} --add {unassigned[0]}`")
    if not state.entries:
        nxt = "krenova entry import FILE.xlsx (or entry add) to register entries"
    elif not state.judges:
        nxt = "krenova judge import FILE.csv (or judge add) to register judges"
    elif current and unassigned:
        nxt = (f"krenova assign --round {current} --add {unassigned[0]} (entries without judges: "
               f"{', '.join(unassigned[:5])}{' ...' if len(unassigned) > 5 else ''})")
    elif current and missing:
        nxt = "record round {n} scores: krenova sheets --round {n}, then krenova score --round {n} --from FILE"
    elif current:
        nxt = "krenova advance --round {n}"
    elif state.awards is None:
        nxt = "krenova awards"
    else:
        nxt = "krenova export; krenova letters award|certificate|nomination|minutes"
    data = {"competition": comp.competition.name, "current_round": current, "entries": len(state.entries),
            "judges": len(state.judges), "rounds": rounds, "judge_progress": judges, "missing": missing,
            "awards_decided": state.awards is not None, "next": nxt.format(n=current),
            "next_template": nxt,  # the step before its round is filled in: what the interface translates
            "unassigned": unassigned, "warnings": warnings}
    return data
