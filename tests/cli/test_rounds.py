"""Scoring and the round lifecycle through the CLI: every refusal exact, nothing changed on refusal."""

import pytest

from tests.conftest import CRITERIA, run, score_all, tree_hash

FULL = [f"{c}=80" for c in CRITERIA]


def refused(d, *args, stdin=""):
    before = tree_hash(d)
    r = run("-d", d, *args, stdin=stdin)
    assert r.code == 1, r.err
    assert tree_hash(d) == before, "a refused command changed the directory"
    assert "Traceback" not in r.err
    return r.errors


def test_score_by_argument_and_replace_logs_old_values(comp):
    r = run("-d", comp, "score", "K002", "--judge", "J1", *FULL)
    assert r.code == 0 and r.err.strip() == "recorded round 1 scores of K002 by J1"
    assert (comp / "scores" / "round-1" / "J1.json").read_text() == (
        '{"round": 1, "judge": "J1", "scores": {\n'
        '"K002": {"efektivitas": 80, "kebaruan": 80, "keberlanjutan": 80, "kemanfaatan": 80, "replikasi": 80}\n}}\n')
    assert refused(comp, "score", "K002", "--judge", "J1", *FULL[:-1], "keberlanjutan=70") == [
        "Error: K002 already has round 1 scores from J1; use --replace to correct them (the old values are logged)"]
    r = run("-d", comp, "score", "K002", "--judge", "J1", *FULL[:-1], "keberlanjutan=70", "--replace", "--note", "salah ketik")
    assert r.code == 0
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "score.replace"
    assert last["old"]["scores"]["J1"]["K002"]["keberlanjutan"] == 80
    assert last["new"]["scores"]["J1"]["K002"]["keberlanjutan"] == 70 and last["new"]["note"] == "salah ketik"


@pytest.mark.parametrize("args, error", [
    (["K002", "--judge", "J9", *FULL], "Error: unknown judge 'J9' (judges: J1, J2, J3)"),
    (["K099", "--judge", "J1", *FULL], "Error: K099: unknown entry 'K099'"),
    (["K001", "--judge", "J2", *FULL], "Error: K001: judge J2 is in conflict with K001 (same institution: Dinas 1) and may not score it"),
    (["K002", "--judge", "J1", *FULL[:-1], "keberlanjutan=101"], "Error: K002: 101 is above the maximum 100 of keberlanjutan"),
    (["K002", "--judge", "J1", *FULL[:-1], "keberlanjutan=-1"], "Error: K002: -1 is below the minimum 0 of keberlanjutan"),
    (["K002", "--judge", "J1", *FULL[:-1], "keberlanjutan=7.5"], "Error: K002: 7.5 is not a whole number (keberlanjutan is scored in steps of 1)"),
    (["K002", "--judge", "J1", *FULL[:-1], "keberlanjutan=abc"], "Error: keberlanjutan: 'abc' is not a number"),
    (["K002", "--judge", "J1", *FULL[:-1], "keberlanjutan=nan"], "Error: keberlanjutan: 'nan' is not a number"),
    (["K002", "--judge", "J1", *FULL[:-1], "gaya=80"], ["Error: K002: unknown criterion 'gaya' (this round scores kebaruan, efektivitas, kemanfaatan, replikasi, keberlanjutan)",
                                                        "Error: K002: missing criteria keberlanjutan (each entry needs all of kebaruan, efektivitas, kemanfaatan, replikasi, keberlanjutan)"]),
    (["K002", "--judge", "J1", "--round", "2", *FULL], "Error: round 2 has not started: round 1 is still open (close it with `krenova advance --round 1`)"),
    (["K002", "--judge", "J1", "--round", "9", *FULL], "Error: there is no round 9; this competition has rounds 1 to 6"),
    (["K002", "--judge", "J1", "kebaruan"], "Error: 'kebaruan': write scores as CRITERION=VALUE, e.g. kebaruan=85"),
])
def test_score_refusals(comp, args, error):
    assert refused(comp, "score", *args) == (error if isinstance(error, list) else [error])


