"""The magelang-2017 preset through all six rounds, with the shortlists and prizes worked out by hand.

Every judge gives an entry the same value on every criterion, so a judge's total, and the round
score, equal that value. Entry e (K001..K020) gets 50 + e in round 3 and 60 + (7e mod 20) in round 4;
round 4 ranks by rounds 3 and 4 at half each, so the ranking score is (110 + e + 7e mod 20) / 2:

  e:   1   2   3   4   5   6   7   8   9  10  11  12  13  14  15  16  17  18  19  20
  2x: 118 126 114 122 130 118 126 134 122 130 138 126 134 142 130 138 146 134 142 130

Top 15: 146 (K017), 142 (K014 K019), 138 (K011 K016), 134 (K008 K013 K018), 130 (K005 K010 K015 K020),
126 (K002 K007 K012) -- exactly 15, and the next score (122) is below the cutoff, so no tie crosses it.
Rounds 5 and 6 give 60 + e and 100 - (3e mod 17): sums 177 (K017), 175 (K018), 173 (K019), 171 (K020),
170 (K012), 168 (K013) ... so the Top 5 are K017 K018 K019 K020 K012 and the prizes go to K017, K018, K019.
"""

from tests.conftest import run, score_all

TOP15 = {"K017", "K014", "K019", "K011", "K016", "K008", "K013", "K018", "K005", "K010", "K015", "K020", "K002", "K007", "K012"}
TOP5 = ["K017", "K018", "K019", "K020", "K012"]


def value(n: int, e: int) -> int:
    return {1: 70, 2: 70, 3: 50 + e, 4: 60 + (7 * e) % 20, 5: 60 + e, 6: 100 - (3 * e) % 17}[n]


def test_six_rounds_by_hand(comp):
    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c, n=n: value(n, int(e[1:])))
        r = run("-d", comp, "advance", "--round", n, "--json")
        assert r.code == 0, r.err
        if n == 4:
            assert set(r.json()["advancing"]) == TOP15
            st = run("-d", comp, "standings", "--round", "4", "--json").json()
            ranks = {row["entry_id"]: (row["rank"], row["tied"], row["ranking_score"]) for row in st["rows"]}
            assert ranks["K017"] == (1, False, 73.0)
            assert ranks["K014"] == ranks["K019"] == (2, True, 71.0)
            assert ranks["K002"][:2] == ranks["K007"][:2] == ranks["K012"][:2] == (13, True)
            assert ranks["K004"][:2] == (16, True)
        if n == 6:
            assert r.json()["advancing"] == TOP5
    awards = run("-d", comp, "awards", "--json").json()["places"]
    assert [(p["title"], p["entry_id"], p["amount"]) for p in awards] == [
        ("Juara I", "K017", 5_000_000), ("Juara II", "K018", 3_000_000), ("Juara III", "K019", 2_000_000)]
    assert awards[0]["ranking_score"] == 88.5
    status = run("-d", comp, "status", "--json").json()
    assert status["current_round"] is None and [r["state"] for r in status["rounds"]] == ["closed"] * 6
    assert run("-d", comp, "check").code == 0
    # check notices a closed round's score file edited by hand
    path = comp / "scores" / "round-3" / "J1.json"
    path.write_text(path.read_text().replace('"kebaruan": 67', '"kebaruan": 68', 1))
    r = run("-d", comp, "check")
    assert r.code == 1 and r.errors[0].startswith("Error: scores/round-3/J1.json: changed after round 3 closed")
