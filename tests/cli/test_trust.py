"""Issue 12, "every promise holds under attack": each finding as a regression test.

Planted pending markers, files changed outside krenova, a failing disk, links and special files,
the clock, the outside anchor, sync-conflict copies and forked ledgers.
"""

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, run, score_all, tree_hash

FULL = [f"{c}=70" for c in CRITERIA]
ADD = ["entry", "add", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"]


def plant_marker(d: Path, files: dict, chain: bool = True) -> dict:
    """A marker as an attacker would write it: a record that verifies and chains to the head."""
    from krenova_cli.store import ledger

    head, _ = ledger.read_head(d / "ledger.jsonl")
    if not chain:
        head = ledger.Head(head.seq, "f" * 64)
    digests = {rel: None if c is None else ledger.sha256(c.encode()) for rel, c in files.items()}
    record = ledger.make_record(head, "2017-08-17T10:00:00Z", "x", "entry.add", "K999", None, None, digests)
    (d / ".krenova-pending.json").write_text(json.dumps({"record": record, "files": files}))
    return record


@pytest.mark.parametrize("files", [{"../x": "pwned"}, {"/tmp/krenova-victim": None}, {"entries/../../x": "pwned"},
                                   {"ledger.jsonl": "forged\n"}])
@pytest.mark.parametrize("command", [["status"], ["check"], ADD])
def test_a_planted_marker_writes_and_deletes_nothing(comp, tmp_path, files, command):
    victim = Path("/tmp/krenova-victim")
    victim.write_text("keep me")
    plant_marker(comp, files)
    before = tree_hash(tmp_path)
    r = run("-d", comp, *command)
    assert r.code == 1
    assert r.errors[0].startswith("Error: .krenova-pending.json: the pending change names"), r.errors
    assert tree_hash(tmp_path) == before
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("content, why", [("garbage", "damaged (not JSON)"), ("{}", "damaged (not a record and its files)"),
                                          ('{"record": null, "files": null}', "damaged (its record does not verify)")])
def test_a_damaged_marker_is_one_error_not_an_internal_error(comp, content, why):
    (comp / ".krenova-pending.json").write_text(content)
    before = tree_hash(comp)
    for command in (["status"], ["check"], ADD):
        r = run("-d", comp, *command)
        assert r.code == 1 and "internal error" not in r.err
        assert r.errors[0].startswith(f"Error: .krenova-pending.json: the pending-change marker is {why}; nothing was applied")
    assert tree_hash(comp) == before


def test_a_marker_that_does_not_chain_is_refused(comp):
    plant_marker(comp, {"entries/K099.toml": 'id = "K099"\n'}, chain=False)
    r = run("-d", comp, "status")
    assert r.errors[0].startswith("Error: .krenova-pending.json: an interrupted change does not follow the ledger's last record")
    assert not (comp / "entries" / "K099.toml").exists()


def test_a_marker_through_a_linked_folder_is_refused(comp, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(comp / "assignments")
    (comp / "assignments").symlink_to(outside)
    plant_marker(comp, {"assignments/round-1.toml": "round = 1\n"})
    r = run("-d", comp, "status")
    assert r.errors[0].startswith("Error: .krenova-pending.json: the pending change names assignments: a symbolic link")
    assert list(outside.iterdir()) == []


# -- 2: files changed outside krenova ---------------------------------------------------------

def test_check_names_every_file_changed_deleted_or_added_outside_krenova(comp):
    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]))
    assert run("-d", comp, "advance", "--round", "1").code == 0
    assert run("-d", comp, "check").code == 0
    judges = comp / "judges.toml"
    judges.write_text(judges.read_text().replace("Juri Dua", "Juri Palsu"))
    (comp / "rounds" / "round-1.json").unlink()
    (comp / "entries" / "K003.toml").write_text((comp / "entries" / "K003.toml").read_text().replace("Inovasi 3", "Inovasi Tiga"))
    shutil.copy(comp / "entries" / "K003.toml", comp / "entries" / "K021.toml")
    (comp / "entries" / "K021.toml").write_text((comp / "entries" / "K003.toml").read_text().replace("K003", "K021"))
    r = run("-d", comp, "check")
    assert r.code == 1
    assert "Error: judges.toml: changed outside krenova (last written by ledger record 3)" in r.errors
    assert "Error: entries/K003.toml: changed outside krenova (last written by ledger record 2)" in r.errors
    assert "Error: entries/K021.toml: added outside krenova (no ledger record wrote it)" in r.errors
    assert any(e.startswith("Error: rounds/round-1.json: deleted outside krenova (last written by ledger record") for e in r.errors)


