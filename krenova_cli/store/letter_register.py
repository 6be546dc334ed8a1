"""The letter register `letters.toml`: every number given to a document, once (an agenda book).

Reading validates the file (each key and each number once, sequence numbers unique); writing
gives the sorted text. Numbering itself (who gets the next number) is `usecases/letters.py`;
the file is changed only inside a transaction, so every number given is in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from krenova_cli.core.errors import DataError, DataErrors
from krenova_cli.store import layout

HEADER = ("# Letter numbers given by krenova, one per document (kind/subject). Written by `krenova letters`;\n"
          "# a document rendered again keeps its number. Do not edit by hand.\n\n")


@dataclass(frozen=True)
class Numbered:
    key: str      # kind/subject, e.g. "award/K001", "nomination/dinas-kesehatan", "minutes/4"
    seq: int
    number: str
    date: str     # ISO date printed on the document when it was numbered


def read(store) -> dict[str, Numbered]:
    """Key -> its number; {} when nothing was numbered yet. A damaged register is a DataError."""
    path = store.path(layout.LETTERS)
    if not path.is_file():
        return {}
    from krenova_cli.store.parsing import parse_toml

    rel = layout.LETTERS
    data = parse_toml(store.text(rel), rel)
    unknown = set(data) - {"letter"}
    if unknown:
        raise DataErrors(DataError(rel, None, f"unknown key(s) {', '.join(sorted(unknown))}; the register holds [[letter]] tables"))
    out: dict[str, Numbered] = {}
    seqs: dict[int, str] = {}
    numbers: dict[str, str] = {}
    for i, item in enumerate(data.get("letter") or [], start=1):
        if not isinstance(item, dict) or set(item) != {"key", "seq", "number", "date"}:
            raise DataErrors(DataError(rel, None, f"letter {i}: needs exactly key, seq, number and date"))
        key, seq, number, day = item["key"], item["seq"], item["number"], item["date"]
        if not (isinstance(key, str) and isinstance(number, str) and isinstance(seq, int) and not isinstance(seq, bool)
                and seq >= 1 and isinstance(day, str)):
            raise DataErrors(DataError(rel, None, f"letter {i}: key and number are text, seq a positive whole number"))
        for seen, value, what in ((out, key, "key"), (seqs, seq, "sequence number"), (numbers, number, "number")):
            if value in seen:
                raise DataErrors(DataError(rel, None, f"letter {i}: {what} {value!r} is given twice"))
        out[key] = Numbered(key, seq, number, day)
        seqs[seq] = key
        numbers[number] = key
    return out


def text(register: dict[str, Numbered]) -> bytes:
    import tomli_w

    rows = sorted(register.values(), key=lambda n: n.seq)
    body = tomli_w.dumps({"letter": [{"key": n.key, "seq": n.seq, "number": n.number, "date": n.date} for n in rows]})
    return (HEADER + body).encode("utf-8")
