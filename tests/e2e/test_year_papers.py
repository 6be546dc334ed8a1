"""The papers of the year (issue 27 part 5): the call for proposals, the announcement of each shortlist,
the invitation of the finalists to the awards ceremony, a feedback letter to each participant. Each is
numbered in the letter register and carries a verification code that `verify FILE` reads back; the
announcement lists the entries in the round record's decided order; a feedback letter never names a judge.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, pdf_ready, run, score_all, tree_hash

needs_pdf = pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing")
JUDGES = {"J1": "Prof. Dr. Sutrisno Hadinoto", "J2": "Dr. Ir. Ratna Kusumawati", "J3": "Drs. Bambang Haryanto"}
STRONG = "Gagasan orisinal dan belum pernah diterapkan di daerah lain"
WEAK = "Dokumentasi prosedur belum memadai untuk direplikasi"
NOTE = "Perlu data capaian tiga tahun terakhir"
INSTITUTIONS = {5: "Dinas Kesehatan", 9: "Dinas Kesehatan", 12: "Kecamatan Magelang Utara"}


def value(e: str, j: str, c: str, n: int) -> int:
    """A ranking unlike the id order (K007 first, then K014, ...); K005 strong on kebaruan, weak on replikasi."""
    i = int(e[1:])
    base = 55 + (i * 7) % 20 + (n % 2)
    if e == "K005":
        base += {"kebaruan": 12, "replikasi": -12}.get(c, 0)
    return base + (1 if j == "J1" else 0)


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> Path:
    """The magelang preset with 20 entries and 3 judges through six rounds and the awards; judges' comments
    on K005 in round 6 (the finalists') and on K020 in round 1; the call's and the ceremony's settings."""
    import os

    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    base = tmp_path_factory.mktemp("year")
    d = base / "comp"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"]
    for i in range(1, 21):
        lines.append(f"K{i:03d},Inovasi Layanan {i},{INSTITUTIONS.get(i, f'Dinas {i}')},OPD,tik")
    (base / "e.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", base / "e.csv").code == 0
    (base / "j.csv").write_text("id,nama,instansi\n" + "".join(f'{j},"{name}",Universitas Tidar\n' for j, name in JUDGES.items()))
    assert run("-d", d, "judge", "import", base / "j.csv").code == 0
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c, n=n: value(e, j, c, n), base)
        if n == 1:
            r = run("-d", d, "score", "K020", "--round", "1", "--judge", "J2", "--replace",
                    *[f"{c}={value('K020', 'J2', c, 1)}" for c in CRITERIA], "--comment", NOTE)
            assert r.code == 0, r.err
        if n == 6:
            for j in JUDGES:
                r = run("-d", d, "score", "K005", "--round", "6", "--judge", j, "--replace",
                        *[f"{c}={value('K005', j, c, 6)}" for c in CRITERIA], "--comment", NOTE,
                        "--criterion-comment", f"kebaruan={STRONG}", "--criterion-comment", f"replikasi={WEAK}")
                assert r.code == 0, r.err
        r = run("-d", d, "advance", "--round", n)
        assert r.code == 0, r.err
    assert run("-d", d, "awards").code == 0
    for key, val in (("call.deadline", "2017-05-12"), ("call.submit_to", "Sekretariat Krenova, Gedung Balitbang Lantai 2"),
                     ("call.contact", "Sdr. Wahyu, telepon 0293-362001"), ("ceremony.venue", "Pendopo Pengabdian Kota Magelang"),
                     ("ceremony.time", "19.00 WIB s.d. selesai"),
                     ("call.required_documents", '["Proposal inovasi", "Surat pengantar kepala instansi"]')):
        r = run("-d", d, "settings", "set", key, val)
        assert r.code == 0, (key, r.err)
    return d


def _copy(d: Path, tmp_path: Path) -> Path:
    target = tmp_path / "c"
    shutil.copytree(d, target)
    return target


def _text(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())


