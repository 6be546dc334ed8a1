"""One nomination letter per institution, with the names compared as the conflicts compare them
(the newcomer's year: "RSUD Tidar" and "RSUD Tidar Kota Magelang", "Dinas Kesehatan" and "Dinas Kesehatan."
got two letters each, to the same head, with two agenda numbers)."""

from __future__ import annotations

from tests.conftest import run


def test_institutions_written_two_ways_get_one_letter(tmp_path):
    d = tmp_path / "c"
    assert run("init", d).code == 0
    rows = ["judul,instansi,jenis,kategori",
            "Alfa Sehat,RSUD Tidar,OPD,tik", "Beta Sehat,RSUD Tidar Kota Magelang,OPD,tik",
            "Cakra Gizi,Dinas Kesehatan,OPD,tik", "Delta Gizi,Dinas Kesehatan.,OPD,tik", "Eka Gizi,Dinas Kesehatan,OPD,tik",
            "F,Dinas P.U. Kota Magelang,OPD,tik", "G,Dinas PU Kota Magelang,OPD,tik"]
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / "p.csv").code == 0
    r = run("-d", d, "letters", "nomination", "--format", "html", "-o", tmp_path / "out")
    assert r.code == 0, r.err
    letters = sorted(p for p in (tmp_path / "out").rglob("nomination-*.html"))
    assert len(letters) == 3, [p.name for p in letters]  # RSUD Tidar, Dinas Kesehatan, Dinas PU
    texts = {p.name: p.read_text(encoding="utf-8") for p in letters}
    rsud = next(t for n, t in texts.items() if "rsud" in n)
    assert "Direktur RSUD Tidar Kota Magelang" in rsud and "Alfa Sehat" in rsud and "Beta Sehat" in rsud
    dinkes = next(t for n, t in texts.items() if "kesehatan" in n)
    assert "Dinas Kesehatan." not in dinkes and all(k in dinkes for k in ("Cakra Gizi", "Delta Gizi", "Eka Gizi"))


def test_the_same_office_of_two_governments_gets_two_letters(tmp_path):
    d = tmp_path / "c"
    assert run("init", d).code == 0
    rows = ["judul,instansi,jenis,kategori", "A,Dinas Kesehatan Kota Magelang,OPD,tik",
            "B,Dinas Kesehatan Kabupaten Magelang,OPD,tik", "C,Dinkes Kota Magelang,OPD,tik"]
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / "p.csv").code == 0
    assert run("-d", d, "letters", "nomination", "--format", "html", "-o", tmp_path / "out").code == 0
    letters = sorted(p.name for p in (tmp_path / "out").rglob("nomination-*.html"))
    assert len(letters) == 2 and any("kabupaten" in n for n in letters), letters


def test_status_names_the_kinds_whose_printed_papers_were_revoked(tmp_path):
    """After a winner's disqualification the award letters, certificates, nominations and the decree are
    revoked; `status` used to say only what had never been printed (the newcomer's finding 4)."""
    from tests.conftest import score_all

    d = tmp_path / "c"
    assert run("init", d).code == 0
    rows = ["judul,instansi,jenis,kategori"] + [f"Inovasi {i},Dinas {i},OPD,tik" for i in range(1, 9)]
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / "p.csv").code == 0
    assert run("-d", d, "judge", "add", "--name", "Juri Satu").code == 0
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c: 60 + int(e[1:]) * 4, tmp_path)
        assert run("-d", d, "advance", "--round", str(n), "--include-ties").code == 0
    assert run("-d", d, "awards").code == 0
    for kind in ("award", "certificate", "nomination", "minutes", "decree", "awards-minutes", "judge-recap"):
        assert run("-d", d, "letters", kind, "--format", "html", "-o", tmp_path / "out").code == 0, kind
    assert "krenova letters" not in run("-d", d, "status").out
    assert run("-d", d, "awards", "--undo", "--reason", "rapat").code == 0
    assert run("-d", d, "entry", "withdraw", "K008", "--disqualify", "--reason", "plagiat").code == 0
    assert run("-d", d, "awards").code == 0
    r = run("-d", d, "status")
    assert r.code == 0, r.err
    out = " ".join(r.out.split())
    line = next(part for part in out.split("; ") if "krenova letters" in part)
    for kind in ("award", "certificate", "decree", "awards-minutes"):
        assert kind in line, out
    for kind in line.split("krenova letters ", 1)[1].split("|"):  # each kind named has a paper verify calls revoked
        assert kind in ("award", "certificate", "nomination", "minutes", "decree", "awards-minutes", "judge-recap"), line


def test_renaming_a_judge_after_papers_needs_a_reason_and_says_what_it_revokes(comp, tmp_path):
    """`judge edit J1 --name ...` revoked the judge recap silently, with no reason (the attacker's pass):
    like an entry's identity, what the papers print of a judge needs a reason once papers are numbered."""
    from tests.conftest import score_all, tree_hash

    score_all(comp, 1, lambda e, j, c: 60 + int(e[1:]), tmp_path)
    assert run("-d", comp, "advance", "--round", "1").code == 0
    assert run("-d", comp, "letters", "judge-recap", "--round", "1", "--format", "html", "-o", tmp_path / "p").code == 0
    before = tree_hash(comp)
    r = run("-d", comp, "judge", "edit", "J1", "--name", "Prof. Juri Satu")
    assert r.code == 1 and "--reason" in r.err and tree_hash(comp) == before, r.err
    import shlex

    command = shlex.split(r.err.split("`")[1].replace("TEXT", "'salah ketik nama'"))
    assert command[:4] == ["krenova", "judge", "edit", "J1"]
    r = run("-d", comp, *command[1:])
    assert r.code == 0, r.err
    assert "revoke" in r.err and "krenova letters judge-recap" in r.err, r.err
    assert run("-d", comp, "log", "--json").json()[-1]["new"]["reason"] == "salah ketik nama"
    assert run("-d", comp, "judge", "edit", "J1", "--email", "j1@example.org").code == 0  # not printed: no reason needed
