"""init, entries, judges, check, log and help, through the CLI."""

from pathlib import Path

import pytest

from krenova_cli.cli.main import COMMANDS
from tests.conftest import ROOT, run, tree_hash


def test_init_refuses_an_existing_competition(tmp_path):
    assert run("init", "c").code == 0
    r = run("init", "c")
    assert r.code == 1 and r.errors == ["Error: c/competition.toml already exists; this folder holds a competition already"]


def test_unknown_preset(tmp_path):
    r = run("init", "c", "--preset", "nope")
    assert r.code == 1 and r.errors == ["Error: unknown preset 'nope'; choose one of blank, kipp-2025, magelang-2017"]
    assert not Path("c").exists()


def test_directory_discovery(tmp_path, monkeypatch):
    run("init", "c")
    (tmp_path / "c" / "entries").mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path / "c" / "entries")
    assert run("status", "--json").json()["current_round"] == 1
    monkeypatch.chdir(tmp_path)
    r = run("status")
    assert r.code == 1 and "no competition.toml in" in r.errors[0]
    monkeypatch.setenv("KRENOVA_DIR", str(tmp_path / "c"))
    assert run("status", "--json").code == 0


def test_entry_add_list_json_exact(comp):
    r = run("-d", comp, "entry", "add", "--title", "SIPADU", "--institution", "Dinas Kesehatan", "--type", "OPD",
            "--category", "tik", "--id", "X1", "--year-started", "2015")
    assert r.code == 0 and r.out.strip() == "X1"
    rows = run("-d", comp, "entry", "list", "--json").json()
    assert rows[-1] == {"id": "X1", "title": "SIPADU", "institution": "Dinas Kesehatan", "entity_type": "OPD",
                        "category": "tik", "status": "active in round 1"}
    assert [r["id"] for r in rows][:3] == ["K001", "K002", "K003"]
    assert (comp / "entries" / "X1.toml").read_text().startswith('id = "X1"\ntitle = "SIPADU"\n')


def test_entry_add_generates_the_next_id_and_accepts_category_names(comp):
    r = run("-d", comp, "entry", "add", "--title", "A", "--institution", "B", "--type", "opd", "--category", "Tata kelola pemerintahan")
    assert r.out.strip() == "K021"
    assert run("-d", comp, "entry", "show", "K021", "--json").json()["category"] == "tata-kelola"


@pytest.mark.parametrize("args, error", [
    (["--category", "nope"], "Error: --category: 'nope' is not one of the categories (tata-kelola, tik, kesejahteraan-sosial, pelayanan-langsung)"),
    (["--type", "PT"], "Error: --type: 'PT' is not one of the entity types (OPD, BUMD)"),
    (["--id", "../x"], "Error: --id: '../x' is not a valid id (letters, digits, '-' and '_', at most 64, starting with a letter or digit)"),
    (["--id", "K001"], "Error: --id: entry K001 already exists; choose another id or use `krenova entry edit`"),
    (["--title", "Inovasi 1", "--institution", "dinas  1"], "Error: --title: dinas  1 already has an entry titled 'Inovasi 1' (K001)"),
])
def test_entry_add_refusals(comp, args, error):
    base = {"--title": "T", "--institution": "I", "--type": "OPD", "--category": "tik"}
    for k, v in zip(args[::2], args[1::2]):
        base[k] = v
    before = tree_hash(comp)
    r = run("-d", comp, "entry", "add", *[x for kv in base.items() for x in kv])
    assert r.code == 1 and r.errors == [error]
    assert tree_hash(comp) == before


def test_import_is_all_or_nothing_and_names_rows_and_columns(comp, tmp_path):
    (tmp_path / "bad.csv").write_text("Judul,Instansi,Jenis,Kategori,Tahun_Mulai\nOk,PDAM,BUMD,tik,2016\n"
                                      "Bad,PDAM,PT,tik,2016\n,PDAM,BUMD,tik,\nX,PDAM,BUMD,tik,dua ribu\nOk,pdam,BUMD,tik,\n")
    before = tree_hash(comp)
    r = run("-d", comp, "entry", "import", tmp_path / "bad.csv")
    assert r.code == 1
    assert r.errors == [
        "Error: bad.csv row 3: Jenis: 'PT' is not one of the entity types (OPD, BUMD)",
        "Error: bad.csv row 4: Judul: required",
        "Error: bad.csv row 5: Tahun_Mulai: 'dua ribu' is not a year",
        "Error: bad.csv row 6: Judul: pdam already has an entry titled 'Ok' (K021)",
    ]
    assert tree_hash(comp) == before