def test_closed_round_is_locked_and_reopen_unlocks(comp):
    score_all(comp, 1, lambda e, j, c: 50 + int(e[1:]))
    assert run("-d", comp, "advance", "--round", "1").code == 0
    assert refused(comp, "score", "K002", "--round", "1", "--judge", "J1", *FULL, "--replace") == [
        "Error: round 1 is closed and its scores are locked; to correct them, `krenova reopen --round 1 --reason TEXT` first"]
    assert refused(comp, "advance", "--round", "1") == ["Error: round 1 is closed and its scores are locked; to correct them, `krenova reopen --round 1 --reason TEXT` first"]
    assert refused(comp, "reopen", "--round", "1", "--reason", " ") == ["Error: --reason must say why the round is reopened (it is logged)"]
    assert run("-d", comp, "reopen", "--round", "1", "--reason", "nilai K002 salah").code == 0
    assert run("-d", comp, "score", "K002", "--round", "1", "--judge", "J1", *FULL, "--replace").code == 0


def test_reopen_refused_once_the_next_round_has_scores(comp):
    score_all(comp, 1, lambda e, j, c: 50 + int(e[1:]))
    run("-d", comp, "advance", "--round", "1")
    assert run("-d", comp, "score", "K002", "--round", "2", "--judge", "J1", *FULL).code == 0
    assert refused(comp, "reopen", "--round", "1", "--reason", "x") == [
        "Error: round 2 already has scores; a round can be reopened only while the next has none"]


def test_advance_refuses_missing_scores_unless_allowed_with_a_reason(comp):
    score_all(comp, 1, lambda e, j, c: 60)
    (comp / "scores" / "round-1" / "J3.json").unlink()  # J3's whole file lost
    assert refused(comp, "advance", "--round", "1")[0] == "Error: scores/round-1/J3.json: deleted outside krenova (last written by ledger record 4)"
    assert run("-d", comp, "adopt", "scores/round-1/J3.json", "--reason", "berkas J3 hilang").code == 0
    errs = refused(comp, "advance", "--round", "1")
    assert errs[0].startswith("Error: round 1: 20 expected scores missing: K001 (J3); K002 (J3);")
    assert refused(comp, "advance", "--round", "1", "--allow-missing") == ["Error: --allow-missing needs --reason TEXT, recorded in the round minutes"]
    r = run("-d", comp, "advance", "--round", "1", "--allow-missing", "--reason", "J3 sakit")
    assert r.code == 0
    rec = (comp / "rounds" / "round-1.json").read_text()
    assert '"missing_allowed": "J3 sakit"' in rec


def _to_round_4(comp, r4):
    for n in (1, 2, 3):
        score_all(comp, n, lambda e, j, c: 60)
        assert run("-d", comp, "advance", "--round", n).code == 0
    score_all(comp, 4, r4)


def test_tie_at_the_top_15_cutoff_stops_advance_and_both_ways_on_work(comp):
    # Entry K0nn scores 100 - nn in round 4 (round 3: 60 for all): K015 and K016 both get 85.
    _to_round_4(comp, lambda e, j, c: 85 if e in ("K015", "K016") else 100 - int(e[1:]))
    errs = refused(comp, "advance", "--round", "4")
    assert errs == ["Error: round 4: 2 entries share rank 15 across the cutoff of 15: K015 (Inovasi 15), K016 (Inovasi 16). "
                    "Either let all of them advance with --include-ties, or record the committee's choice with --prefer ID... --reason TEXT"]
    dry = run("-d", comp, "advance", "--round", "4", "--dry-run")
    assert dry.code == 1 and dry.errors == errs
    st = run("-d", comp, "standings", "--round", "4", "--json").json()
    tied = [r["entry_id"] for r in st["rows"] if r["tie_at_cutoff"]]
    assert tied == ["K015", "K016"] and sum(r["advances"] for r in st["rows"]) == 14
    before = tree_hash(comp)
    r = run("-d", comp, "advance", "--round", "4", "--prefer", "K016", "--reason", "Rapat juri 31 Juli", "--dry-run")
    assert r.code == 0 and tree_hash(comp) == before
    r = run("-d", comp, "advance", "--round", "4", "--prefer", "K016", "--reason", "Rapat juri 31 Juli", "--json")
    assert r.code == 0
    out = r.json()
    assert len(out["advancing"]) == 15 and "K016" in out["advancing"] and "K015" not in out["advancing"]
    assert out["decisions"] == [{"kind": "prefer", "tied": ["K015", "K016"], "chosen": ["K016"], "reason": "Rapat juri 31 Juli"}]


