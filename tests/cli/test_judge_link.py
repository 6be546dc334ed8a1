"""Issue 28 part 2: `krenova judge link`, private revocable links stored as hashes only, in the ledger."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re

from tests.conftest import refused, run

LINK = re.compile(r"^http://127\.0\.0\.1:8080/j/([A-Za-z0-9_-]{22})$", re.M)


def _ledger(d):
    return [json.loads(line) for line in (d / "ledger.jsonl").read_text().splitlines()]


def test_a_link_is_printed_once_with_its_qr_and_stored_as_a_hash_only(comp):
    r = run("-d", comp, "judge", "link", "J3", "--expires", "14")
    assert r.code == 0, r.err
    token = LINK.search(r.out).group(1)
    assert "█" in r.out or "▀" in r.out  # the QR code in the terminal
    text = (comp / "links.toml").read_text()
    assert token not in text
    assert hashlib.sha256(token.encode()).hexdigest() in text
    assert 'expires = "2017-08-31T10:00:00Z"' in text
    last = _ledger(comp)[-1]
    assert last["action"] == "judge.link" and "links.toml" in last["files"]
    assert token not in json.dumps(last)
    assert run("-d", comp, "check").code == 0


def test_a_new_link_replaces_the_old_and_revoking_is_logged(comp):
    first = LINK.search(run("-d", comp, "judge", "link", "J1", "--no-qr").out).group(1)
    second = LINK.search(run("-d", comp, "judge", "link", "J1", "--no-qr").out).group(1)
    assert first != second
    text = (comp / "links.toml").read_text()
    assert hashlib.sha256(first.encode()).hexdigest() not in text
    r = run("-d", comp, "judge", "link", "J1", "--revoke")
    assert r.code == 0 and "revoked" in r.err
    assert 'revoked = "2017-08-17T10:00:00Z"' in (comp / "links.toml").read_text()
    assert _ledger(comp)[-1]["action"] == "judge.link.revoke"
    again = run("-d", comp, "judge", "link", "J1", "--revoke")
    assert again.code == 0 and "nothing changed" in again.err
    assert run("-d", comp, "check").code == 0


def test_all_links_for_a_mail_merge_in_one_change(comp, tmp_path):
    before = len(_ledger(comp))
    r = run("-d", comp, "judge", "link", "--all", "--csv", tmp_path / "links.csv", "--base-url", "https://nilai.example.go.id/")
    assert r.code == 0, r.err
    assert len(_ledger(comp)) == before + 1
    rows = list(csv.DictReader(open(tmp_path / "links.csv", encoding="utf-8-sig")))
    assert [row["judge"] for row in rows] == ["J1", "J2", "J3"]
    assert all(re.fullmatch(r"https://nilai\.example\.go\.id/j/[A-Za-z0-9_-]{22}", row["link"]) for row in rows)
    assert os.stat(tmp_path / "links.csv").st_mode & 0o077 == 0
    # the base URL is kept for the next link
    assert run("-d", comp, "judge", "link", "J2", "--no-qr").out.startswith("https://nilai.example.go.id/j/")
    assert run("-d", comp, "check").code == 0


def test_wrong_uses_are_refused_and_change_nothing(comp, tmp_path):
    cases = [
        (["judge", "link", "J9"], "J9"),
        (["judge", "link"], "--all"),
        (["judge", "link", "--all"], "--csv"),
        (["judge", "link", "J1", "--csv", tmp_path / "x.csv"], "--all"),
        (["judge", "link", "J1", "--expires", "0"], "--expires"),
        (["judge", "link", "J1", "--base-url", "javascript:alert(1)"], "--base-url"),
        (["judge", "link", "J1", "--revoke", "--expires", "3"], "--revoke"),
        (["judge", "link", "--all", "--csv", comp / "judges.toml"], "judges.toml"),
    ]
    for args, named in cases:
        errors = refused(comp, *args)
        assert len(errors) == 1 and named in errors[0], (args, errors)


def test_check_names_a_damaged_links_file(comp):
    run("-d", comp, "judge", "link", "J1", "--no-qr")
    path = comp / "links.toml"
    path.write_text(path.read_text().replace('judge = "J1"', 'judge = 5'))
    r = run("-d", comp, "check")
    assert r.code == 1
    assert any("links.toml" in e and "judge, sha256" in e for e in r.errors), r.err


def test_adopt_validates_a_links_file_edited_by_hand(comp):
    run("-d", comp, "judge", "link", "J1", "--no-qr")
    path = comp / "links.toml"
    path.write_text(path.read_text().replace('base_url = "http://127.0.0.1:8080"', 'base_url = "ftp://x"'))
    errors = refused(comp, "adopt", "links.toml", "--reason", "hand edit")
    assert any("links.toml" in e and "base_url" in e for e in errors), errors
