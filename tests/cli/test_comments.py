"""Issue 27 part 4: judges' comments, kept with the score (score files version 2; version 1 still loads)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CRITERIA, run, tree_hash

VALUES = [f"{c}=80" for c in CRITERIA]


def _file(comp, judge="J1"):
    return json.loads((comp / "scores" / "round-1" / f"{judge}.json").read_text())


def test_score_with_a_comment_keeps_it_with_the_score_and_logs_it(comp):
    r = run("-d", comp, "score", "K001", "--round", "1", "-j", "J1", *VALUES, "--comment", "Ide baik;\nperlu data.",
            "--criterion-comment", f"{CRITERIA[0]}=Sangat baru")
    assert r.code == 0, r.err
    data = _file(comp)
    assert data["version"] == 2
    assert data["comments"]["K001"] == {"comment": "Ide baik;\nperlu data.", "criteria": {CRITERIA[0]: "Sangat baru"}}
    last = json.loads((comp / "ledger.jsonl").read_text().splitlines()[-1])
    assert last["new"]["comments"]["J1"]["K001"]["comment"] == "Ide baik;\nperlu data."
    # another entry's score keeps the comment; a version-1 file of another judge still loads
    assert run("-d", comp, "score", "K002", "--round", "1", "-j", "J1", *VALUES).code == 0
    assert _file(comp)["comments"]["K001"]["comment"] == "Ide baik;\nperlu data."
    assert run("-d", comp, "score", "K002", "--round", "1", "-j", "J3", *VALUES).code == 0
    assert "version" not in _file(comp, "J3")
    assert run("-d", comp, "check").code == 0
    # a comment alone changes with --replace and the same values; "" removes it
    r = run("-d", comp, "score", "K001", "--round", "1", "-j", "J1", *VALUES, "--replace", "--comment", "")
    assert r.code == 0, r.err
    assert "K001" not in _file(comp).get("comments", {})


@pytest.mark.parametrize("text,why", [("x" * 2001, "2001 characters"), ("a\u202eb", "bidirectional"), ("a\x07b", "control")])
def test_a_bad_comment_is_refused_and_nothing_changes(comp, text, why):
    before = tree_hash(comp)
    r = run("-d", comp, "score", "K001", "--round", "1", "-j", "J1", *VALUES, "--comment", text)
    assert r.code == 1 and why in r.err and r.err.startswith("Error: --comment"), r.err
    assert tree_hash(comp) == before


@pytest.mark.parametrize("text,why", [("x" * 2001, "2001 characters"), ("a\u202eb", "bidirectional")])
def test_the_loader_holds_comments_to_the_same_rule(comp, text, why):
    assert run("-d", comp, "score", "K001", "--round", "1", "-j", "J1", *VALUES, "--comment", "ok").code == 0
    path = comp / "scores" / "round-1" / "J1.json"
    data = json.loads(path.read_text())
    data["comments"]["K001"]["comment"] = text
    path.write_text(json.dumps(data))
    r = run("-d", comp, "check")
    assert r.code == 1 and why in r.out + r.err


def test_the_long_csv_takes_a_catatan_column(comp, tmp_path):
    rows = ["peserta,juri,kriteria,nilai,catatan"]
    for i, c in enumerate(CRITERIA):
        rows.append(f"K003,J1,{c},70,{'Perlu uji coba lebih luas' if i == 0 else ''}")
    for c in CRITERIA:
        rows.append(f"K004,J1,{c},75,")
    (tmp_path / "n.csv").write_text("\n".join(rows) + "\n")
    r = run("-d", comp, "score", "--round", "1", "--from", tmp_path / "n.csv")
    assert r.code == 0, r.err
    assert _file(comp)["comments"] == {"K003": {"comment": "Perlu uji coba lebih luas"}}
    rows[2] = rows[2].rstrip(",") + ",Lain lagi"
    (tmp_path / "m.csv").write_text("\n".join(rows) + "\n")
    r = run("-d", comp, "score", "--round", "1", "--replace", "--from", tmp_path / "m.csv")
    assert r.code == 1 and "catatan" in r.err


def test_standings_json_shows_the_comments(comp):
    assert run("-d", comp, "score", "K001", "--round", "1", "-j", "J1", *VALUES, "--comment", "Bagus").code == 0
    r = run("-d", comp, "standings", "--round", "1", "--json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    row = next(x for x in rows if x["entry_id"] == "K001")
    assert row["comments"] == {"J1": {"comment": "Bagus"}}


def test_interactive_scoring_asks_for_a_comment_with_with_comments(comp):
    lines = "\n".join(["80"] * len(CRITERIA) + ["Pelayanan cepat", "q"]) + "\n"
    r = run("-d", comp, "score", "--round", "1", "--judge", "J1", "--with-comments", stdin=lines)
    assert r.code == 0, r.err
    first = next(iter(_file(comp)["scores"]))
    assert _file(comp)["comments"] == {first: {"comment": "Pelayanan cepat"}}


def test_the_score_sheet_has_a_catatan_column_read_back(comp, tmp_path):
    from openpyxl import load_workbook

    assert run("-d", comp, "sheets", "--round", "1", "-j", "J1", "-o", tmp_path / "s").code == 0
    path = tmp_path / "s" / "round-1-J1.xlsx"
    wb = load_workbook(path)
    ws = wb["Nilai"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "No")
    col = 5 + len(CRITERIA) + 1  # after the criteria (Keterangan stays last)
    assert ws.cell(header_row, col).value == "Catatan"
    first = header_row + 1
    entry = ws.cell(first, 2).value
    for j in range(len(CRITERIA)):
        ws.cell(first, 6 + j).value = 80
    ws.cell(first, col).value = "Dampak jelas, perlu data biaya"
    wb.save(path)
    r = run("-d", comp, "score", "--round", "1", "--from", path)
    assert r.code == 0, r.err
    assert _file(comp)["comments"] == {entry: {"comment": "Dampak jelas, perlu data biaya"}}
    ws.cell(first, col).value = "x" * 2001
    wb.save(path)
    r = run("-d", comp, "score", "--round", "1", "--replace", "--from", path)
    assert r.code == 1 and "2001 characters" in r.err and "round-1-J1.xlsx!" in r.err


def test_the_long_csv_takes_criteria_by_name_in_any_case(comp, tmp_path):
    """The newcomer's finding 6: `K002;J1;Kebaruan;70` was refused ("kriteria 'Kebaruan' tidak dikenal") while
    `score K002 Kebaruan=70` and the sheets take a criterion by its name in any case; the CSV does now too."""
    names = {"kebaruan": "KEBARUAN", "efektivitas": "Efektivitas", "kemanfaatan": "kemanfaatan",
             "replikasi": "Kemudahan Replikasi", "keberlanjutan": "Keberlanjutan"}
    rows = ["peserta;juri;kriteria;nilai"] + [f"K002;J1;{names[c]};70" for c in CRITERIA]
    (tmp_path / "n.csv").write_text("\n".join(rows) + "\n")
    r = run("-d", comp, "score", "--round", "1", "--from", tmp_path / "n.csv")
    assert r.code == 0, r.err
    assert _file(comp)["scores"]["K002"] == {c: 70 for c in CRITERIA}
    (tmp_path / "x.csv").write_text("peserta;juri;kriteria;nilai\nK003;J1;Kebaruanx;70\n")
    r = run("-d", comp, "score", "--round", "1", "--from", tmp_path / "x.csv")
    assert r.code == 1 and "Kebaruanx" in r.err
