"""A deadline for a request's headers under uvicorn (the attacker's pass of issue 28).

uvicorn's h11 protocol closes a connection idle after an answer (`timeout_keep_alive`), but any byte
received cancels that timer, and a new connection has none: a socket that sends nothing, or half a
request line, stays open for ever, and `limit_concurrency` then answers 503 to everyone. Here a
connection has `seconds` to send a whole request line and headers, from its opening and from each
answer; the body has its own deadline (`security.Guard`)."""

from __future__ import annotations

HEADER_TIMEOUT = 10.0


def protocol(seconds: float = HEADER_TIMEOUT):
    """uvicorn's h11 protocol class with the header deadline (for `uvicorn.Config(http=...)`)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TimedH11Protocol(H11Protocol):
        _deadline = None
        _waiting = None

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._waiting = self.cycle  # the request answered last (None before the first)
            self._deadline = self.loop.call_later(seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def handle_events(self) -> None:
            super().handle_events()
            if self._deadline is not None and self.cycle is not self._waiting:
                self._disarm()  # a whole request line and headers came: the body has its own deadline

        def on_response_complete(self) -> None:
            self._arm()  # before a pipelined request is parsed, which disarms it again
            super().on_response_complete()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return TimedH11Protocol
