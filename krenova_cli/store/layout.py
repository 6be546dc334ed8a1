"""Every path of the data folder, built in one place (relative to the folder, '/'-separated).

Nobody else writes a path string: a new file kind gets its function here, and `check`, the
loader and the writers all ask this module.
"""

from __future__ import annotations

import re

SETTINGS = "competition.toml"
JUDGES = "judges.toml"
AWARDS = "awards.json"
LETTERS = "letters.toml"  # the register of letter numbers (agenda book)
LEDGER = "ledger.jsonl"
PENDING = ".krenova-pending.json"
LOCK = ".krenova.lock"
ENTRIES = "entries"
SCORES = "scores"
ROUNDS = "rounds"
ASSIGNMENTS = "assignments"
TEMPLATES = "templates"
OUT = "out"
FOLDERS = (ENTRIES, SCORES, ROUNDS, ASSIGNMENTS, TEMPLATES, OUT)
GITIGNORE = f"{OUT}/\n{LOCK}\n{PENDING}\n.*.tmp-*\n"
ROUND_FILE = re.compile(r"round-([1-9][0-9]{0,2})\.(toml|json)")


def entry_file(entry_id: str) -> str:
    return f"{ENTRIES}/{entry_id}.toml"


def score_folder(round_no: int) -> str:
    return f"{SCORES}/round-{round_no}"


def score_file(round_no: int, judge_id: str) -> str:
    return f"{SCORES}/round-{round_no}/{judge_id}.json"


def assignment_file(round_no: int) -> str:
    return f"{ASSIGNMENTS}/round-{round_no}.toml"


def round_record(round_no: int) -> str:
    return f"{ROUNDS}/round-{round_no}.json"


def letters_out(kind: str) -> str:
    return f"{OUT}/letters/{kind}"


def sheets_out() -> str:
    return f"{OUT}/sheets"


def recap_out(competition_id: str) -> str:
    return f"{OUT}/recap-{competition_id}.xlsx"
