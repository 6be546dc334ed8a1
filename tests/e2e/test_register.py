"""Issue 24 items 4, 5, 7 and 11, issue 25 item 8, issue 26 item 8: the letter register only grows,
every paper has its own file, a failed `letters` run leaves no paper behind, templates are bounded,
papers are dated and numbered per kind, revoked papers are moved aside."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import pdf_ready, run, score_all, tree_hash

KINDS = ("award", "certificate", "nomination", "minutes", "awards-minutes", "decree", "judge-recap",
         "call", "announcement", "ceremony-invitation", "feedback", "sinovik-draft")
needs_pdf = pytest.mark.skipif(not pdf_ready(), reason="WeasyPrint's Pango/HarfBuzz or poppler-utils missing")


def refused(d, *args):
    before = tree_hash(d)
    r = run("-d", d, *args)
    assert r.code == 1, (r.code, r.out, r.err)
    assert tree_hash(d) == before, "a refused command changed the directory"
    assert "Traceback" not in r.err
    return r.errors


def decided(comp, rounds=range(1, 7)):
    for n in rounds:
        score_all(comp, n, lambda e, j, c: 100 - int(e[1:]))
        r = run("-d", comp, "advance", "--round", n)
        assert r.code == 0, (n, r.err)
    r = run("-d", comp, "awards")
    assert r.code == 0, r.err
    r = run("-d", comp, "settings", "set", "ceremony.venue", "Pendopo Pengabdian Kota Magelang")  # the invitations' place
    assert r.code == 0, r.err
    return comp


@pytest.fixture
def done(comp):
    return decided(comp)


def letters(d, kind, *more, out=None, fmt="html"):
    out = out or d.parent / f"out-{kind}"
    extra = ("--for", "participants") if kind == "certificate" and "--for" not in more else ()
    r = run("-d", d, "letters", kind, "-o", out, "--format", fmt, *extra, *more)
    assert r.code == 0, r.err
    return out


def register(d) -> dict:
    return tomllib.loads((d / "letters.toml").read_text())


def drop_rows(d, prefix: str) -> None:
    """Remove every [[letter]] row (and its [[code]] rows) whose key starts with prefix, as a hand edit would."""
    import tomli_w

    data = register(d)
    data["letter"] = [r for r in data["letter"] if not r["key"].startswith(prefix)]
    data["code"] = [r for r in data.get("code", []) if not r["key"].startswith(prefix)]
    (d / "letters.toml").write_bytes(tomli_w.dumps(data).encode())


# -- issue 24 item 4: the register is append-only ---------------------------------------------------

def test_adopt_refuses_a_register_with_rows_removed_or_changed(done):
    letters(done, "award")
    letters(done, "decree")
    original = (done / "letters.toml").read_bytes()
    drop_rows(done, "decree/")
    errors = refused(done, "adopt", "letters.toml", "--reason", "tidy")
    assert any("removed or changed by hand" in e and "--renumber --reason" in e and "restore letters.toml" in e
               for e in errors), errors
    assert any("code" in e and "no longer in the register" in e for e in errors), errors
    # a row changed (its number) is refused as well
    (done / "letters.toml").write_bytes(original.replace(b'/001/', b'/901/', 1))
    errors = refused(done, "adopt", "letters.toml", "--reason", "tidy")
    assert any("removed or changed by hand" in e for e in errors), errors
    # the way out named: restoring the file from krenova's copy leads out, and so does --renumber
    hint = [e for e in errors if "krenova keeps a copy" in e]
    assert len(hint) == 1, errors
    copy = re.search(r"copy (\S+) over letters.toml", hint[0]).group(1)
    (done / "letters.toml").write_bytes((done / copy).read_bytes())
    assert (done / "letters.toml").read_bytes() == original
    assert run("-d", done, "check").code == 0
    r = run("-d", done, "letters", "decree", "-o", done.parent / "o2", "--renumber", "--reason", "nomor salah")
    assert r.code == 0, r.err
    assert run("-d", done, "check").code == 0


def test_check_finds_a_number_given_twice_and_a_code_lost(done, monkeypatch):
    from krenova_cli.store import letter_register

    out = letters(done, "award")
    award_codes = {r["code"] for r in register(done)["letter"] if r["key"].startswith("award/")}
    drop_rows(done, "award/")
    with monkeypatch.context() as m:  # the adopt of the old code, which took the removal in
        m.setattr(letter_register, "lost_rows", lambda *a, **k: [], raising=False)
        r = run("-d", done, "adopt", "letters.toml", "--reason", "hapus")
        assert r.code == 0, r.err
    letters(done, "decree")  # numbered again from the first free sequence: a printed number given again
    numbers = [r["number"] for r in register(done)["letter"]]
    r = run("-d", done, "check")
    assert r.code == 1
    assert any("was given to two papers" in e and "award/1/K001" in e and "decree/" in e for e in r.errors), r.err
    assert sum("is no longer in the register" in e for e in r.errors) >= len(award_codes), r.err
    assert numbers  # the register itself still reads


def test_check_is_ok_after_ordinary_numbering_codes_and_renumbering(done):
    for kind in KINDS:
        letters(done, kind)
    r = run("-d", done, "letters", "award", "-o", done.parent / "x", "--renumber", "--reason", "nomor salah")
    assert r.code == 0, r.err
    assert run("-d", done, "awards", "--undo", "--reason", "rapat ulang").code == 0
    assert run("-d", done, "awards").code == 0
    letters(done, "award")
    r = run("-d", done, "check")
    assert r.code == 0, r.err


# -- issue 24 item 5: every paper its own file ------------------------------------------------------

LONG = "Badan Perencanaan Pembangunan Daerah Penelitian dan Pengembangan Kota Magelang Bidang "
COLLIDING = ["Dinas P.U. Kota Magelang", "Dinas P U Kota Magelang", "Dinas P.U Kota Magelang", "DINAS P.U. KOTA MAGELANG!",
             LONG + "Ekonomi", LONG + "Sosial", LONG + "Fisik"]


@pytest.fixture
def colliding(tmp_path):
    """Twenty entries whose institutions differ only in punctuation or after sixty characters, judges
    with one name, six rounds closed, the awards decided."""
    import csv

    d = tmp_path / "comp"
    assert run("init", d).code == 0
    with open(tmp_path / "e.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "judul", "instansi", "jenis", "kategori"])
        for i in range(1, 21):
            inst = COLLIDING[i - 1] if i <= len(COLLIDING) else f"Kelurahan {i}"
            w.writerow([f"K{i:03d}", f"Inovasi nomor {i}", inst, "OPD", "tik"])
    r = run("-d", d, "entry", "import", tmp_path / "e.csv")
    assert r.code == 0, r.err
    (tmp_path / "j.csv").write_text("id,nama,instansi\nJ1,Juri Sama,Universitas Tidar\nJ2,Juri Sama,UGM\nJ3,Juri Sama,UNDIP\n")
    r = run("-d", d, "judge", "import", tmp_path / "j.csv")
    assert r.code == 0, r.err
    return decided(d)


def codes_in(path: Path) -> list[str]:
    return re.findall(r'<span class="vcode">([0-9A-Z]{10})</span>', path.read_text())


def test_every_paper_of_every_kind_has_its_own_file_and_a_valid_code(colliding):
    from krenova_cli.store.datafolder import Store
    from krenova_cli.documents import builders

    for kind in KINDS:
        out = letters(colliding, kind)
        files = sorted(out.glob("*.html"))
        rows = [r for r in register(colliding)["letter"] if r["key"].split("/")[0] == kind]
        annexes = [f for f in files if f.stem.endswith("-lampiran")]
        assert len(files) - len(annexes) == len(rows), (kind, [f.name for f in files], [r["key"] for r in rows])
        codes = {c for f in files for c in codes_in(f)}
        assert codes == {r["code"] for r in rows}, kind
        for code in codes:
            r = run("-d", colliding, "verify", code, "--json")
            assert r.code == 0 and r.json()["status"] == "valid", (kind, code, r.out, r.err)
    state = Store(colliding).load()
    # one letter per institution, the names compared as the conflicts compare them: names that slug alike but
    # are other institutions (cut after 60 characters) get their own letters; "Dinas P.U." and "Dinas P U"
    # are one office and get one (the newcomer's year: two letters to one head, two agenda numbers)
    institutions = set(builders._institution_names(list(state.entries.values())).values())
    assert len(institutions) < len({e.institution for e in state.entries.values()})
    assert len(list((colliding.parent / "out-nomination").glob("*.html"))) == len(institutions)
    keys = {d["key"] for d in builders.documents(state, "nomination")}
    assert len(keys) == len(institutions)


def test_a_nomination_numbered_under_the_old_key_keeps_its_number(done, monkeypatch):
    """A register written before file keys (nomination/SLUG) keeps its numbers: each paper whose slug is its
    own keeps the old key, its number and its code."""
    from krenova_cli.documents import builders

    with monkeypatch.context() as m:
        m.setattr(builders, "file_key", builders.slug)
        letters(done, "nomination")
    before = {r["key"]: (r["number"], r["code"]) for r in register(done)["letter"] if r["key"].startswith("nomination/")}
    assert "nomination/dinas-1" in before
    out = letters(done, "nomination", out=done.parent / "again")
    after = {r["key"]: (r["number"], r["code"]) for r in register(done)["letter"] if r["key"].startswith("nomination/")}
    assert after == before
    assert len(list(out.glob("*.html"))) == len(before)
    assert run("-d", done, "check").code == 0


# -- issue 24 item 7: a failed run leaves no paper whose number is unrecorded ------------------------

def _disk_full(*args, **kwargs):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


FORMATS = ["html", pytest.param("pdf", marks=needs_pdf), "docx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_run_that_fails_at_the_register_leaves_no_paper(done, monkeypatch, fmt):
    from krenova_cli.store import letter_register

    for kind in KINDS:
        extra = ("--for", "participants") if kind == "certificate" else ()
        with monkeypatch.context() as m:
            m.setattr(letter_register, "text", _disk_full)
            errors = refused(done, "letters", kind, "--format", fmt, *extra)
        assert errors and "No space left on device" in errors[0], (kind, errors)
        assert not (done / "out" / "letters" / kind).exists(), (kind, list((done / "out" / "letters" / kind).rglob("*")))
        outside = done.parent / f"o-{kind}-{fmt}"
        with monkeypatch.context() as m:
            m.setattr(letter_register, "text", _disk_full)
            r = run("-d", done, "letters", kind, "--format", fmt, "-o", outside, *extra)
        assert r.code == 1 and not outside.exists(), (kind, r.err)


def test_a_run_refused_because_another_numbered_at_the_same_moment_leaves_no_paper(done, monkeypatch):
    from krenova_cli.store import letter_register

    folder = done / "out" / "letters" / "award"
    letters(done, "award", out=folder)  # an earlier run's papers stay as they were
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = letter_register.read_register
    calls = []

    def moved_on(store):  # the second read (inside the transaction) sees another run's number
        calls.append(1)
        got = real(store)
        if len(calls) > 1:
            register = dict(got[0])
            register["x/other"] = letter_register.Numbered("x/other", 999, "999/X", "2017-08-17")
            return register, got[1], got[2]
        return got

    monkeypatch.setattr(letter_register, "read_register", moved_on)
    r = run("-d", done, "letters", "decree")
    assert r.code == 1 and "at the same time" in r.err, r.err
    assert not (done / "out" / "letters" / "decree").exists()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# -- issue 24 item 11: template caps --------------------------------------------------------------

BYPASSES = {
    "center-method": '{{ "x".center(50000000) }}',
    "ljust-method": '{{ "x".ljust(50000000) }}',
    "rjust-method": '{{ "x".rjust(50000000) }}',
    "zfill-method": '{{ "1".zfill(50000000) }}',
    "format-method": '{{ "{:>60000000}".format(1) }}',
    "format-nested-width": '{{ "{:>{}}".format(1, 60000000) }}',
    "format-map": '{{ "{a:>60000000}".format_map({"a": 1}) }}',
    "expandtabs": '{{ ("\t" * 1000).expandtabs(9000) }}',
    "percent-width": '{{ "%60000000s" % "x" }}',
    "percent-star": '{{ "%*s" % (60000000, "x") }}',
    "percent-mapping": '{{ "%(a)60000000s" % {"a": "x"} }}',
    "format-filter": '{{ "%*s"|format(60000000, "x") }}',
    "indent-filter": '{{ "x"|indent(50000000) }}',
    "indent-text": '{{ ("x\n" * 500000)|indent(" " * 900, true) }}',
    "center-filter": '{{ "x"|center(width=50000000) }}',
    "replace": '{{ ("x" * 100000).replace("x", "y" * 100000) }}',
    "replace-filter": '{{ ("x" * 100000)|replace("x", "y" * 100000) }}',
    "join": '{{ "".join(["y" * 1000000] * 3000) }}',
    "join-filter": '{{ (["y" * 1000000] * 3000)|join }}',
    "doubling-tilde": '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}',
    "doubling-plus": '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}',
    "list-doubling": '{% set ns = namespace(l=["x"]) %}{% for i in range(40) %}{% set _ = ns.l.extend(ns.l) %}{% endfor %}{{ ns.l|length }}',
    "macro-output": '{% macro m() %}{% for i in range(100000) %}{{ "y" * 1000000 }}{% endfor %}{% endmacro %}{{ m()|length }}',
    "output": '{% for i in range(100000) %}{{ "y" * 1000000 }}{% endfor %}',
}


@pytest.fixture
def closed(comp):
    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]))
    assert run("-d", comp, "advance", "--round", "1").code == 0
    return comp


@pytest.mark.parametrize("body", list(BYPASSES.values()), ids=list(BYPASSES))
def test_every_way_to_grow_a_text_in_a_template_is_stopped(closed, tmp_path, body):
    import resource
    import time

    (closed / "templates" / "letterhead.html").write_text(body)
    start, peak = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r = run("-d", closed, "letters", "minutes", "--round", "1", "--format", "html", "-o", tmp_path / "docs")
    took = time.monotonic() - start
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert r.code == 1 and r.errors and r.errors[0].startswith("Error: template refused: "), r.err
    assert "Traceback" not in r.err
    assert took < 10 and grew_mb < 500, (took, grew_mb)
    assert not (tmp_path / "docs").exists()


# -- issue 26 item 8: revoked papers are moved aside -------------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_papers_revoked_by_a_decision_are_moved_into_dicabut(done, fmt):
    kinds = ("award", "certificate", "nomination", "awards-minutes", "decree")
    before = {}
    for kind in kinds:
        letters(done, kind, out=done / "out" / "letters" / kind, fmt=fmt)
        before[kind] = sorted(p.name for p in (done / "out" / "letters" / kind).glob(f"*.{fmt}"))
    assert run("-d", done, "awards", "--undo", "--reason", "pemenang didiskualifikasi").code == 0
    r = run("-d", done, "entry", "withdraw", "K001", "--disqualify", "--reason", "plagiat")
    assert r.code == 0, r.err
    assert run("-d", done, "awards").code == 0
    for kind in kinds:
        folder = done / "out" / "letters" / kind
        r = run("-d", done, "letters", kind, "--format", fmt, *(("--for", "participants") if kind == "certificate" else ()))
        assert r.code == 0, r.err
        aside = folder / "dicabut"
        moved = sorted(p.name for p in aside.iterdir())
        assert moved, (kind, r.err)
        lines = [line for line in r.err.splitlines() if "moved to" in line]
        assert len(lines) == 1 and str(aside) in lines[0] and f"{len(moved)} revoked" in lines[0], r.err
        assert "older" not in r.err, r.err  # no paper left behind with only a warning
        # every moved paper is revoked, every paper left in place is valid
        for p in aside.iterdir():
            code = _code(p)
            v = run("-d", done, "verify", code, "--json")
            assert v.json()["status"] == "revoked", (kind, p.name)
        for p in folder.glob(f"*.{fmt}"):
            v = run("-d", done, "verify", _code(p), "--json")
            assert v.json()["status"] == "valid", (kind, p.name)
        # nothing was deleted: each earlier file is in place (rendered again) or aside
        assert set(before[kind]) <= {p.name for p in folder.glob(f"*.{fmt}")} | set(moved)
    certificate_aside = {p.name for p in (done / "out" / "letters" / "certificate" / "dicabut").iterdir()}
    assert f"certificate-K001.{fmt}" in certificate_aside and f"certificate-K002.{fmt}" in certificate_aside
    assert not (done / "out" / "letters" / "certificate" / "dicabut" / f"certificate-K010.{fmt}").exists()
    assert run("-d", done, "check").code == 0


def _code(path: Path) -> str:
    from krenova_cli.usecases.letters import _code_in

    code = _code_in(path)
    assert code, path
    return code


# -- issue 25 item 8: dates and numbers ------------------------------------------------------------

def test_papers_reissued_after_a_decision_are_dated_by_it_and_keep_that_date(done):
    folder = done / "out" / "letters" / "award"
    letters(done, "award", out=folder)
    assert run("-d", done, "awards", "--undo", "--reason", "rapat 25 Agustus").code == 0
    assert run("-d", done, "entry", "withdraw", "K001", "--disqualify", "--reason", "plagiat").code == 0
    assert run("-d", done, "awards").code == 0
    r = run("-d", done, "letters", "award", "--date", "2017-08-25")
    assert r.code == 0, r.err
    rows = {x["key"]: x for x in register(done)["letter"]}
    assert {rows[k]["dated"] for k in ("award/1/K002", "award/2/K003", "award/3/K004")} == {"2017-08-25"}
    html = (folder / "award-1-K002.html").read_text()
    assert "25 Agustus 2017" in html
    # rendered again without --date: the same date, the same code, nothing recorded
    ledger = (done / "ledger.jsonl").read_bytes()
    r = run("-d", done, "letters", "award")
    assert r.code == 0, r.err
    assert (folder / "award-1-K002.html").read_text() == html
    assert (done / "ledger.jsonl").read_bytes() == ledger
    code = re.search(r'<span class="vcode">([0-9A-Z]{10})</span>', html).group(1)
    v = run("-d", done, "verify", code, "--json")
    assert v.json()["status"] == "valid" and v.json()["date"] == "2017-08-25"
    assert run("-d", done, "check").code == 0
    assert refused(done, "letters", "award", "--date", "25-08-2017") == [
        "Error: --date '25-08-2017': give a date as YYYY-MM-DD, e.g. 2017-08-25"]


def test_a_paper_numbered_after_a_later_dated_one_is_warned(done):
    letters(done, "certificate")  # dated the ceremony
    r = run("-d", done, "letters", "minutes", "--round", "1", "-o", done.parent / "m")
    assert r.code == 0, r.err
    warned = [line for line in r.err.splitlines() if "numbers follow its dates" in line]
    assert len(warned) == 1 and "minutes/1" in warned[0], r.err
    r = run("-d", done, "letters", "decree", "-o", done.parent / "d")  # dated after the minutes: no warning
    assert "numbers follow its dates" not in r.err


def test_a_kind_numbered_in_its_own_agenda_book(done):
    settings = done / "competition.toml"
    settings.write_text(settings.read_text() + '\n[letters.decree]\nnumber = "188.45/{n}/{year}"\nstart = 7\n')
    r = run("-d", done, "adopt", "competition.toml", "--reason", "Keputusan bernomor di Bagian Hukum")
    assert r.code == 0, r.err
    letters(done, "award")
    out = letters(done, "decree")
    letters(done, "nomination")
    rows = {x["key"]: x for x in register(done)["letter"]}
    decree = next(x for k, x in rows.items() if k.startswith("decree/"))
    assert decree["number"] == "188.45/7/2017" and decree["series"] == "decree" and decree["seq"] == 7
    main = sorted(x["seq"] for k, x in rows.items() if not k.startswith("decree/"))
    assert main == list(range(1, len(main) + 1))  # the shared agenda book goes on without a gap
    assert "188.45/7/2017" in (out / "decree.html").read_text()
    r = run("-d", done, "letters", "decree", "-o", done.parent / "x", "--renumber", "--reason", "salah ketik")
    assert r.code == 0, r.err
    again = next(x for x in register(done)["letter"] if x["key"].startswith("decree/"))
    assert again["number"] == "188.45/8/2017"
    assert run("-d", done, "check").code == 0
    settings.write_text(settings.read_text() + '\n[letters.nomor]\nnumber = "{n}"\n')
    errors = refused(done, "adopt", "competition.toml", "--reason", "x")
    assert any("[letters.nomor]: not a kind of paper" in e for e in errors), errors


def test_the_demo_numbers_its_papers_in_date_order(tmp_path):
    r = run("demo", tmp_path / "d", "--format", "html")
    assert r.code == 0, r.err
    rows = sorted(register(tmp_path / "d")["letter"], key=lambda x: (x.get("series", ""), x["seq"]))
    late = [(a["key"], a["date"], b["key"], b["date"]) for a, b in zip(rows, rows[1:])
            if a.get("series", "") == b.get("series", "") and b["date"] < a["date"]]
    assert late == []
    assert [x["key"] for x in rows[:3]] == ["call/2017", "minutes/0", "minutes/1"]  # the call, the screening, round 1
    assert rows[0]["number"].startswith("070/001/")
    assert "numbers follow its dates" not in r.err


def test_settings_set_gives_a_kind_its_own_agenda_book(comp):
    r = run("-d", comp, "settings", "set", "letters.minutes.number", "005/{n:03d}/BA/{year}")
    assert r.code == 0, r.err
    assert run("-d", comp, "settings", "set", "letters.minutes.start", "40").code == 0
    text = (comp / "competition.toml").read_text()
    assert '[letters.minutes]\nnumber = "005/{n:03d}/BA/{year}"\nstart = 40' in text
    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]))
    assert run("-d", comp, "advance", "--round", "1").code == 0
    out = letters(comp, "minutes")
    assert register(comp)["letter"][0]["number"] == "005/040/BA/2017"
    assert "005/040/BA/2017" in (out / "minutes-round-1.html").read_text()
    errors = refused(comp, "settings", "set", "letters.minutes.number", "{year}")
    assert errors, errors
    assert run("-d", comp, "check").code == 0
