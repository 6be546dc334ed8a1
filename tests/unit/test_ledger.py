"""The hash chain: verified end to end, every alteration found."""

import json

from krenova_cli.store import ledger


def write_chain(path, n=3):
    head = ledger.Head(0, ledger.GENESIS)
    lines = []
    for i in range(n):
        rec = ledger.make_record(head, "2017-01-01T00:00:00Z", "a", "x", str(i), None, {"i": i}, {})
        head = ledger.Head(rec["seq"], rec["hash"])
        lines.append(json.dumps(rec))
    path.write_text("\n".join(lines) + "\n")
    return lines


def test_chain_verifies_and_head_reads_the_tail(tmp_path):
    p = tmp_path / "ledger.jsonl"
    lines = write_chain(p)
    records, errors = ledger.verify(p)
    assert errors == [] and len(records) == 3
    head, problems = ledger.read_head(p)
    assert head.seq == 3 and head.hash == json.loads(lines[-1])["hash"] and problems == []


def test_altered_removed_and_truncated_records_are_found(tmp_path):
    p = tmp_path / "ledger.jsonl"
    lines = write_chain(p)
    changed = json.loads(lines[1])
    changed["new"] = {"i": 99}
    p.write_text("\n".join([lines[0], json.dumps(changed), lines[2]]) + "\n")
    assert "altered" in ledger.verify(p)[1][0].message
    p.write_text("\n".join([lines[0], lines[2]]) + "\n")
    assert "chain is broken" in ledger.verify(p)[1][0].message
    p.write_text("\n".join(lines)[:-10])
    assert "cut short" in ledger.verify(p)[1][0].message
    assert ledger.read_head(p)[1]


def test_a_line_verifies_from_its_bytes_exactly_when_its_content_does():
    """`line_verifies` hashes the line's own bytes (krenova writes canonical lines); whatever the
    bytes, its answer is `record_hash`'s: reformatted, altered, decoy members."""
    head = ledger.Head(0, ledger.GENESIS)
    record = ledger.make_record(head, "2017-01-01T00:00:00Z", "a", "score", "J1", {"K1": {"c": 1}},
                                {"K1": {"c": 2}, "nama": "Dinas Kesehatan: \u00e9\"x\""}, {"scores/round-1/J1.json": "ab" * 32})
    canonical = ledger.canonical(record)
    altered = dict(record, new={"K1": {"c": 3}})
    decoy = dict(record, files={"hash": record["hash"], **record["files"]})  # a member like the hash, nested
    decoy["hash"] = ledger.record_hash(decoy)
    cases = [
        (canonical, True),
        (json.dumps(record).encode(), True),  # spaces after separators, keys in another order: the content verifies
        (json.dumps(record, ensure_ascii=True, indent=1).encode(), True),
        (ledger.canonical(altered), False),
        (json.dumps(altered).encode(), False),
        (ledger.canonical(decoy), True),
        (ledger.canonical(dict(decoy, hash=record["hash"])), False),
        (ledger.canonical(dict(record, hash=record["hash"].upper())), False),
        (ledger.canonical(dict(record, hash=7)), False),
    ]
    for raw, ok in cases:
        parsed = json.loads(raw)
        assert ledger.line_verifies(raw, parsed) is ok, raw[:80]
        assert (parsed["hash"] == ledger.record_hash(parsed)) is ok


def test_verify_keeps_only_the_fields_asked_for(tmp_path):
    p = tmp_path / "ledger.jsonl"
    write_chain(p)
    slim, errors = ledger.verify(p, ("seq", "hash", "files"))
    full, _ = ledger.verify(p)
    assert errors == [] and slim == [{k: r[k] for k in ("seq", "hash", "files")} for r in full]
