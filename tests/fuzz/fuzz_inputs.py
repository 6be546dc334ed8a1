"""atheris harness: arbitrary bytes through every loader and importer. Only clean errors may come out.

    python tests/fuzz/fuzz_inputs.py -max_total_time=60 [CORPUS_DIR]

The first byte picks the target: competition.toml, an entry file, judges.toml, a score file, a CSV
or an .xlsx import, a filled score sheet. Any exception other than krenova's own errors (which
become `Error:` lines) is a crash.
"""

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["krenova_cli"]):
    from krenova_cli.store import schema
    from krenova_cli.core.errors import KrenovaError
    from krenova_cli.spreadsheets.import_columns import entries_from, judges_from
    from krenova_cli.store.parsing import parse_json, parse_toml, pydantic_errors
    from krenova_cli.store.packaged import preset_text
    from krenova_cli.spreadsheets.reader import read_table
    from krenova_cli.core.score_rules import rules_for
    from krenova_cli.store.score_files import check_score_file

from pydantic import ValidationError

COMP = schema.competition(parse_toml(preset_text("magelang-2017"), "preset"))
ENTRIES = {f"K{i:03d}": None for i in range(1, 6)}
RULES = rules_for(COMP.criteria_for(1))
TMP = Path(tempfile.mkdtemp(prefix="krenova-fuzz-"))


def validate(model: str, text: str, source: str) -> None:
    data = parse_toml(text, source)
    try:
        schema.validated(getattr(schema, model), data)
    except ValidationError as exc:
        str(pydantic_errors(exc, source, text))  # the path that turns it into Error: lines


def one_input(data: bytes) -> None:
    if not data:
        return
    kind, body = data[0] % 7, data[1:]
    try:
        if kind in (0, 1, 2):
            text = body.decode("utf-8", errors="replace")
            validate(("Competition", "Entry", "Judges")[kind], text, "fuzz.toml")
        elif kind == 3:
            text = body.decode("utf-8", errors="replace")
            parsed = parse_json(text, "scores/round-1/J1.json", exact=True)
            check_score_file(parsed, "scores/round-1/J1.json", text, 1, "J1", RULES, ENTRIES)
        elif kind in (4, 5):
            path = TMP / ("fuzz.csv" if kind == 4 else "fuzz.xlsx")
            path.write_bytes(body)
            table = read_table(path)
            entries_from(table, COMP, {})
            judges_from(table, {}, {})
        else:
            path = TMP / "sheet.xlsx"
            path.write_bytes(body)
            from krenova_cli.core.lifecycle import State

            from krenova_cli.spreadsheets.score_sheets import read_sheet

            read_sheet(path, State(COMP, {}, {}), 1)
    except KrenovaError as exc:
        for line in exc.lines():
            assert "\n" not in line, line  # one line per problem
    except RecursionError:
        raise


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