def test_writes_refuse_and_reads_warn_until_the_edit_is_adopted(comp):
    judges = comp / "judges.toml"
    judges.write_text(judges.read_text().replace("Juri Dua", "Juri Kedua"))
    before = tree_hash(comp)
    r = run("-d", comp, *ADD)
    assert r.code == 1 and r.errors[0] == "Error: judges.toml: changed outside krenova (last written by ledger record 3)"
    assert "krenova adopt FILE... --reason TEXT" in r.errors[1]
    assert tree_hash(comp) == before
    r = run("-d", comp, "judge", "list", "--json")
    assert r.code == 0 and "Warning: judges.toml: changed outside krenova" in r.err
    assert run("-d", comp, "adopt", "judges.toml").code == 1  # a reason is required
    r = run("-d", comp, "adopt", "judges.toml", "--reason", "nama juri dibetulkan")
    assert r.code == 0, r.err
    last = run("-d", comp, "log", "--json").json()[-1]
    assert last["action"] == "adopt" and "Juri Kedua" in last["new"]["files"]["judges.toml"]
    assert last["old"]["judges.toml"]["record"] == 3 and last["new"]["reason"] == "nama juri dibetulkan"
    assert run("-d", comp, "check").code == 0
    assert run("-d", comp, *ADD).code == 0


def test_adopt_validates_first(comp):
    p = comp / "entries" / "K002.toml"
    p.write_text(p.read_text().replace('category = "tik"', 'category = "nope"').replace('category = "tata-kelola"', 'category = "nope"')
                 .replace('category = "kesejahteraan-sosial"', 'category = "nope"').replace('category = "pelayanan-langsung"', 'category = "nope"'))
    before = tree_hash(comp)
    r = run("-d", comp, "adopt", "entries/K002.toml", "--reason", "x")
    assert r.code == 1 and r.errors[0].startswith("Error: entries/K002.toml: category: 'nope' is not one of")
    assert tree_hash(comp) == before


def test_a_ledger_cut_to_its_first_lines_is_an_error(comp):
    lines = (comp / "ledger.jsonl").read_text().splitlines()
    (comp / "ledger.jsonl").write_text(lines[0] + "\n")
    r = run("-d", comp, "check")
    assert r.code == 1
    assert "Error: judges.toml: changed outside krenova (last written by ledger record 1)" in r.errors