def _letters(d: Path, kind: str, out: Path, *more: str) -> list[Path]:
    r = run("-d", d, "letters", kind, "--format", "pdf", "-o", out, *more)
    assert r.code == 0, r.err
    return sorted(out.glob("*.pdf"))


def _verified(d: Path, pdf: Path) -> dict:
    r = run("-d", d, "verify", pdf, "--json")
    assert r.code == 0, (pdf.name, r.out, r.err)
    answers = r.json()
    answers = answers if isinstance(answers, list) else [answers]
    assert answers and all(a["status"] == "valid" and not a.get("differs") for a in answers), (pdf.name, answers)
    return answers[0]


@needs_pdf
def test_the_call_states_categories_weights_timeline_documents_and_where_to_submit(year, tmp_path):
    d = _copy(year, tmp_path)
    [pdf] = _letters(d, "call", tmp_path / "o")
    text = _text(pdf)
    for words in ("Undangan Keikutsertaan Krenova OPD BUMD Kota Magelang 2017", "Yth. Pimpinan Organisasi Perangkat Daerah",
                  "Tata kelola pemerintahan", "Pelayanan langsung kepada masyarakat",
                  "Kebaruan 25", "Kemudahan replikasi 15", "12 Mei 2017", "15 Mei 2017 s.d. 9 Juni 2017",
                  "8 Agustus 2017 s.d. 14 Agustus 2017", "Penganugerahan 17 Agustus 2017", "Proposal inovasi",
                  "Surat pengantar kepala instansi", "Sekretariat Krenova, Gedung Balitbang Lantai 2",
                  "Sdr. Wahyu, telepon 0293-362001", "Nomor : 070/", "Sifat : Penting", "Lampiran"):
        assert words in text, words
    assert "Proposal inovasi sesuai sistematika" not in text  # the settings' list replaces the usual one
    facts = _verified(d, pdf)
    assert facts["kind"] == "call" and facts["date"] == "2017-04-12"  # a month before the deadline
    # a moved deadline revokes the call (its code stood for the old date)
    assert run("-d", d, "settings", "set", "call.deadline", "2017-05-10").code == 0
    r = run("-d", d, "verify", facts["code"], "--json")
    assert r.json()[0]["status"] == "revoked" if isinstance(r.json(), list) else r.json()["status"] == "revoked"


def test_without_a_deadline_the_call_takes_the_day_before_round_one_and_refuses_without_either(year, tmp_path):
    from krenova_cli.documents.builders import documents
    from krenova_cli.store.datafolder import Store

    d = _copy(year, tmp_path)
    toml = d / "competition.toml"
    toml.write_text(toml.read_text().replace("deadline = 2017-05-12\n", ""))
    assert run("-d", d, "adopt", "competition.toml", "--reason", "tenggat mengikuti jadwal").code == 0
    [doc] = documents(Store(d).load(), "call")
    assert doc["deadline"].isoformat() == "2017-05-14"
    toml.write_text(toml.read_text().replace("start = 2017-05-15\n", "", 1))
    assert run("-d", d, "adopt", "competition.toml", "--reason", "jadwal belum pasti").code == 0
    before = tree_hash(d)
    r = run("-d", d, "letters", "call")
    assert r.code == 1 and "call.deadline" in r.errors[0], r.err
    assert tree_hash(d) == before


@needs_pdf
def test_each_shortlist_is_announced_in_the_decided_order_with_its_date_and_signatory(year, tmp_path):
    from krenova_cli.store.datafolder import Store

    d = _copy(year, tmp_path)
    files = _letters(d, "announcement", tmp_path / "o")
    assert [f.name for f in files] == ["announcement-round-4.pdf", "announcement-round-6.pdf"]  # the rounds with a cutoff
    state = Store(d).load()
    for n, pdf in ((4, files[0]), (6, files[1])):
        rec = state.records[n]
        decided = [r.entry_id for r in rec.decided_standings() if rec.advances(r.entry_id)]
        assert decided != sorted(decided)  # the test means something: the ranking is not the id order
        text = _text(pdf)
        at = [text.index(f" {e} ") for e in decided]
        assert at == sorted(at), (n, decided)
        out = [r.entry_id for r in rec.standings if not rec.advances(r.entry_id)]
        assert not any(f" {e} Inovasi" in text for e in out), n
        assert f"Lolos {rec.cutoff} Besar" in text or f"LOLOS {rec.cutoff} BESAR" in text.upper()
        assert "Kepala Badan Penelitian dan Pengembangan Kota Magelang" in text
        facts = _verified(d, pdf)
        assert facts["entry_id"] == ", ".join(decided)
    assert "Penilaian V" in _text(files[0]) and "1 Agustus 2017" in _text(files[0])  # the round that follows
    assert "31 Juli 2017" in _text(files[0])  # dated the day the round ended


