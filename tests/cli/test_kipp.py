"""Issue 29, item 6: wording for the centre. A national preset shaped like KIPP (groups with their own
prizes, a passing grade for the replication group, the national legal basis and the state budget), the
addressees of ministries, provinces, regencies and cities, and `letters --for` honoured or refused."""

from __future__ import annotations

import csv
import re

import pytest

from tests.conftest import run, tree_hash

INSTITUTIONS = ["Pemerintah Kabupaten Sragen", "Kementerian Dalam Negeri", "Pemerintah Provinsi Jawa Tengah",
                "Pemerintah Kota Surakarta", "Badan Pusat Statistik"]
KIPP_CRITERIA = ["latar-belakang", "kebaruan", "implementasi", "signifikansi", "adaptabilitas", "sumber-daya", "keberlanjutan"]


def score_round(d, n: int, value_of, base) -> None:
    from krenova_cli.core.lifecycle import expected
    from krenova_cli.store.datafolder import Store

    state = Store(d).load()
    rows = ["entry,judge,criterion,value"]
    for e, judges in expected(state, n).items():
        for j in judges:
            rows += [f"{e},{j},{c},{value_of(e, j, c)}" for c in KIPP_CRITERIA]
    path = base / f"kipp-scores-{n}.csv"
    path.write_text("\n".join(rows) + "\n")
    r = run("-d", d, "score", "--round", n, "--from", path)
    assert r.code == 0, r.err