def test_a_forked_ledger_is_named(comp, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(comp, other)
    assert run("-d", comp, *ADD).code == 0
    assert run("-d", other, *ADD[:3], "Another title", *ADD[4:]).code == 0  # both copies get K021
    mine = (comp / "ledger.jsonl").read_text().splitlines()
    theirs = (other / "ledger.jsonl").read_text().splitlines()
    (comp / "ledger.jsonl").write_text("\n".join(mine + theirs[-1:]) + "\n")  # a naive union merge
    r = run("-d", comp, "check")
    assert any("the ledger was forked" in e for e in r.errors), r.errors


def test_sync_conflict_copies_are_detected_by_every_command(comp):
    shutil.copy(comp / "entries" / "K001.toml", comp / "entries" / "K001 (1).toml")
    for command in (["status"], ["check"], ADD):
        r = run("-d", comp, *command)
        assert r.code == 1
        assert r.errors[0].startswith("Error: entries/K001 (1).toml: a sync-conflict copy: two copies of this folder were changed at once")


# -- 8: a write that fails half way -----------------------------------------------------------

@pytest.mark.parametrize("fail_at", range(0, 5))
def test_a_write_failing_half_way_rolls_back(comp, monkeypatch, fail_at):
    """OSError(ENOSPC) at the k-th low-level write of a commit (marker, files, ledger append):
    exit 1, the tree byte-for-byte unchanged, and nothing applied by the next command."""
    from krenova_cli.store import atomic

    score_all(comp, 1, lambda e, j, c: 60)
    before = tree_hash(comp)
    calls = {"n": 0}
    real_write, real_append = atomic.atomic_write, atomic.append_line

    def failing(real):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == fail_at + 1:
                raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(atomic, "atomic_write", failing(real_write))
    monkeypatch.setattr(atomic, "append_line", failing(real_append))
    r = run("-d", comp, "advance", "--round", "1")
    monkeypatch.setattr(atomic, "atomic_write", real_write)
    monkeypatch.setattr(atomic, "append_line", real_append)
    if calls["n"] <= fail_at:
        pytest.skip("the commit has fewer writes")
    assert r.code == 1, r.err
    assert "No space left on device" in r.errors[0] and "rolled back" in r.errors[0]
    assert tree_hash(comp) == before
    assert run("-d", comp, "status").code == 0
    assert tree_hash(comp) == before  # nothing applied later
    assert run("-d", comp, "check").code == 0


# -- 4: links, devices, FIFOs, hard links -----------------------------------------------------

def _link_ledger(d, tmp):
    real = tmp / "ledger-elsewhere.jsonl"
    shutil.move(d / "ledger.jsonl", real)
    (d / "ledger.jsonl").symlink_to(real)


def _link_entry_to_dev_zero(d, tmp):
    (d / "entries" / "K031.toml").symlink_to("/dev/zero")


def _fifo(d, tmp):
    os.mkfifo(d / "entries" / "K032.toml")


def _hard_link(d, tmp):
    os.link(d / "entries" / "K001.toml", tmp / "K001-alias.toml")


def _link_out(d, tmp):
    shutil.rmtree(d / "out")
    (tmp / "elsewhere").mkdir()
    (d / "out").symlink_to(tmp / "elsewhere")


def _link_templates(d, tmp):
    (d / "templates" / "sys").symlink_to("/etc")


@pytest.mark.parametrize("setup, expected", [
    (_link_ledger, "Error: ledger.jsonl: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    (_link_entry_to_dev_zero, "Error: entries/K031.toml: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    (_fifo, "Error: entries/K032.toml: a FIFO (named pipe); krenova reads only plain files (remove it)"),
    (_hard_link, "Error: entries/K001.toml: a hard link (2 names for one file); a change through another name would bypass the ledger (replace it with a copy)"),
    (_link_out, "Error: out: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    (_link_templates, "Error: templates/sys: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
], ids=["ledger", "dev-zero", "fifo", "hard-link", "out", "templates"])
def test_links_and_special_files_are_refused(comp, tmp_path, setup, expected):
    setup(comp, tmp_path)
    for command in (["status"], ["check"], ADD):
        r = run("-d", comp, *command)
        assert r.code == 1 and r.errors[0] == expected, (command, r.err)


def test_the_folder_itself_may_be_reached_through_a_link(comp, tmp_path):
    (tmp_path / "via").symlink_to(comp)
    assert run("-d", tmp_path / "via", "check").code == 0
    assert run("-d", tmp_path / "via", *ADD).code == 0


# -- 11: the clock ------------------------------------------------------------------------------

def test_the_clock_never_goes_back_and_a_bad_clock_is_one_error(comp, monkeypatch):
    before = tree_hash(comp)
    monkeypatch.setenv("KRENOVA_NOW", "1999-01-01")
    r = run("-d", comp, *ADD)
    assert r.code == 1 and r.errors[0].startswith("Error: the clock says 1999-01-01T00:00:00Z, earlier than the ledger's last record (2017-08-17T10:00:00Z)")
    monkeypatch.setenv("KRENOVA_NOW", "garbage")
    for command in (["status"], ADD):
        r = run("-d", comp, *command)
        assert r.code == 1 and r.errors == ["Error: KRENOVA_NOW: 'garbage' is not an ISO time such as 2017-08-17T10:00:00+00:00; fix it or unset it"]
    assert tree_hash(comp) == before


# -- 3: the outside anchor ----------------------------------------------------------------------

def test_check_anchor_says_whether_the_ledger_still_holds_a_head(comp):
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.check import anchor

    head = anchor(Store(comp))
    assert len(head) == 16 and head == run("-d", comp, "log", "--json").json()[-1]["hash"][:16]
    assert run("-d", comp, *ADD).code == 0
    r = run("-d", comp, "check", "--anchor", head)
    assert r.code == 0 and f"anchor {head}: found, ledger record 3" in r.err
    lines = (comp / "ledger.jsonl").read_text().splitlines()
    (comp / "ledger.jsonl").write_text("\n".join(lines[:2]) + "\n")  # history rewritten after the page was printed
    r = run("-d", comp, "check", "--anchor", head)
    said = [e for e in r.errors if e.startswith(f"Error: anchor {head}: no record of this ledger has this head")]
    assert r.code == 1 and said and "history was rewritten" in said[0], r.errors


# -- 6, 7: Unicode and ids ----------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [                                  ("Dinas Kesehatan", "Dinas Kese\u200bhatan"), ("Dinas Kesehatan", "\uff24\uff49\uff4e\uff41\uff53 Kesehatan"),
                                  ("Dinas Kes\u00e9hatan", "Dinas Kese\u0301hatan"), ("Dinas  Kesehatan", "DINAS KESEHATAN\u00ad")])
def test_names_compare_after_nfkc_format_removal_and_case_folding(a, b):
    from krenova_cli.core.model import in_conflict, normalise_name

    assert normalise_name(a) == normalise_name(b)


def test_a_judge_of_the_same_institution_in_other_unicode_is_in_conflict(comp):
    assert run("-d", comp, "judge", "add", "--name", "Juri", "--id", "J9", "--affiliation", "\uff24inas 5").code == 0
    r = run("-d", comp, "score", "K005", "--round", "1", "--judge", "J9", *FULL)
    assert r.code == 1 and "J9 is in conflict with K005" in r.errors[0]


def test_duplicate_titles_in_other_unicode_are_refused(comp):
    r = run("-d", comp, "entry", "add", "--title", "Inovasi\u200b 3", "--institution", "DINAS 3", "--type", "OPD", "--category", "tik")
    assert r.code == 1 and r.errors[0].startswith("Error: --title: DINAS 3 already has an entry titled")


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\x07", "\x1b"])
def test_bidi_and_control_characters_are_refused_in_text(comp, char):
    r = run("-d", comp, "entry", "add", "--title", f"Abc{char}def", "--institution", "I", "--type", "OPD", "--category", "tik")
    assert r.code == 1 and r.errors[0].startswith(f"Error: --title: contains the ")
    assert f"U+{ord(char):04X}" in r.errors[0]


def test_ids_are_unique_regardless_of_case(comp, tmp_path):
    (tmp_path / "lower.csv").write_text("id,judul,instansi,jenis,kategori\nk001,Lain,Dinas Lain,OPD,tik\n")
    r = run("-d", comp, "entry", "import", tmp_path / "lower.csv")
    assert r.errors == ["Error: lower.csv row 2: id: 'k001' is already used as 'K001' (ids are unique regardless of case)"]
    r = run("-d", comp, "judge", "add", "--name", "X", "--id", "j1")
    assert r.errors == ["Error: --id: judge j1 already exists (as J1: ids are unique regardless of case)"]
    (tmp_path / "j.csv").write_text("id,nama\nJ7,A\nj7,B\n")
    r = run("-d", comp, "judge", "import", tmp_path / "j.csv")
    assert r.errors == ["Error: j.csv row 3: id: 'j7' is already used as 'J7' (ids are unique regardless of case)"]


# -- 9: several files after one --from ---------------------------------------------------------

def _csv(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("entry,judge,criterion,value\n" + "".join(f"{e},{j},{c},{v}\n" for e, j, v in rows for c in CRITERIA))
    return path


def test_several_files_after_one_from_are_recorded_in_one_change(comp, tmp_path):
    a = _csv(tmp_path, "a.csv", [("K003", "J1", 70)])
    b = _csv(tmp_path, "b.csv", [("K004", "J1", 71)])
    c = _csv(tmp_path, "c.csv", [("K005", "J3", 72)])
    records = len(run("-d", comp, "log", "--json").json())
    r = run("-d", comp, "score", "--round", "1", "--from", a, b, c)
    assert r.code == 0, r.err
    log = run("-d", comp, "log", "--json").json()
    assert len(log) == records + 1 and log[-1]["target"] == "a.csv b.csv c.csv"
    assert set(log[-1]["new"]["scores"]) == {"J1", "J3"}


@pytest.mark.parametrize("form", ["one-option", "repeated"])
def test_a_bad_later_file_records_nothing(comp, tmp_path, form):
    a = _csv(tmp_path, "a.csv", [("K003", "J1", 70)])
    b = _csv(tmp_path, "b.csv", [("K004", "J1", 171)])
    before = tree_hash(comp)
    args = ["--from", a, b] if form == "one-option" else ["--from", a, "--from", b]
    r = run("-d", comp, "score", "--round", "1", *args)
    assert r.code == 1 and r.errors[0] == "Error: b.csv row 2: 171 is above the maximum 100 of kebaruan", r.errors
    assert tree_hash(comp) == before


# -- 12: one rounding ----------------------------------------------------------------------------

def test_one_rounding_everywhere_71_315_and_83_535(comp, tmp_path):
    settings = comp / "competition.toml"
    settings.write_text(settings.read_text().replace("step = 1\n", "step = 0.005\n"))
    assert run("-d", comp, "adopt", "competition.toml", "--reason", "nilai sampai tiga desimal").code == 0
    exact = {"K001": "71.315", "K002": "83.535"}  # 14263/200 and 16707/200 exactly
    score_all(comp, 1, lambda e, j, c: exact.get(e, 60), tmp_path)
    rows = {r["entry_id"]: r for r in run("-d", comp, "standings", "--round", "1", "--json").json()["rows"]}
    assert rows["K001"]["ranking_score"] == 71.315 and rows["K002"]["round_score"] == 83.535
    table = run("-d", comp, "standings", "--round", "1").out
    assert "71.32" in table and "83.54" in table and "71.31" not in table and "83.53" not in table
    csv_out = run("-d", comp, "standings", "--round", "1", "--csv").out
    assert ",71.315," in csv_out or ",71.315\n" in csv_out or "71.315" in csv_out
    assert run("-d", comp, "advance", "--round", "1").code == 0
    r = run("-d", comp, "letters", "minutes", "--round", "1", "--format", "html", "-o", tmp_path / "docs")
    assert r.code == 0, r.err
    html = "".join(p.read_text() for p in (tmp_path / "docs").rglob("*.html"))
    assert "71,32" in html and "83,54" in html and "71,31" not in html and "83,53" not in html


# -- 11: CSV safe by default ---------------------------------------------------------------------

def test_csv_outputs_defuse_formulas_unless_raw(comp, tmp_path):
    title = '=HYPERLINK("http://x","klik")'
    assert run("-d", comp, "entry", "add", "--title", title, "--institution", "@Dinas", "--type", "OPD", "--category", "tik").code == 0
    out = run("-d", comp, "entry", "list", "--csv").out
    assert "'=HYPERLINK" in out and "'@Dinas" in out
    assert ',=HYPERLINK' not in out.replace('"', "")
    raw = run("-d", comp, "entry", "list", "--csv", "--raw").out
    assert ",=HYPERLINK" in raw.replace('"', "") or '"=HYPERLINK' in raw
    score_all(comp, 1, lambda e, j, c: 60, tmp_path)
    assert "'=HYPERLINK" in run("-d", comp, "standings", "--round", "1", "--csv").out
    assert run("-d", comp, "export", "--csv", tmp_path / "tables").code == 0
    text = "".join(p.read_text() for p in (tmp_path / "tables").glob("*.csv"))
    assert "'=HYPERLINK" in text and not any(line.startswith("=") or ",=" in line for line in text.splitlines())


# -- 5: untrusted spreadsheets are bounded -------------------------------------------------------

def far_cells_xlsx(path: Path, rows: int = 20002, far: bool = True) -> None:
    """A small workbook declaring A1:XFD20002 with one far cell a row (the attack measured at 65 s and 2.7 GB)."""
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["judul", "instansi", "jenis", "kategori"])
    wb.save(path.with_suffix(".base.xlsx"))
    body = ['<row r="1"><c r="A1" t="inlineStr"><is><t>judul</t></is></c><c r="B1" t="inlineStr"><is><t>instansi</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>jenis</t></is></c><c r="D1" t="inlineStr"><is><t>kategori</t></is></c></row>']
    for r in range(2, rows + 1):
        body.append(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' if far else f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:XFD20002"/><sheetData>' + "".join(body) + "</sheetData></worksheet>")
    with zipfile.ZipFile(path.with_suffix(".base.xlsx")) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info.filename))


