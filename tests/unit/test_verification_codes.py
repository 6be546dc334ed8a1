"""Verification codes (SPEC 8.7): Crockford base32 over the SHA-256 of the canonical facts."""

from __future__ import annotations

from datetime import date

import pytest

from krenova_cli.core.verification import ALPHABET, code_of, crockford, looks_like_code, normalise

FACTS = {"kind": "award", "number": "070/001/Balitbang/2017", "entry_id": "K001", "honour": "Juara I",
         "amount": 5_000_000, "date": "2017-08-17", "content": None}
HEAD = "3d375e5574dcb48d"


def test_a_code_is_ten_crockford_characters_and_stable():
    code = code_of(FACTS, HEAD)
    assert len(code) == 10 and set(code) <= set(ALPHABET)
    assert code == code_of(dict(reversed(list(FACTS.items()))), HEAD)  # key order does not matter
    assert code == code_of(dict(FACTS), HEAD)


@pytest.mark.parametrize("key, other", [
    ("kind", "certificate"), ("number", "070/002/Balitbang/2017"), ("entry_id", "K002"), ("honour", "Juara II"),
    ("amount", 3_000_000), ("amount", None), ("date", "2017-08-18"), ("content", "abc"),
])
def test_any_fact_changed_changes_the_code(key, other):
    assert code_of(FACTS | {key: other}, HEAD) != code_of(FACTS, HEAD)


def test_the_ledger_head_is_part_of_the_code():
    assert code_of(FACTS, HEAD) != code_of(FACTS, "0" * 16)


def test_crockford_reads_the_leading_bits():
    assert crockford(bytes([0] * 32)) == "0" * 10
    assert crockford(bytes([0xFF] * 32)) == "Z" * 10
    assert crockford(bytes([0b00001000] + [0] * 31)) == "1" + "0" * 9
    assert crockford(bytes([0b00000100] + [0] * 31)) == "0G" + "0" * 8


def test_a_typed_code_is_normalised():
    code = code_of(FACTS, HEAD)
    typed = f" {code[:5].lower()}-{code[5:]} ".replace("1", "l").replace("0", "o")
    assert normalise(typed) == code
    assert looks_like_code(typed)
    assert not looks_like_code("ABCDEFGHJ")  # nine
    assert not looks_like_code("ABCDEFGHJU")  # U is not Crockford


def test_facts_of_a_document_are_plain_and_complete():
    from krenova_cli.documents.verification import facts_of

    doc = {"kind": "award", "number": "1/2017", "entry": {"id": "K001"}, "place_title": "Juara I",
           "amount": 5_000_000, "date": date(2017, 8, 17)}
    facts = facts_of(doc)
    # `content` covers what the paper prints of the entry's identity (issue 24: a title edit revokes it);
    # `legacy_content` is the content as codes made before identities were facts (None: this paper names none)
    assert {k: v for k, v in facts.items() if k not in ("content", "legacy_content")} == {
        "kind": "award", "number": "1/2017", "entry_id": "K001", "honour": "Juara I", "amount": 5_000_000, "date": "2017-08-17"}
    assert facts["content"] != facts_of(doc | {"entry": {"id": "K001", "title": "Lain"}})["content"]


def test_the_qr_code_holds_the_url():
    """segno's symbol decodes back to the text (zxing-cpp reading the PNG the Word papers embed)."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is not installed (pip install zxing-cpp)")
    import io

    from PIL import Image

    from krenova_cli.documents.verification import qr_png, qr_svg_uri, url_for

    url = url_for("https://inovasi.magelangkota.go.id/v/{code}.html", "KP65CV0K8A")
    assert url == "https://inovasi.magelangkota.go.id/v/KP65CV0K8A.html"
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))))
    assert [b.text for b in found] == [url]
    assert qr_svg_uri(url).startswith("data:image/svg+xml")
    assert url_for("", "KP65CV0K8A") == "KP65CV0K8A"
