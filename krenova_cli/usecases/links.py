"""The judges' private links of `krenova serve` (issue 28): give, revoke, resolve.

A token is shown once, when it is given (`judge link` prints it, with its QR code); the folder keeps
its SHA-256 only (`store/link_register.py`). Giving and revoking are logged changes like any other.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from krenova_cli.core.errors import UserError
from krenova_cli.core.score_rules import require_judge
from krenova_cli.i18n.messages import _
from krenova_cli.store import layout, link_register
from krenova_cli.store.clock import utc_text
from krenova_cli.store.datafolder import Store
from krenova_cli.store.link_register import Link, Register

MAX_DAYS = 3650


@dataclass(frozen=True)
class Given:
    judge: str
    name: str
    email: str
    url: str
    expires: str


def _now(store: Store):
    return store.clock().replace(microsecond=0)


def url_of(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/j/{token}"


def check_base_url(base_url: str) -> str:
    base = base_url.strip().rstrip("/")
    if not link_register._URL.fullmatch(base):
        raise UserError(_("--base-url: {value!r} is not an http:// or https:// address; give the address judges will open, "
                          "e.g. https://nilai.example.go.id").format(value=base_url))
    return base


def give(store: Store, judge_ids: list[str] | None, days: int | None, base_url: str | None) -> list[Given]:
    """New links for these judges (None: every judge), each replacing the judge's old link; one logged change."""
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise UserError(_("--expires: give a number of days from 1 to {most} (found {days})").format(most=MAX_DAYS, days=days))
    base = check_base_url(base_url) if base_url is not None else None
    with store.transaction() as tx:
        state = store.load(rounds=())
        register = link_register.read(store)
        ids = list(state.judges) if judge_ids is None else judge_ids
        if not ids:
            raise UserError(_("no judges are registered; register them with `krenova judge import FILE.csv` first"))
        for j in ids:
            require_judge(state, j)
        now = _now(store)
        issued, expires = utc_text(now), (utc_text(now + timedelta(days=days)) if days else "")
        links = dict(register.links)
        given = []
        base = base or register.base_url
        for j in ids:
            token = secrets.token_urlsafe(16)
            links[j] = Link(j, link_register.token_hash(token), issued, expires, "")
            judge = state.judges[j]
            given.append(Given(j, judge.name, judge.email, url_of(base, token), expires))
        tx.put(layout.LINKS, link_register.text(Register(base, links)))
        old = {j: _public(register.links[j]) for j in ids if j in register.links}
        tx.commit("judge.link", " ".join(ids) if judge_ids is not None else "all",
                  {"links": old}, {"base_url": base, "links": {j: _public(links[j]) for j in ids}})
    return given


def revoke(store: Store, judge_id: str) -> bool:
    """Revoke the judge's link; False when the judge had no valid link (nothing changed)."""
    with store.transaction() as tx:
        state = store.load(rounds=())
        require_judge(state, judge_id)
        register = link_register.read(store)
        link = register.links.get(judge_id)
        if link is None or link.revoked:
            return False
        revoked = Link(link.judge, link.sha256, link.issued, link.expires, utc_text(_now(store)))
        tx.put(layout.LINKS, link_register.text(Register(register.base_url, {**register.links, judge_id: revoked})))
        tx.commit("judge.link.revoke", judge_id, {"links": {judge_id: _public(link)}}, {"links": {judge_id: _public(revoked)}})
    return True


def _public(link: Link) -> dict:
    """What the ledger says of a link: everything but the hash (the file's digest is recorded anyway)."""
    return {"issued": link.issued, "expires": link.expires, "revoked": link.revoked}


def judge_of(register: Register, token: str, now_text: str) -> str | None:
    """The judge a token stands for, when its link is neither revoked nor expired; None otherwise."""
    link = link_register.find(register, token)
    if link is None or not link.valid_at(now_text):
        return None
    return link.judge


def write_csv(store: Store, path, given: list[Given]) -> None:
    """The links for the office's mail merge (judge, name, email, link, expires), readable by the owner only:
    the file holds the tokens themselves. Cells a spreadsheet would run as formulas are defused."""
    import csv
    import io
    import os

    from krenova_cli.core.csvtext import defused

    target = store.output(path)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["judge", "name", "email", "link", "expires"])
    for g in given:
        w.writerow([defused(g.judge), defused(g.name), defused(g.email), g.url, g.expires])
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an older file of the same name keeps no wider mode
        os.write(fd, buf.getvalue().encode("utf-8-sig"))
    finally:
        os.close(fd)