def test_a_workbook_with_far_cells_is_refused_within_5_s_and_300_mb(comp, tmp_path):
    far_cells_xlsx(tmp_path / "far.xlsx")
    assert (tmp_path / "far.xlsx").stat().st_size < 10 * 2**20
    code, err, elapsed, peak_mb = _child_run(["-d", str(comp), "entry", "import", str(tmp_path / "far.xlsx")])
    assert code == 1
    assert err.splitlines()[0] == "Error: far.xlsx!XFD2: a cell far outside the table (column 16,384; at most 200); delete it"
    assert elapsed < 5 and peak_mb < 300, (elapsed, peak_mb)


def test_a_formula_in_a_score_cell_is_refused_naming_the_cell(comp, tmp_path):
    import openpyxl

    assert run("-d", comp, "sheets", "--round", "1", "-o", tmp_path / "s").code == 0
    path = tmp_path / "s" / "round-1-J1.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Nilai"] if "Nilai" in wb.sheetnames else wb.worksheets[0]
    from krenova_cli.spreadsheets.score_sheets import FIRST_ROW, FIXED

    col = len(FIXED) + 1
    for j in range(5):
        ws.cell(row=FIRST_ROW, column=col + j, value=70)
    ws.cell(row=FIRST_ROW, column=col, value="=60+10")
    wb.save(path)
    before = tree_hash(comp)
    r = run("-d", comp, "score", "--from", path)
    from openpyxl.utils import get_column_letter

    assert r.code == 1 and r.errors[0] == f"Error: round-1-J1.xlsx!{get_column_letter(col)}{FIRST_ROW}: a formula (=60+10); type the score itself"
    assert tree_hash(comp) == before


