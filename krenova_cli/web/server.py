"""Starting the portal under uvicorn: the address checks, TLS, and logs that never hold a token."""

from __future__ import annotations

import ipaddress
import logging
import secrets
from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_installed() -> None:
    """The portal's libraries are an extra (`serve`): without them, one Error line that says how to add them."""
    import importlib.util

    lacking = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if lacking:
        raise UserError(_("krenova serve needs {modules}: pip install '.[serve]' in krenova's source folder "
                          "(or pip install starlette uvicorn)").format(modules=" and ".join(lacking)))


def check_address(host: str, certfile: Path | None, keyfile: Path | None, insecure_http: bool) -> None:
    """Refuse what would expose the links in clear text: another address than loopback without TLS."""
    check_installed()
    if (certfile is None) != (keyfile is None):
        raise UserError(_("--certfile and --keyfile go together (the certificate and its private key)"))
    for given in (certfile, keyfile):
        if given is not None and not given.is_file():
            raise UserError(_("{file}: no such file; give the TLS certificate and key as files (PEM)").format(file=given))
    if certfile is None and not is_loopback(host) and not insecure_http:
        raise UserError(_("--host {host}: judges' links would travel in clear text; give --certfile and --keyfile, or serve on "
                          "127.0.0.1 behind a proxy that speaks HTTPS (see README 'Judges online'), or add --insecure-http "
                          "on a network you trust").format(host=host))


class RedactTokens(logging.Filter):
    """Every log line of the server with the private tokens taken out of the paths."""

    def filter(self, record: logging.LogRecord) -> bool:
        from krenova_cli.web.security import redact

        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def new_admin_token() -> str:
    return secrets.token_urlsafe(16)


def config(app, host: str, port: int, certfile: Path | None, keyfile: Path | None, header_timeout: float | None = None):
    """uvicorn's settings for the portal: no access log, no server header, 200 connections at most, the
    proxy's X-Forwarded-For trusted from loopback only, and a deadline for each request's headers
    (`timeouts.py`: a slow or silent socket cannot hold one of the 200 for ever)."""
    import uvicorn

    from krenova_cli.web.timeouts import HEADER_TIMEOUT, protocol

    return uvicorn.Config(app, host=host, port=port, ssl_certfile=str(certfile) if certfile else None,
                          ssl_keyfile=str(keyfile) if keyfile else None, access_log=False, log_level="warning",
                          timeout_keep_alive=5, limit_concurrency=200, h11_max_incomplete_event_size=16 * 1024,
                          server_header=False, proxy_headers=True, forwarded_allow_ips="127.0.0.1,::1",
                          http=protocol(header_timeout or HEADER_TIMEOUT))


def run(root: Path, host: str, port: int, certfile: Path | None, keyfile: Path | None, admin_token: str,
        started=None) -> None:
    import sys

    import uvicorn

    from krenova_cli.web.app import Settings, create_app

    # A save's commit runs in a worker thread and gives up the interpreter at each of its system calls
    # (opens, writes, fsyncs); with the default 5 ms switch interval it waits up to that long to get it
    # back from the event loop each time, tens of times a save. 0.5 ms keeps the convoy short.
    sys.setswitchinterval(0.0005)

    app = create_app(Settings(root=root, admin_token=admin_token, loopback_admin=is_loopback(host)))
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).addFilter(RedactTokens())
    server = uvicorn.Server(config(app, host, port, certfile, keyfile))
    if started is not None:
        started(server)
    server.run()
