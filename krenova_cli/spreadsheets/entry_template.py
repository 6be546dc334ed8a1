"""The blank entries workbook handed to the OPD/BUMD: the import's own headers, a numbering column,
and the categories and entity types as drop-down lists of their names.

The lists live on a second sheet (`Pilihan`): Excel's inline list is limited to 255 characters and
the category names of a real competition are longer than that together.
"""

from __future__ import annotations

from pathlib import Path

from krenova_cli.core.model import Competition

# (header as the import reads it, column width); Indonesian, the secretariat's language
# Wilayah: the region judges' conflicts by region are matched against; Jabatan Kepala: the head's office
# the nomination letter is addressed to ("Bupati Sragen"), when the rule from the institution's name is wrong.
COLUMNS = [("No", 5), ("Judul", 40), ("Instansi", 32), ("Jenis", 30), ("Kategori", 45), ("Narahubung", 24),
           ("Telepon", 16), ("Email", 26), ("Deskripsi", 50), ("Tahun Mulai", 12), ("Wilayah", 22),
           ("Jabatan Kepala", 32)]
ROWS = 5000  # rows with drop-down lists: a national call's 3,000 proposals fit


def write_template(comp: Competition, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    # the proposal's sections the call's form asks for ([sinovik]), each its own column headed by its name
    columns = COLUMNS + [(section.name, 60) for section in comp.sinovik.sections]
    wb = Workbook()
    ws = wb.active
    ws.title = "Peserta"
    ws["A1"] = f"DAFTAR PESERTA {comp.competition.name.upper()}"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    header = 3
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(row=header, column=i, value=name)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    ws.column_dimensions["G"].number_format = "@"  # phone numbers keep their leading 0 (the column's style: no empty rows written)

    lists = wb.create_sheet("Pilihan")
    lists["A1"], lists["B1"] = "Jenis", "Kategori"
    for i, t in enumerate(comp.entity_types, start=2):
        lists.cell(row=i, column=1, value=t.name)
    for i, c in enumerate(comp.categories, start=2):
        lists.cell(row=i, column=2, value=c.name)
    lists.sheet_state = "hidden"

    first, last = header + 1, header + ROWS
    for col, src, count, what in ((4, "A", len(comp.entity_types), "jenis"), (5, "B", len(comp.categories), "kategori")):
        dv = DataValidation(type="list", formula1=f"=Pilihan!${src}$2:${src}${count + 1}", allow_blank=True,
                            showErrorMessage=True, errorTitle="Pilihan tidak dikenal",
                            error=f"Pilih {what} dari daftar.")
        letter = get_column_letter(col)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
