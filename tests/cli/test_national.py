"""Issue 18, a national committee's competition, through the CLI: mixed panels and their report, late
entries, replacing a judge, z-score warnings and raw totals, conflicts by institution and region, id order."""

from __future__ import annotations

from tests.cli.test_rounds import refused
from tests.conftest import CRITERIA, run, score_all

FULL = [f"{c}=80" for c in CRITERIA]


def add_entry(comp, *extra):
    title = [] if "--title" in extra else ["--title", "Inovasi Terlambat"]  # an option is given once
    r = run("-d", comp, "entry", "add", *title, "--institution", "Dinas 99", "--type", "OPD",
            "--category", "tik", *extra)
    assert r.code == 0, r.err
    return r.out.strip()


def test_assign_reports_the_mixing(comp):
    r = run("-d", comp, "assign", "--round", "1", "--per-entry", "2", "--json")
    assert r.code == 0, r.err
    m = r.json()["mixing"]
    assert m["pairs_possible"] == 3 and m["pairs_together"] == 3 and m["connected"] is True
    assert m["distinct_panels"] == 3 and m["entries"] == 20 and m["per_entry"] == 2 and m["components"] == 1
    r = run("-d", comp, "assign", "--round", "1", "--per-entry", "2", "--seed", "3")
    assert "judge pairs that sat together: 3 of 3 (100%" in r.out
    assert "judges form one connected comparison graph: yes" in r.out


def test_a_late_entry_is_an_explicit_state_until_assign_add(comp):
    assert run("-d", comp, "assign", "--round", "1", "--per-entry", "2").code == 0
    late = add_entry(comp)
    assert late == "K021"
    st = run("-d", comp, "status", "--json").json()
    assert st["unassigned"] == ["K021"] and st["next"].startswith("krenova assign --round 1 --add K021")
    assert st["rounds"][0]["expected"] == 40  # the late entry expects nobody, not every judge
    assert refused(comp, "score", "K021", "--judge", "J1", *FULL) == [
        "Error: K021 has no judges assigned in round 1 (registered after the assignment); give it a panel with "
        "`krenova assign --round 1 --add K021`"]
    score_all(comp, 1, lambda e, j, c: 50 + int(e[1:]))
    assert refused(comp, "advance", "--round", "1") == [
        "Error: round 1: 1 active entry has no judges assigned (registered after `krenova assign`): K021; "
        "give each a panel with `krenova assign --round 1 --add K021`"]
    r = run("-d", comp, "assign", "--round", "1", "--add", "K021", "--json")
    assert r.code == 0, r.err
    panel = r.json()["changed"]["K021"]
    assert len(panel) == 2 and r.json()["entries"]["K021"] == panel
    log = run("-d", comp, "log", "--json").json()[-1]
    assert log["action"] == "assign.add" and log["new"]["entries"] == {"K021": panel}
    st = run("-d", comp, "status", "--json").json()
    assert st["unassigned"] == [] and st["rounds"][0]["expected"] == 42
    assert refused(comp, "assign", "--round", "1", "--add", "K021") == [
        f"Error: --add: K021 already has a panel in round 1 ({', '.join(panel)}); change it with "
        "--replace-judge J --by K --from-entry K021 --reason TEXT"]


