"""Issue 25 item 11, SPEC 8.2: every number a person reads is the exact value rounded once.

K001's exact ranking score is 13939/202 = 69.00495...: shown 69.00. Its value rounded to 4 places
first (69.005, as the round record keeps it) would show 69.01. Judge J1's own total for K001 is
7020/101 = 69.50495...: 69.50, never 69.51. The weights 25, 20, 20, 15, 21 (a sum of 101) give
these denominators with whole scores. Every output is read: the recap workbook (summary page,
finalists, overview, round sheets), the judge recap paper, the minutes, the award letter, the site."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from tests.conftest import run

J1 = {"kebaruan": 69, "efektivitas": 69, "kemanfaatan": 69, "replikasi": 71, "keberlanjutan": 70}  # 7020/101
J2 = {"kebaruan": 69, "efektivitas": 68, "kemanfaatan": 69, "replikasi": 67, "keberlanjutan": 69}  # 6919/101


@pytest.fixture(scope="module")
def comp(tmp_path_factory) -> Path:
    from krenova_cli.core.lifecycle import expected
    from krenova_cli.store.datafolder import Store

    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    base = tmp_path_factory.mktemp("once")
    d = base / "comp"
    assert run("init", d).code == 0
    s = d / "competition.toml"
    text = s.read_text()
    head, sep, tail = text.partition('id = "keberlanjutan"')
    s.write_text(head + sep + tail.replace("weight = 20", "weight = 21", 1))
    assert run("-d", d, "adopt", "competition.toml", "--reason", "weights").code == 0
    with open(base / "e.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "judul", "instansi", "jenis", "kategori"])
        for i in range(1, 21):
            w.writerow([f"K{i:03d}", f"Inovasi Layanan {i}", f"Dinas {i}", "OPD", "tik"])
    assert run("-d", d, "entry", "import", base / "e.csv").code == 0
    (base / "j.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,BRIN\n")
    assert run("-d", d, "judge", "import", base / "j.csv").code == 0
    for n in range(1, 7):
        state = Store(d).load()
        rows = ["entry,judge,criterion,value"]
        for e, judges in expected(state, n).items():
            for j in judges:
                for c, v in (J1 if j == "J1" else J2).items():
                    rows.append(f"{e},{j},{c},{v if e == 'K001' else 60 - int(e[1:])}")
        (base / f"s{n}.csv").write_text("\n".join(rows) + "\n")
        assert run("-d", d, "score", "--round", n, "--from", base / f"s{n}.csv").code == 0
        assert run("-d", d, "advance", "--round", n).code == 0
    assert run("-d", d, "awards").code == 0
    return d


def test_the_exact_scores_are_what_the_example_says(comp):
    r = run("-d", comp, "standings", "--round", "6", "--json")
    assert r.code == 0, r.err
    assert "69.0050" in r.out or "69.005" in r.out  # JSON: 4 places
    r = run("-d", comp, "standings", "--round", "6")
    assert "69.00" in r.out and "69.01" not in r.out


def _xlsx_cells(path: Path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


def test_the_recap_holds_no_value_rounded_twice(comp, tmp_path):
    """A `0.00` cell holds the exact value (or its 2-place value), never 69.005."""
    out = tmp_path / "recap.xlsx"
    r = run("-d", comp, "export", "-o", out)
    assert r.code == 0, r.err
    twice = [(sheet, c.coordinate) for sheet, c in _xlsx_cells(out)
             if isinstance(c.value, float) and c.value in (69.005, 69.505)]
    assert not twice, twice
    near = [c.value for _, c in _xlsx_cells(out) if isinstance(c.value, float) and 69.004 < c.value < 69.006]
    assert near, "K001's score is not in the workbook"


def test_the_judge_recap_shows_the_judges_total_rounded_once(comp, tmp_path):
    r = run("-d", comp, "letters", "judge-recap", "--round", "6", "-o", tmp_path / "jr")
    assert r.code == 0, r.err
    html = (tmp_path / "jr" / "judge-recap-round-6-J1.html").read_text()
    assert "69,50" in html and "69,51" not in html


def test_minutes_and_letters_show_the_score_rounded_once(comp, tmp_path):
    for kind in ("minutes", "award"):
        r = run("-d", comp, "letters", kind, "-o", tmp_path / kind)
        assert r.code == 0, r.err
        text = " ".join(p.read_text() for p in (tmp_path / kind).glob("*.html"))
        assert "69,00" in text and "69,01" not in text, kind


def test_the_site_shows_the_score_rounded_once(comp, tmp_path):
    r = run("-d", comp, "publish", "-o", tmp_path / "site")
    assert r.code == 0, r.err
    index = (tmp_path / "site" / "index.html").read_text()
    assert re.search(r"69[,.]00", index) and not re.search(r"69[,.]01", index)
