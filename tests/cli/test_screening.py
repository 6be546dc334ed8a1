"""Issue 27 part 2: the administrative screening (seleksi administrasi).

The settings name the documents each category must attach; `status` and `entry list --incomplete`
say what is missing; an administrative round (round 0) before round 1 passes or stops entries with
reasons, is closed (`advance --round 0`), locked, reopened (`reopen --round 0`) and minuted
(`letters minutes --round 0`) like any other round.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import refused, run, score_all, tree_hash

SCREENING = """
[screening]
round = true
name = "Seleksi Administrasi"

[[screening.documents]]
name = "Proposal"
kind = "proposal"

[[screening.documents]]
name = "Surat pengantar kepala OPD"

[[screening.documents]]
name = "Video"
categories = ["tik"]
"""


SCORE = [f"{c}=80" for c in ("kebaruan", "efektivitas", "kemanfaatan", "replikasi", "keberlanjutan")]


def pdf(path: Path, text: str = "berkas") -> Path:
    path.write_bytes(b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n")
    return path


def with_screening(d: Path, text: str = SCREENING) -> Path:
    p = d / "competition.toml"
    p.write_text(p.read_text(encoding="utf-8") + text, encoding="utf-8")
    r = run("-d", d, "adopt", "competition.toml", "--reason", "persyaratan administrasi")
    assert r.code == 0, r.err
    return d


def complete(d: Path, tmp: Path, entry_id: str, category_tik: bool) -> None:
    """Attach every required document of one entry."""
    assert run("-d", d, "entry", "attach", entry_id, pdf(tmp / f"{entry_id}-proposal.pdf")).code == 0
    r = run("-d", d, "entry", "attach", entry_id, pdf(tmp / f"{entry_id}-surat.pdf"), "--document", "Surat pengantar kepala OPD")
    assert r.code == 0, r.err
    if category_tik:
        r = run("-d", d, "entry", "attach", entry_id, pdf(tmp / f"{entry_id}-video.pdf"), "--document", "video")
        assert r.code == 0, r.err


def is_tik(i: int) -> bool:
    return i % 4 == 1  # the `comp` fixture: K{i} has category cats[i % 4], cats[1] == "tik"


@pytest.fixture
def screened(comp, tmp_path) -> Path:
    """The 20-entry competition with a screening round; K001..K016 complete, K017..K020 lacking documents."""
    with_screening(comp)
    for i in range(1, 17):
        complete(comp, tmp_path, f"K{i:03d}", is_tik(i))
    return comp


def ledger(d: Path) -> list[dict]:
    return [json.loads(line) for line in (d / "ledger.jsonl").read_text().splitlines()]


# -- the required documents ------------------------------------------------------------------------
def test_status_and_entry_list_incomplete_say_what_each_entry_lacks(comp, tmp_path):
    with_screening(comp)
    st = run("-d", comp, "status", "--json")
    assert st.code == 0, st.err
    assert st.json()["incomplete"] == 20
    complete(comp, tmp_path, "K001", category_tik=True)   # tik: three documents
    complete(comp, tmp_path, "K002", category_tik=False)  # two documents
    assert run("-d", comp, "entry", "attach", "K005", pdf(tmp_path / "p5.pdf")).code == 0  # K005 (tik): the proposal only
    r = run("-d", comp, "entry", "list", "--incomplete", "--json")
    assert r.code == 0, r.err
    rows = {x["id"]: x["missing"] for x in r.json()}
    assert "K001" not in rows and "K002" not in rows and len(rows) == 18
    assert rows["K005"] == ["Surat pengantar kepala OPD", "Video"]
    assert rows["K003"] == ["Proposal", "Surat pengantar kepala OPD"]  # not tik: no video asked
    assert run("-d", comp, "status", "--json").json()["incomplete"] == 18
    text = run("-d", comp, "status")
    assert "Incomplete documents: 18 entries" in text.out and "entry list --incomplete" in text.out
    table = run("-d", comp, "entry", "list", "--incomplete")
    assert "K005" in table.out and "Video" in table.out and "K001 " not in table.out
    manifest = (comp / "attachments" / "K001" / "manifest.toml").read_text()
    assert 'document = "Video"' in manifest  # stored under the settings' own name ("video" was typed)
    assert run("-d", comp, "check").code == 0


def test_without_required_documents_status_is_as_before_and_incomplete_names_the_setting(comp):
    assert run("-d", comp, "status", "--json").json()["incomplete"] is None
    errors = refused(comp, "entry", "list", "--incomplete")
    assert len(errors) == 1 and "[[screening.documents]]" in errors[0]


@pytest.mark.parametrize("document,words", [("Sertifikat", "is not a required document; use one of 'Proposal'"),
                                            ("Video", "is not asked for it")])
def test_attach_document_refuses_a_name_the_settings_do_not_ask(comp, tmp_path, document, words):
    with_screening(comp)
    errors = refused(comp, "entry", "attach", "K002", pdf(tmp_path / "x.pdf"), "--document", document)  # K002: not tik
    assert len(errors) == 1 and words in errors[0], errors


def test_a_manifest_with_a_hidden_character_in_a_document_label_is_refused_by_check(comp, tmp_path):
    with_screening(comp)
    complete(comp, tmp_path, "K001", True)
    p = comp / "attachments" / "K001" / "manifest.toml"
    p.write_text(p.read_text().replace('document = "Video"', 'document = "Vid\\u202eeo"'))
    r = run("-d", comp, "check")
    assert r.code == 1 and "manifest.toml" in r.err


# -- the administrative round -----------------------------------------------------------------------
def test_round_1_waits_for_the_screening_and_takes_only_the_entries_it_passed(screened, tmp_path):
    d = screened
    st = run("-d", d, "status", "--json").json()
    assert [(r["number"], r["state"]) for r in st["rounds"][:2]] == [(0, "open"), (1, "pending")]
    assert "screen stop|pass" in st["next"]
    errors = refused(d, "score", "--round", "1", "K001", "--judge", "J1", *SCORE)
    assert errors and "round 0" in errors[0] and "advance --round 0" in errors[0], errors
    # four entries lack documents: the close names them and the ways on
    errors = refused(d, "advance", "--round", "0")
    assert len(errors) == 1
    for words in ("K017", "K020", "krenova screen stop K017 --reason TEXT", "--incomplete", "krenova screen pass K017 --reason TEXT"):
        assert words in errors[0], (words, errors)
    assert run("-d", d, "screen", "stop", "K018", "--reason", "Proposal tidak sesuai format").code == 0
    r = run("-d", d, "screen", "pass", "K019", "--reason", "Surat pengantar diserahkan langsung")
    assert r.code == 0, r.err
    r = run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap")
    assert r.code == 0 and "K017, K020" in r.err, r.err  # the two left without a decision
    r = run("-d", d, "advance", "--round", "0", "--json")
    assert r.code == 0, r.err
    got = r.json()
    assert got["stopped"] == {"K017": "Berkas tidak lengkap", "K018": "Proposal tidak sesuai format",
                              "K020": "Berkas tidak lengkap"}
    assert got["passed"] == [f"K{i:03d}" for i in range(1, 17)] + ["K019"]
    record = json.loads((d / "screening.json").read_text())
    assert record["passed_reasons"] == {"K019": "Surat pengantar diserahkan langsung"}
    assert record["ledger_head"]["seq"] == ledger(d)[-2]["seq"]
    assert ledger(d)[-1]["action"] == "advance" and ledger(d)[-1]["target"] == "round-0"
    st = run("-d", d, "status", "--json").json()
    assert [(r["number"], r["state"], r["advancing"]) for r in st["rounds"][:2]] == [(0, "closed", 17), (1, "open", None)]
    assert st["rounds"][1]["entries"] == 17
    listed = {x["id"]: x["status"] for x in run("-d", d, "entry", "list", "--json").json()}
    assert listed["K017"] == "stopped in administrative screening" and listed["K001"] == "active in round 1"
    errors = refused(d, "score", "--round", "1", "K017", "--judge", "J1", *SCORE)
    assert errors and "K017" in errors[0]
    score_all(d, 1, lambda e, j, c: 70 + int(e[1:]) % 20, tmp_path)
    r = run("-d", d, "advance", "--round", "1", "--include-ties")
    assert r.code == 0, r.err
    assert set(json.loads((d / "rounds" / "round-1.json").read_text())["entries"]) == set(got["passed"])
    assert run("-d", d, "check").code == 0


def test_passing_an_incomplete_entry_needs_a_reason_and_stopping_always_does(screened):
    errors = refused(screened, "screen", "pass", "K017")
    assert len(errors) == 1 and "K017 lacks Proposal" in errors[0] and "--reason" in errors[0], errors
    errors = refused(screened, "screen", "stop", "K001")
    assert len(errors) == 1 and "--reason" in errors[0]
    assert run("-d", screened, "screen", "pass", "K001").code == 0  # complete: passes without a word
    errors = refused(screened, "screen", "stop", "K999", "--reason", "x")
    assert errors and "K999" in errors[0]


def test_a_decision_can_be_taken_back_while_the_screening_is_open(screened):
    assert run("-d", screened, "screen", "stop", "K001", "--reason", "Salah kategori").code == 0
    assert 'decision = "stop"' in (screened / "entries" / "K001.toml").read_text()
    r = run("-d", screened, "screen", "undo", "K001")
    assert r.code == 0, r.err
    assert "screening" not in (screened / "entries" / "K001.toml").read_text()
    assert refused(screened, "screen", "undo", "K001")


def test_a_closed_screening_locks_its_decisions_registration_and_settings_until_reopened(screened, tmp_path):
    d = screened
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    assert run("-d", d, "advance", "--round", "0").code == 0
    for args in (["screen", "pass", "K017", "--reason", "x"], ["screen", "stop", "K001", "--reason", "x"], ["screen", "undo", "K017"]):
        errors = refused(d, *args)
        assert len(errors) == 1 and "krenova reopen --round 0 --reason TEXT" in errors[0], errors
    errors = refused(d, "entry", "add", "--title", "Baru", "--institution", "Dinas Baru", "--type", "OPD", "--category", "tik")
    assert errors and "registration is closed" in errors[0] and "reopen --round 0" in errors[0]
    errors = refused(d, "settings", "set", "screening.round", "false")
    assert len(errors) == 1 and "reopen --round 0" in errors[0], errors
    errors = refused(d, "advance", "--round", "0")
    assert errors and "closed" in errors[0]
    # the way out leads out: reopen, change, close again
    r = run("-d", d, "reopen", "--round", "0", "--reason", "Berkas K017 ternyata lengkap")
    assert r.code == 0, r.err
    assert not (d / "screening.json").exists()
    assert run("-d", d, "screen", "pass", "K017", "--reason", "Berkas dikirim lewat surel").code == 0
    assert run("-d", d, "advance", "--round", "0").code == 0
    assert "K017" in json.loads((d / "screening.json").read_text())["passed"]
    assert run("-d", d, "check").code == 0


def test_the_screening_cannot_reopen_once_round_1_has_scores(screened, tmp_path):
    d = screened
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    assert run("-d", d, "advance", "--round", "0").code == 0
    r = run("-d", d, "score", "--round", "1", "K001", "--judge", "J1", *SCORE)
    assert r.code == 0, r.err
    errors = refused(d, "reopen", "--round", "0", "--reason", "x")
    assert errors and "round 1 already has scores" in errors[0]
    errors = refused(d, "settings", "set", "screening.round", "false")
    assert errors and "can no longer reopen" in errors[0]


def test_a_hand_edit_of_the_documents_under_a_closed_screening_is_adopted_only_with_reopen(screened):
    d = screened
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    assert run("-d", d, "advance", "--round", "0").code == 0
    p = d / "competition.toml"
    p.write_text(p.read_text().replace('name = "Video"', 'name = "Video profil"'))
    errors = refused(d, "adopt", "competition.toml", "--reason", "nama dokumen")
    assert errors and "--reopen" in errors[0] and "screening.documents" in errors[0], errors
    r = run("-d", d, "adopt", "competition.toml", "--reopen", "--reason", "nama dokumen")
    assert r.code == 0, r.err
    assert not (d / "screening.json").exists()
    assert run("-d", d, "check").code == 0


def test_check_finds_a_decision_or_a_record_edited_after_the_close(screened):
    d = screened
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    assert run("-d", d, "advance", "--round", "0").code == 0
    p = d / "entries" / "K017.toml"
    p.write_text("\n".join(line for line in p.read_text().splitlines() if not line.startswith(("decision", "reason", "[screening]"))) + "\n")
    errors = refused(d, "adopt", "entries/K017.toml", "--reason", "lolos")
    assert errors and "entries/K017.toml" in errors[0] and "screening" in errors[0], errors
    r = run("-d", d, "check")
    assert r.code == 1 and "entries/K017.toml" in r.err


def test_a_competition_without_a_screening_round_refuses_round_0_and_runs_as_before(comp):
    errors = refused(comp, "advance", "--round", "0")
    assert len(errors) == 1 and "screening.round true" in errors[0]
    errors = refused(comp, "screen", "stop", "K001", "--reason", "x")
    assert errors and "no administrative screening" in errors[0]
    assert run("-d", comp, "status", "--json").json()["rounds"][0]["number"] == 1
    errors = refused(comp, "advance", "--round", "0", "--prefer", "K001", "--reason", "x")
    assert errors


def test_turning_the_screening_on_after_round_1_began_is_refused(comp, tmp_path):
    score_all(comp, 1, lambda e, j, c: 80, tmp_path)
    errors = refused(comp, "settings", "set", "screening.round", "true")
    assert len(errors) == 1 and "round 1 has begun" in errors[0], errors


# -- the minutes --------------------------------------------------------------------------------------
def test_the_minutes_of_round_0_are_the_berita_acara_seleksi_administrasi(screened, tmp_path, monkeypatch):
    d = screened
    assert run("-d", d, "screen", "pass", "K019", "--reason", "Surat pengantar diserahkan langsung").code == 0
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    errors = refused(d, "letters", "minutes", "--round", "0", "--format", "html", "-o", tmp_path / "none")
    assert errors and "advance --round 0" in errors[0]
    assert run("-d", d, "advance", "--round", "0").code == 0
    out = tmp_path / "out"
    r = run("-d", d, "letters", "minutes", "--round", "0", "--format", "html", "-o", out)
    assert r.code == 0, r.err
    import html
    import re

    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (out / "minutes-round-0.html").read_text())).split())
    for words in ("Berita Acara", "Seleksi Administrasi", "Surat pengantar kepala OPD",
                  "Inovasi yang lolos seleksi administrasi : 17 inovasi", "tidak lolos seleksi administrasi : 3 inovasi",
                  "K017", "Berkas tidak lengkap", "Surat pengantar diserahkan langsung", "Kode buku log"):
        assert words in text, (words, text[:2000])
    # closed in the folder on 17 August (the test clock), after round 1 started on 15 May: the Berita Acara
    # precedes round 1's papers, dated the day before it (the newcomer's was dated after Penilaian I)
    assert "(14-05-2017)" in text and "(17-08-2017)" not in text, text[:1500]
    # numbered and coded like every paper; `letters minutes` alone gives it with the rounds' minutes
    register = (d / "letters.toml").read_text()
    assert 'key = "minutes/0"' in register
    code = re.search(r"Kode verifikasi\s*:?\s*([0-9A-Z]{10})", text)
    assert code, text[-800:]
    v = run("-d", d, "verify", code.group(1), "--json")
    assert v.code == 0 and v.json()["status"] == "valid", v.out
    r = run("-d", d, "reopen", "--round", "0", "--reason", "dibuka lagi")
    assert r.code == 0
    v = run("-d", d, "verify", code.group(1), "--json")
    assert v.json()["status"] == "revoked", v.out


def test_an_entry_withdraws_during_the_screening_and_is_not_screened(screened):
    d = screened
    r = run("-d", d, "entry", "withdraw", "K018", "--reason", "Mengundurkan diri atas permintaan OPD")
    assert r.code == 0, r.err
    errors = refused(d, "screen", "pass", "K018", "--reason", "x")
    assert errors and "withdrew" in errors[0]
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    got = run("-d", d, "advance", "--round", "0", "--json").json()
    assert "K018" not in got["passed"] and "K018" not in got["stopped"]
    assert "K018" not in json.loads((d / "screening.json").read_text())["entries"]
    assert run("-d", d, "check").code == 0


def test_score_and_judge_retire_without_a_round_name_the_screening_while_it_is_open(screened):
    errors = refused(screened, "score", "K001", "--judge", "J1", *SCORE)
    assert errors and "advance --round 0" in errors[0], errors
    r = run("-d", screened, "judge", "retire", "J3", "--reason", "Tugas dinas")
    assert r.code == 0, r.err
    assert "round = 1" in (screened / "judges.toml").read_text()


def test_an_entry_the_closed_screening_names_is_not_removed(screened):
    d = screened
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    assert run("-d", d, "advance", "--round", "0").code == 0
    errors = refused(d, "entry", "remove", "K017", "--reason", "Terdaftar dua kali")
    assert errors and "reopen --round 0" in errors[0], errors