def test_replacing_a_judge_keeps_given_scores_and_is_logged(comp):
    assert run("-d", comp, "assign", "--round", "1", "--per-entry", "2").code == 0
    table = run("-d", comp, "assign", "--round", "1", "--add", "x", "--json")  # refused: unknown entry
    assert table.code == 1
    from krenova_cli.store.datafolder import Store

    panels = Store(comp).load().assignments[1]
    j1 = sorted(e for e, js in panels.items() if "J1" in js)
    assert panels["K001"] == ("J1", "J3")  # J2 works at Dinas 1, K001's institution
    first = next(e for e in j1 if e != "K001")
    assert run("-d", comp, "score", first, "--judge", "J1", *FULL).code == 0
    scores_before = (comp / "scores" / "round-1" / "J1.json").read_bytes()
    # J2 works at Dinas 1 (K001): conflicted; refused, nothing changed
    assert refused(comp, "assign", "--replace-judge", "J1", "--by", "J2", "--from-entry", "K001", "--reason", "sakit") == [
        "Error: --by: J2 is in conflict with 1 of these entries: K001 (same institution: Dinas 1)"]
    assert refused(comp, "assign", "--replace-judge", "J1", "--by", "J3") == [
        "Error: --replace-judge needs --reason TEXT (the change is logged)"]
    assert refused(comp, "assign", "--replace-judge", "J1", "--by", "J3", "--from-entry", first, "--reason", "sakit") == [
        f"Error: --from-entry: J1 already scored {first} in round 1; scores given stay, and so does the judge on that panel"]
    movable = [e for e in j1 if e != first and "J3" not in panels[e]]
    args = [a for e in movable for a in ("--from-entry", e)]
    r = run("-d", comp, "assign", "--replace-judge", "J1", "--by", "J3", *args, "--reason", "J1 sakit", "--json")
    assert r.code == 0, r.err
    after = Store(comp).load().assignments[1]
    for e in movable:
        assert "J1" not in after[e] and "J3" in after[e]
    assert "J1" in after[first]
    assert (comp / "scores" / "round-1" / "J1.json").read_bytes() == scores_before
    log = run("-d", comp, "log", "--json").json()[-1]
    assert log["action"] == "assign.replace"
    assert log["old"] == {"judge": "J1", "entries": {e: list(panels[e]) for e in movable}}
    assert log["new"]["judge"] == "J3" and log["new"]["reason"] == "J1 sakit"
    assert log["new"]["entries"] == {e: list(after[e]) for e in movable}
    # J3 now scores them; J1 may not
    assert refused(comp, "score", movable[0], "--judge", "J1", *FULL) == [
        f"Error: {movable[0]}: judge J1 is not assigned to {movable[0]} in round 1 (see assignments/round-1.toml)"]
    assert run("-d", comp, "score", movable[0], "--judge", "J3", *FULL).code == 0
    # J1's other unscored entries all have J3 already: nothing left to hand over to J3
    assert refused(comp, "assign", "--replace-judge", "J1", "--by", "J3", "--reason", "x") == [
        "Error: --by: J3 already sits on every panel of J1's unscored entries in round 1"]


def test_assign_refusals(comp):
    assert refused(comp, "assign", "--round", "1") == [
        "Error: choose one of --per-entry K (a fresh assignment), --add ENTRY, --replace-judge J --by K "
        "or --retire J --reason TEXT"]
    assert refused(comp, "assign", "--per-entry", "2", "--add", "K001") == ["Error: choose one of --per-entry, --add, not several"]
    assert refused(comp, "assign", "--add", "K001") == [
        "Error: round 1 has no assignment (every judge scores every entry); make one with `krenova assign --round 1 --per-entry K`"]
    assert run("-d", comp, "assign", "--per-entry", "2").code == 0
    assert refused(comp, "assign", "--per-entry", "2", "--by", "J2") == ["Error: --by, --from-entry and --reason go with --replace-judge J"]
    assert refused(comp, "assign", "--replace-judge", "J1") == ["Error: --replace-judge needs --by K, the judge who takes the place"]
    assert refused(comp, "assign", "--replace-judge", "J1", "--by", "J9", "--reason", "x") == ["Error: unknown judge 'J9' (judges: J1, J2, J3)"]
    assert refused(comp, "assign", "--replace-judge", "J1", "--by", "J1", "--reason", "x") == ["Error: --by must name another judge than --replace-judge"]
    assert refused(comp, "assign", "--add", "K404") == ["Error: --add: unknown entry 'K404'"]
    assert run("-d", comp, "score", "K002", "--judge", sorted(__import__("krenova_cli.store.datafolder", fromlist=["Store"]).Store(comp).load().assignments[1]["K002"])[0], *FULL).code == 0
    assert refused(comp, "assign", "--per-entry", "2") == [
        "Error: round 1 already has scores; assign judges before scoring starts (change panels with --add or --replace-judge)"]