def test_a_round_without_a_cutoff_has_no_announcement(year, tmp_path):
    d = _copy(year, tmp_path)
    before = tree_hash(d)
    r = run("-d", d, "letters", "announcement", "--round", "3")
    assert r.code == 1 and "no cutoff" in r.errors[0] and "4, 6" in r.errors[0], r.err
    assert tree_hash(d) == before


@needs_pdf
def test_the_finalists_institutions_are_invited_to_the_ceremony(year, tmp_path):
    from krenova_cli.store.datafolder import Store

    d = _copy(year, tmp_path)
    state = Store(d).load()
    finalists = list(state.records[6].advancing)
    files = _letters(d, "ceremony-invitation", tmp_path / "o")
    institutions = {state.entries[e].institution for e in finalists}
    assert len(files) == len(institutions)
    seen = set()
    for pdf in files:
        text = _text(pdf)
        for words in ("Undangan Malam Penganugerahan", "Kamis, 17 Agustus 2017", "Pendopo Pengabdian Kota Magelang",
                      "19.00 WIB s.d. selesai", "5 Besar", "WALI KOTA MAGELANG"):
            assert words in text, (pdf.name, words)
        named = {e for e in finalists if f"Inovasi Layanan {int(e[1:])} " in text + " "}
        seen |= named
        inst = {state.entries[e].institution for e in named}
        assert len(inst) == 1 and f"Yth. Kepala {inst.pop()}" in text, pdf.name
        facts = _verified(d, pdf)
        assert set(facts["entry_id"].split(", ")) == named
    assert seen == set(finalists)
    # the ceremony's place is a fact: moved, the invitations are revoked
    assert run("-d", d, "settings", "set", "ceremony.venue", "Gedung Wiworo Wiji Pinilih").code == 0
    r = run("-d", d, "verify", files[0], "--json")
    assert r.code == 1 or any(a["status"] != "valid" for a in (r.json() if isinstance(r.json(), list) else [r.json()]))


def test_no_invitation_without_the_ceremonys_place(year, tmp_path):
    d = _copy(year, tmp_path)
    toml = d / "competition.toml"
    toml.write_text(toml.read_text().replace('venue = "Pendopo Pengabdian Kota Magelang"', 'venue = ""'))
    assert run("-d", d, "adopt", "competition.toml", "--reason", "tempat belum pasti").code == 0
    before = tree_hash(d)
    r = run("-d", d, "letters", "ceremony-invitation")
    assert r.code == 1 and "ceremony.venue" in r.errors[0], r.err
    assert tree_hash(d) == before


@needs_pdf
def test_feedback_gives_the_round_reached_strengths_and_suggestions_and_never_names_a_judge(year, tmp_path):
    d = _copy(year, tmp_path)
    files = _letters(d, "feedback", tmp_path / "o")
    assert len(files) == 20
    for pdf in files:
        text = _text(pdf)
        for j, name in JUDGES.items():
            assert name not in text and name.split()[-1] not in text and f" {j} " not in f" {text} ", (pdf.name, j)
    k5 = _text(tmp_path / "o" / "feedback-K005.pdf")
    assert "Penilaian VI (tahap VI dari VI)" in k5
    strengths, suggestions = k5.index("2. Kekuatan inovasi"), k5.index("3. Saran perbaikan")
    assert strengths < k5.index(STRONG) < suggestions < k5.index(WEAK)
    assert k5.count(STRONG) == 1 and k5.count(NOTE) == 1  # three judges said it: said once
    assert "Kebaruan" in k5[strengths:suggestions] and "Kemudahan replikasi" in k5[suggestions:]
    k20 = _text(tmp_path / "o" / "feedback-K020.pdf")
    assert NOTE in k20 and "Penilaian" in k20 and "Peserta" in k20
    _verified(d, tmp_path / "o" / "feedback-K005.pdf")