# -- 10: templates are bounded -------------------------------------------------------------------

@pytest.fixture
def closed(comp, tmp_path):
    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]), tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    return comp


@pytest.mark.parametrize("body, expected", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "template stopped: rendering took longer than 10 s"),
    ("{{ '%0999999999d' % 1 }}", "template refused: a format width over 10,000"),
    ("{{ '%0999999999d'|format(1) }}", "template refused: a format width over 10,000"),
    ("{{ 'a' * 10**9 }}", "template refused: a repetition of 1,000,000,000 items"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "template stopped: recursion too deep"),
    ('<link rel="attachment" href="ledger.jsonl">', 'template refused: rel="attachment" would embed files in the PDF'),
    ('<link rel="&#x61;ttachment" href="judges.toml">', 'template refused: rel="attachment" would embed files in the PDF'),
    ('{{ "x"|center(2000000000) }}', "template refused: a center width over 10,000"),
    ('{{ "x"|indent(2000000000) }}', "template refused: a indent width over 10,000"),
], ids=["nested-range", "percent-width", "format-filter", "repetition", "recursion", "attachment", "attachment-entity",
        "center", "indent"])
def test_templates_are_bounded(closed, tmp_path, monkeypatch, body, expected):
    from krenova_cli.documents import rendering

    monkeypatch.setattr(rendering, "RENDER_SECONDS", 3)  # the same stop, sooner (10 s in use)
    (closed / "templates" / "letterhead.html").write_text(body)
    r = run("-d", closed, "letters", "minutes", "--round", "1", "--format", "html", "-o", tmp_path / "docs")
    assert r.code == 1 and r.errors[0].startswith("Error: " + expected.replace("10 s", "3 s")), r.err
    assert "Traceback" not in r.err


