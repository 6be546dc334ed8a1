"""Issue 28, the attacker's pass: slow requests against the real server (uvicorn as `krenova serve`
configures it, on loopback).

Finding (failed before the fix): a connection that opened and sent nothing, or half a request line and
headers, or headers and half a body, was held open for ever; `krenova serve` answers 503 to everyone once
200 connections are open (`limit_concurrency`), so 200 idle sockets from one machine shut the judges out.
Now a connection has `HEADER_TIMEOUT` seconds to send a request's headers (from its opening or from
its previous answer) and `BODY_TIMEOUT` seconds for the body; past them it is closed (408 for a body)."""

from __future__ import annotations

import socket
import time

import pytest

pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from tests.web.conftest import _free_port, serving  # noqa: E402

LIMIT = 1.0  # the timeouts of this test's server, in seconds


@pytest.fixture
def slow_server(comp):
    from krenova_cli.web import server
    from krenova_cli.web.app import Settings, create_app

    port = _free_port()
    app = create_app(Settings(root=comp, body_timeout=LIMIT))
    with serving(server.config(app, "127.0.0.1", port, None, None, header_timeout=LIMIT)):
        yield port


def _answer(port: int, first: bytes, wait: float = 8 * LIMIT) -> tuple[bytes, float]:
    """What the server sends back on a connection that sent `first` and then nothing, and after how long
    (b"" when it closed the connection; None when it was still open after `wait`)."""
    with socket.create_connection(("127.0.0.1", port)) as c:
        if first:
            c.sendall(first)
        c.settimeout(wait)
        start = time.monotonic()
        try:
            data = c.recv(4096)
        except socket.timeout:
            data = None
        return data, time.monotonic() - start


def test_a_connection_that_sends_nothing_or_half_its_headers_is_closed(slow_server):
    for first in (b"", b"GET /static/portal.css HTTP/1.1\r\n", b"GET /static/portal.css HTTP/1.1\r\nHost: x\r\nX-A: b"):
        data, took = _answer(slow_server, first)
        assert data is not None, (first, "still open")
        assert data == b"" or data.startswith(b"HTTP/1.1 408"), data[:40]
        assert took < 4 * LIMIT


def test_a_body_sent_slowly_is_refused_with_408(slow_server):
    head = (b"POST /j/AAAAAAAAAAAAAAAAAAAAAA/e/K001 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncsrf=ab")
    data, took = _answer(slow_server, head)
    assert data is not None and data.startswith(b"HTTP/1.1 408"), data
    assert took < 4 * LIMIT


def test_a_kept_alive_connection_gets_the_same_limit_for_its_next_request(slow_server):
    with socket.create_connection(("127.0.0.1", slow_server)) as c:
        c.sendall(b"GET /static/portal.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        c.settimeout(5)
        assert c.recv(4096).startswith(b"HTTP/1.1 200")
        c.sendall(b"GET /static/portal.css HTTP/1.1\r\n")  # and the rest never comes
        c.settimeout(8 * LIMIT)
        start = time.monotonic()
        rest = b""
        try:
            while chunk := c.recv(4096):
                rest += chunk
        except socket.timeout:
            pytest.fail("the half request kept the connection open")
        assert time.monotonic() - start < 4 * LIMIT


def test_idle_sockets_do_not_shut_the_judges_out(slow_server):
    socks = [socket.create_connection(("127.0.0.1", slow_server)) for _ in range(60)]
    try:
        time.sleep(3 * LIMIT)
        closed = 0
        for s in socks:
            s.settimeout(0.5)
            try:
                closed += s.recv(16) == b""
            except (socket.timeout, ConnectionError):
                pass
        assert closed == len(socks)
        assert httpx.get(f"http://127.0.0.1:{slow_server}/static/portal.css").status_code == 200
    finally:
        for s in socks:
            s.close()


def test_a_request_at_a_normal_pace_is_served(slow_server):
    with socket.create_connection(("127.0.0.1", slow_server)) as c:
        for part in (b"GET /static/portal.css HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"\r\n"):
            c.sendall(part)
            time.sleep(LIMIT / 4)
        c.settimeout(5)
        assert c.recv(4096).startswith(b"HTTP/1.1 200")


def test_a_body_without_length_past_the_limit_is_refused_with_413(slow_server):
    """Chunked, so no Content-Length to refuse it by: the limit is met while reading (it was a 500)."""
    chunk = b"a" * 8192
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(10)) + b"0\r\n\r\n"
    with socket.create_connection(("127.0.0.1", slow_server)) as c:
        c.sendall(b"POST /j/AAAAAAAAAAAAAAAAAAAAAA/e/K001 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            c.sendall(body)
        except ConnectionError:
            pass
        c.settimeout(5)
        assert c.recv(4096).startswith(b"HTTP/1.1 413")
