"""The demo end to end: a whole competition, its files valid, its results consistent and reproducible."""

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import pdf_ready, run

HAVE_PDF = pdf_ready()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("demo") / "krenova-demo"
    r = run("demo", d, "--format", "pdf" if HAVE_PDF else "html")
    assert r.code == 0, r.err
    return d


def test_demo_checks_clean_and_its_shortlists_match_standings(demo):
    assert run("-d", demo, "check").code == 0
    s4 = run("-d", demo, "standings", "--round", "4", "--json").json()
    top15 = [r["entry_id"] for r in s4["rows"] if r["advances"]]
    assert len(top15) == 15
    rec4 = json.loads((demo / "rounds" / "round-4.json").read_text())
    assert rec4["advancing"] == top15 and rec4["decisions"][0]["kind"] == "prefer"  # the planned tie
    s6 = run("-d", demo, "standings", "--round", "6", "--json").json()
    top5 = [r["entry_id"] for r in s6["rows"] if r["advances"]]
    assert len(top5) == 5 and set(top5) <= set(top15)
    awards = run("-d", demo, "awards", "--json").json()
    assert [p["entry_id"] for p in awards["places"]] == top5[:3]
    assert [p["amount"] for p in awards["places"]] == [5000000, 3000000, 2000000]


def test_demo_wrote_every_promised_file(demo):
    import openpyxl

    wb = openpyxl.load_workbook(demo / "out" / "recap-krenova-magelang-2017.xlsx", read_only=True)
    assert wb.sheetnames[0] == "Ringkasan" and "Babak 6" in wb.sheetnames
    ext = "pdf" if HAVE_PDF else "html"
    for kind in ("award", "certificate", "nomination", "minutes"):
        assert list((demo / "out" / "letters" / kind).glob(f"*.{ext}")), kind
    assert len(list((demo / "out" / "letters" / "minutes").glob(f"*.{ext}"))) == 7  # the screening (round 0) and six rounds
    inputs = demo / "out" / "demo-input"
    assert (inputs / "peserta.xlsx").exists() and (inputs / "round-2-J1.xlsx").exists() and (inputs / "nilai-round-3.csv").exists()
    actions = [r["action"] for r in run("-d", demo, "log", "--json").json()]
    for a in ("init", "entry.import", "judge.import", "score", "score.import", "entry.withdraw", "advance", "awards"):
        assert a in actions, a