def test_read_commands_replay_only_the_appended_ledger_and_agree_with_a_full_replay(comp):
    from krenova_cli.store import integrity
    from krenova_cli.store.validation_cache import ValidationCache

    for i in range(3):
        assert run("-d", comp, "status").code == 0  # caches the replay
        assert run("-d", comp, "entry", "add", "--title", f"T{i}", "--institution", "I", "--type", "OPD", "--category", "tik").code == 0
    cache = ValidationCache(comp)
    assert "#ledger" in cache.files and cache.files["#ledger"][1]["size"] < (comp / "ledger.jsonl").stat().st_size
    assert integrity.replay_cached(comp / "ledger.jsonl", cache) == integrity.replay_fast(comp / "ledger.jsonl")
    p = comp / "entries" / "K021.toml"
    p.write_text(p.read_text().replace("T0", "T zero"))
    r = run("-d", comp, "status")
    assert r.code == 0 and "Warning: entries/K021.toml: changed outside krenova (last written by ledger record 4)" in r.err


def test_outputs_never_land_on_data_or_through_a_link(comp, tmp_path):
    """`analyse -o ledger.jsonl` once overwrote the ledger (exit 0); a link deep in templates/ carried letters outside."""
    from tests.conftest import tree_hash

    outside = tmp_path / "outside"
    outside.mkdir()
    (comp / "out" / "deep").mkdir(parents=True)
    (comp / "out" / "deep" / "w").symlink_to(outside)
    before = tree_hash(comp)
    for args in (["analyse", "--round", "1", "--top", "3", "-o", comp / "ledger.jsonl"],
                 ["export", "-o", comp / "rounds" / "x.xlsx"], ["export", "--csv", comp / "entries"],
                 ["sheets", "--round", "1", "-o", comp / "templates"],
                 ["letters", "nomination", "-o", comp / "out" / "deep" / "w"]):
        r = run("-d", comp, *args)
        assert r.code == 1, (args, r.err)
        assert r.errors[0].startswith(f"Error: {args[-1]}: "), r.errors
    assert tree_hash(comp) == before and list(outside.iterdir()) == []


def test_a_link_deep_in_templates_is_refused(comp, tmp_path):
    deep = comp / "templates" / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd").write_text("root:x:0:0")
    (deep / "e").symlink_to(secret)
    r = run("-d", comp, "check")
    assert r.code == 1 and any("templates/a/b/c/d/e" in e for e in r.errors), r.err
    from krenova_cli.documents.rendering import environment

    (deep / "e").unlink()
    (deep / "e").mkdir()
    (deep / "e" / "passwd").symlink_to(secret / "passwd")
    (comp / "templates" / "leak.html").write_text('{% include "a/b/c/d/e/passwd" %}')
    env = environment(comp / "templates", "id")
    import pytest

    from krenova_cli.core.errors import UserError

    with pytest.raises(UserError, match="is a link or a special file"):
        env.get_template("leak.html").render()


