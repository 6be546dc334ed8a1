"""`krenova status`: where the competition stands and the next step."""

from __future__ import annotations


from krenova_cli.cli.options import JsonOpt, one_command_app, store

app = one_command_app()


@app.command()
def status_cmd(as_json: JsonOpt = False) -> None:
    """Where the competition stands: each round's state and progress, each judge's progress, the next step.

    Example: krenova status
    """
    from krenova_cli.core import lifecycle
    from krenova_cli.cli import output
    from krenova_cli.usecases.rounds import missing_pairs

    s = store()
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
    if not state.entries:
        nxt = "krenova entry import FILE.xlsx (or entry add) to register entries"
    elif not state.judges:
        nxt = "krenova judge import FILE.csv (or judge add) to register judges"
    elif current and missing:
        nxt = f"record round {current} scores: krenova sheets --round {current}, then krenova score --round {current} --from FILE"
    elif current:
        nxt = f"krenova advance --round {current}"
    elif state.awards is None:
        nxt = "krenova awards"
    else:
        nxt = "krenova export; krenova letters award|certificate|nomination|minutes"
    data = {"competition": comp.competition.name, "current_round": current, "entries": len(state.entries),
            "judges": len(state.judges), "rounds": rounds, "judge_progress": judges, "missing": missing,
            "awards_decided": state.awards is not None, "next": nxt}
    if as_json:
        output.print_json(data)
        return
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    con = output.console()
    con.print(f"[bold]{comp.competition.name}[/bold]: {len(state.entries)} entries, {len(state.judges)} judges")
    t = Table(header_style="bold")
    for c in ("Round", "Name", "State", "Entries", "Scores", "Advance"):
        t.add_column(c)
    for r in rounds:
        t.add_row(str(r["number"]), r["name"], r["state"], str(r["entries"] or ""),
                  f"{r['recorded']}/{r['expected']}" if r["expected"] else "",
                  "" if r["advancing"] is None else str(r["advancing"]) + (f" (top {r['advance_top']})" if r["advance_top"] else ""))
    con.print(t)
    if judges:
        jt = Table(title=f"Round {current}: judges' progress", title_justify="left", header_style="bold")
        for c in ("Judge", "Name", "Progress", "Scored"):
            jt.add_column(c)
        for j in judges:
            jt.add_row(j["judge"], j["name"], ProgressBar(total=max(j["expected"], 1), completed=j["recorded"], width=30),
                       f"{j['recorded']}/{j['expected']}")
        con.print(jt)
    if missing:
        shown = "; ".join(f"{m['entry_id']} ({', '.join(m['judges'])})" for m in missing[:10])
        con.print(f"Missing: {shown}" + (f" ... and {len(missing) - 10} more entries" if len(missing) > 10 else ""))
    con.print(f"Next: {nxt}")
