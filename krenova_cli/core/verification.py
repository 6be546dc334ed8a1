"""Verification codes (SPEC 8.7): 10 characters of Crockford base32 over the SHA-256 of a
document's canonical facts and the ledger head when it was numbered.

Pure: the facts come from `documents/verification.py`, the register (`store/letter_register.py`)
checks that each stored code is the code of its stored facts. 50 bits: a forger guessing codes
would need about 10^15 tries per hit.
"""

from __future__ import annotations

import hashlib
import json
import re

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 10
CODE = re.compile(rf"[{ALPHABET}]{{{LENGTH}}}")
FACT_KEYS = ("kind", "number", "entry_id", "honour", "amount", "date", "content")


def crockford(digest: bytes, length: int = LENGTH) -> str:
    value = int.from_bytes(digest, "big")
    bits = len(digest) * 8
    return "".join(ALPHABET[(value >> (bits - 5 * (i + 1))) & 31] for i in range(length))


def normalise(text: str) -> str:
    """A code as a person types it: case, spaces and hyphens ignored; I and L read as 1, O as 0."""
    cleaned = re.sub(r"[\s-]", "", text).upper()
    return cleaned.translate(str.maketrans({"I": "1", "L": "1", "O": "0"}))


def looks_like_code(text: str) -> bool:
    return CODE.fullmatch(normalise(text)) is not None


def code_of(facts: dict, ledger_head: str) -> str:
    """The code of a document's facts and the ledger head (16 hex) at the time it was numbered."""
    body = {k: facts.get(k) for k in FACT_KEYS} | {"ledger_head": ledger_head}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return crockford(hashlib.sha256(data).digest())


def same_facts(a: dict, b: dict) -> bool:
    """Whether two documents' facts are the same. One side may be the facts a document states now
    (with `legacy_content`, the content as codes issued before identities were facts were made), the
    other the facts of an issued code: an older code still matches on the content it was made of."""
    if all(a.get(k) == b.get(k) for k in FACT_KEYS):
        return True
    if any(a.get(k) != b.get(k) for k in FACT_KEYS if k != "content"):
        return False
    return ("legacy_content" in a and a["legacy_content"] == b.get("content")) or (
        "legacy_content" in b and b["legacy_content"] == a.get("content"))
