"""`judge list` at national size: a judge's conflicts summarised, the declared regions and institutions shown."""

from __future__ import annotations

from tests.conftest import run


def test_judge_list_summarises_many_conflicts_and_names_declared_regions(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    d = tmp_path / "nas"
    assert run("init", d).code == 0
    lines = ["judul,instansi,jenis,kategori,wilayah"]
    for i in range(1, 61):
        region = "Jawa Tengah" if i % 2 else "Jawa Timur"
        lines.append(f"Inovasi {i},Dinas {i},OPD,tik,{region}")
    (tmp_path / "e.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / "e.csv").code == 0
    assert run("-d", d, "judge", "add", "--name", "Prof. Budi", "--affiliation", "Universitas Diponegoro",
               "--conflict-region", "Jawa Tengah", "--conflict-institution", "Dinas 2").code == 0
    assert run("-d", d, "judge", "add", "--name", "Dr. Sari", "--affiliation", "UGM", "--conflict", "K001").code == 0
    r = run("-d", d, "judge", "list")
    assert r.code == 0, r.err
    text = " ".join(r.out.split())
    assert "Jawa Tengah" in text and "Dinas 2" in text
    assert "31" in text  # 30 entries of the region and Dinas 2's
    assert "K059" not in r.out  # the ids of a long list are not printed one by one
    assert "K001" in r.out  # a short list is
    assert len(r.out.splitlines()) <= 14, r.out
    full = run("-d", d, "judge", "list", "--json").json()
    assert len(full[0]["conflicts"]) == 31 and full[0]["conflict_regions"] == ["Jawa Tengah"]
