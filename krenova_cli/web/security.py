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
BODY_TIMEOUT = 10.0   # seconds for a request's body to arrive whole; a slower one is refused (408)
UPLOAD_TIMEOUT = 120.0  # seconds for a score file uploaded on the secretariat's page
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
HSTS = (b"strict-transport-security", b"max-age=31536000")  # over TLS only: a judge's later visits stay on https
_TOKEN_PATH = re.compile(r"/(j|admin)/[^/?#\s]+")


def redact(path: str) -> str:
    """A path as logs may show it: the private token replaced by `<token>`."""
    return _TOKEN_PATH.sub(lambda m: f"/{m.group(1)}/<token>", path)


class Guard:
    """ASGI middleware around the whole app: headers on every answer, a body limit on every request."""

    def __init__(self, app, max_body: int = MAX_BODY, body_timeout: float = BODY_TIMEOUT,
                 uploads: tuple[str, str, int] | None = None):
        self.app = app
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.uploads = uploads  # (path start, path end, limit): the secretariat's uploads (POST /admin/.../upload)

    def _upload(self, scope) -> bool:
        path = scope.get("path", "")
        return bool(self.uploads and scope.get("method") == "POST" and path.startswith(self.uploads[0])
                    and path.endswith(self.uploads[1]))

    def _limit(self, scope) -> int:
        return self.uploads[2] if self._upload(scope) else self.max_body

    def _timeout(self, scope) -> float:
        """A judge's form comes in one breath; a score file of megabytes may take a slow line a minute or two."""
        return max(self.body_timeout, UPLOAD_TIMEOUT) if self._upload(scope) else self.body_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = HEADERS + [HSTS] if scope.get("scheme") == "https" else HEADERS
        limit = self._limit(scope)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = True
                if too_big:
                    return await _plain(send, 413, b"Request too large", headers)
        import asyncio

        loop = asyncio.get_running_loop()
        seen, deadline, whole = 0, loop.time() + self._timeout(scope), False
        refused: tuple[int, bytes] | None = None  # the answer of a body too large or too slow
        started = False

        async def limited_receive():
            """The body as it comes; past the size or the time limit the app is told the client left
            (Starlette raises ClientDisconnect in the handler), and its answer is replaced by ours."""
            nonlocal seen, whole, refused
            if whole or refused:  # the body is read: what follows is the client's disconnect, awaited as long as it takes
                return await receive() if not refused else {"type": "http.disconnect"}
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.0))
            except asyncio.TimeoutError:
                refused = (408, b"Request body too slow")
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    refused = (413, b"Request too large")
                    return {"type": "http.disconnect"}
                whole = not message.get("more_body", False)
            return message

        async def with_headers(message):
            nonlocal started
            if refused is not None:
                if not started:
                    started = True
                    await _plain(send, *refused, headers)
                return  # the app's own answer to the "disconnect" is dropped
            if message["type"] == "http.response.start":
                started = True
                names = {n for n, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in headers if h[0] not in names]
            await send(message)

        try:
            await self.app(scope, limited_receive, with_headers)
        except Exception:
            if refused is None:
                raise
        if refused is not None and not started:
            await _plain(send, *refused, headers)


async def _plain(send, status: int, body: bytes, headers: list = HEADERS) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *headers]})  # the rest of the body is never read
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
        """Compared as bytes: `compare_digest` refuses str with a non-ASCII character (a TypeError, a 500)."""
        if not given:
            return False
        return hmac.compare_digest(self.token(private).encode("ascii"), given.encode("utf-8", "surrogatepass"))


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
