"""Issue 24 item 1: a value accepted when written is never refused when read.

Every free-text option of every command that writes is given a 400-character value, a value
holding a bidirectional control (U+202E) and one holding a control character (U+0007). Each
call either is refused (exit 1, the folder byte-identical) or succeeds, and then `check`,
`status`, `standings` and `entry list` all succeed on the folder it left.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run, score_all, tree_hash

LONG = ("Alasan yang sangat panjang " * 20)[:400]
VALUES = {"long": LONG, "bidi": "Dinas \u202eKesehatan", "control": "Dinas \x07Kesehatan"}


def _hand_edit(d: Path) -> None:
    p = d / "competition.toml"
    p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def _assign(d: Path) -> None:
    assert run("-d", d, "assign", "--round", "1", "--per-entry", "3", "--seed", "1").code == 0
    assert run("-d", d, "judge", "add", "--id", "J4", "--name", "Juri Empat").code == 0




def _screening(d: Path) -> None:
    """An administrative screening with one required document (issue 27 part 2)."""
    p = d / "competition.toml"
    p.write_text(p.read_text(encoding="utf-8") + '\n[screening]\nround = true\n\n[[screening.documents]]\nname = "Proposal"\n',
                 encoding="utf-8")
    assert run("-d", d, "adopt", "competition.toml", "--reason", "seleksi administrasi").code == 0
    (d.parent / "p.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")


def _screened(d: Path) -> None:
    _screening(d)
    assert run("-d", d, "screen", "stop", "--incomplete", "--reason", "Berkas tidak lengkap").code == 0
    assert run("-d", d, "advance", "--round", "0").code == 0


# (name, base state, preparation, argv with {v} where the value goes)
OPEN = [
    ("entry add --title", None, ["entry", "add", "--title", "{v}", "--institution", "Dinas X", "--type", "OPD", "--category", "tik"]),
    ("entry add --institution", None, ["entry", "add", "--title", "Judul Baru", "--institution", "{v}", "--type", "OPD",
                                       "--category", "tik"]),
    *[(f"entry add --{f}", None, ["entry", "add", "--title", "Judul Baru", "--institution", "Dinas X", "--type", "OPD",
                                  "--category", "tik", f"--{f}", "{v}"])
      for f in ("contact", "phone", "email", "description", "region")],
    *[(f"entry edit --{f}", None, ["entry", "edit", "K001", f"--{f}", "{v}"])
      for f in ("title", "institution", "contact", "phone", "email", "description", "region")],
    # the entry's proposal, one text per section of the outline (issue 27 part 6)
    ("entry add --proposal", None, ["entry", "add", "--title", "Judul Baru", "--institution", "Dinas X", "--type", "OPD",
                                    "--category", "tik", "--proposal", "ringkasan={v}"]),
    ("entry edit --proposal", None, ["entry", "edit", "K001", "--proposal", "latar-belakang={v}"]),
    ("entry withdraw --reason", None, ["entry", "withdraw", "K007", "--reason", "{v}"]),
    ("entry withdraw --disqualify --reason", None, ["entry", "withdraw", "K007", "--disqualify", "--reason", "{v}"]),
    ("entry remove --reason", None, ["entry", "remove", "K007", "--reason", "{v}"]),
    ("judge add --name", None, ["judge", "add", "--name", "{v}"]),
    *[(f"judge add --{f}", None, ["judge", "add", "--name", "Juri Empat", f"--{f}", "{v}"])
      for f in ("position", "affiliation", "email", "conflict-institution", "conflict-region")],
    *[(f"judge edit --{f}", None, ["judge", "edit", "J1", f"--{f}", "{v}"]) for f in ("name", "position", "affiliation", "email")],
    ("judge remove --reason", None, ["judge", "remove", "J3", "--reason", "{v}"]),
    ("adopt --reason", _hand_edit, ["adopt", "competition.toml", "--reason", "{v}"]),
    ("assign --replace-judge --reason", _assign, ["assign", "--round", "1", "--replace-judge", "J1", "--by", "J4",
                                                  "--from-entry", "K002", "--reason", "{v}"]),
    ("screen stop --reason", _screening, ["screen", "stop", "K007", "--reason", "{v}"]),
    ("screen pass --reason", _screening, ["screen", "pass", "K007", "--reason", "{v}"]),
    ("screen stop --incomplete --reason", _screening, ["screen", "stop", "--incomplete", "--reason", "{v}"]),
    ("reopen --round 0 --reason", _screened, ["reopen", "--round", "0", "--reason", "{v}"]),
    ("entry attach --document", _screening, ["entry", "attach", "K007", "p.pdf", "--document", "{v}"]),
]
SETTING_KEYS = [
    "competition.name", "competition.organiser", "competition.organiser_short", "competition.government",
    "competition.city", "competition.address", "competition.award_place", "competition.national_competition",
    "competition.phone", "competition.email", "competition.website", "competition.postal_code",
    "signatory.name", "signatory.title", "signatory.nip", "signatory.rank",
    "categories.1.name", "categories.1.description", "entity_types.1.name", "entity_types.1.description",
    "criteria.1.name", "rounds.1.name", "prizes.1.title",
    "call.submit_to", "call.contact", "ceremony.venue", "ceremony.time",
]
OPEN += [(f"settings set {key}", None, ["settings", "set", key, "{v}"]) for key in SETTING_KEYS]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    from tests.conftest import comp as _comp  # noqa: F401  (the same competition as the `comp` fixture)

    tmp = tmp_path_factory.mktemp("one-reader")
    d = tmp / "comp"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"]
    cats = ["tata-kelola", "tik", "kesejahteraan-sosial", "pelayanan-langsung"]
    for i in range(1, 21):
        lines.append(f"K{i:03d},Inovasi {i},Dinas {i},OPD,{cats[i % 4]}")
    (tmp / "entries.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp / "entries.csv").code == 0
    (tmp / "judges.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UNS\nJ3,Juri Tiga,UGM\n")
    assert run("-d", d, "judge", "import", tmp / "judges.csv").code == 0
    return d


def _holds(d: Path, argv: list[str]) -> None:
    before = tree_hash(d)
    r = run("-d", d, *argv)
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    if r.code != 0:
        assert r.code == 1, (r.code, r.err)
        assert len(r.errors) >= 1, r.err
        assert tree_hash(d) == before, f"{argv[:3]} was refused but changed the folder"
        return
    for read in (["check"], ["status"], ["standings", "--round", "1"], ["entry", "list"]):
        after = run("-d", d, *read)
        assert after.code == 0, f"{argv[:3]} exited 0, then `{' '.join(read)}` exited {after.code}: {after.err[:600]}"


@pytest.mark.parametrize("kind", list(VALUES))
@pytest.mark.parametrize("name,prepare,argv", OPEN, ids=[c[0] for c in OPEN])
def test_every_free_text_option_is_refused_at_write_or_read_back(base, tmp_path, name, prepare, argv, kind):
    d = tmp_path / "c"
    shutil.copytree(base, d)
    if prepare is not None:
        prepare(d)
    _holds(d, [a.replace("{v}", VALUES[kind]) for a in argv])


def test_a_337_character_disqualification_reason_is_one_error_naming_the_field_and_the_limit(base, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(base, d)
    before = tree_hash(d)
    r = run("-d", d, "entry", "withdraw", "K007", "--disqualify", "--reason", "x" * 337)
    assert r.code == 1, r.err
    assert tree_hash(d) == before
    assert len(r.errors) == 1, r.err
    assert "reason" in r.errors[0] and "300" in r.errors[0], r.errors


# -- the reasons of decisions (stored in round records, the awards, the register and the ledger) ------
@pytest.fixture(scope="module")
def closed(tmp_path_factory) -> Path:
    """Round 1 scored with a tie at rank 15 (K015 and K016 equal), nothing closed yet."""
    tmp = tmp_path_factory.mktemp("closed")
    d = tmp / "comp"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"]
    for i in range(1, 21):
        lines.append(f"K{i:03d},Inovasi {i},Dinas {i},OPD,tik")
    (tmp / "entries.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp / "entries.csv").code == 0
    (tmp / "judges.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UNS\nJ3,Juri Tiga,UGM\n")
    assert run("-d", d, "judge", "import", tmp / "judges.csv").code == 0
    assert run("-d", d, "settings", "set", "rounds.1.advance_top", "15").code == 0
    score_all(d, 1, lambda e, j, c: 90 - min(int(e[1:]), 15), tmp)
    return d


def _advance_plain(d: Path) -> None:
    r = run("-d", d, "advance", "--round", "1", "--include-ties")
    assert r.code == 0, r.err


def _a_judge_more(d: Path) -> None:  # every judge scores every entry: the new one's scores are missing
    assert run("-d", d, "judge", "add", "--id", "J4", "--name", "Juri Empat").code == 0


DECISIONS = [
    ("advance --allow-missing --reason", _a_judge_more, ["advance", "--round", "1", "--include-ties", "--allow-missing",
                                                         "--reason", "{v}"]),
    ("advance --prefer --reason", None, ["advance", "--round", "1", "--prefer", "K015", "--reason", "{v}"]),
    ("reopen --reason", _advance_plain, ["reopen", "--round", "1", "--reason", "{v}"]),
    ("score --note", None, ["score", "K001", "--judge", "J1", "--replace", "kebaruan=50", "efektivitas=50", "kemanfaatan=50",
                            "replikasi=50", "keberlanjutan=50", "--note", "{v}"]),
]


@pytest.mark.parametrize("kind", list(VALUES))
@pytest.mark.parametrize("name,prepare,argv", DECISIONS, ids=[c[0] for c in DECISIONS])
def test_every_reason_of_a_decision_is_refused_at_write_or_read_back(closed, tmp_path, name, prepare, argv, kind):
    d = tmp_path / "c"
    shutil.copytree(closed, d)
    if prepare is not None:
        prepare(d)
    _holds(d, [a.replace("{v}", VALUES[kind]) for a in argv])


# -- reasons kept only in the ledger, the round records and the register obey the same rule -------------
REASON_CASES = [c for c in OPEN + DECISIONS if "--reason" in c[0] or "--note" in c[0]]


@pytest.mark.parametrize("kind", ["bidi", "control", "long"])
@pytest.mark.parametrize("name,prepare,argv", REASON_CASES, ids=[c[0] for c in REASON_CASES])
def test_a_reason_with_hidden_characters_or_past_300_is_refused_naming_the_option(base, closed, tmp_path, name, prepare, argv, kind):
    d = tmp_path / "c"
    shutil.copytree(closed if (name, prepare, argv) in DECISIONS else base, d)
    if prepare is not None:
        prepare(d)
    before = tree_hash(d)
    r = run("-d", d, *[a.replace("{v}", VALUES[kind]) for a in argv])
    assert r.code == 1, (name, r.code, r.err)
    assert tree_hash(d) == before
    assert len(r.errors) == 1, r.err
    line = r.errors[0]
    assert ("--reason" in line or "--note" in line), line
    assert {"long": "300", "bidi": "U+202E", "control": "U+0007"}[kind] in line, line


# -- the reasons of the awards and the register --------------------------------------------------------
@pytest.fixture(scope="module")
def awarded(tmp_path_factory) -> Path:
    """Six rounds closed, the awards decided, the award letters numbered."""
    tmp = tmp_path_factory.mktemp("awarded")
    d = tmp / "comp"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"] + [f"K{i:03d},Inovasi {i},Dinas {i},OPD,tik" for i in range(1, 21)]
    (tmp / "entries.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp / "entries.csv").code == 0
    (tmp / "judges.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UNS\nJ3,Juri Tiga,UGM\n")
    assert run("-d", d, "judge", "import", tmp / "judges.csv").code == 0
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c: 100 - int(e[1:]), tmp)
        assert run("-d", d, "advance", "--round", n).code == 0
    assert run("-d", d, "awards").code == 0
    r = run("-d", d, "letters", "award", "--format", "html", "-o", tmp / "papers")
    assert r.code == 0, r.err
    return d


AWARDED = [
    ("awards --undo --reason", ["awards", "--undo", "--reason", "{v}"]),
    ("awards --redo --reason", ["awards", "--redo", "--reason", "{v}"]),
    ("letters --renumber --reason", ["letters", "award", "--format", "html", "--renumber", "--reason", "{v}", "-o", "{out}"]),
]


@pytest.mark.parametrize("kind", list(VALUES))
@pytest.mark.parametrize("name,argv", AWARDED, ids=[c[0] for c in AWARDED])
def test_every_reason_after_the_awards_is_refused_at_write_naming_the_option(awarded, tmp_path, name, argv, kind):
    d = tmp_path / "c"
    shutil.copytree(awarded, d)
    argv = [a.replace("{v}", VALUES[kind]).replace("{out}", str(tmp_path / "out")) for a in argv]
    before = tree_hash(d)
    r = run("-d", d, *argv)
    if r.code == 0:  # `awards --redo` deciding what is decided already: nothing recorded, no reason kept
        assert tree_hash(d) == before, (name, r.err)
        return
    assert r.code == 1 and tree_hash(d) == before, (name, r.code, r.err)
    assert len(r.errors) == 1 and "--reason" in r.errors[0], r.errors
    assert {"long": "300", "bidi": "U+202E", "control": "U+0007"}[kind] in r.errors[0], r.errors
    ok = run("-d", d, *[a if a != VALUES[kind] else "alasan yang wajar" for a in argv])
    assert ok.code == 0, (name, ok.err)  # the same change with a plain reason goes through


# -- every free-text column of an import ----------------------------------------------------------------
def _import_cases():
    from krenova_cli.spreadsheets.import_columns import ENTRY_HEADERS, JUDGE_HEADERS

    from krenova_cli.core.model import KIPP_SECTIONS

    plain = {"id", "entity_type", "category", "year_started", "conflicts"}
    entry = sorted({f for f in ENTRY_HEADERS.values() if f not in plain})
    entry += [s.id for s in KIPP_SECTIONS]  # the proposal's sections, each its own column (by its id)
    judge = sorted({f for f in JUDGE_HEADERS.values() if f not in plain})
    return [("entry", f) for f in entry] + [("judge", f) for f in judge]


IMPORTS = _import_cases()


@pytest.mark.parametrize("kind", list(VALUES))
@pytest.mark.parametrize("what,field", IMPORTS, ids=[f"{w} import {f}" for w, f in IMPORTS])
def test_every_free_text_column_of_an_import_is_refused_or_read_back(base, tmp_path, what, field, kind):
    import csv

    d = tmp_path / "c"
    shutil.copytree(base, d)
    if what == "entry":
        row = {"id": "K100", "title": "Judul Impor", "institution": "Dinas Impor", "entity_type": "OPD", "category": "tik"}
    else:
        row = {"id": "J9", "name": "Juri Impor"}
    row[field] = VALUES[kind]
    path = tmp_path / f"{what}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(list(row))
        w.writerow(list(row.values()))
    _holds(d, [what, "import", str(path)])


# -- the references a change touches, as `check` judges them -------------------------------------------
REFERENCES = [
    ("settings set categories.2.id", ["settings", "set", "categories.2.id", "xyz"]),
    ("settings set entity_types.1.id", ["settings", "set", "entity_types.1.id", "ABC"]),
    ("judge edit --add-conflict", ["judge", "edit", "J1", "--add-conflict", "K001"]),
    ("entry edit --category", ["entry", "edit", "K001", "--category", "tik"]),
]


@pytest.mark.parametrize("name,argv", REFERENCES, ids=[c[0] for c in REFERENCES])
def test_a_change_never_leaves_a_reference_that_check_refuses(base, tmp_path, name, argv):
    d = tmp_path / "c"
    shutil.copytree(base, d)
    _holds(d, argv)


def test_an_orphaning_settings_change_is_one_short_refusal(base, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(base, d)
    before = tree_hash(d)
    r = run("-d", d, "settings", "set", "categories.2.id", "xyz")
    assert r.code == 1 and tree_hash(d) == before, r.err
    assert len(r.errors) == 1, r.errors  # the settings' own refusal, before the commit's read-back would list entries
    assert r.errors[0].startswith("Error: categories.2.id: 5 entries name categories 'tik' (K001, K005"), r.errors
    assert "settings set categories.2.name" in r.errors[0] and "entry edit ID --category" in r.errors[0]