def test_prefer_takes_several_ids_after_one_option(comp):
    _to_round_4(comp, lambda e, j, c: 86 if e in ("K014", "K015", "K016") else 100 - int(e[1:]))
    assert refused(comp, "advance", "--round", "4", "K014") == ["Error: unexpected argument(s) K014; entry ids go after --prefer"]
    r = run("-d", comp, "advance", "--round", "4", "--prefer", "K016", "K014", "--reason", "rapat juri", "--json")
    assert r.code == 0, r.err
    assert r.json()["decisions"][0]["chosen"] == ["K014", "K016"]


def test_include_ties_lets_sixteen_through(comp):
    _to_round_4(comp, lambda e, j, c: 85 if e in ("K015", "K016") else 100 - int(e[1:]))
    assert run("-d", comp, "advance", "--round", "4", "--include-ties").code == 0
    assert run("-d", comp, "status", "--json").json()["rounds"][4]["entries"] == 16


def test_kebaruan_breaks_the_tie_at_the_cutoff(comp):
    def fair(e, j, c):
        if e == "K015":  # 25*92 + 20*80 + 20*85 + 15*80 + 20*85 = 8500: a total of 85
            return {"kebaruan": 92, "efektivitas": 80, "replikasi": 80}.get(c, 85)
        if e == "K016":  # 25*80 + 20*95 + 20*85 + 15*80 + 20*85 = 8500: the same total, less kebaruan
            return {"kebaruan": 80, "efektivitas": 95, "replikasi": 80}.get(c, 85)
        return 100 - int(e[1:])
    _to_round_4(comp, fair)
    st = run("-d", comp, "standings", "--round", "4", "--json").json()
    rows = {r["entry_id"]: r for r in st["rows"]}
    assert rows["K015"]["ranking_score"] == rows["K016"]["ranking_score"]
    assert rows["K015"]["rank"] == 15 and rows["K016"]["rank"] == 16 and not rows["K015"]["tied"]
    assert run("-d", comp, "advance", "--round", "4").code == 0


def test_interactive_scoring_through_stdin(comp):
    # J1 scores K001 (value errors retried), skips K002, scores K003, then quits.
    answers = "\n".join(["80", "150", "75", "x", "70", "65", "60",  # K001: 150 and x refused, asked again
                         "s",                                      # K002 skipped
                         "90", "90", "90", "90", "90",              # K003
                         "q"]) + "\n"
    r = run("-d", comp, "score", "--judge", "J1", stdin=answers)
    assert r.code == 0, r.err
    assert "150 is above the maximum 100 of efektivitas; try again" in r.err
    assert "'x' is not a number; try again" in r.err
    data = (comp / "scores" / "round-1" / "J1.json").read_text()
    assert '"K001": {"efektivitas": 75, "kebaruan": 80, "keberlanjutan": 60, "kemanfaatan": 70, "replikasi": 65}' in data
    assert '"K003"' in data and '"K002"' not in data
    assert [x["action"] for x in run("-d", comp, "log", "--json").json()][-2:] == ["score", "score"]


