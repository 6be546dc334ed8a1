"""The judges' private links `links.toml` (issue 28): one row per judge who was given a link.

A link is `BASE/j/TOKEN`, TOKEN 128 random bits (`secrets.token_urlsafe(16)`). The folder keeps only
the token's SHA-256, never the token: a copy of the folder (a backup, a shared drive) lets nobody
score. `[[link]]` rows: judge, sha256 (64 hex digits), issued and expires (UTC times, expires ""
for never) and revoked ("" or the UTC time of the revocation). A new link for a judge replaces the
old one (the old token stops working). `base_url` is where the links point (`judge link --base-url`).
Reading validates the file; writing gives the sorted text; the file is changed only inside a
transaction, so every link given or revoked is in the ledger.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from krenova_cli.core.errors import DataError, DataErrors, T
from krenova_cli.store import layout

HEADER = ("# The judges' private links of `krenova serve`, as SHA-256 hashes of their tokens (never the tokens).\n"
          "# Written by `krenova judge link`. Do not edit by hand.\n\n")
DEFAULT_BASE_URL = "http://127.0.0.1:8080"
FIELDS = ("judge", "sha256", "issued", "expires", "revoked")
_HEX = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_URL = re.compile(r"https?://[^\s\"'<>]+")


@dataclass(frozen=True)
class Link:
    judge: str
    sha256: str
    issued: str
    expires: str = ""   # "" never
    revoked: str = ""   # "" still valid

    def valid_at(self, now_text: str) -> bool:
        """Neither revoked nor expired at `now_text` (a UTC time as `clock.utc_text` writes it)."""
        return not self.revoked and (not self.expires or now_text < self.expires)


@dataclass(frozen=True)
class Register:
    base_url: str
    links: dict[str, Link]  # judge -> the judge's link


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def find(register: Register, token: str) -> Link | None:
    """The link whose token this is, or None; every stored hash is compared (in constant time each),
    so the answer takes as long for a wrong token as for a right one."""
    digest = token_hash(token)
    found = None
    for link in register.links.values():
        if hmac.compare_digest(link.sha256, digest):
            found = link
    return found


def read(store) -> Register:
    path = store.path(layout.LINKS)
    if not path.is_file():
        return Register(DEFAULT_BASE_URL, {})
    from krenova_cli.store.parsing import parse_toml

    rel = layout.LINKS
    data = parse_toml(store.text(rel), rel)
    unknown = set(data) - {"base_url", "link"}
    if unknown:
        raise DataErrors(DataError(rel, None, T("unknown key(s) {keys}; the file holds base_url and [[link]] tables",
                                                keys=", ".join(sorted(unknown)))))
    base = data.get("base_url", DEFAULT_BASE_URL)
    if not isinstance(base, str) or not _URL.fullmatch(base):
        raise DataErrors(DataError(rel, None, T("base_url must be an http:// or https:// address (found {value!r})", value=base)))
    links: dict[str, Link] = {}
    hashes: set[str] = set()
    for i, item in enumerate(data.get("link") or [], start=1):
        if not isinstance(item, dict) or set(item) != set(FIELDS) or not all(isinstance(item[k], str) for k in FIELDS):
            raise DataErrors(DataError(rel, None, T("link {i}: needs judge, sha256, issued, expires and revoked, all text", i=i)))
        if not _ID.fullmatch(item["judge"]) or not _HEX.fullmatch(item["sha256"]) or not _TIME.fullmatch(item["issued"]):
            raise DataErrors(DataError(rel, None, T("link {i}: judge is an id, sha256 64 hexadecimal digits, issued a UTC time "
                                                    "such as 2017-08-17T10:00:00Z", i=i)))
        for key in ("expires", "revoked"):
            if item[key] and not _TIME.fullmatch(item[key]):
                raise DataErrors(DataError(rel, None, T("link {i}: {key} is empty or a UTC time such as 2017-08-17T10:00:00Z",
                                                        i=i, key=key)))
        if item["judge"] in links or item["sha256"] in hashes:
            raise DataErrors(DataError(rel, None, T("link {i}: judge {judge} or its hash is given twice", i=i, judge=item["judge"])))
        links[item["judge"]] = Link(*(item[k] for k in FIELDS))
        hashes.add(item["sha256"])
    return Register(base.rstrip("/"), links)


def text(register: Register) -> bytes:
    import tomli_w

    from krenova_cli.core.ids import natural_key

    body: dict = {"base_url": register.base_url,
                  "link": [{k: getattr(link, k) for k in FIELDS}
                           for _, link in sorted(register.links.items(), key=lambda kv: natural_key(kv[0]))]}
    return (HEADER + tomli_w.dumps(body)).encode("utf-8")


def problems(store) -> list[DataError]:
    """`check`'s reading of the file: [] when it is well formed."""
    try:
        read(store)
    except DataErrors as exc:
        return exc.errors
    return []
