"""Floor for `krenova sheets --round N`: a bare openpyxl write-only loop writing one workbook per
judge with the same rows (number, id, title, institution, category, an empty cell per criterion)
and the hidden sheet of entry ids, no styles."""

import json
import sys
from pathlib import Path

from openpyxl import Workbook


def main(rows_json: str, out: str) -> None:
    spec = json.loads(Path(rows_json).read_text(encoding="utf-8"))  # {"judges": [...], "criteria": n, "rows": [[...]]}
    Path(out).mkdir(parents=True, exist_ok=True)
    for judge in spec["judges"]:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Nilai")
        ws.append(["No", "ID", "Judul", "Instansi", "Kategori", *[f"C{i}" for i in range(spec["criteria"])]])
        for i, row in enumerate(spec["rows"], start=1):
            ws.append([i, *row, *([None] * spec["criteria"])])
        meta = wb.create_sheet("_krenova")
        for row in spec["rows"]:
            meta.append([None, None, row[0]])
        wb.save(str(Path(out) / f"{judge}.xlsx"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