def test_sheet_round_trip(comp, tmp_path):
    import openpyxl

    r = run("-d", comp, "sheets", "--round", "1", "-o", tmp_path / "lembar")
    assert r.code == 0
    path = tmp_path / "lembar" / "round-1-J2.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Nilai"]
    ids = [ws.cell(row=i, column=2).value for i in range(6, 6 + 19)]
    assert "K001" not in ids and len(ids) == 19  # J2's conflict is not on the sheet
    assert ws.protection.sheet and wb["_krenova"].sheet_state == "hidden"
    assert ws.data_validations.dataValidation[0].formula1 == "0"
    for row in range(6, 6 + 19):
        for col in range(6, 11):
            ws.cell(row=row, column=col).value = 70 + row % 5
    ws["F7"] = 120
    wb.save(path)
    assert refused(comp, "score", "--round", "1", "--from", path) == ["Error: round-1-J2.xlsx!F7: 120 is above the maximum 100 of kebaruan"]
    ws["F7"] = 75
    wb.save(path)
    assert run("-d", comp, "score", "--round", "1", "--from", path).code == 0
    st = run("-d", comp, "standings", "--json").json()
    k002 = next(r for r in st["rows"] if r["entry_id"] == "K002")
    assert k002["judges"] == {"J2": 71.0} and k002["missing"] == ["J1", "J3"]
    assert refused(comp, "score", "--round", "2", "--from", path) == ["Error: round-1-J2.xlsx: this sheet is for round 1, not round 2"]
    wb["_krenova"]["B4"] = "J3"
    wb.save(path)
    assert refused(comp, "score", "--round", "1", "--from", path) == [
        "Error: round-1-J2.xlsx: the binding sheet was altered (checksum mismatch); use the sheet as `krenova sheets` wrote it"]


def test_csv_import_names_bad_rows(comp, tmp_path):
    (tmp_path / "s.csv").write_text("entry,judge,criterion,value\nK002,J1,kebaruan,80\nK002,J9,kebaruan,80\nK003,J1,kebaruan,8o\n")
    assert refused(comp, "score", "--from", tmp_path / "s.csv") == [
        "Error: s.csv row 3: judge: unknown judge 'J9'", "Error: s.csv row 4: value: '8o' is not a number"]
    (tmp_path / "t.csv").write_text("entry,judge,criterion,value\nK002,J1,kebaruan,80\n")
    assert refused(comp, "score", "--from", tmp_path / "t.csv") == [
        "Error: t.csv row 2: missing criteria efektivitas, kemanfaatan, replikasi, keberlanjutan (each entry needs all of kebaruan, efektivitas, kemanfaatan, replikasi, keberlanjutan)"]


def test_assign_is_balanced_conflict_free_and_deterministic(comp):
    r = run("-d", comp, "assign", "--round", "1", "--per-entry", "2", "--seed", "3", "--json")
    assert r.code == 0
    table = r.json()
    assert "J2" not in table["entries"]["K001"]
    loads = table["loads"].values()
    assert max(loads) - min(loads) <= 1 and sum(loads) == 40
    again = (comp / "assignments" / "round-1.toml").read_text()
    assert run("-d", comp, "assign", "--round", "1", "--per-entry", "2", "--seed", "3").code == 0
    assert (comp / "assignments" / "round-1.toml").read_text() == again
    st = run("-d", comp, "status", "--json").json()
    assert st["rounds"][0]["expected"] == 40
    assert refused(comp, "assign", "--round", "1", "--per-entry", "3") == [
        "Error: K001 has only 2 judge(s) without a conflict, fewer than --per-entry 3"]


def test_awards_decided_once_and_shown_after(comp):
    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c: 100 - int(e[1:]))
        assert run("-d", comp, "advance", "--round", n).code == 0, n
    assert refused(comp, "awards", "--redo") == ["Error: no awards decided yet; decide them with `krenova awards`"]
    r = run("-d", comp, "awards", "--json")
    assert r.json()["places"][:3] == [
        {"place": 1, "title": "Juara I", "entry_id": "K001", "amount": 5000000, "category": None, "rank": 1, "ranking_score": 99.0},
        {"place": 2, "title": "Juara II", "entry_id": "K002", "amount": 3000000, "category": None, "rank": 2, "ranking_score": 98.0},
        {"place": 3, "title": "Juara III", "entry_id": "K003", "amount": 2000000, "category": None, "rank": 3, "ranking_score": 97.0}]
    before = tree_hash(comp)
    assert run("-d", comp, "awards", "--json").json() == r.json() and tree_hash(comp) == before
    assert refused(comp, "awards", "--redo") == ["Error: --redo needs --reason TEXT (the change is logged)"]
    assert refused(comp, "reopen", "--round", "6", "--reason", "x") == [
        "Error: the awards are decided from round 6; remove that decision first with `krenova awards --undo --reason TEXT`, "
        "then reopen the round"]
