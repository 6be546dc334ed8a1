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
