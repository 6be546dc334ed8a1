"""Issue 27 part 6: an entry's proposal for the national competition, one text per section of the outline.

The sections come from `[sinovik]` in the settings; each is an optional import column (headed by the
section's id or by its name, as the call's form heads it) and `entry add/edit --proposal SECTION=TEXT`.
Each text is free text under the one rule of every text: bounded, no bidirectional or control character,
refused at write naming the column or option, nothing changed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import run, tree_hash


@pytest.fixture
def comp(tmp_path) -> Path:
    d = tmp_path / "c"
    assert run("init", d).code == 0
    return d


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _proposal(d: Path, entry: str) -> dict:
    return run("-d", d, "entry", "show", entry, "--json").json().get("proposal", {})


def test_section_columns_by_id_or_by_name_are_imported(comp, tmp_path):
    path = _csv(tmp_path / "e.csv", [
        ["judul", "instansi", "jenis", "kategori", "Ringkasan", "latar_belakang", "Kebaruan/Nilai Tambah", "sumber-daya"],
        ["Lapor Cepat", "Dinas Kesehatan", "OPD", "tik", "Layanan aduan satu pintu.", "Aduan  tersebar\ndi lima kanal.", "", "Tiga petugas."],
    ])
    r = run("-d", comp, "entry", "import", path)
    assert r.code == 0, r.err
    assert _proposal(comp, "K001") == {"ringkasan": "Layanan aduan satu pintu.", "latar-belakang": "Aduan tersebar\ndi lima kanal.",
                                       "sumber-daya": "Tiga petugas."}  # an empty cell is no section
    assert "[proposal]" in (comp / "entries" / "K001.toml").read_text()


def test_an_update_gives_the_sections_of_its_columns_and_keeps_the_others(comp, tmp_path):
    assert run("-d", comp, "entry", "add", "--title", "Lapor Cepat", "--institution", "Dinas Kesehatan", "--type", "OPD",
               "--category", "tik", "--proposal", "ringkasan=Layanan aduan.", "--proposal", "Signifikansi=Aduan selesai 2 hari.").code == 0
    path = _csv(tmp_path / "u.csv", [["id", "ringkasan"], ["K001", "Layanan aduan satu pintu."]])
    r = run("-d", comp, "entry", "import", path, "--update")
    assert r.code == 0, r.err
    assert _proposal(comp, "K001") == {"ringkasan": "Layanan aduan satu pintu.", "signifikansi": "Aduan selesai 2 hari."}


def test_an_unknown_column_names_the_section_columns_the_import_takes(comp, tmp_path):
    path = _csv(tmp_path / "e.csv", [["judul", "instansi", "jenis", "kategori", "Ringkasn"], ["A", "B", "OPD", "tik", "x"]])
    before = tree_hash(comp)
    r = run("-d", comp, "entry", "import", path)
    assert r.code == 1 and tree_hash(comp) == before
    assert "'Ringkasn' (nearest: ringkasan)" in r.err and "latar-belakang/latar belakang/latar belakang dan tujuan" in r.err, r.err


@pytest.mark.parametrize("text,words", [("x" * 10_001, "10000"), ("Aduan \u202e terbalik", "U+202E"),
                                        ("Aduan \x07 bunyi", "U+0007")])
def test_a_section_text_out_of_bounds_is_refused_naming_its_column(comp, tmp_path, text, words):
    path = _csv(tmp_path / "e.csv", [["judul", "instansi", "jenis", "kategori", "Latar Belakang dan Tujuan"],
                                     ["Lapor Cepat", "Dinas Kesehatan", "OPD", "tik", text]])
    before = tree_hash(comp)
    r = run("-d", comp, "entry", "import", path)
    assert r.code == 1 and tree_hash(comp) == before
    assert len(r.errors) == 1 and "Latar Belakang dan Tujuan" in r.errors[0] and words in r.errors[0], r.errors


def test_entry_edit_proposal_writes_removes_and_counts_words(comp):
    assert run("-d", comp, "entry", "add", "--title", "Lapor Cepat", "--institution", "Dinas Kesehatan", "--type", "OPD",
               "--category", "tik").code == 0
    r = run("-d", comp, "entry", "edit", "K001", "--proposal", "latar belakang dan tujuan=Aduan tersebar di lima kanal.")
    assert r.code == 0, r.err
    assert "K001 proposal latar-belakang: 0 -> 5 words" in r.err, r.err
    assert _proposal(comp, "K001") == {"latar-belakang": "Aduan tersebar di lima kanal."}
    r = run("-d", comp, "entry", "edit", "K001", "--proposal", "latar-belakang=")
    assert r.code == 0 and _proposal(comp, "K001") == {}, r.err
    assert "[proposal]" not in (comp / "entries" / "K001.toml").read_text()
    assert run("-d", comp, "check").code == 0


@pytest.mark.parametrize("argv,code,words", [
    (["--proposal", "tujuan=Aduan cepat."], 1, "'tujuan' is not a section of the proposal outline"),
    (["--proposal", "Aduan cepat."], 2, "give SECTION=TEXT"),
    (["--proposal", "ringkasan=" + "x" * 10_001], 1, "10000"),
    (["--proposal", "ringkasan=Aduan \u202e"], 1, "U+202E"),
])
def test_a_bad_proposal_option_is_one_line_and_changes_nothing(comp, argv, code, words):
    assert run("-d", comp, "entry", "add", "--title", "Lapor Cepat", "--institution", "Dinas Kesehatan", "--type", "OPD",
               "--category", "tik").code == 0
    before = tree_hash(comp)
    r = run("-d", comp, "entry", "edit", "K001", *argv)
    assert r.code == code and tree_hash(comp) == before, r.err
    assert words in r.err and "--proposal" in r.err and "Traceback" not in r.err, r.err


def test_the_entry_template_asks_for_each_section_of_the_outline(comp, tmp_path):
    import openpyxl

    assert run("-d", comp, "entry", "template", tmp_path / "t.xlsx").code == 0
    headers = [c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx")["Peserta"][3]]
    assert headers[-8:] == ["Ringkasan", "Latar Belakang dan Tujuan", "Kebaruan/Nilai Tambah", "Implementasi Inovasi",
                            "Signifikansi", "Adaptabilitas", "Sumber Daya", "Strategi Keberlanjutan"]


def test_an_edit_of_the_proposal_after_the_awards_needs_no_reason(comp, tmp_path):
    """The proposal is drafting material, not what a paper's facts hold (identity-free)."""
    from krenova_cli.usecases.entries import IDENTITY_FIELDS
    from krenova_cli.documents.verification import ENTRY_OUTSIDE_FACTS, IDENTITY

    assert "proposal" not in IDENTITY_FIELDS and "proposal" not in IDENTITY and "proposal" in ENTRY_OUTSIDE_FACTS


