"""`krenova analyse` through the CLI, each figure checked against an independent derivation."""

import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.conftest import run, score_all, tree_hash


def noisy(e, j, c):
    # deterministic, varied scores: entries differ by id, judges by leniency, criteria by a small wobble
    i, k = int(e[1:]), int(j[1:])
    return max(0, min(100, 40 + (i * 37 + k * 11 + len(c) * 7) % 45 + 3 * k))


def analyse(comp, *args):
    r = run("-d", comp, "analyse", *args, "--json")
    assert r.code == 0, r.err
    return r.json()


def passing(rows, top):
    return {r["entry_id"] for r in rows if r["rank"] is not None and r["rank"] <= top}


def test_json_has_the_contract_keys(comp):
    score_all(comp, 1, noisy)
    data = analyse(comp, "--round", "1", "--top", "5", "--resamples", "50")
    for key in ("round", "cutoff", "aggregations", "leave_one_out", "pass_probability", "kendall_w", "alpha", "judges", "outliers"):
        assert key in data
    assert set(data["aggregations"]) == {"mean", "median", "trimmed", "zscore"}
    assert all(set(v) >= {"advancing", "changed"} for v in data["aggregations"].values())
    assert set(data["leave_one_out"]) == {"J1", "J2", "J3"}
    assert all(set(v) >= {"mean_deviation", "ci_low", "ci_high"} for v in data["judges"].values())


def test_top_changes_under_median_but_not_mean(comp):
    # K002 totals 100, 60, 60 (mean 73.3, median 60); K003 70 everywhere; K004 65 everywhere; the rest 40-44.
    # Top 2 by mean: K002, K003. By median: K003 (70), K004 (65). Trimmed needs 4 judges, so with 3 it is the mean.
    def value(e, j, c):
        if e == "K002":
            return 100 if j == "J1" else 60
        return {"K003": 70, "K004": 65}.get(e, 40 + int(e[1:]) % 5)

    score_all(comp, 1, value)
    data = analyse(comp, "--round", "1", "--top", "2", "--resamples", "0")
    assert data["actual"]["advancing"] == ["K002", "K003"]
    assert data["aggregations"]["mean"] == {"advancing": ["K002", "K003"], "changed": [], "tied": [], "needs_decision": None}
    assert data["aggregations"]["trimmed"]["changed"] == []
    assert data["aggregations"]["median"] == {"advancing": ["K003", "K004"], "changed": ["K002", "K004"], "tied": [], "needs_decision": None}
    # without J1, K002 averages 60: K003 and K004 go on
    assert data["leave_one_out"]["J1"]["changed"] == ["K002", "K004"]
    out = run("-d", comp, "analyse", "--round", "1", "--top", "2", "--resamples", "0")
    assert "K002 (out under median, out without J1)" in out.out.replace("\n", " ")
    assert max(len(line) for line in out.out.splitlines()) <= 80


def test_stable_top_is_reported_as_stable(comp):
    score_all(comp, 1, lambda e, j, c: 100 - 2 * int(e[1:]))
    data = analyse(comp, "--round", "1", "--top", "5", "--resamples", "200")
    assert all(v["changed"] == [] for v in data["aggregations"].values())
    assert all(v["changed"] == [] for v in data["leave_one_out"].values())
    out = run("-d", comp, "analyse", "--round", "1", "--top", "5", "--resamples", "200").out
    assert "The top 5 is the same under all four rules and without any one judge." in out.replace("\n", " ")
    # identical judges: every resample ranks the same way
    assert data["pass_probability"] == {f"K{i:03d}": (1.0 if i <= 5 else 0.0) for i in range(1, 21)}


def to_round_4(comp, tmp_path):
    for n in (1, 2):
        score_all(comp, n, lambda e, j, c: 60)
        assert run("-d", comp, "advance", "--round", n).code == 0
    score_all(comp, 3, lambda e, j, c: noisy(e, j, c[::-1]))
    assert run("-d", comp, "advance", "--round", 3).code == 0
    score_all(comp, 4, noisy)


