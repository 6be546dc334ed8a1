"""The real server for the portal's tests: uvicorn on a free loopback port, in a thread."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import pytest

ADMIN = "admin-token-for-the-browser-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(comp):
    pytest.importorskip("uvicorn")
    import uvicorn

    from krenova_cli.web.app import Settings, create_app

    port = _free_port()
    config = uvicorn.Config(create_app(Settings(root=comp, admin_token=ADMIN)), host="127.0.0.1", port=port,
                            access_log=False, log_level="warning")
    with serving(config):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def serving(config):
    """uvicorn with `config` in a thread, from when it has started (10 s at most) until the block ends."""
    import uvicorn

    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started
    try:
        yield srv
    finally:
        srv.should_exit = True
        thread.join(10)


