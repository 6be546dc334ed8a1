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