def test_leave_one_out_matches_removing_the_judges_score_files(comp, tmp_path):
    to_round_4(comp, tmp_path)
    top = 8
    data = analyse(comp, "--round", "4", "--top", str(top), "--resamples", "0")
    base = passing(run("-d", comp, "standings", "--round", "4", "--json").json()["rows"], top)
    assert set(data["actual"]["advancing"]) == base
    some_change = False
    for judge in ("J1", "J2", "J3"):
        copy = tmp_path / f"without-{judge}"
        shutil.copytree(comp, copy)
        for n in (3, 4):  # round 4 is ranked by rounds 3 and 4: the judge leaves both
            (copy / "scores" / f"round-{n}" / f"{judge}.json").unlink()
        r = run("-d", copy, "standings", "--round", "4", "--json")
        assert r.code == 0, r.err
        brute = passing(r.json()["rows"], top)
        assert data["leave_one_out"][judge]["changed"] == sorted(brute ^ base), judge
        some_change |= bool(brute ^ base)
    assert some_change, "the test data should make at least one judge matter"


def spread(e, j, c):
    # three clear leaders, three clear laggards, a noisy middle
    i, k = int(e[1:]), int(j[1:])
    if i <= 3:
        return 95 - i
    if i >= 18:
        return 10 + i - 18
    return 50 + (i * 7 + k * 13 + len(c)) % 20


def test_bootstrap_is_reproducible_per_seed_and_certain_far_from_the_line(comp):
    score_all(comp, 1, spread)
    a = analyse(comp, "--round", "1", "--top", "6", "--resamples", "300", "--seed", "11")
    b = analyse(comp, "--round", "1", "--top", "6", "--resamples", "300", "--seed", "11")
    c = analyse(comp, "--round", "1", "--top", "6", "--resamples", "300", "--seed", "12")
    assert a["pass_probability"] == b["pass_probability"]
    assert a["pass_probability"] != c["pass_probability"]
    st = run("-d", comp, "standings", "--round", "1", "--json").json()["rows"]
    scores = {r["entry_id"]: r["ranking_score"] for r in st}
    p = a["pass_probability"]
    # each resample gives exactly 6 places (ties share the places left)
    assert sum(p.values()) == pytest.approx(6.0, abs=20 * 5e-5)  # each shown to 4 decimals
    # min and max of each entry's totals bound any resample's mean: an entry whose worst total beats the
    # 7th best entry's best total passes always, and one whose best is below the 6th best's worst never
    totals = {r["entry_id"]: list(r["judges"].values()) for r in st}
    best = sorted((max(v) for v in totals.values()), reverse=True)
    worst = sorted((min(v) for v in totals.values()), reverse=True)
    sure = [e for e, v in totals.items() if sum(min(v) > max(w) for f, w in totals.items() if f != e) >= len(totals) - 6]
    never = [e for e, v in totals.items() if sum(max(v) < min(w) for f, w in totals.items() if f != e) >= 6]
    assert sure and never
    assert all(p[e] == 1.0 for e in sure) and all(p[e] == 0.0 for e in never)
    assert best and worst and scores


def test_withdrawn_entry_and_conflicted_judge(comp):
    # J2 (affiliation Dinas 1) is in conflict with K001; K005 withdraws before scoring; J2 gives 100 to everyone
    assert run("-d", comp, "entry", "withdraw", "K005", "--reason", "mundur").code == 0
    score_all(comp, 1, lambda e, j, c: 100 if j == "J2" else 100 - 3 * int(e[1:]))
    data = analyse(comp, "--round", "1", "--top", "3", "--resamples", "1000")
    assert "K005" not in data["pass_probability"] and len(data["pass_probability"]) == 19
    assert all("K005" not in v["advancing"] for v in data["aggregations"].values())
    assert data["judges"]["J2"]["n"] == 18 and data["judges"]["J1"]["n"] == 19
    # K001 is scored by J1 and J3 only (97): no judge lifts it, so it is first everywhere
    assert data["actual"]["advancing"] == ["K001", "K002", "K003"]
    assert data["aggregations"]["median"]["advancing"] == ["K001", "K002", "K003"]
    # J2's deviation: 100 minus the mean of J1 and J3 (100 - 3i) on its 18 entries (i = 2..20 without 5)
    expected = sum(3 * i for i in range(2, 21) if i != 5) / 18
    assert data["judges"]["J2"]["mean_deviation"] == pytest.approx(expected, abs=1e-4)
    assert list(data["judges"])[0] == "J2"  # the most lenient first
    # K001 (97 from J1 and J3, no J2 total) drops out only when all three draws are J2 (then everyone else has
    # 100 and K001 keeps its own 97): with one J2 draw K_i = 100 - 2i, with two 100 - i (K003 ties K001 at 97
    # with one place left for two... plus K002 above: (3 - 1) / 2 = 1 each). So P(K001) = 1 - 1/27.
    assert data["pass_probability"]["K001"] == pytest.approx(26 / 27, abs=0.02)


