"""Issue 18, the rest: closed rounds do not move (the settings that decided them are locked), the
minutes of a large round (advancing entries, the top of the eliminated, an annex with the full
ranking, signed by the judges who scored), and a small committee benchmark checked for correctness."""

from __future__ import annotations

import json

from tests.cli.test_rounds import refused
from tests.conftest import run, score_all, tree_hash


def closed_round_1(comp):
    assert run("-d", comp, "settings", "set", "rounds.1.advance_top", "10").code == 0
    score_all(comp, 1, lambda e, j, c: 40 + 2 * int(e[1:]) + (3 if c == "kebaruan" else 0) + (int(e[1:]) % 3) * (c == "replikasi") * 7)
    r = run("-d", comp, "advance", "--round", "1")
    assert r.code == 0, r.err
    return json.loads((comp / "rounds" / "round-1.json").read_text())


def test_a_closed_rounds_settings_are_locked(comp):
    record = closed_round_1(comp)
    assert record["settings"]["criteria"][0]["id"] == "kebaruan" and record["settings"]["advance_top"] == 10
    before = tree_hash(comp)
    for key, value in (("criteria.1.weight", "40"), ("rounds.1.advance_top", "12"), ("scoring.aggregation", "median"),
                       ("scoring.normalisation", "zscore")):
        lines = refused(comp, "settings", "set", key, value)
        assert len(lines) == 1 and "round 1 (" in lines[0], lines
        assert "`krenova reopen --round 1 --reason TEXT`" in lines[0]
    assert tree_hash(comp) == before
    # settings that decide nothing closed stay free
    assert run("-d", comp, "settings", "set", "rounds.2.advance_top", "5").code == 0
    assert run("-d", comp, "settings", "set", "signatory.name", "Ir. Sigit").code == 0
    # a hand edit of a weight is not adopted either
    settings = comp / "competition.toml"
    text = settings.read_text()
    edited = text.replace("weight = 25", "weight = 40", 1)
    assert edited != text
    settings.write_text(edited)
    lines = refused(comp, "adopt", "competition.toml", "--reason", "bobot baru")
    # (its way out is adopt --reopen: `reopen` itself refuses a folder with an edit not adopted; issue 24)
    assert len(lines) == 1 and "round 1 (criteria)" in lines[0] and "`krenova adopt competition.toml --reopen --reason TEXT`" in lines[0]
    # forced anyway (the file edited, read commands only warn): the closed round shows its record
    st = run("-d", comp, "standings", "--round", "1", "--json")
    assert st.code == 0, st.err
    rows = st.json()["rows"]
    assert [(r["entry_id"], r["rank"], r["ranking_score"]) for r in rows] == [
        (r["entry_id"], r["rank"], r["ranking_score"]) for r in record["standings"]]
    assert [r["round_score"] for r in rows] == [r["round_score"] for r in record["standings"]]
    settings.write_text(text)
    # the way out: reopen, change, close again
    assert run("-d", comp, "reopen", "--round", "1", "--reason", "bobot diubah").code == 0
    assert run("-d", comp, "settings", "set", "criteria.1.weight", "40").code == 0
    assert run("-d", comp, "advance", "--round", "1").code == 0
    again = json.loads((comp / "rounds" / "round-1.json").read_text())
    assert again["settings"]["criteria"][0]["weight"] == "40"


