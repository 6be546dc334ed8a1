"""The letter register `letters.toml`: every number given to a document, once (an agenda book),
and every verification code issued, with the facts it stands for (SPEC 8.7).

`[[letter]]` rows: key, seq, number, date and the document's current `code`. `[[withdrawn]]` rows:
numbers withdrawn by `letters KIND --renumber` (a paper numbered wrongly), with the reason and the
number that replaced them; a withdrawn number, like every number, is never given again. `[[code]]` rows: every
code ever issued (a code is never removed: a paper printed with it must still be found, and shown
as revoked when its facts no longer hold), with its facts and the ledger head when it was issued.
Reading validates the file (each key and each number once, sequence numbers unique, codes unique
and each one the hash of its facts); writing gives the sorted text. Numbering itself (who gets the next number) is `usecases/letters.py`;
the file is changed only inside a transaction, so every number given is in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from krenova_cli.core.errors import DataError, DataErrors, T
from krenova_cli.store import layout

HEADER = ("# Letter numbers given by krenova, one per document (kind/subject). Written by `krenova letters`;\n"
          "# a document rendered again keeps its number. Do not edit by hand.\n\n")


@dataclass(frozen=True)
class Numbered:
    key: str      # kind/subject, e.g. "award/K001", "nomination/dinas-kesehatan", "minutes/4"
    seq: int
    number: str
    date: str     # ISO date printed on the document when it was numbered
    code: str = ""  # the verification code of the facts it states now ("" before codes existed)


@dataclass(frozen=True)
class Withdrawn:
    """A number given once and withdrawn: its paper was renumbered."""

    key: str
    seq: int
    number: str
    date: str
    reason: str
    replaced_by: str


WITHDRAWN_FIELDS = ("key", "seq", "number", "date", "reason", "replaced_by")


@dataclass(frozen=True)
class Issued:
    """One verification code and the facts it stands for."""

    code: str
    key: str
    facts: dict        # kind, number, entry_id, honour, amount, date, content (see documents/verification.py)
    ledger_head: str   # first 16 hex digits of the ledger head when the code was issued
    ledger_seq: int    # that head's sequence number


CODE_FIELDS = {"code", "key", "kind", "number", "date", "ledger_head", "ledger_seq"}
OPTIONAL_FIELDS = {"entry_id", "honour", "amount", "content"}


def read(store) -> dict[str, Numbered]:
    """Key -> its number; {} when nothing was numbered yet. A damaged register is a DataError."""
    return read_all(store)[0]


def read_codes(store) -> dict[str, Issued]:
    """Code -> the facts it was issued for; {} when no code was issued yet."""
    return read_all(store)[1]


def read_all(store) -> tuple[dict[str, Numbered], dict[str, Issued]]:
    return read_register(store)[:2]


def read_withdrawn(store) -> list[Withdrawn]:
    """The numbers withdrawn by a renumbering, in the order they were given."""
    return read_register(store)[2]


def read_register(store) -> tuple[dict[str, Numbered], dict[str, Issued], list[Withdrawn]]:
    path = store.path(layout.LETTERS)
    if not path.is_file():
        return {}, {}, []
    from krenova_cli.store.parsing import parse_toml

    rel = layout.LETTERS
    data = parse_toml(store.text(rel), rel)
    unknown = set(data) - {"letter", "code", "withdrawn"}
    if unknown:
        raise DataErrors(DataError(rel, None, T("unknown key(s) {keys}; the register holds [[letter]], [[code]] and "
                                                "[[withdrawn]] tables", keys=", ".join(sorted(unknown)))))
    out: dict[str, Numbered] = {}
    seqs: dict[int, str] = {}
    numbers: dict[str, str] = {}
    for i, item in enumerate(data.get("letter") or [], start=1):
        if not isinstance(item, dict) or not {"key", "seq", "number", "date"} <= set(item) <= {"key", "seq", "number", "date", "code"}:
            raise DataErrors(DataError(rel, None, T("letter {i}: needs exactly key, seq, number, date (and code)", i=i)))
        key, seq, number, day, code = item["key"], item["seq"], item["number"], item["date"], item.get("code", "")
        if not (isinstance(key, str) and isinstance(number, str) and isinstance(seq, int) and not isinstance(seq, bool)
                and seq >= 1 and isinstance(day, str) and isinstance(code, str)):
            raise DataErrors(DataError(rel, None, T("letter {i}: key and number are text, seq a positive whole number", i=i)))
        for seen, value, what in ((out, key, T("key")), (seqs, seq, T("sequence number")), (numbers, number, T("number"))):
            if value in seen:
                raise DataErrors(DataError(rel, None, T("letter {i}: {what} {value!r} is given twice", i=i, what=what, value=value)))
        out[key] = Numbered(key, seq, number, day, code)
        seqs[seq] = key
        numbers[number] = key
    withdrawn: list[Withdrawn] = []
    for i, item in enumerate(data.get("withdrawn") or [], start=1):
        if (not isinstance(item, dict) or set(item) != set(WITHDRAWN_FIELDS) or not isinstance(item["seq"], int)
                or isinstance(item["seq"], bool) or item["seq"] < 1
                or not all(isinstance(item[k], str) for k in WITHDRAWN_FIELDS if k != "seq")):
            raise DataErrors(DataError(rel, None, T("withdrawn {i}: needs key, seq, number, date, reason and replaced_by "
                                                    "(seq a positive whole number, the others text)", i=i)))
        for seen, value, what in ((seqs, item["seq"], T("sequence number")), (numbers, item["number"], T("number"))):
            if value in seen:  # a withdrawn number stays taken: never given twice
                raise DataErrors(DataError(rel, None, T("withdrawn {i}: {what} {value!r} is given twice", i=i, what=what, value=value)))
        seqs[item["seq"]] = item["key"]
        numbers[item["number"]] = item["key"]
        withdrawn.append(Withdrawn(*(item[k] for k in WITHDRAWN_FIELDS)))
    codes = _codes(data.get("code") or [], rel)
    for n in out.values():
        if n.code and (n.code not in codes or codes[n.code].key != n.key):
            raise DataErrors(DataError(rel, None, T("letter {key}: code {code} is not a [[code]] of that letter", key=n.key, code=n.code)))
    return out, codes, withdrawn


def _codes(items, rel: str) -> dict[str, Issued]:
    from krenova_cli.core.verification import code_of

    codes: dict[str, Issued] = {}
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not CODE_FIELDS <= set(item) <= CODE_FIELDS | OPTIONAL_FIELDS:
            raise DataErrors(DataError(rel, None, T("code {i}: needs code, key, kind, number, date, ledger_head and ledger_seq "
                                                    "(and entry_id, honour, amount, content where they apply)", i=i)))
        texts = ("code", "key", "kind", "number", "date", "ledger_head", "entry_id", "honour", "content")
        if (any(k in item and not isinstance(item[k], str) for k in texts)
                or any(k in item and (not isinstance(item[k], int) or isinstance(item[k], bool)) for k in ("amount", "ledger_seq"))):
            raise DataErrors(DataError(rel, None, T("code {i}: amount and ledger_seq are whole numbers, the other facts text", i=i)))
        facts = {k: item.get(k) for k in ("kind", "number", "entry_id", "honour", "amount", "date", "content")}
        issued = Issued(item["code"], item["key"], facts, item["ledger_head"], item["ledger_seq"])
        if issued.code in codes:
            raise DataErrors(DataError(rel, None, T("code {i}: {code} is given twice", i=i, code=issued.code)))
        if code_of(facts, issued.ledger_head) != issued.code:
            raise DataErrors(DataError(rel, None, T("code {i}: {code} is not the code of its facts (edited by hand?)", i=i, code=issued.code)))
        codes[issued.code] = issued
    return codes


def text(register: dict[str, Numbered], codes: dict[str, Issued] | None = None,
         withdrawn: list[Withdrawn] | None = None) -> bytes:
    import tomli_w

    rows = sorted(register.values(), key=lambda n: n.seq)
    letters = [{"key": n.key, "seq": n.seq, "number": n.number, "date": n.date} | ({"code": n.code} if n.code else {})
               for n in rows]
    body: dict = {"letter": letters}
    if withdrawn:
        body["withdrawn"] = [{k: getattr(w, k) for k in WITHDRAWN_FIELDS} for w in sorted(withdrawn, key=lambda w: w.seq)]
    if codes:
        order = {n.key: n.seq for n in rows}
        body["code"] = [{"code": c.code, "key": c.key} | {k: v for k, v in c.facts.items() if v is not None}
                        | {"ledger_head": c.ledger_head, "ledger_seq": c.ledger_seq}
                        for c in sorted(codes.values(), key=lambda c: (order.get(c.key, 0), c.ledger_seq, c.code))]
    return (HEADER + tomli_w.dumps(body)).encode("utf-8")