def test_agreement_figures_against_an_independent_implementation(comp):
    kd = pytest.importorskip("krippendorff")
    import numpy as np

    score_all(comp, 1, lambda e, j, c: 30 + 2 * int(e[1:]) + (int(e[1:]) * 7 + int(j[1:]) * 5 + len(c) * 3) % 11)
    data = analyse(comp, "--round", "1", "--top", "5", "--resamples", "0")
    rows = run("-d", comp, "standings", "--round", "1", "--json").json()["rows"]
    judges = ["J1", "J2", "J3"]
    matrix = np.array([[r["judges"].get(j, np.nan) for r in rows] for j in judges], dtype=float)
    assert data["alpha"] == pytest.approx(kd.alpha(reliability_data=matrix, level_of_measurement="interval"), abs=2e-4)
    # Kendall's W from the mean Spearman correlation (no ties in this data): W = ((m - 1) rho + 1) / m, over the
    # entries every judge scored (K001 has no J2 total: conflict)
    full = matrix[:, ~np.isnan(matrix).any(axis=0)]
    ranks = full.argsort(axis=1).argsort(axis=1).astype(float)
    assert all(len(set(row)) == len(row) for row in full.tolist())
    rho = np.mean([np.corrcoef(ranks[a], ranks[b])[0, 1] for a in range(3) for b in range(a + 1, 3)])
    assert data["kendall_w"] == pytest.approx(((3 - 1) * rho + 1) / 3, abs=1e-4)