@pytest.mark.skipif(not HAVE_PDF, reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing (.ci/run installs them)")
def test_winner_letters_read_right(demo):
    awards = run("-d", demo, "awards", "--json").json()
    first = awards["places"][0]
    entry = run("-d", demo, "entry", "show", first["entry_id"], "--json").json()
    pdf = demo / "out" / "letters" / "award" / f"award-1-{first['entry_id']}.pdf"
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert entry["title"] in text and entry["institution"] in text
    assert "Rp5.000.000,00" in text and "lima juta rupiah" in text
    assert "17 Agustus 2017" in text and "Wali Kota Magelang" in text and "Juara I" in text


def test_same_seed_same_results_other_seed_other_winners(demo, tmp_path):
    again = tmp_path / "again"
    assert run("demo", again, "--no-documents").code == 0
    for n in range(1, 7):
        assert (again / "rounds" / f"round-{n}.json").read_bytes() == (demo / "rounds" / f"round-{n}.json").read_bytes()
    a = run("-d", demo, "standings", "--round", "6", "--json").out
    assert run("-d", again, "standings", "--round", "6", "--json").out == a
    assert run("-d", again, "export", "--json").out == run("-d", demo, "export", "--json").out
    other = tmp_path / "other"
    assert run("demo", other, "--seed", "7", "--no-documents").code == 0
    winners = lambda d: [p["entry_id"] for p in run("-d", d, "awards", "--json").json()["places"]]  # noqa: E731
    assert winners(other) != winners(demo)


def test_demo_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine")
    r = run("demo", tmp_path / "x")
    assert r.code == 1 and r.errors == [f"Error: {tmp_path / 'x'} is not empty; choose another folder or pass --force to replace it"]
    r = run("demo", tmp_path / "x", "--force")
    assert r.code == 1 and "was not created by `krenova demo`" in r.errors[0]
    assert (tmp_path / "x" / "notes.txt").read_text() == "mine"


def test_demo_force_never_deletes_a_real_competition(tmp_path):
    assert run("init", tmp_path / "real").code == 0
    r = run("demo", tmp_path / "real", "--force")
    assert r.code == 1 and r.errors == [f"Error: {tmp_path / 'real'} was not created by `krenova demo`; --force replaces only a demo folder (a real competition is never deleted)"]
    assert (tmp_path / "real" / "competition.toml").exists()


def test_demo_force_keeps_a_demo_folder_someone_has_changed(tmp_path):
    """Issue 24 item 13: a demo folder holding a later change by another actor (an awards undo) is not
    deleted by `demo --force`; a demo folder holding only the demo's own records is replaced."""
    from tests.conftest import tree_hash

    demo = tmp_path / "d"
    assert run("demo", demo, "--entries", 16, "--judges", 3, "--no-documents").code == 0
    assert run("demo", demo, "--entries", 16, "--judges", 3, "--no-documents", "--force").code == 0  # only the demo's records
    assert run("-d", demo, "awards", "--undo", "--reason", "latihan panitia").code == 0
    before = tree_hash(demo)
    r = run("demo", demo, "--entries", 16, "--judges", 3, "--no-documents", "--force")
    assert r.code == 1 and len(r.errors) == 1, r.err
    assert "awards.undo by tester" in r.errors[0] and "choose another folder" in r.errors[0], r.errors
    assert tree_hash(demo) == before
    # a hand edit not taken into the ledger is a change too
    other = tmp_path / "e"
    assert run("demo", other, "--entries", 16, "--judges", 3, "--no-documents").code == 0
    with open(other / "judges.toml", "a", encoding="utf-8") as fh:
        fh.write("\n# catatan panitia\n")
    r = run("demo", other, "--entries", 16, "--judges", 3, "--no-documents", "--force")
    assert r.code == 1 and len(r.errors) == 1 and "judges.toml" in r.errors[0], r.errors
    assert "catatan panitia" in (other / "judges.toml").read_text()


def test_demo_attaches_proposals_makes_packets_and_records_comments(demo):
    """Issue 27 part 7: the demo runs the year's new steps: every entry's proposal attached (and checked),
    a verifiable packet per judge for round 1 holding only that judge's proposals, and judges' comments
    (typed with criterion comments in round 1, the CSV's catatan column elsewhere) in standings --json."""
    from krenova_cli.usecases.packets import verify_packet

    entries = run("-d", demo, "entry", "list", "--json").json()
    for e in entries[:5]:
        shown = run("-d", demo, "entry", "show", e["id"]).out
        assert f"{e['id']}.pdf" in shown
    packets = sorted((demo / "out" / "packets" / "round-1").iterdir())
    assert [p.name for p in packets] == [f"round-1-J{i}" for i in range(1, 6)]
    for p in packets:
        count, problems = verify_packet(p)
        assert problems == [] and count > 3
        judge = p.name.rsplit("-", 1)[1]
        sheet_ids = {row.split(",")[0] for row in (p / "daftar-isi.csv").read_text(encoding="utf-8-sig").splitlines()[1:]}
        proposals = {q.name for q in (p / "proposal").iterdir()}
        assert proposals == sheet_ids and sheet_ids
        conflicts = set(run("-d", demo, "judge", "show", judge, "--json").json()["conflicts"])
        assert not sheet_ids & conflicts
    for n in (1, 3):
        rows = run("-d", demo, "standings", "--round", str(n), "--json").json()["rows"]
        said = [c for r in rows for c in r.get("comments", {}).values()]
        assert len(said) > len(rows) // 2, n
        if n == 1:
            assert any(c.get("criteria") for c in said)


def test_demo_writes_every_paper_of_the_year_in_date_order(demo):
    """Issue 27 part 7: the call, the announcements, the presentation invitations (round 5 scheduled), the
    ceremony invitation, the feedback letters and the SINOVIK drafts beside the other papers; the agenda
    book's numbers follow the papers' dates."""
    import tomllib

    letters = demo / "out" / "letters"
    for kind in ("call", "announcement", "presentation-invitation", "ceremony-invitation", "feedback", "sinovik-draft",
                 "minutes", "judge-recap", "awards-minutes", "decree", "award", "nomination", "certificate"):
        assert any((letters / kind).iterdir()), kind
    schedule = run("-d", demo, "schedule", "--round", "5", "--json").json()
    assert len(schedule["slots"]) == 15
    register = tomllib.loads((demo / "letters.toml").read_text(encoding="utf-8"))["letter"]
    dates = [r["date"] for r in sorted(register, key=lambda r: r["seq"])]
    assert dates == sorted(dates) and len(dates) > 150
    assert run("-d", demo, "check").code == 0