@pytest.fixture
def kipp(tmp_path):
    """A small KIPP year: 24 proposals of 5 institutions in two groups, 6 judges, three rounds, the awards."""
    d = tmp_path / "kipp"
    assert run("init", d, "--preset", "kipp-2025").code == 0
    assert run("-d", d, "check").code == 0
    with open(tmp_path / "e.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "judul", "instansi", "jenis", "kategori", "jabatan pimpinan"])
        for i in range(1, 25):
            inst = INSTITUTIONS[i % len(INSTITUTIONS)]
            head = "Kepala Badan Pusat Statistik" if inst.startswith("Badan") else ""
            w.writerow([f"K{i:02d}", f"Inovasi Pelayanan Nomor {i}", inst, "KL" if i % 2 else "PEMKAB",
                        "replikasi" if i % 3 == 0 else "umum", head])
    r = run("-d", d, "entry", "import", tmp_path / "e.csv")
    assert r.code == 0, r.err
    (tmp_path / "j.csv").write_text("id,nama,instansi\n" + "".join(f"J{j},Prof. Juri {j},Universitas {j}\n" for j in range(1, 7)))
    assert run("-d", d, "judge", "import", tmp_path / "j.csv").code == 0
    for key, value in (("rounds.1.advance_top", "16"), ("rounds.2.advance_top", "10"),  # round 2: the presentations
                       ("rounds.2.presentation_date", "2025-07-15"), ("rounds.2.presentation_start", "08:00"),
                       ("rounds.2.minutes_per_entry", "30"), ("rounds.2.room", "Ruang Sidang Kementerian PANRB")):
        assert run("-d", d, "settings", "set", key, value).code == 0
    assert run("-d", d, "assign", "--round", "1", "--per-entry", "3", "--seed", "5").code == 0
    for n in (1, 2, 3):
        score_round(d, n, lambda e, j, c, n=n: min(100, 55 + int(e[1:]) + int(j[1:]) + n + len(c) % 3), tmp_path)
        r = run("-d", d, "advance", "--round", n)
        assert r.code == 0, r.err
    r = run("-d", d, "awards")
    assert r.code == 0, r.err
    assert run("-d", d, "check").code == 0
    return d


def _text(path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_kipp_year_prizes_per_group_with_the_replication_pass_mark(kipp):
    import json

    aw = json.loads((kipp / "awards.json").read_text())
    places = {p["title"]: p for p in aw["places"]}
    assert set(places) == {f"Juara {r} Kelompok {g}" for r in ("I", "II", "III") for g in ("Umum", "Replikasi")}
    st = run("-d", kipp, "standings", "--round", "3", "--json").json()["rows"]
    score = {r["entry_id"]: float(r["ranking_score"]) for r in st}
    for p in aw["places"]:
        if p["entry_id"] is None:
            continue
        cat = "replikasi" if int(p["entry_id"][1:]) % 3 == 0 else "umum"
        assert p["category"] == cat
        if cat == "replikasi":
            assert score[p["entry_id"]] >= 85
    # a replication finalist below 85 wins nothing, even with a place vacant
    below = [e for e, s in score.items() if int(e[1:]) % 3 == 0 and s < 85]
    assert below and not {p["entry_id"] for p in aw["places"]} & set(below)


def test_kipp_every_paper_kind_renders_with_the_centres_wording(kipp, tmp_path):
    from krenova_cli.documents.builders import KINDS

    # what the secretariat sets before the call and the ceremony's invitations (the preset has no round dates)
    for key, value in (("call.deadline", "2025-05-31"), ("ceremony.venue", "Auditorium Kementerian PANRB, Jakarta"),
                       ("competition.award_date", "2025-11-20")):
        assert run("-d", kipp, "settings", "set", key, value).code == 0
    for kind in KINDS:
        r = run("-d", kipp, "letters", kind, "-o", tmp_path / "out" / kind)
        assert r.code == 0, (kind, r.err)
        assert list((tmp_path / "out" / kind).glob("*.html")), kind
    decree = _text(next((tmp_path / "out" / "decree").glob("decree*.html")))
    assert "dibebankan pada Anggaran Pendapatan dan Belanja Negara." in decree
    assert "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 91 Tahun 2021" in decree
    assert "Pemerintahan Daerah" not in decree and "Belanja Daerah" not in decree
    assert "Keputusan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi" in decree
    noms = {p.name: _text(p) for p in (tmp_path / "out" / "nomination").glob("*.html")}
    said = " ".join(noms.values())
    for head in ("Yth. Bupati Sragen", "Yth. Menteri Dalam Negeri", "Yth. Gubernur Jawa Tengah", "Yth. Wali Kota Surakarta",
                 "Yth. Kepala Badan Pusat Statistik"):
        assert head in said, head
    assert "Pimpinan" not in said
    # the Word decree cites the same laws and budget
    r = run("-d", kipp, "letters", "decree", "--format", "docx", "-o", tmp_path / "word")
    assert r.code == 0, r.err
    import docx

    text = "\n".join(p.text for p in docx.Document(next((tmp_path / "word").glob("*.docx"))).paragraphs)
    assert "Anggaran Pendapatan dan Belanja Negara" in text and "Nomor 91 Tahun 2021" in text and "Pemerintahan Daerah" not in text


def test_the_head_title_wins_over_the_rule(kipp, tmp_path):
    r = run("-d", kipp, "entry", "edit", "K01", "--head-title", "Sekretaris Jenderal Kementerian Dalam Negeri",
            "--reason", "surat ditujukan kepada Sekretaris Jenderal")
    assert r.code == 0, r.err
    assert run("-d", kipp, "letters", "nomination", "-o", tmp_path / "n").code == 0
    said = " ".join(_text(p) for p in (tmp_path / "n").glob("*.html"))
    assert "Yth. Sekretaris Jenderal Kementerian Dalam Negeri" in said and "Yth. Menteri Dalam Negeri" not in said


def test_nominations_for_finalists_are_the_last_cutoffs_advancing(kipp, tmp_path):
    import json

    advancing = set(json.loads((kipp / "rounds" / "round-2.json").read_text())["advancing"])
    r = run("-d", kipp, "letters", "nomination", "--for", "finalists", "-o", tmp_path / "f")
    assert r.code == 0, r.err
    named = set(re.findall(r"Inovasi Pelayanan Nomor (\d+)\b", " ".join(_text(p) for p in (tmp_path / "f").glob("*.html"))))
    assert named == {str(int(e[1:])) for e in advancing} and len(named) == 10
    r = run("-d", kipp, "letters", "nomination", "--for", "pemenang", "-o", tmp_path / "w")
    assert r.code == 0, r.err
    aw = json.loads((kipp / "awards.json").read_text())
    won = {str(int(p["entry_id"][1:])) for p in aw["places"] if p["entry_id"]}
    named = set(re.findall(r"Inovasi Pelayanan Nomor (\d+)\b", " ".join(_text(p) for p in (tmp_path / "w").glob("*.html"))))
    assert named == won
    # without --for: every entry still in, as before
    r = run("-d", kipp, "letters", "nomination", "-o", tmp_path / "a")
    named = set(re.findall(r"Inovasi Pelayanan Nomor (\d+)\b", " ".join(_text(p) for p in (tmp_path / "a").glob("*.html"))))
    assert len(named) == 24


def test_for_is_refused_by_every_kind_that_ignores_it(kipp, tmp_path):
    from krenova_cli.documents.builders import AUDIENCE_KINDS, KINDS

    ignoring = [k for k in KINDS if k not in AUDIENCE_KINDS]
    assert set(ignoring) == {"award", "minutes", "awards-minutes", "decree", "judge-recap", "presentation-invitation", "call",
                             "announcement", "ceremony-invitation", "feedback"}
    before = tree_hash(kipp)
    for kind in ignoring:
        r = run("-d", kipp, "letters", kind, "--for", "finalists", "-o", tmp_path / "x" / kind)
        assert r.code == 2, (kind, r.out, r.err)
        assert "--for" in r.err and "certificate, nomination, sinovik-draft" in r.err, r.err
        assert not (tmp_path / "x" / kind).exists()
    assert tree_hash(kipp) == before


def test_a_regions_decree_keeps_its_laws_and_budget(comp, tmp_path):
    from krenova_cli.documents.builders import decree_basis
    from krenova_cli.documents.laws import in_force
    from krenova_cli.store.datafolder import Store
    from datetime import date

    state = Store(comp).load()
    basis = decree_basis(state, date(2017, 8, 17))
    assert basis == {"laws": in_force(date(2017, 8, 17), "id"), "budget": "Anggaran Pendapatan dan Belanja Daerah"}


@pytest.mark.parametrize("bad, field", [('legal_basis = "UU 1"', "decree.legal_basis"), ('budget = ""', "decree.budget"),
                                        ('budget = "APBN"\nextra = 1', "decree.extra")])
def test_decree_settings_are_checked(comp, bad, field):
    path = comp / "competition.toml"
    path.write_text(path.read_text() + f"\n[decree]\n{bad}\n")
    r = run("-d", comp, "check")
    assert r.code == 1 and field in r.err, r.err