def test_entry_show_says_how_far_the_proposal_is(comp):
    long = " ".join(["kata"] * 201)
    assert run("-d", comp, "entry", "add", "--title", "Lapor Cepat", "--institution", "Dinas Kesehatan", "--type", "OPD",
               "--category", "tik", "--proposal", f"ringkasan={long}", "--proposal", "kebaruan=Pertama.").code == 0
    r = run("-d", comp, "entry", "show", "K001")
    assert r.code == 0, r.err
    assert ("Proposal: 2 of 8 sections filled in; empty: Latar Belakang dan Tujuan, Implementasi Inovasi, Signifikansi, "
            "Adaptabilitas, Sumber Daya, Strategi Keberlanjutan; Ringkasan has 201 words (at most 200)") in r.out, r.out


def test_the_outline_is_set_like_any_setting_and_its_weights_add_up_to_100(comp):
    before = (comp / "competition.toml").read_text()
    r = run("-d", comp, "settings", "set", "sinovik.sections.1.max_words", "150")
    assert r.code == 0 and "written afresh" not in r.err, r.err  # a targeted edit: the preset's comments stay
    after = (comp / "competition.toml").read_text()
    assert len(after.splitlines()) == len(before.splitlines()) and "max_words = 150" in after
    assert run("-d", comp, "settings", "show", "--json").json()["sinovik"]["sections"][0]["max_words"] == 150
    before = tree_hash(comp)
    r = run("-d", comp, "settings", "set", "sinovik.sections.5.weight", "25")
    assert r.code == 1 and tree_hash(comp) == before
    assert r.errors == ["Error: sinovik.sections.5.weight: the weights of the [sinovik] sections add up to 95; they must add "
                        "up to 100 (to move weight from one section to another, change both in competition.toml, then "
                        "`krenova adopt competition.toml --reason TEXT`)"], r.errors


def test_a_criterion_a_section_is_fed_by_is_removed_by_following_the_advice(comp):
    before = tree_hash(comp)
    r = run("-d", comp, "settings", "remove", "criteria.2")  # efektivitas feeds Signifikansi (the city's preset says so)
    assert r.code == 1 and tree_hash(comp) == before
    assert r.errors == ["Error: criteria.2: the SINOVIK draft's section 'signifikansi' is fed by criterion 'efektivitas'; take "
                        "it out first: `krenova settings set sinovik.sections.5.criteria '[\"kemanfaatan\"]'`"], r.errors
    assert run("-d", comp, "settings", "set", "sinovik.sections.5.criteria", '["kemanfaatan"]').code == 0
    r = run("-d", comp, "settings", "remove", "criteria.2")
    assert r.code == 0, r.err
    assert run("-d", comp, "check").code == 0
