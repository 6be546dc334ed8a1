"""Floor for `krenova entry import` of a .xlsx: the fastest reader (python-calamine) and the same
atomic writes of one TOML file per row (entries/ID.toml)."""

import sys
from pathlib import Path

from python_calamine import CalamineWorkbook

from atomic_files import write_all


def toml_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(xlsx: str, out: str) -> None:
    rows = CalamineWorkbook.from_path(xlsx).get_sheet_by_index(0).to_python()
    header, body = [str(h) for h in rows[0]], rows[1:]
    files = {}
    for i, row in enumerate(body, start=1):
        text = "".join(f"{k} = {toml_text(v)}\n" for k, v in zip(header, row) if v not in ("", None))
        files[Path(out) / "entries" / f"K{i:04d}.toml"] = text.encode()
    write_all(files)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(sys.argv[1], sys.argv[2])