@pytest.mark.parametrize("affiliation", ["Dinas 5\u034f", "Dinas 5\u3164", "Dinas\u115f5", "Dinas 5\u2800", "Dinas\ufe0f 5"])
def test_invisible_fillers_do_not_dodge_a_conflict(comp, affiliation):
    """The attacker's invisible characters (a combining grapheme joiner, Hangul fillers, a braille blank,
    a variation selector) leave the judge of K005's institution in conflict with it."""
    assert run("-d", comp, "judge", "add", "--name", "Juri", "--id", "J9", "--affiliation", affiliation).code == 0
    r = run("-d", comp, "score", "K005", "--round", "1", "--judge", "J9", *FULL)
    assert r.code == 1 and "J9 is in conflict with K005" in r.errors[0]


def test_look_alike_letters_are_refused_and_compare_as_latin(comp):
    r = run("-d", comp, "judge", "add", "--name", "Juri", "--affiliation", "Din\u0430s 5")  # Cyrillic a
    assert r.code == 1 and "mixes Latin letters with Cyrillic or Greek look-alikes" in r.errors[0]
    from krenova_cli.core.model import normalise_name

    assert normalise_name("\u0414\u0438\u043d\u0430\u0441") != normalise_name("Dinas")  # a real Cyrillic word stays itself
    assert normalise_name("\u0430\u0441\u0435") == "ace"


def _child_run(args: list[str]) -> tuple[int, str, float, float]:
    """A krenova child process: exit code, stderr, seconds and its own peak memory (MB). It is started by
    a small wrapper process: a child forked straight from pytest counts pytest's memory as its own."""
    import json
    import subprocess
    import sys

    wrapper = ("import json, os, subprocess, sys, time\n"
               "t = time.perf_counter()\n"
               "p = subprocess.Popen([sys.executable, '-m', 'krenova_cli', *sys.argv[1:]], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
               "_, status, usage = os.wait4(p.pid, 0)\n"
               "print(json.dumps([os.waitstatus_to_exitcode(status), p.stderr.read().decode(), time.perf_counter() - t, usage.ru_maxrss / 1024]))\n")
    out = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True, text=True, timeout=120).stdout
    code, err, seconds, peak = json.loads(out)
    return code, err, seconds, peak


def test_a_9_mb_score_csv_of_unknown_rows_is_refused_within_5_s_and_300_mb(comp, tmp_path):
    """The attacker's 400,000 rows of unknown entries: once 8-11 s and about 400 MB."""
    big = tmp_path / "big.csv"
    big.write_text("entry,judge,criterion,value\n" + "".join(f"X{i},J1,kebaruan,50\n" for i in range(400_000)))
    assert 8 * 2**20 < big.stat().st_size < 10 * 2**20
    code, err, seconds, peak_mb = _child_run(["-d", str(comp), "score", "--round", "1", "--from", str(big)])
    assert code == 1 and err.splitlines()[0] == "Error: big.csv row 2: entry: unknown entry 'X0'"
    assert len([line for line in err.splitlines() if line.startswith("Error:")]) == 51  # 50 problems, then where to look
    assert seconds < 5 and peak_mb < 300, (seconds, peak_mb)


