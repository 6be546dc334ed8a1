"""The office's files for the Indonesian guide's walk-through (docs/panduan.md), made as an office makes them.

The guide's commands read a filled entries workbook, a judges' list and filled score sheets; the guide
says who fills them (the OPD/BUMD, the secretariat, the judges). Its test makes them here, in the habits
the guide warns about: a title row above the headers, a `No` column, names in capitals or lower case
with double spaces, a judges' CSV saved by Excel on Windows (semicolons, BOM, CRLF).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

INSTITUTIONS = [
    ("Dinas Kesehatan Kota Magelang", "Organisasi Perangkat Daerah"),
    ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", "Organisasi Perangkat Daerah"),
    ("kecamatan magelang utara", "Organisasi Perangkat Daerah"),
    ("Kelurahan  Kedungsari", "Organisasi Perangkat Daerah"),
    ("RSUD Tidar Kota Magelang", "Badan Usaha Milik Daerah"),
    ("Perumda Air Minum Tirta Gemilang", "Badan Usaha Milik Daerah"),
    ("Dinas Pendidikan dan Kebudayaan", "Organisasi Perangkat Daerah"),
    ("Dinas Perdagangan, Koperasi, Usaha Kecil dan Menengah", "Organisasi Perangkat Daerah"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "Organisasi Perangkat Daerah"),
    ("Kelurahan Wates", "Organisasi Perangkat Daerah"),
]
TITLES = [
    "Layanan Antar Jemput Akta Kelahiran", "Loket Cek Kesehatan Gratis", "SIAP NIKAH: Surat Pengantar Daring",
    "posyandu remaja digital", "Pembayaran Retribusi Nontunai", "Kampung Peduli Lansia",
    "Sekolah Ramah Anak Berbasis Komunitas", "Pasar Rakyat Bersih dan Sehat", "Aplikasi Pajak Daerah Terpadu",
    "Bank Sampah Kelurahan", "Antrean Poliklinik Lewat Pesan Singkat", "Air Minum Siap Saji di Sekolah",
    "Gerakan Tata Naskah Dinas Elektronik", "Pojok Baca Digital", "Layanan Izin Usaha Satu Hari",
    "Kartu Pelajar Sehat", "Jemput Bola Perekaman KTP-el", "Klinik UMKM Keliling", "Peta Rawan Banjir Warga",
    "Tabungan Emas untuk Pedagang Pasar", "Ruang Laktasi di Kantor Pelayanan", "Sistem Aduan Pelanggan Air",
]
CATEGORIES = [
    "Tata kelola pemerintahan",
    "Penggunaan teknologi informasi dan komunikasi dalam penyelenggaraan pelayanan publik",
    "Perbaikan kesejahteraan sosial dalam penyelesaian masalah-masalah sosial",
    "Pelayanan langsung kepada masyarakat",
]
JUDGES = [
    ("Dr. Siti Rahayu, M.Si.", "Dosen Administrasi Publik", "Universitas Tidar", "siti.rahayu@untidar.ac.id"),
    ("Ir. Bambang Wicaksono, M.T.", "Kepala Bidang Inovasi", "Bappeda Provinsi Jawa Tengah", "bambang@example.go.id"),
    ("dr. Ratna Kusumawati, M.Kes.", "Praktisi Kesehatan Masyarakat", "Universitas Muhammadiyah Magelang",
     "ratna@example.ac.id"),
    ("Agus Prasetyo, S.E., M.M.", "Pengusaha dan Pegiat UMKM", "KADIN Kota Magelang", "agus@example.co.id"),
]


def fill_entries(template: Path, count: int, target: Path) -> Path:
    """The blank workbook of `krenova entry template`, filled as an office fills it."""
    from openpyxl import load_workbook

    wb = load_workbook(template)
    ws = wb["Peserta"]
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "No")
    for i in range(count):
        inst, kind = INSTITUTIONS[i % len(INSTITUTIONS)]
        row = [i + 1, TITLES[i % len(TITLES)], inst, kind, CATEGORIES[i % len(CATEGORIES)],
               f"Narahubung {i + 1}", f"08122{i:07d}", f"inovasi{i + 1}@magelangkota.go.id",
               f"Inovasi {TITLES[i % len(TITLES)].lower()} untuk warga Kota Magelang.", 2020 + i % 5]
        for col, value in enumerate(row, start=1):
            ws.cell(row=header + 1 + i, column=col, value=value)
    wb.save(target)
    return target


def write_documents(folder: Path, count: int) -> None:
    """The files the first `count` entries sent for the administrative screening: `proposal/K001.pdf`
    and `surat/K001 surat pengantar.pdf` (small, valid PDFs)."""
    for sub, name in (("proposal", "{id}.pdf"), ("surat", "{id} surat pengantar.pdf")):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        for i in range(1, count + 1):
            entry_id = f"K{i:03d}"
            (folder / sub / name.format(id=entry_id)).write_bytes(b"%PDF-1.4\n% " + entry_id.encode() + b"\n%%EOF\n")


def write_judges(target: Path) -> Path:
    """The judges' list as Excel on Windows saves a CSV in an Indonesian locale."""
    lines = ["nama;jabatan;instansi;email"] + [";".join(j) for j in JUDGES]
    target.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return target


# K016 is scored exactly as K004 in every round: with these values the two share rank 15 of round 4,
# across the Top 15 cutoff, and the guide shows the committee deciding that tie.
TWINS = {"K016": "K004"}


def value_for(entry: str, judge: str, criterion: str, round_no: int) -> int:
    """A judge's value, the same on every run: 60 to 99."""
    entry = TWINS.get(entry, entry)
    digest = hashlib.sha256(f"{round_no}|{entry}|{judge}|{criterion}".encode()).digest()
    return 60 + digest[0] % 40


def fill_sheets(folder: Path) -> int:
    """Every score sheet in `folder` filled in its empty value cells, as the judges return them."""
    from openpyxl import load_workbook

    filled = 0
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(path)
        ws = wb["Nilai"]
        meta = {ws_row[0].value: ws_row[1].value for ws_row in wb["_krenova"].iter_rows(max_col=2) if ws_row[0].value}
        judge, round_no, first = meta["judge"], int(meta["round"]), int(meta["first_row"])
        criteria = meta["criteria"].split(",")
        for r in range(first, ws.max_row + 1):
            entry = ws.cell(row=r, column=2).value
            if not entry:
                continue
            for j, criterion in enumerate(criteria):
                cell = ws.cell(row=r, column=6 + j)
                if cell.value in (None, ""):
                    cell.value = value_for(entry, judge, criterion, round_no)
                    filled += 1
        wb.save(path)
    return filled
