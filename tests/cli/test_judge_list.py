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


def test_the_entry_template_has_the_region_and_head_columns_and_room_for_a_national_list(tmp_path):
    """A national call needs the region (conflicts by region) and the head's title (the nomination's
    addressee), and more than 200 formatted rows."""
    import openpyxl

    d = tmp_path / "c"
    assert run("init", d).code == 0
    assert run("-d", d, "entry", "template", tmp_path / "t.xlsx").code == 0
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    ws = wb["Peserta"]
    headers = [c.value for c in ws[3]]
    assert "Wilayah" in headers and "Jabatan Kepala" in headers
    for dv in ws.data_validations.dataValidation:
        last = max(int(str(r).split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for r in dv.sqref.ranges)
        assert last >= 3 + 5000, dv.sqref
    row = dict.fromkeys(headers)
    row.update({"No": 1, "Judul": "Lapor Cepat", "Instansi": "Pemerintah Kabupaten Sragen",
                "Jenis": "Organisasi Perangkat Daerah", "Kategori": "Tata kelola pemerintahan", "Telepon": "081234567890",
                "Wilayah": "Jawa Tengah", "Jabatan Kepala": "Bupati Sragen"})
    for col, h in enumerate(headers, start=1):
        ws.cell(row=4000, column=col, value=row[h])
    wb.save(tmp_path / "t.xlsx")
    r = run("-d", d, "entry", "import", tmp_path / "t.xlsx")
    assert r.code == 0, r.err
    shown = run("-d", d, "entry", "show", "K001", "--json").json()
    assert shown["region"] == "Jawa Tengah" and shown["head_title"] == "Bupati Sragen" and shown["phone"] == "081234567890"


def test_entry_edit_sets_the_head_title_the_nomination_is_addressed_to(comp):
    r = run("-d", comp, "entry", "edit", "K001", "--head-title", "Bupati Sragen")
    assert r.code == 0, r.err
    assert run("-d", comp, "entry", "show", "K001", "--json").json()["head_title"] == "Bupati Sragen"


def test_awards_table_at_80_columns_keeps_ids_amounts_and_headers_whole(comp, tmp_path, monkeypatch):
    """Prize titles per group ("Juara I Kelompok Replikasi") used to take the whole width: ids and scores
    got none, 'Judu/l' in the header, amounts broken over lines."""
    from tests.conftest import score_all

    for n, title in ((1, "Juara I Kelompok Umum Tingkat Nasional"), (2, "Juara II Kelompok Umum Tingkat Nasional"),
                     (3, "Juara III Kelompok Umum Tingkat Nasional")):
        assert run("-d", comp, "settings", "set", f"prizes.{n}.title", title).code == 0
    assert run("-d", comp, "settings", "set", "prizes.1.amount", "150000000").code == 0
    for n in range(1, 7):
        score_all(comp, n, lambda e, j, c: 60 + (int(e[1:]) * 7 + int(j[1:]) * 3 + len(c)) % 39, tmp_path)
        r = run("-d", comp, "advance", "--round", str(n), "--include-ties")
        assert r.code == 0, r.err
    monkeypatch.setenv("COLUMNS", "80")
    r = run("-d", comp, "awards")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = " ".join(lines[1:6])
    for word in ("Title", "Prize", "Final"):
        assert word in header, r.out
    assert "Rp150.000.000,00" in r.out, r.out
    import re
    assert len(re.findall(r"\bK\d{3}\b", r.out)) == 3, r.out
