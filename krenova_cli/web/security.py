"""The portal's guards, one place for every view (as Tabbycat keeps one private-URL mechanism for all):
security headers, the request size limit, CSRF tokens bound to the private token, the per-address
limit on wrong tokens, and redacting tokens out of anything logged."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections import deque

MAX_BODY = 64 * 1024  # a judge's form is a few hundred bytes; anything larger is refused (413)
CSP = ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),  # the token is in the address: never sent on to another site
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_TOKEN_PATH = re.compile(r"/(j|admin)/[^/?#\s]+")


def redact(path: str) -> str:
    """A path as logs may show it: the private token replaced by `<token>`."""
    return _TOKEN_PATH.sub(lambda m: f"/{m.group(1)}/<token>", path)


class Guard:
    """ASGI middleware around the whole app: headers on every answer, a body limit on every request."""

    def __init__(self, app, max_body: int = MAX_BODY, uploads: tuple[str, str, int] | None = None):
        self.app = app
        self.max_body = max_body
        self.uploads = uploads  # (path start, path end, limit): the secretariat's uploads (POST /admin/.../upload)

    def _limit(self, scope) -> int:
        path = scope.get("path", "")
        if self.uploads and scope.get("method") == "POST" and path.startswith(self.uploads[0]) and path.endswith(self.uploads[1]):
            return self.uploads[2]
        return self.max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self._limit(scope)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = True
                if too_big:
                    return await _plain(send, 413, b"Request too large")
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {n for n, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        try:
            await self.app(scope, limited_receive, with_headers)
        except BodyTooLarge:
            await _plain(send, 413, b"Request too large")


class BodyTooLarge(Exception):
    pass


async def _plain(send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            *HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Csrf:
    """A form's token: an HMAC of the private token's hash under a secret of this server process.
    Bound to the link (a page of one judge cannot post for another), nothing kept per session; a
    restart of the server makes open forms ask to be sent again."""

    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def token(self, private: str) -> str:
        return hmac.new(self.secret, hashlib.sha256(private.encode("utf-8", "surrogatepass")).digest(), "sha256").hexdigest()

    def valid(self, private: str, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.token(private), given)


class RateLimit:
    """At most `limit` wrong tokens per address in `window` seconds; past it every request of that
    address is answered 429 until the window has passed (a right token does not reset it)."""

    def __init__(self, limit: int = 20, window: float = 60.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.misses: dict[str, deque] = {}

    def _recent(self, address: str) -> deque:
        now = self.clock()
        q = self.misses.setdefault(address, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q:
            self.misses.pop(address, None)
        return q

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.limit

    def miss(self, address: str) -> None:
        self._recent(address)
        self.misses.setdefault(address, deque()).append(self.clock())
        if len(self.misses) > 100_000:  # a flood of addresses: forget the oldest rather than grow without end
            self.misses.pop(next(iter(self.misses)))