def test_a_workbook_that_unzips_to_far_more_than_its_size_is_refused_early(comp, tmp_path):
    """2.2 MB of .xlsx holding 182 MB of sheet XML (a ratio under the zip-bomb limit) took 600 MB to read."""
    import zipfile

    path = tmp_path / "wide.xlsx"
    row = '<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>' + "x" * 400 + "</t></is></c></row>"
    body = "".join(row.format(r=r) for r in range(1, 200_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{body}</sheetData></worksheet>")
    assert path.stat().st_size < 10 * 2**20
    code, err, seconds, peak_mb = _child_run(["-d", str(comp), "entry", "import", str(path)])
    assert code == 1 and "refused: it would expand to" in err.splitlines()[0] and "(limit 64 MB)" in err
    assert seconds < 5 and peak_mb < 300, (seconds, peak_mb)


@pytest.mark.parametrize("tamper", ["score-and-record", "ledger", "none"])
def test_check_says_the_same_with_its_child_process_or_without(comp, tmp_path, monkeypatch, tamper):
    """`check` verifies the ledger, the drift and its first rounds in a forked child (usecases/forked.py):
    what it reports, and its exit code, are the same as when one process does it all (KRENOVA_NO_FORK=1)."""
    for n in (1, 2):
        score_all(comp, n, lambda e, j, c, n=n: 60 + (int(e[1:]) * 7 + len(j) * 3 + len(c) + n) % 40, tmp_path)
        assert run("-d", comp, "advance", "--round", n).code == 0
    if tamper == "score-and-record":
        score = comp / "scores" / "round-1" / "J1.json"
        score.write_text(score.read_text().replace(": 6", ": 7", 1))
        record = comp / "rounds" / "round-2.json"
        data = json.loads(record.read_text())
        data["entries"] = data["entries"][::-1]
        record.write_text(json.dumps(data, indent=1))
    elif tamper == "ledger":
        ledger = comp / "ledger.jsonl"
        lines = ledger.read_text().splitlines(keepends=True)
        lines[2] = lines[2].replace('"tester"', '"intruder"')
        ledger.write_text("".join(lines))
    forks, real_fork = [], getattr(os, "fork", None)
    if real_fork is not None:
        monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    with_child = run("-d", comp, "check", "--json")
    import threading

    if real_fork is not None and threading.active_count() == 1:
        assert len(forks) == 2  # the history while loading, then the first round
    monkeypatch.setenv("KRENOVA_NO_FORK", "1")
    alone = run("-d", comp, "check", "--json")
    assert (with_child.code, with_child.out, with_child.err) == (alone.code, alone.out, alone.err)
    assert (alone.code == 0) == (tamper == "none")
    if tamper == "score-and-record":
        sources = {p["file"] for p in alone.json()["errors"]}
        assert {"scores/round-1/J1.json", "rounds/round-2.json"} <= sources


def test_a_loaded_competition_holds_each_id_and_title_once(comp, tmp_path, monkeypatch):
    """Score files and round records repeat every entry's id (and a record its title and institution):
    loaded, they are the entry's own strings, not a copy per file (export's memory at 20,000 entries)."""
    from krenova_cli.store.datafolder import Store

    score_all(comp, 1, lambda e, j, c: 70 + int(e[1:]) % 20, tmp_path)
    assert run("-d", comp, "advance", "--round", 1).code == 0
    monkeypatch.setenv("KRENOVA_NO_CACHE", "1")
    state = Store(comp).load()
    ids = {e: e for e in state.entries}
    judged = [e for by_judge in state.scores[1].values() for e in by_judge]
    assert judged and all(e is ids[e] for e in judged)
    rows = state.records[1].standings
    assert all(r.entry_id is ids[r.entry_id] and r.title is state.entries[r.entry_id].title
               and r.institution is state.entries[r.entry_id].institution for r in rows)
    assert all(e is ids[e] for e in state.records[1].entries)


def _closed_round_one(comp, tmp_path):
    score_all(comp, 1, lambda e, j, c: 70 + int(e[1:]) % 20, tmp_path)
    assert run("-d", comp, "advance", "--round", 1).code == 0
    return comp / "rounds" / "round-1.json"


@pytest.mark.parametrize("change", ["int", "object", "unknown", "outside", "dict", "row"])
def test_a_round_record_with_ids_that_are_not_entries_is_one_error_everywhere(comp, tmp_path, change):
    """A hand-edited record whose entries are numbers, objects or ids the folder lacks is `not a round
    record`, named by its file, for `check` and for every read command: never an internal error."""
    record = _closed_round_one(comp, tmp_path)
    data = json.loads(record.read_text())
    if change == "int":
        data["entries"] = list(range(len(data["entries"])))
    elif change == "object":
        data["entries"][0] = {"id": data["entries"][0]}
    elif change == "unknown":
        data["entries"][0] = "ZZZ\x1b[31m"
    elif change == "outside":
        data["entries"][0] = "../competition"
    elif change == "dict":
        data["entries"] = {"a": 1}
    else:
        data["standings"][0]["entry_id"] = 7
    record.write_text(json.dumps(data))
    for command in (["check"], ["standings", "--round", "1"], ["export", "-o", tmp_path / "r.xlsx"], ["status"]):
        r = run("-d", comp, *command)
        assert r.code == 1, (command, r.err)
        assert "internal error" not in r.err and "\x1b" not in r.err
        assert any(line.startswith("Error: rounds/round-1.json: not a round record") for line in r.errors), (command, r.err)


def test_a_score_file_that_is_not_utf8_hides_no_other_problem(comp, tmp_path):
    _closed_round_one(comp, tmp_path)
    (comp / "scores" / "round-1" / "J1.json").write_bytes(b"\xff\xfe{}")
    judges = comp / "judges.toml"
    judges.write_text(judges.read_text() + "# edited\n")
    r = run("-d", comp, "check")
    assert r.code == 1
    assert "Error: scores/round-1/J1.json: not UTF-8 text" in r.errors
    assert any(line.startswith("Error: judges.toml:") and "outside krenova" in line for line in r.errors), r.err