def test_import_xlsx_with_english_headers(comp, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Title", "Institution", "Entity_Type", "Category", "Email"])
    ws.append(["x", "RSUD", "OPD", "tik", "a@b.id"])
    ws["A2"].value = '=HYPERLINK("http://x","klik")'
    ws["A2"].data_type = "s"  # typed as text ('=...) in Excel
    ws.append(["Layanan", "RSUD", "OPD", "pelayanan-langsung", None])
    wb.save(tmp_path / "e.xlsx")
    r = run("-d", comp, "entry", "import", tmp_path / "e.xlsx")
    assert r.code == 0, r.err
    rows = run("-d", comp, "entry", "list", "--json").json()
    assert rows[-2]["title"] == '=HYPERLINK("http://x","klik")'
    ws["A3"] = "=CONCAT(B3, C3)"  # a real formula, never calculated by openpyxl
    wb.save(tmp_path / "f.xlsx")
    r = run("-d", comp, "entry", "import", tmp_path / "f.xlsx")
    assert r.errors == ["Error: f.xlsx!A3: a formula (=CONCAT(B3, C3)) with no saved result; type the value itself, "
                        "or open and save the file in Excel or LibreOffice first"]


def test_judges_import_and_conflicts(comp, tmp_path):
    (tmp_path / "j.csv").write_text("nama,instansi,konflik\nJuri Empat,PDAM,K002;K003\n")
    assert run("-d", comp, "judge", "import", tmp_path / "j.csv").code == 0
    judges = run("-d", comp, "judge", "list", "--json").json()
    assert judges[1]["conflicts"] == ["K001"]  # by affiliation
    assert judges[-1] == {"id": "J4", "name": "Juri Empat", "position": "", "affiliation": "PDAM", "email": "",
                          "conflicts": ["K002", "K003"], "conflict_institutions": [], "conflict_regions": [], "retired": None}
    (tmp_path / "j2.csv").write_text("nama,konflik\nJuri Lima,K999\n")
    r = run("-d", comp, "judge", "import", tmp_path / "j2.csv")
    assert r.errors == ["Error: j2.csv row 2: konflik: unknown entries K999"]


def test_check_passes_then_reports_every_problem_with_its_place(comp):
    assert run("-d", comp, "check").code == 0
    (comp / "entries" / "K005.toml").write_text('id = "K005"\ntitle = "x"\ninstitution = "y"\nentity_type = "OPD"\ncategory = "nope"\ncolour = "red"\n')
    r = run("-d", comp, "check", "--json")
    assert r.code == 1
    assert r.json() == {"errors": [{"file": "entries/K005.toml", "line": 6, "message": "colour: unknown key (remove it or check its spelling)"},
                                   {"file": "entries/K005.toml", "line": None, "message": "changed outside krenova (last written by ledger record 2)"}]}
    (comp / "entries" / "K005.toml").write_text('id = "K005"\ntitle = "x"\ninstitution = "y"\nentity_type = "OPD"\ncategory = "nope"\n')
    r = run("-d", comp, "check")
    assert r.err.splitlines()[0] == "Error: entries/K005.toml: category: 'nope' is not one of kesejahteraan-sosial, pelayanan-langsung, tata-kelola, tik"


def test_log_lists_every_change_with_actor(comp):
    records = run("-d", comp, "log", "--json").json()
    assert [r["action"] for r in records] == ["init", "entry.import", "judge.import"]
    assert all(r["actor"] == "tester" for r in records)
    assert records[1]["files"]["entries/K001.toml"]
    lines = run("-d", comp, "log", "--csv", "--action", "judge").out.splitlines()
    assert lines[0] == "seq,time,actor,action,target,old,new,hash" and lines[1].startswith("3,2017-08-17T10:00:00Z,tester,judge.import,j")


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name in COMMANDS:
        r = run(name, "--help")
        assert r.code == 0 and "Example" in r.out, name
        assert f"krenova {name}" in readme, name
    for sub in ("add", "list", "show", "edit", "withdraw", "import"):
        assert "Example" in run("entry", sub, "--help").out
    assert run("--version").out.strip() == "krenova, version 0.1.0"


def test_usage_errors_exit_2(comp):
    r = run("-d", comp, "advance")
    assert r.code == 2 and "Missing option '--round'" in r.err
    assert run("nonsense").code == 2


def test_withdraw_and_edit(comp):
    r = run("-d", comp, "entry", "withdraw", "K004", "--reason", "mundur")
    assert r.code == 0
    assert run("-d", comp, "entry", "show", "K004", "--json").json()["status"] == "withdrawn in round 1"
    assert run("-d", comp, "entry", "withdraw", "K004", "--reason", "x").errors == ["Error: K004 already withdrew in round 1"]
    assert run("-d", comp, "entry", "edit", "K005", "--title", "Baru").code == 0
    log = run("-d", comp, "log", "--json").json()[-1]
    assert log["old"] == {"title": "Inovasi 5"} and log["new"] == {"title": "Baru"}


def test_init_never_takes_over_a_folder_of_other_files(tmp_path):
    work = tmp_path / "Dokumen"
    work.mkdir()
    (work / "laporan.docx").write_text("x")
    (work / ".gitignore").write_text("*.bak\n")
    r = run("init", work)
    assert r.code == 1 and r.errors[0].startswith(f"Error: {work.resolve()} is not empty (laporan.docx)")
    assert sorted(p.name for p in work.iterdir()) == [".gitignore", "laporan.docx"]
    assert run("init", work, "--here").code == 0
    assert (work / ".gitignore").read_text().startswith("*.bak\nout/\n") and (work / "laporan.docx").exists()
    fresh = tmp_path / "baru"
    (fresh / ".git").mkdir(parents=True)  # a folder made with `git init` first is fine
    assert run("init", fresh).code == 0


def test_a_missing_score_file_is_named_as_missing_and_format_ignores_case(comp, tmp_path):
    r = run("-d", comp, "score", "--round", "1", "--from", tmp_path / "nothere.xlsx")
    assert r.code == 1 and r.errors == [f"Error: {tmp_path / 'nothere.xlsx'}: no such file; check its name and folder "
                                         "(a wildcard that matched nothing stays as typed)"]
    r = run("-d", comp, "letters", "nomination", "--format", "HTML", "-o", tmp_path / "n")
    assert r.code == 0, r.err