def test_conflicts_by_institution_and_region(comp):
    add_entry(comp, "--region", "  JAWA   tengah ")
    r = run("-d", comp, "judge", "add", "--name", "Juri Empat", "--conflict-institution", "dinas  3",
            "--conflict-institution", "DINAS 3", "--conflict-region", "Jawa Tengah")
    assert r.code == 0, r.err
    assert (comp / "judges.toml").read_text().endswith(
        'conflict_institutions = [\n    "dinas  3",\n]\nconflict_regions = [\n    "Jawa Tengah",\n]\n')
    j4 = run("-d", comp, "judge", "list", "--json").json()[-1]
    assert j4["conflicts"] == ["K003", "K021"]
    assert j4["conflict_institutions"] == ["dinas  3"] and j4["conflict_regions"] == ["Jawa Tengah"]
    assert refused(comp, "score", "K021", "--judge", "J4", *FULL) == [
        "Error: K021: judge J4 is in conflict with K021 (declared conflict with the region JAWA   tengah) and may not score it"]
    assert refused(comp, "score", "K003", "--judge", "J4", *FULL) == [
        "Error: K003: judge J4 is in conflict with K003 (declared conflict with the institution Dinas 3) and may not score it"]
    assert refused(comp, "judge", "add", "--name", "X", "--conflict-region", " ") == [
        "Error: --conflict-region: String should have at least 1 character"]


def test_ids_past_k999_sort_naturally(comp):
    for i in (1000, 999, 100):
        add_entry(comp, "--id", f"K{i}", "--title", f"T{i}")
    ids = [e["id"] for e in run("-d", comp, "entry", "list", "--json").json()]
    assert ids[-4:] == ["K020", "K100", "K999", "K1000"]
    # unscored entries are listed after the ranked ones, in natural order
    rows = run("-d", comp, "standings", "--json").json()["rows"]
    assert [r["entry_id"] for r in rows][-4:] == ["K020", "K100", "K999", "K1000"]
    assert add_entry(comp, "--title", "Berikutnya") == "K1001"


def test_zscore_standings_show_raw_and_normalised_and_warn(comp):
    settings = comp / "competition.toml"
    settings.write_text(settings.read_text().replace('normalisation = "none"', 'normalisation = "zscore"', 1))
    assert run("-d", comp, "adopt", "competition.toml", "--reason", "z-score normalisation").code == 0
    # J3 gives every entry 80 (no spread): shifted to the round mean, and named
    score_all(comp, 1, lambda e, j, c: 80 if j == "J3" else 40 + 2 * int(e[1:]) + (10 if j == "J1" else 0))
    r = run("-d", comp, "standings", "--round", "1", "--json")
    assert r.code == 0, r.err
    assert r.errors == [] and "Warning: round 1: judge J3's totals spread 0.00 points (population SD), below min_spread 1" in r.err
    data = r.json()
    assert data["normalisation"]["method"] == "zscore" and data["normalisation"]["min_scores"] == 3
    row = next(x for x in data["rows"] if x["entry_id"] == "K005")
    assert row["judges_raw"] == {"J1": 60.0, "J2": 50.0, "J3": 80.0}
    # J3's 80 becomes the round mean of every raw total; J1 and J2 are standardised (no longer raw)
    raw = [v for x in data["rows"] for v in x["judges_raw"].values()]
    assert abs(row["judges"]["J3"] - sum(raw) / len(raw)) < 1e-3
    assert row["judges"]["J1"] != 60.0 and row["judges"]["J2"] != 50.0
    st = run("-d", comp, "status", "--json")
    assert st.json()["warnings"] and "J3" in st.json()["warnings"][0]
    adv = run("-d", comp, "advance", "--round", "1")
    assert adv.code == 0 and "Warning: round 1: judge J3's totals spread" in adv.err
