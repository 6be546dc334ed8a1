"""`verify`: does a paper's verification code still stand for facts that hold? (SPEC 8.7)

A code is looked up in the letter register (`[[code]]` rows keep every code ever issued, with its
facts). The document of the same key is built again from the current state, numbered as the
register numbered it: when its facts are the code's facts, the paper is `valid`; when it no
longer exists (the awards were undone, the entry withdrawn) or states something else (another
place, another amount, a re-decided round), it is `revoked`, and the ledger names the record that
changed them: the first change after the code was issued of the kind that can change these facts.
A code the register does not hold is `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.core.verification import looks_like_code, normalise, same_facts
from krenova_cli.i18n.messages import _
from krenova_cli.store import layout, letter_register
from krenova_cli.store.datafolder import Store

VALID, REVOKED, UNKNOWN = "valid", "revoked", "unknown"
# The ledger actions that can change what a paper states, and the kinds of paper each can touch.
ALL_KINDS = None
CHANGES = {
    # (a feedback letter states the entry's honour: a prize place once the awards are decided)
    "awards.undo": {"award", "certificate", "nomination", "awards-minutes", "decree", "feedback"},
    "awards.redo": {"award", "certificate", "nomination", "awards-minutes", "decree", "feedback"},
    "awards": {"award", "certificate", "nomination", "awards-minutes", "decree", "feedback"},
    "entry.withdraw": ALL_KINDS, "entry.edit": ALL_KINDS, "entry.remove": ALL_KINDS,
    "reopen": ALL_KINDS, "advance": ALL_KINDS, "settings.set": ALL_KINDS, "adopt": ALL_KINDS,
    "judge.edit": {"judge-recap", "minutes", "awards-minutes"},
    "letters.renumber": ALL_KINDS,
    # an entry registered later joins its institution's nomination letter (the letter lists its entries)
    "entry.add": {"nomination"}, "entry.import": {"nomination"},
}
ENTRY_ACTIONS = {"entry.withdraw", "entry.edit", "entry.remove"}


@dataclass(frozen=True)
class Verdict:
    code: str
    status: str
    key: str = ""
    facts: dict | None = None        # what the paper states (None when unknown)
    ledger_head: str = ""            # the ledger head when the code was issued
    ledger_seq: int = 0
    revoked_by: dict | None = None   # the ledger record that changed the facts: seq, time, actor, action, target, reason
    superseded: dict | None = None   # its number was withdrawn by `letters --renumber`: number, replaced_by, reason
    entry: dict | None = None        # the title and institution of the one entry the paper names
    pages: tuple[int, int] | None = None  # verify FILE: the pages of the file this paper takes
    differs: tuple = ()              # verify FILE: what the paper prints unlike the register
    scanned: bool = False            # verify FILE: a page without text (a scan): its printed facts not read

    def to_json(self) -> dict:
        f = self.facts or {}
        out = {"code": self.code, "status": self.status, "kind": f.get("kind"), "number": f.get("number"),
               "entry_id": f.get("entry_id"), "honour": f.get("honour"), "amount": f.get("amount"),
               "date": f.get("date"), "title": (self.entry or {}).get("title"),
               "institution": (self.entry or {}).get("institution")}
        if self.pages is not None:
            out["pages"] = list(self.pages)
            out["differs"] = [dict(d) for d in self.differs]
            out["scanned"] = self.scanned
        if self.status != UNKNOWN:
            out |= {"ledger_head": self.ledger_head, "ledger_seq": self.ledger_seq}
        if self.revoked_by is not None:
            out["revoked_by"] = self.revoked_by
        if self.superseded is not None:
            out["superseded"] = self.superseded
        return out


def parse_code(text: str) -> str:
    if not looks_like_code(text):
        raise UserError(_("{text!r} is not a verification code (10 characters: digits and letters, as printed "
                          "under the QR code) nor a PDF file").format(text=text))
    return normalise(text)


class Verifier:
    """Verdicts for many codes against one loaded state (the documents of each kind built once)."""

    def __init__(self, store: Store):
        self.store = store
        self.register, self.codes, withdrawn = letter_register.read_register(store)
        self.withdrawn = {w.number: w for w in withdrawn}
        self.state = store.load(rounds=())
        self._current: dict[str, dict[str, dict]] = {}
        self._docs: dict[str, dict[str, dict]] = {}
        self._records: list[dict] | None = None

    def current(self, kind: str) -> dict[str, dict]:
        """key -> the facts its document states now, for every document of a kind that exists now."""
        if kind not in self._current:
            from krenova_cli.documents import builders
            from krenova_cli.documents.verification import facts_of

            state = self.state
            from krenova_cli.usecases.paper_inputs import SCORE_KINDS, load_for

            if kind in SCORE_KINDS:
                state = load_for(self.store, state, kind, sorted(state.records))
            try:
                docs = builders.documents(state, kind, "participants", None)
            except UserError:  # e.g. the awards are not decided (any more)
                docs = []
            builders.own_keys(docs, self.register)
            builders.date_papers(docs, self.register)  # a paper dated with `letters --date` keeps that date
            out, kept = {}, {}
            for d in docs:
                numbered = self.register.get(d["key"])
                if numbered is not None:
                    out[d["key"]] = facts_of(d | {"number": numbered.number})
                    kept[d["key"]] = d
            self._current[kind] = out
            self._docs[kind] = kept
        return self._current[kind]

    def document(self, kind: str, key: str) -> dict | None:
        """The document of this key as the competition states it now (None when it no longer exists)."""
        self.current(kind)
        return self._docs[kind].get(key)

    def entry_of(self, facts: dict | None) -> dict | None:
        """The title and institution of the one entry a paper names (as printed now, or as the register kept them)."""
        if not facts or facts.get("kind") not in ("award", "certificate"):
            return None
        e = self.state.entries.get(facts.get("entry_id") or "")
        if facts.get("title") or facts.get("institution"):
            return {"title": facts.get("title"), "institution": facts.get("institution")}
        return {"title": e.title, "institution": e.institution} if e is not None else None

    def verdict(self, code: str) -> Verdict:
        issued = self.codes.get(code)
        if issued is None:
            return Verdict(code, UNKNOWN)
        now = self.current(issued.facts["kind"]).get(issued.key)
        entry = self.entry_of(issued.facts)
        if now is not None and same_facts(now, issued.facts):
            return Verdict(code, VALID, issued.key, issued.facts, issued.ledger_head, issued.ledger_seq, entry=entry)
        gone = self.withdrawn.get(issued.facts.get("number"))
        superseded = None if gone is None else {"number": gone.number, "replaced_by": gone.replaced_by, "reason": gone.reason}
        return Verdict(code, REVOKED, issued.key, issued.facts, issued.ledger_head, issued.ledger_seq,
                       self.changed_by(issued), superseded, entry=entry)

    def paper(self, found) -> Verdict:
        """The verdict on one paper of a file (`verify_file.Paper`): its code's, unless what it prints
        differs from the register; a page without a code is answered as such."""
        from dataclasses import replace

        from krenova_cli.usecases import verify_file

        pages = (found.first, found.last)
        if found.code is None:
            return Verdict("", verify_file.NO_CODE, pages=pages)
        v = self.verdict(found.code)
        if v.status == UNKNOWN:
            return replace(v, pages=pages)
        issued = self.codes[found.code]
        doc = self.document(issued.facts["kind"], issued.key)
        winners = [p.amount for p in self.state.awards.awarded] if self.state.awards else []
        if len("".join(found.text.split())) < verify_file.SCAN_TEXT:  # a scan: its code read off the QR, no text to hold
            return replace(v, pages=pages, scanned=True)
        differs = verify_file.differences(found, issued.facts, doc, self.state, winners)
        status = verify_file.MISMATCH if differs and v.status == VALID else v.status
        return replace(v, status=status, pages=pages, differs=tuple(differs))

    def changed_by(self, issued: letter_register.Issued) -> dict | None:
        if self._records is None:
            from krenova_cli.store import ledger

            self._records, _ = ledger.verify(self.store.path(layout.LEDGER))
        kind = issued.facts["kind"]
        entries = set((issued.facts.get("entry_id") or "").split(", ")) - {""}
        for r in self._records:
            if r["seq"] <= issued.ledger_seq or r["action"] not in CHANGES:
                continue
            kinds = CHANGES[r["action"]]
            if kinds is not None and kind not in kinds:
                continue
            if r["action"] in ENTRY_ACTIONS and entries and r["target"] not in entries and kind in ("award", "certificate"):
                continue
            if _outside_facts(r):  # a change of what no paper's facts hold (the signatory, a phone number)
                continue
            return {"seq": r["seq"], "time": r["time"], "actor": r["actor"], "action": r["action"],
                    "target": r["target"], "reason": _reason(r)}
        return None


def _outside_facts(record: dict) -> bool:
    from krenova_cli.documents.verification import ENTRY_OUTSIDE_FACTS, setting_outside_facts

    old = record.get("old")
    if record["action"] == "settings.set" and isinstance(old, dict) and old:
        return all(setting_outside_facts(k) for k in old)
    if record["action"] == "entry.edit" and isinstance(old, dict) and old:
        return set(old) <= ENTRY_OUTSIDE_FACTS
    return False


def _reason(record: dict) -> str:
    new = record.get("new")
    if isinstance(new, dict) and isinstance(new.get("reason"), str):
        return new["reason"]
    return ""


def verify(store: Store, codes: list[str]) -> list[Verdict]:
    checker = Verifier(store)
    return [checker.verdict(c) for c in codes]


def verify_file(store: Store, path: Path) -> list[Verdict]:
    """A verdict for every paper of a PDF file, every page answered (SPEC 9.2)."""
    from krenova_cli.usecases.verify_file import papers_in

    found = papers_in(path)
    checker = Verifier(store)
    return [checker.paper(p) for p in found]


def verify_all(store: Store) -> tuple[Verifier, list[Verdict]]:
    """Every code ever issued, in register order (what `publish` shows)."""
    checker = Verifier(store)
    return checker, [checker.verdict(c) for c in checker.codes]


def entry_ids(verdict: Verdict) -> list[str]:
    return [e for e in ((verdict.facts or {}).get("entry_id") or "").split(", ") if e]
