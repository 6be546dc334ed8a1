"""Floor for `krenova export`: a bare openpyxl loop writing the same cells (values only, no styles).

The cells are the recap's tables as `krenova export --json` gives them, read from a JSON file.
"""

import json
import sys

from openpyxl import Workbook


def main(cells_json: str, out: str) -> None:
    with open(cells_json, encoding="utf-8") as fh:
        tables = json.load(fh)
    wb = Workbook(write_only=True)
    for key, table in tables.items():
        ws = wb.create_sheet(key[:31])
        ws.append(table["columns"])
        for row in table["rows"]:
            ws.append(row)
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