def test_report_is_well_formed_html_with_svg_plots_and_escaped_titles(comp, tmp_path):
    assert run("-d", comp, "entry", "edit", "K002", "--title", "<script>x</script>{{7*7}}").code == 0
    score_all(comp, 1, noisy)
    target = tmp_path / "report.html"
    r = run("-d", comp, "analyse", "--round", "1", "--top", "5", "--resamples", "100", "-o", target, "--json")
    assert r.code == 0, r.err
    p = r.json()["pass_probability"]
    text = target.read_text()
    root = ET.fromstring(text.split("\n", 1)[1])  # well-formed XML after the doctype
    svg = "{http://www.w3.org/2000/svg}"
    plots = root.findall(f".//{svg}svg")
    assert {p.get("id") for p in plots} == {"pass-probability", "leniency"}
    assert len(root.findall(f".//{svg}circle")) == 3  # one point per judge
    bars = root.findall(f".//{svg}rect")
    # places 1 to 17 (12 either side of the cutoff of 5), and any entry further down that passes sometimes
    assert len(bars) == sum(1 for i, e in enumerate(p) if i < 17 or 0 < p[e] < 1)
    assert "<script" not in text and "&lt;script&gt;" in text and "{{7*7}}" in text

    class Check(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br"):
                self.stack.append(tag)

        def handle_startendtag(self, tag, attrs):
            pass

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    parser = Check()
    parser.feed(text)
    assert parser.stack == []


@pytest.mark.parametrize("args, error", [
    (["--round", "2"], "Error: round 2 has not started (round 1 is still open); analyse an earlier round with --round 1"),
    (["--round", "9"], "Error: there is no round 9; this competition has rounds 1 to 6"),
    (["--round", "1"], "Error: round 1 has no scores yet, so there is nothing to analyse; record them with `krenova score --round 1 ...`"),
])
def test_refusals_before_scores(comp, args, error):
    before = tree_hash(comp)
    r = run("-d", comp, "analyse", *args)
    assert r.code == 1 and r.errors == [error]
    assert tree_hash(comp) == before


def test_refusals_with_scores(comp):
    score_all(comp, 1, noisy)
    r = run("-d", comp, "analyse", "--round", "1")
    assert r.code == 1 and r.errors == ["Error: round 1 has no cutoff; say which top to test with --top K (for example --top 15)"]
    r = run("-d", comp, "analyse", "--round", "1", "--top", "20")
    assert r.errors == ["Error: round 1: a top 20 keeps all 20 ranked entries, so nothing can change sides; test a smaller top with --top K"]
    r = run("-d", comp, "analyse", "--round", "1", "--top", "3", "--resamples", "0", "-o", comp / "nope" / "r.html")
    assert r.code == 0 and (comp / "nope" / "r.html").is_file()  # missing folders are made (SPEC 9.1)


def test_fast_path_equals_the_whole_round_ordinary_path(comp, tmp_path):
    """The float pre-pass only chooses candidates: the answer equals ranking every entry the ordinary way."""
    from krenova_cli.core.analysis import AGGREGATIONS, Analyser, Rule
    from krenova_cli.store.datafolder import Store

    to_round_4(comp, tmp_path)
    state = Store(comp).load()
    for top in (1, 4, 8, 13):
        a = Analyser(state, 4, top)
        rules = [Rule()] + [Rule(h, z) for h, z in AGGREGATIONS.values()] + [Rule(without=frozenset({j})) for j in ("J1", "J2", "J3")]
        for rule in rules:
            assert a.outcome(rule) == a.exact(rule, a.entries, whole_round=True), (top, rule)


# -- the recap's analysis sheet (export --analysis), the PDF report, the Indonesian summary --------------------
def closed_round_4(comp, tmp_path):
    to_round_4(comp, tmp_path)
    r = run("-d", comp, "advance", "--round", "4", "--include-ties")
    assert r.code == 0, r.err


def sheet_rows(path, name):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    assert name in wb.sheetnames, wb.sheetnames
    rows = list(wb[name].iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_recap_analysis_sheet_says_what_analyse_json_says(comp, tmp_path):
    closed_round_4(comp, tmp_path)
    data = analyse(comp, "--round", "4", "--resamples", "0")
    assert data["cutoff"] == 15
    changed = {n: o["changed"] for n, o in data["aggregations"].items()}
    dropped = {j: o["changed"] for j, o in data["leave_one_out"].items()}
    assert any(changed.values()) or any(dropped.values()), "the test data should move someone across the line"
    r = run("-d", comp, "export", "--analysis", "-o", tmp_path / "r.xlsx")
    assert r.code == 0, r.err
    header, rows = sheet_rows(tmp_path / "r.xlsx", "Analisis")  # the preset's recap speaks Indonesian
    assert header == ("Babak", "Aspek", "Butir", "Jumlah", "Nilai", "Batas Bawah 95%", "Batas Atas 95%", "Peserta / Keterangan")
    assert {row[0] for row in rows} == {4}  # rounds 1-3 have no cutoff, round 6 has no scores

    def listed(text):
        return [] if text == "-" else text.split(", ")

    by = {}
    for row in rows:
        by.setdefault(row[1], []).append(row)
    assert by["Batas lolos"] == [(4, "Batas lolos", "Top 15", 15, None, None, None, ", ".join(data["actual"]["advancing"]))]
    assert {row[2].split()[0]: listed(row[7]) for row in by["Aturan agregasi"]} == changed
    assert [row[2] for row in by["Aturan agregasi"]][0] == "mean (aturan babak)"
    assert all(row[3] == len(listed(row[7])) for row in by["Aturan agregasi"] + by["Tanpa juri"])
    assert {row[2].split()[0]: listed(row[7]) for row in by["Tanpa juri"]} == dropped
    assert by["Tanpa juri"][0][2] == "J1 Juri Satu"
    assert by["Kesepakatan juri (W Kendall)"][0][4] == data["kendall_w"]
    assert by["Kesepakatan juri (alpha Krippendorff)"][0][4] == data["alpha"]
    deviations = [(row[2].split()[0], row[3], row[4], row[5], row[6]) for row in by["Deviasi juri dari panel"]]
    assert deviations == [(j, v["n"], v["mean_deviation"], v["ci_low"], v["ci_high"]) for j, v in data["judges"].items()]
    assert by["Pencilan (lebih dari 3 simpangan baku)"][0][3] == len(data["outliers"])
    # the verdict in the recap's language names every entry that moves
    (verdict,) = [row[7] for row in by["Kesimpulan"]]
    moved = sorted({e for v in [*changed.values(), *dropped.values()] for e in v})
    assert verdict.startswith(f"15 besar rapuh: {len(moved)} peserta berpindah sisi"), verdict
    shown = min(len(moved), 6)
    assert sum(f"{e} (" in verdict for e in moved) == shown and "under" not in verdict and "without" not in verdict
    assert (f"dan {len(moved) - 6} lainnya" in verdict) == (len(moved) > 6)
    # the same table in the CSV export; nothing of it without --analysis
    r = run("-d", comp, "export", "--analysis", "--csv", tmp_path / "csv")
    assert (tmp_path / "csv" / "analysis.csv").read_text().count("\n4,") == len(rows)
    assert run("-d", comp, "export", "-o", tmp_path / "plain.xlsx").code == 0
    import openpyxl

    assert "Analisis" not in openpyxl.load_workbook(tmp_path / "plain.xlsx", read_only=True).sheetnames
    # the print rules of every recap sheet: A4, a computed scale keeping 11 pt text at 8 pt or more, header, footer
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Analisis"]
    assert ws.page_setup.paperSize == 9 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 73 <= ws.page_setup.scale <= 100 and ws.print_title_rows == "$1:$1"
    assert ws.oddHeader.right.text == "Analisis" and "&P" in ws.oddFooter.right.text
    assert "kode buku log" in ws.oddFooter.left.text


def test_recap_analysis_sheet_of_a_stable_top_and_the_last_round(comp, tmp_path):
    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c: 100 - 2 * int(e[1:]))
        if n < 6:
            assert run("-d", comp, "advance", "--round", n).code == 0
    assert run("-d", comp, "export", "--analysis", "-o", tmp_path / "r.xlsx").code == 0
    _header, rows = sheet_rows(tmp_path / "r.xlsx", "Analisis")
    verdicts = {row[0]: row[7] for row in rows if row[1] == "Kesimpulan"}
    # round 4 (closed, top 15) and the last round (open, top 5) even before it closes
    assert verdicts == {4: "15 besar sama menurut keempat aturan dan tanpa juri mana pun.",
                        6: "5 besar sama menurut keempat aturan dan tanpa juri mana pun."}
    r = run("-d", comp, "settings", "set", "competition.locale", "en")
    assert r.code == 0, r.err
    assert run("-d", comp, "export", "--analysis", "-o", tmp_path / "en.xlsx").code == 0
    header, rows = sheet_rows(tmp_path / "en.xlsx", "Analysis")
    assert header[1] == "Aspect"
    assert [row[7] for row in rows if row[1] == "Verdict"] == [
        "The top 15 is the same under all four rules and without any one judge.",
        "The top 5 is the same under all four rules and without any one judge."]


def test_report_as_pdf_keeps_the_facts_and_vector_plots(comp, tmp_path):
    import shutil
    import subprocess

    from tests.conftest import pdf_ready

    if not pdf_ready():
        pytest.skip("WeasyPrint or poppler missing")
    score_all(comp, 1, noisy)
    target = tmp_path / "report.pdf"
    r = run("-d", comp, "analyse", "--round", "1", "--top", "5", "--resamples", "100", "-o", target, "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert target.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Kendall's W: {data['kendall_w']:.3f}" in text
    assert f"Krippendorff's alpha (interval): {data['alpha']:.3f}" in " ".join(text.split())
    for j, v in data["judges"].items():
        assert f"{j} {v['name']}" in text and f"{v['mean_deviation']:+.2f}" in text
    assert "The top 5 is" in " ".join(text.split())
    # the plots are drawn, not pictures: no raster image anywhere in the file
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(target)], capture_output=True, text=True, check=True).stdout
        assert len(listing.strip().splitlines()) == 2, listing  # the two header lines, no image
    # page 1 as the committee sees it (looked at when this test was written: title, verdict, the bar plot)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(target), str(tmp_path / "p")], check=True)
        png = next(tmp_path.glob("p*.png"))
        assert png.stat().st_size > 10_000


