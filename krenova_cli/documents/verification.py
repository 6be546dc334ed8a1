"""Verification codes of the papers (SPEC 8.7): the facts a document states, their code, its QR.

A document's *facts* are what a reader of the paper relies on: its kind, its number, the entry
(or entries) it concerns, the honour, the amount, the date; with the ledger head when it was
numbered they make its code (`core/verification.py`). Documents that
speak of many entries at once (the minutes, the decree, a nomination, a judge's recap) also carry
`content`, a digest of what they list, so that a re-decided round changes their code too.

The QR code is made with segno, imported only here, when documents are made.
"""

from __future__ import annotations

import hashlib
import json

from krenova_cli.core.verification import FACT_KEYS, code_of, normalise, same_facts  # noqa: F401 (re-exported)


def _digest(value) -> str:
    data = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def _ids(items) -> str:
    return ", ".join(items)


# What a paper prints about an entry besides its id (issue 24: identity is a fact): an edit of any of
# these after the paper was numbered changes its facts, so its code is revoked.
IDENTITY = ("title", "institution", "category", "entity_type", "addressee")


# Settings no paper's facts depend on (what they print, if anything, is not among the facts): a
# `settings.set` of only these never revokes a paper, so `verify` does not name it. A key not listed
# is taken as one that may change facts. tests/cli/test_locks.py checks every key against this.
_OUTSIDE_FACTS = ("signatory.", "agency_signatory.", "interface_language", "sinovik.")  # [sinovik]: the drafts' outline
_OUTSIDE_FACTS_COMPETITION = {"id", "name", "organiser", "organiser_short", "government", "city", "address", "letter_number",
                              "letter_number_start", "award_place", "national_competition", "emblem", "logo", "phone",
                              "email", "website", "postal_code", "cc", "timezone", "verify_url"}
# entry fields no paper's facts hold (documents/verification.IDENTITY is what they hold)
ENTRY_OUTSIDE_FACTS = {"contact", "phone", "email", "description", "year_started", "reason", "proposal"}


def setting_outside_facts(key: str) -> bool:
    parts = key.split(".")
    if key.startswith(_OUTSIDE_FACTS) or parts[-1] == "description":
        return True
    if parts[0] == "competition" and len(parts) == 2:
        return parts[1] in _OUTSIDE_FACTS_COMPETITION
    return parts[0] in ("criteria", "entity_types") and len(parts) == 3 and parts[2] == "name"


def identity(entry: dict) -> list:
    return [entry.get(k) for k in IDENTITY]


def facts_of(doc: dict) -> dict:
    """What a document states, as plain JSON values (the same for the same state, rendered again).

    `content` also covers what the paper prints of each entry's identity; `legacy_content` (not a
    fact: no code is made of it) is the content as codes issued before that were made, so that those
    codes stay valid while the paper states what they were issued for."""
    kind = doc["kind"]
    entry_id = honour = amount = content = legacy = None
    if kind == "award":
        entry_id, honour, amount = doc["entry"]["id"], doc["place_title"], doc["amount"]
        content = _digest(identity(doc["entry"]))
    elif kind == "certificate":
        entry_id, honour = doc["entry"]["id"], doc["honour"]
        content = _digest(identity(doc["entry"]))
    elif kind == "nomination":
        entry_id = _ids(e["id"] for e in doc["entries"])
        honour = doc["institution"]
        legacy = _digest([[e["id"], e["achievement"]] for e in doc["entries"]])
        content = _digest([[e["id"], e["achievement"], identity(e)] for e in doc["entries"]])
    elif kind == "minutes":
        honour = doc["round_name"]
        content = _digest([[r["entry_id"], r["rank"], str(r["ranking_score"]), r["note"]] for r in doc["rows"]])
    elif kind in ("awards-minutes", "decree"):
        entry_id = _ids(w["entry"]["id"] for w in doc["winners"])
        honour = ", ".join(w["title"] for w in doc["winners"])
        amount = doc["total"] if kind == "decree" else sum(w["amount"] for w in doc["winners"])
        legacy = _digest([[w["place"], w["title"], w["entry"]["id"], w["amount"]] for w in doc["winners"]])
        content = _digest([[w["place"], w["title"], w["entry"]["id"], w["amount"], identity(w["entry"])] for w in doc["winners"]])
    elif kind == "sinovik-draft":  # the entry it is drafted for, its achievement and identity (not its texts)
        entry_id, honour = doc["entry"]["id"], doc["achievement"]
        content = _digest(identity(doc["entry"]))
    elif kind == "judge-recap":
        honour = f"{doc['judge']['name']} ({doc['round_name']})"
        # the judge's comments are stated too; a row without any keeps the digest it had before they were shown
        content = _digest([[r["entry_id"], r["marks"], str(r["total"])] + (
            [r["comment"], [[x["id"], x["text"]] for x in r["criteria_comments"]]]  # criteria by id: names are outside the facts
            if r.get("comment") or r.get("criteria_comments") else []) for r in doc["rows"]])
    elif doc.get("facts"):  # a kind that states its own facts (documents/year_papers.py): entry_id, honour, content
        own = doc["facts"]
        entry_id, honour, amount = own.get("entry_id"), own.get("honour", doc.get("key", kind)), own.get("amount")
        content = _digest(own["content"]) if own.get("content") is not None else None
    else:  # a kind added later: its subject and date are still covered
        honour = doc.get("key", kind)
    if amount is not None:
        amount = int(amount)
    facts = {"kind": kind, "number": doc.get("number", ""), "entry_id": entry_id, "honour": honour,
             "amount": amount, "date": doc["date"].isoformat(), "content": content}
    if kind in ("award", "certificate", "nomination", "awards-minutes", "decree"):
        facts["legacy_content"] = legacy
    return facts


def url_for(pattern: str, code: str) -> str:
    """What the QR code holds: the settings' verify_url with the code filled in, or the code itself."""
    return pattern.replace("{code}", code) if pattern else code


def _qr(text: str):
    import segno

    # A fixed mask: choosing the best of the eight (segno's default) costs 15 ms a code, 75 s for
    # 5,000 certificates, and every mask decodes; the finder patterns are what scanners need.
    return segno.make(text, error="m", micro=False, mask=4)


QR_MM = 14  # the QR code's printed size in a letter's footer (`rendering.page_marks`); an <img> sets its own


def qr_svg_uri(text: str) -> str:
    """A vector QR code as a data: URI (an <img> in HTML; WeasyPrint draws it as vector paths), QR_MM
    wide with a viewBox: a page's footer, which no CSS rule sizes, prints it at that size."""
    qr = _qr(text)
    return qr.svg_data_uri(scale=QR_MM / qr.symbol_size(scale=1, border=2)[0], border=2, unit="mm", nl=False)


def qr_svg(text: str) -> str:
    """The QR code as an SVG element, for a page that shows it inline."""
    return _qr(text).svg_inline(scale=4, border=2, nl=False)


def qr_png(text: str) -> bytes:
    """The QR code as a PNG (Word has no portable place for SVG); 8 pixels a module prints sharp."""
    import io

    buf = io.BytesIO()
    _qr(text).save(buf, kind="png", scale=8, border=2)
    return buf.getvalue()


def add_qr(docs: list[dict], verify_url: str, fmt: str) -> None:
    """What the papers print: the code, the text the QR holds, and the QR itself for the format."""
    for d in docs:
        target = url_for(verify_url, d["verify_code"])
        d["verify_url"] = target if verify_url else ""
        d["verify_qr"] = qr_png(target) if fmt == "docx" else qr_svg_uri(target)
