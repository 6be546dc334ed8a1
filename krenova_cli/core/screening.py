"""The administrative screening (seleksi administrasi): which documents an entry still lacks, who the
secretariat passes or stops, and the record its close writes (`screening.json`).

A screening is part of a competition when its settings say `[screening] round = true`: round 1 then
opens only when the screening is closed, with the entries it passed. The required documents
(`[[screening.documents]]`) are asked whether or not there is such a round: `status` and
`entry list --incomplete` say what is missing.

An attached file counts as a required document when it is labelled with the document's name
(`entry attach --document NAME`), or, when the document names a `kind`, when it is a file of that
kind labelled with no document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

from krenova_cli.core.errors import DataError, T
from krenova_cli.core.ids import natural_key
from krenova_cli.core.model import Competition, Entry, RequiredDocument, normalise_name
from krenova_cli.core.records import LedgerHead, _ids

PASS, STOP = "pass", "stop"
SCREENING_RECORD_KEYS = frozenset({"name", "closed_at", "closed_by", "entries", "passed", "stopped", "missing",
                                   "ledger_head", "settings"})


class File(Protocol):
    kind: str
    document: str


def required(comp: Competition, entry: Entry) -> list[RequiredDocument]:
    return [d for d in comp.screening.documents if d.asked_of(entry.category)]


def document_named(comp: Competition, name: str) -> RequiredDocument | None:
    """The required document a name means (compared as people compare names)."""
    key = normalise_name(name)
    return next((d for d in comp.screening.documents if normalise_name(d.name) == key), None)


def missing(comp: Competition, entry: Entry, files: Iterable[File]) -> list[str]:
    """The names of the required documents the entry's attached files do not give, in settings order."""
    files = list(files)
    labelled = {normalise_name(f.document) for f in files if f.document}
    kinds = {f.kind for f in files if not f.document}
    return [d.name for d in required(comp, entry)
            if normalise_name(d.name) not in labelled and not (d.kind is not None and d.kind in kinds)]


def basis(comp: Competition) -> dict:
    """The settings a closed screening rests on (kept in its record; `settings set` may not move them)."""
    s = comp.screening
    return {"round": s.round, "documents": [{"name": d.name, "kind": d.kind, "categories": list(d.categories)}
                                            for d in s.documents]}


def basis_changes(new: Competition, record: "ScreeningRecord | None", old: Competition | None = None) -> list[str]:
    """The `screening` settings the new settings change under a closed screening ([] when it is open)."""
    if record is None:
        return []
    before = basis(old) if old is not None else dict(record.settings)
    after = basis(new)
    return [f"screening.{k}" for k in ("round", "documents") if before.get(k) != after.get(k)]


@dataclass(frozen=True)
class ScreeningRecord:
    """What closing the administrative screening wrote: the entries screened, those passed, those
    stopped with the secretariat's reason, the documents each lacked, and the ledger's head."""

    name: str
    closed_at: str
    closed_by: str
    entries: tuple[str, ...]
    passed: tuple[str, ...]
    stopped: dict[str, str]
    missing: dict[str, tuple[str, ...]]
    ledger_head: LedgerHead
    settings: dict = field(default_factory=dict)
    passed_reasons: dict[str, str] = field(default_factory=dict)  # passed although incomplete, and why

    def to_json(self) -> dict:
        return {"name": self.name, "closed_at": self.closed_at, "closed_by": self.closed_by,
                "entries": list(self.entries), "passed": list(self.passed), "stopped": dict(self.stopped),
                "passed_reasons": dict(self.passed_reasons), "missing": {e: list(m) for e, m in self.missing.items()},
                "ledger_head": self.ledger_head.to_json(), "settings": self.settings}

    @classmethod
    def from_json(cls, d: dict) -> "ScreeningRecord":
        def texts(value, key) -> dict:
            if not isinstance(value, dict) or not all(type(k) is str and type(v) is str for k, v in value.items()):
                raise ValueError(T("{key} must map entry ids to reasons", key=key))
            return dict(value)

        lacking = d["missing"]
        if not isinstance(lacking, dict):
            raise ValueError(T("{key} must map entry ids to reasons", key="missing"))
        if not isinstance(d["settings"], dict) or type(d["closed_at"]) is not str or type(d["name"]) is not str:
            raise ValueError(T("not a screening record"))
        entries, passed = _ids(d["entries"], "entries"), _ids(d["passed"], "passed")
        stopped = texts(d["stopped"], "stopped")
        if set(passed) & set(stopped) or not set(passed) | set(stopped) <= set(entries):
            raise ValueError(T("an entry is both passed and stopped, or neither screened"))
        return cls(d["name"], d["closed_at"], str(d["closed_by"]), entries, passed, stopped,
                   {e: _ids(m, "missing") for e, m in lacking.items()}, LedgerHead.from_json(d["ledger_head"]),
                   dict(d["settings"]), texts(d.get("passed_reasons") or {}, "passed_reasons"))

    def named(self) -> set[str]:
        return {*self.entries, *self.passed, *self.stopped, *self.missing}