def test_feedback_facts_hold_the_comments(year, tmp_path):
    """A comment changed after the letter was numbered: the letter states other facts (its code is revoked)."""
    from krenova_cli.documents.builders import documents
    from krenova_cli.documents.verification import facts_of
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.paper_inputs import load_for

    d = _copy(year, tmp_path)
    store = Store(d)
    state = load_for(store, store.load(rounds=()), "feedback", [1, 2, 3, 4, 5, 6])
    [doc] = [x for x in documents(state, "feedback") if x["entry"]["id"] == "K005"]
    assert doc["strengths"] == [{"criterion": "Kebaruan", "criterion_id": "kebaruan", "text": STRONG}]
    assert doc["suggestions"] == [{"criterion": "Kemudahan replikasi", "criterion_id": "replikasi", "text": WEAK}]
    before = facts_of(doc | {"number": "1"})
    from dataclasses import replace

    said = {"comment": "Catatan lain", "criteria": {"kebaruan": STRONG, "replikasi": WEAK}}
    state = replace(state, comments={**state.comments, 6: {"K005": {"J1": said}}})
    [doc] = [x for x in documents(state, "feedback") if x["entry"]["id"] == "K005"]
    assert facts_of(doc | {"number": "1"})["content"] != before["content"]


@needs_pdf
@pytest.mark.parametrize("kind,words", [("call", "Call for proposals"), ("announcement", "Announcement"),
                                        ("ceremony-invitation", "Invitation to the awards ceremony"),
                                        ("feedback", "Strengths")])
def test_the_english_papers(year, tmp_path, kind, words):
    d = _copy(year, tmp_path)
    assert run("-d", d, "settings", "set", "competition.locale", "en").code == 0
    files = _letters(d, kind, tmp_path / "o")
    text = _text(files[0])
    assert words.lower() in text.lower() and "Yth." not in text and "Nomor" not in text
    _verified(d, files[0])


def test_a_deadline_of_another_year_is_named_and_moved_with_the_others(year, tmp_path):
    d = _copy(year, tmp_path)
    assert run("-d", d, "settings", "set", "call.deadline", "2016-05-12").code == 0
    r = run("-d", d, "status")
    assert "call.deadline 2016-05-12" in r.err, r.err
    before = tree_hash(d)
    r = run("-d", d, "letters", "call")
    assert r.code == 1 and "call.deadline 2016-05-12" in r.errors[0], r.err
    assert tree_hash(d) == before
    assert run("-d", d, "settings", "set", "competition.year", "2017", "--move-dates").code == 0
    assert "deadline = 2017-05-12" in (d / "competition.toml").read_text()


def _code(html: Path) -> str:
    import re

    return re.search(r'<span class="vcode">([0-9A-Z]{10})</span>', html.read_text()).group(1)


def test_feedback_numbered_before_the_awards_is_revoked_by_them_naming_the_decision(year, tmp_path):
    d = _copy(year, tmp_path)
    assert run("-d", d, "awards", "--undo", "--reason", "periksa ulang").code == 0
    assert run("-d", d, "letters", "feedback", "-o", tmp_path / "o").code == 0
    code = _code(tmp_path / "o" / "feedback-K007.html")  # the first of the ranking: a prize place once decided
    assert run("-d", d, "awards").code == 0
    r = run("-d", d, "verify", code, "--json")
    assert r.json()["status"] == "revoked" and r.json()["revoked_by"]["action"] == "awards", r.out