def large_round(tmp_path, n: int, judges: int = 5, cutoff: int | None = 20, zscore: bool = False):
    d = tmp_path / f"big{n}"
    assert run("init", d).code == 0
    lines = ["judul,instansi,jenis,kategori"] + [f"Inovasi Nomor {i},Dinas {i % 17},OPD,tik" for i in range(1, n + 1)]
    (tmp_path / f"e{n}.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / f"e{n}.csv").code == 0
    rows = ["id,nama,instansi"] + [f"J{j},Juri Nomor {j},Universitas {j}" for j in range(1, judges + 1)]
    (tmp_path / "j.csv").write_text("\n".join(rows) + "\n")
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    assert run("-d", d, "assign", "--round", "1", "--per-entry", "2", "--seed", "7").code == 0
    # a judge registered after the assignment scores nothing in round 1: not a signatory of its minutes
    assert run("-d", d, "judge", "add", "--name", "Juri Cadangan", "--affiliation", "Universitas Cadangan").code == 0
    if cutoff:
        assert run("-d", d, "settings", "set", "rounds.1.advance_top", str(cutoff)).code == 0
    if zscore:
        assert run("-d", d, "settings", "set", "scoring.normalisation", "zscore").code == 0
        assert run("-d", d, "settings", "set", "scoring.clip", "true").code == 0
    score_all(d, 1, lambda e, j, c: (int(e[1:]) * 7 + int(j[1:]) * 3 + len(c)) % 61 + 30, tmp_path)
    r = run("-d", d, "advance", "--round", "1")
    if r.code != 0:
        assert "--include-ties" in r.err, r.err
        assert run("-d", d, "advance", "--round", "1", "--include-ties").code == 0
    return d


def test_minutes_of_a_large_round_list_the_advancing_and_point_to_the_annex(tmp_path):
    import re

    d = large_round(tmp_path, 200, zscore=True)
    record = json.loads((d / "rounds" / "round-1.json").read_text())
    going = len(record["advancing"])
    r = run("-d", d, "letters", "minutes", "--round", "1", "--format", "html", "-o", tmp_path / "m")
    assert r.code == 0, r.err
    html = (tmp_path / "m" / "minutes-round-1.html").read_text()
    listed = re.findall(r"<td>(K\d+)</td>", html)
    assert listed == [row["entry_id"] for row in record["standings"][:going + 10]]
    assert f"dan {200 - going - 10} peserta lainnya (lihat Lampiran)" in html
    assert "terhadap 200 inovasi" in html and "tercantum dalam Lampiran Berita Acara ini" in html
    assert f"yaitu {going} inovasi yang lolos" in html and "10 inovasi peringkat tertinggi yang tidak lolos" in html
    # z-score declared, with its rules
    assert "dinormalisasi dengan metode skor-z" in html and "dibatasi pada rentang 0 sampai dengan 100" in html
    assert "kurang dari 3 nilai tidak dinormalisasi" in html
    # the judges who scored sign; the reserve judge registered later does not
    assert all(f"Juri Nomor {j}" in html for j in range(1, 6)) and "Juri Cadangan" not in html
    annex = (tmp_path / "m" / "minutes-round-1-lampiran.html").read_text()
    assert all(re.search(rf"\b{row['entry_id']}\b", annex) for row in record["standings"])
    number = re.search(r"Nomor: ([^<]+)</p>", html).group(1)
    assert number in annex and "Peringkat Lengkap Penilaian I" in annex
    assert "lampiran" not in (d / "letters.toml").read_text()  # the annex has its minutes' number, not its own


def test_minutes_of_a_53_entry_round_list_every_entry(tmp_path):
    d = large_round(tmp_path, 53, judges=3, cutoff=None)
    r = run("-d", d, "letters", "minutes", "--round", "1", "--format", "html", "-o", tmp_path / "m")
    assert r.code == 0, r.err
    html = (tmp_path / "m" / "minutes-round-1.html").read_text()
    assert html.count("<td>K") == 53 and "peserta lainnya" not in html and "Lampiran" not in html
    assert not (tmp_path / "m" / "minutes-round-1-lampiran.html").exists()
    assert "skor-z" not in html  # no normalisation, nothing declared


def test_a_round_without_cutoff_lists_the_first_hundred(tmp_path):
    d = large_round(tmp_path, 130, judges=3, cutoff=None)
    r = run("-d", d, "letters", "minutes", "--round", "1", "--format", "html", "-o", tmp_path / "m")
    assert r.code == 0, r.err
    html = (tmp_path / "m" / "minutes-round-1.html").read_text()
    assert html.count("<td>K") == 100 and "dan 30 peserta lainnya" in html
    assert (tmp_path / "m" / "minutes-round-1-lampiran.html").exists()


def test_the_committee_benchmark_small(tmp_path):
    """benchmarks/committee.py at 300 entries and 12 judges: every step succeeds and the round is right."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import ROOT, pdf_ready

    fmt = "pdf" if pdf_ready() else "html"
    env = {k: v for k, v in os.environ.items() if k != "KRENOVA_DIR"}
    out = tmp_path / "bench"
    p = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "committee.py"), "--entries", "300", "--judges", "12",
                        "--out", str(out), "--report", str(tmp_path / "report.md"), "--format", fmt],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    summary = json.loads(p.stderr.strip().splitlines()[-1])
    facts, steps = summary["facts"], summary["steps"]
    assert facts["rows_filled"] == 900 and facts["ranked"] == 300 and facts["advancing"] >= 30
    assert [s["step"].split(" ")[0] for s in steps] == ["entry", "judge", "assign", "sheets", "score", "status", "standings",
                                                       "standings", "advance", "export", "letters"]
    record = json.loads((out / "comp" / "rounds" / "round-1.json").read_text())
    assert record["settings"]["normalisation"] == "zscore" and len(record["standings"]) == 300
    assert all(len(r["judges"]) == 3 for r in record["standings"])
    assert (out / "recap.xlsx").stat().st_size > 0
    assert (out / "minutes" / f"minutes-round-1.{fmt}").exists() and (out / "minutes" / f"minutes-round-1-lampiran.{fmt}").exists()
    assert "| `letters minutes --round 1" in Path(tmp_path / "report.md").read_text()