def test_report_as_pdf_without_weasyprint_says_what_to_install(comp, tmp_path, monkeypatch):
    from krenova_cli.documents import rendering

    score_all(comp, 1, noisy)
    monkeypatch.setattr(rendering, "pdf_problem", lambda: rendering.PDF_HELP)
    before = tree_hash(comp)
    r = run("-d", comp, "analyse", "--round", "1", "--top", "5", "-o", tmp_path / "r.pdf")
    assert r.code == 1 and r.errors == [f"Error: -o r.pdf: {rendering.PDF_HELP}"]
    assert not (tmp_path / "r.pdf").exists() and tree_hash(comp) == before
    assert r.out == ""  # refused before the analysis ran


def test_summary_and_verdict_in_indonesian_legend_within_80_columns(comp, monkeypatch):
    def value(e, j, c):
        if e == "K002":
            return 100 if j == "J1" else 60
        return {"K003": 70, "K004": 65}.get(e, 40 + int(e[1:]) % 5)

    score_all(comp, 1, value)
    assert run("-d", comp, "entry", "edit", "K003", "--title", "[b]X[/b]").code == 0
    english = run("-d", comp, "analyse", "--round", "1", "--top", "2", "--resamples", "200")
    assert "[b]X[/b]" in english.out  # a title is text, never rich markup
    monkeypatch.setenv("KRENOVA_LANG", "id")
    r = run("-d", comp, "analyse", "--round", "1", "--top", "2", "--resamples", "200")
    assert r.code == 0, r.err
    out = " ".join(r.out.split())
    assert "2 besar rapuh: 2 peserta berpindah sisi menurut aturan lain atau tanpa salah satu juri:" in out
    assert "K002 (keluar dengan aturan median, keluar tanpa J1)" in out
    assert "K004 (masuk dengan aturan median, masuk tanpa J1)" in out
    assert "Di sekitar batas lolos" in out and "Juri, dari yang paling longgar memberi nilai (W Kendall" in out
    assert "pengambilan ulang juri" in out and "resamples" not in out
    for res in (r, english):
        lines = (res.out + res.err).splitlines()
        assert lines and max(len(line) for line in lines) <= 80, max(lines, key=len)
    assert r.err.startswith("Deviasi: total juri dikurangi rerata juri lain")
    assert english.err.startswith("Deviation: the judge's total minus")
    assert analyse(comp, "--round", "1", "--top", "2", "--resamples", "0")["aggregations"]["median"]["changed"] == ["K002", "K004"]


def test_every_verdict_sentence_has_its_indonesian(comp):
    from krenova_cli.i18n.verdict import verdict

    data = {"cutoff": 3, "actual": {"advancing": ["K1", "K2", "K3", "K4"], "tied": ["K3", "K4"]},
            "aggregations": {"median": {"changed": ["K2", "K9"]}}, "leave_one_out": {"J1": {"changed": [f"K{i}" for i in range(10, 21)]}},
            "pass_probability": {"K1": 0.5}, "resamples": 10}
    english, indonesian = verdict(data, "en"), verdict(data, "id")
    assert len(english) == len(indonesian) == 3
    assert all(a != b for a, b in zip(english, indonesian))
    assert "dan 7 lainnya" in indonesian[0] and "antara 5% dan 95% dari 10" in indonesian[2]
    stable = dict(data, aggregations={}, leave_one_out={}, actual={"advancing": ["K1"], "tied": []}, pass_probability={"K1": 1.0})
    assert verdict(stable, "id") == ["3 besar sama menurut keempat aturan dan tanpa juri mana pun.",
                                     "Dengan juri diambil ulang 10 kali, setiap peserta lolos pada lebih dari 95% atau kurang dari 5% pengambilan ulang."]