def test_a_name_outside_the_facts_keeps_the_papers_valid_and_a_fact_revokes_them_naming_the_change(year, tmp_path):
    """The organiser's or a criterion's name may be corrected without revoking a paper (as for the other kinds);
    the deadline and the place of the ceremony are facts: verify names the change."""
    d = _copy(year, tmp_path)
    codes = {}
    for kind in ("call", "ceremony-invitation", "feedback", "announcement"):
        assert run("-d", d, "letters", kind, "-o", tmp_path / kind).code == 0
        codes[kind] = _code(sorted((tmp_path / kind).glob("*.html"))[0])
    for key, val in (("competition.organiser", "Badan Riset dan Inovasi Daerah Kota Magelang"), ("criteria.1.name", "Kebaruan Gagasan"),
                     ("competition.phone", "(0293) 362001")):
        assert run("-d", d, "settings", "set", key, val).code == 0, key
    for kind, code in codes.items():
        assert run("-d", d, "verify", code, "--json").json()["status"] == "valid", kind
    assert run("-d", d, "settings", "set", "ceremony.venue", "Gedung Wiworo Wiji Pinilih").code == 0
    seq = run("-d", d, "log", "--json").json()[-1]["seq"]
    r = run("-d", d, "verify", codes["ceremony-invitation"], "--json").json()
    assert r["status"] == "revoked" and r["revoked_by"]["seq"] == seq, r
    assert run("-d", d, "verify", codes["call"], "--json").json()["status"] == "valid"


def test_the_kinds_answer_to_their_indonesian_names(year, tmp_path):
    d = _copy(year, tmp_path)
    for alias, kind in (("undangan-keikutsertaan", "call"), ("pengumuman", "announcement"),
                        ("undangan-penganugerahan", "ceremony-invitation"), ("catatan-juri", "feedback")):
        r = run("-d", d, "letters", alias, "-o", tmp_path / alias)
        assert r.code == 0, (alias, r.err)
        assert all(p.name.startswith(kind + "-") or p.stem == kind for p in (tmp_path / alias).glob("*.html")), alias


def test_every_kind_may_have_its_own_agenda_book():
    """`[letters.KIND]` accepts every registered kind (the schema's list follows the registry)."""
    from krenova_cli.documents.builders import KINDS
    from krenova_cli.store.schema import PAPER_KINDS

    assert set(PAPER_KINDS) == set(KINDS)


def test_a_feedback_letter_never_files_a_comment_under_a_heading_its_table_contradicts(year, tmp_path):
    """The newcomer's finding: a round-1 comment on Kebaruan sat under "Kekuatan" while the letter's table (the
    round reached) marked Kebaruan below the round's mean. Every criterion comment, of any round, is sorted by
    the table the letter shows, and one of an earlier round names that round."""
    from dataclasses import replace

    from krenova_cli.documents.builders import documents
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.paper_inputs import load_for

    store = Store(_copy(year, tmp_path))
    state = load_for(store, store.load(rounds=()), "feedback", [1, 2, 3, 4, 5, 6])
    crits = [c.id for c in state.competition.criteria_for(1)]
    said = {e: {"comment": "", "criteria": {c: f"catatan {c} babak satu" for c in crits}} for e in state.entries}
    state = replace(state, comments={**state.comments, 1: {"J1": said}})
    checked = 0
    for doc in documents(state, "feedback"):
        above = {r["id"] for r in doc["criteria"] if r["above"]}
        below = {r["id"] for r in doc["criteria"] if not r["above"]}
        for s in doc["strengths"]:
            assert s["criterion_id"] not in below, (doc["entry"]["id"], s)
        for s in doc["suggestions"]:
            assert s["criterion_id"] not in above, (doc["entry"]["id"], s)
        if doc["reached"] != 1:
            assert all("(" in s["criterion"] for s in doc["strengths"] + doc["suggestions"] if "babak satu" in s["text"])
        checked += len(doc["strengths"]) + len(doc["suggestions"])
    assert checked > 20