def screen(comp: Competition, entries: dict[str, Entry], files: dict[str, list], withdrawn: set[str]) -> tuple[
        list[str], dict[str, str], dict[str, list[str]], dict[str, str], dict[str, list[str]]]:
    """(passed, stopped with reasons, missing documents by entry, passed-although-incomplete reasons,
    undecided incomplete entries) of the screening if it closed now. Withdrawn entries are not screened."""
    passed: list[str] = []
    stopped: dict[str, str] = {}
    lacking: dict[str, list[str]] = {}
    passed_reasons: dict[str, str] = {}
    undecided: dict[str, list[str]] = {}
    for entry_id in sorted(entries, key=natural_key):
        if entry_id in withdrawn:
            continue
        e = entries[entry_id]
        gone = missing(comp, e, files.get(entry_id, ()))
        if gone:
            lacking[entry_id] = gone
        word = e.screening
        if word is not None and word.decision == STOP:
            stopped[entry_id] = word.reason
        elif word is not None and word.decision == PASS and (word.reason or not gone):
            passed.append(entry_id)  # passed although incomplete only with the secretariat's reason
            if gone:
                passed_reasons[entry_id] = word.reason
        elif gone:
            undecided[entry_id] = gone
        else:
            passed.append(entry_id)
    return passed, stopped, lacking, passed_reasons, undecided


def record_problems(state) -> list[DataError]:
    """`check`'s and `adopt`'s word on a closed screening: the settings still hold it, the entries'
    decisions are those it recorded, and round 1 ranked only entries it passed."""
    rec = state.screening
    if rec is None:
        return []
    src = "screening.json"
    way_out = T("restore the files as they were, or `krenova reopen --round 0 --reason TEXT` and close it again")
    if not state.competition.screening.round:
        return [DataError(src, None, T("the settings hold no administrative screening ([screening] round = true); "
                                       "restore the setting, or remove the record with `krenova reopen --round 0 --reason TEXT`"))]
    errors: list[DataError] = []
    moved = basis_changes(state.competition, rec)
    if moved:
        errors.append(DataError("competition.toml", None, T("changed after the administrative screening closed ({keys}); {way_out}",
                                                            keys=", ".join(moved), way_out=way_out)))
    for entry_id in rec.entries:
        e = state.entries.get(entry_id)
        if e is None:
            continue
        said_stop = e.screening is not None and e.screening.decision == STOP
        if said_stop != (entry_id in rec.stopped):
            errors.append(DataError(f"entries/{entry_id}.toml", None, T(
                "its screening decision is not the one the closed administrative screening recorded ({decision}); {way_out}",
                decision=T("stopped") if entry_id in rec.stopped else T("passed"), way_out=way_out)))
    first = state.records.get(1)
    if first is not None:
        outside = sorted(set(first.entries) - set(rec.passed), key=natural_key)
        if outside:
            errors.append(DataError("rounds/round-1.json", None, T("ranks {entries}, which the administrative screening did not "
                                                                   "pass", entries=", ".join(outside[:8]))))
    return errors


def head_problems(rec: "ScreeningRecord | None", ledger_records: list[dict] | None) -> list[DataError]:
    """The ledger still holds the record it was closed at (a ledger cut short afterwards is found)."""
    if rec is None or ledger_records is None or rec.ledger_head.seq == 0:
        return []
    by_seq = {r["seq"]: r["hash"] for r in ledger_records}
    seq = rec.ledger_head.seq
    if seq not in by_seq:
        return [DataError("ledger.jsonl", None, T("cut short: the administrative screening closed at record {seq}, which is "
                                                  "missing", seq=seq))]
    if by_seq[seq] != rec.ledger_head.hash:
        return [DataError("ledger.jsonl", None, T("record {seq} differs from the one the administrative screening was closed at",
                                                  seq=seq))]
    return []
