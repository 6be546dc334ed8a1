"""Every path of the data folder, built in one place (relative to the folder, '/'-separated).

Nobody else writes a path string: a new file kind gets its function here, and `check`, the
loader and the writers all ask this module.
"""

from __future__ import annotations

import re

SETTINGS = "competition.toml"
JUDGES = "judges.toml"
AWARDS = "awards.json"
SCREENING = "screening.json"  # the record of the administrative screening (seleksi administrasi), when closed
LETTERS = "letters.toml"  # the register of letter numbers (agenda book)
LINKS = "links.toml"  # the judges' private links of `krenova serve`, as hashes only
GITIGNORE_FILE = ".gitignore"
DEMO_MARK = ".krenova-demo"
LEDGER = "ledger.jsonl"
PENDING = ".krenova-pending.json"
LOCK = ".krenova.lock"
ENTRIES = "entries"
SCORES = "scores"
ROUNDS = "rounds"
ASSIGNMENTS = "assignments"
TEMPLATES = "templates"
OUT = "out"
ATTACHMENTS = "attachments"  # attachments/ID/manifest.toml (ledgered) and the files it names
MANIFEST = "manifest.toml"
FOLDERS = (ENTRIES, SCORES, ROUNDS, ASSIGNMENTS, TEMPLATES, OUT)
DATA_FOLDERS = (ENTRIES, SCORES, ROUNDS, ASSIGNMENTS, TEMPLATES, ATTACHMENTS)
# names at the top of the folder that no output may take (the data files are in DATA_FILE too)
RESERVED_NAMES = (SETTINGS, JUDGES, AWARDS, SCREENING, LETTERS, LINKS, LEDGER, PENDING, LOCK, ".gitignore", ".git")
GITIGNORE = f"{OUT}/\n{LOCK}\n{PENDING}\n.*.tmp-*\n"
ROUND_FILE = re.compile(r"round-([1-9][0-9]{0,2})\.(toml|json)")
_ID = r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"
_ROUND = r"round-[1-9][0-9]{0,2}"
# Every file krenova itself writes into the folder, as a pattern of its relative path. A pending
# change naming anything else is refused (it could only come from a planted marker).
DATA_FILE = re.compile(
    rf"{re.escape(SETTINGS)}|{re.escape(JUDGES)}|{re.escape(AWARDS)}|{re.escape(SCREENING)}|{re.escape(LETTERS)}|{re.escape(LINKS)}"
    rf"|{ENTRIES}/{_ID}\.toml|{ATTACHMENTS}/{_ID}/{re.escape(MANIFEST)}|{ASSIGNMENTS}/{_ROUND}\.toml|{SCORES}/{_ROUND}/{_ID}\.json|{ROUNDS}/{_ROUND}\.json"
)
# Names that sync tools and merges leave beside a file changed in two places at once.
CONFLICT_COPY = re.compile(
    r".*(?: \(\d+\)| \([^)]*conflict[^)]*\)|[-.]conflict[-.].*|\.sync-conflict-.*|\.orig|\.rej|\.(?:BACKUP|BASE|LOCAL|REMOTE)\.\d+.*|~)"
    r"(?:\.[A-Za-z]+)?",
    re.IGNORECASE,
)


def is_data_file(rel: str) -> bool:
    """A path krenova writes and the ledger tracks (settings, entries, judges, assignments, scores, records)."""
    return DATA_FILE.fullmatch(rel) is not None


# iCloud's copies ("judges 2.toml", "round-1 2.json", a folder "round-1 2") and editors' backups
# ("judges.toml.bak"): copies of a data file's name only, so "notes 2.txt" stays the user's own.
_NUMBERED_COPY = re.compile(r"(.+?) \d+((?:\.[A-Za-z]+)?)")
_BACKUP_COPY = re.compile(r"(.+)\.bak", re.IGNORECASE)
_DATA_NAME = re.compile(rf"{re.escape(SETTINGS)}|{re.escape(JUDGES)}|{re.escape(AWARDS)}|{re.escape(SCREENING)}|{re.escape(LETTERS)}|{re.escape(LINKS)}|{re.escape(LEDGER)}"
                        rf"|{_ID}\.(?:toml|json)|{_ROUND}")


def is_backup_copy(name: str) -> bool:
    m = _BACKUP_COPY.fullmatch(name)
    return m is not None and _DATA_NAME.fullmatch(m.group(1)) is not None


def is_conflict_copy(name: str) -> bool:
    """A sync tool's or an editor's copy of a data file (see `CONFLICT_COPY`, iCloud's numbered
    copies, `.bak`), the sign of two live copies of the folder or of an edit beside krenova."""
    if CONFLICT_COPY.fullmatch(name) is not None or is_backup_copy(name):
        return True
    m = _NUMBERED_COPY.fullmatch(name)
    return m is not None and _DATA_NAME.fullmatch(m.group(1) + m.group(2)) is not None


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


def packets_out(round_no: int) -> str:
    return f"{OUT}/packets/round-{round_no}"


def sheets_out() -> str:
    return f"{OUT}/sheets"


def recap_out(competition_id: str) -> str:
    return f"{OUT}/recap-{competition_id}.xlsx"


# The name an attached file is kept under: plain letters, digits, dot, dash, underscore, space; one
# of the known extensions (lower case); never a hidden name or the manifest's.
ATTACHMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,95}\.(?:pdf|docx|xlsx|pptx|jpg|png)")
ATTACHMENT_FILE = re.compile(rf"{ATTACHMENTS}/({_ID})/({ATTACHMENT_NAME.pattern})")
# a file being attached or detached, beside its final place until the change commits
ATTACHMENT_STAGED = re.compile(rf"{ATTACHMENTS}/({_ID})/\.(?:{ATTACHMENT_NAME.pattern})\.tmp-(?:in|out)-[0-9a-f]{{16}}")


def attachment_folder(entry_id: str) -> str:
    return f"{ATTACHMENTS}/{entry_id}"


def attachment_manifest(entry_id: str) -> str:
    return f"{ATTACHMENTS}/{entry_id}/{MANIFEST}"


def attachment_file(entry_id: str, name: str) -> str:
    return f"{ATTACHMENTS}/{entry_id}/{name}"


def attachment_staged(entry_id: str, name: str, direction: str, token: str) -> str:
    """Where a file waits while its change commits: `in` (being attached) or `out` (being detached)."""
    return f"{ATTACHMENTS}/{entry_id}/.{name}.tmp-{direction}-{token}"  # swept as a temporary if its change dies
