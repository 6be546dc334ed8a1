"""`krenova serve`: the judges' portal on this competition folder (issue 28)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import one_command_app, store
from krenova_cli.i18n.messages import _

app = one_command_app()


@app.command()
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8080,
    certfile: Annotated[Optional[Path], typer.Option("--certfile", help="TLS certificate (PEM), with --keyfile.")] = None,
    keyfile: Annotated[Optional[Path], typer.Option("--keyfile", help="TLS private key (PEM), with --certfile.")] = None,
    insecure_http: Annotated[bool, typer.Option("--insecure-http", help="Allow plain HTTP on an address other than loopback.")] = False,
) -> None:
    """Let judges score in a browser with their private links (`krenova judge link`).

    The portal writes through the same checks and the same ledger as `krenova score`; the command
    line keeps working beside it. On another address than loopback it needs TLS (or a proxy in
    front, see the README), unless --insecure-http is given. The secretariat's progress page is
    printed at the start (also at /admin from this machine). Stop it with Ctrl+C.

    Example: krenova serve --port 8080
    """
    from krenova_cli.web import server

    server.check_address(host, certfile, keyfile, insecure_http)
    serve_folder(store(), host, port, certfile, keyfile)


def serve_folder(s, host: str, port: int, certfile: Path | None = None, keyfile: Path | None = None,
                 give_links: bool = False) -> None:
    """Start the portal on the folder of store `s` (`demo --serve` too, with a new link for every judge)."""
    from krenova_cli.usecases.portal import Portal
    from krenova_cli.web import server

    server.check_installed()
    Portal(s.root).loaded()  # a folder that does not load is an Error line before the server starts
    token = server.new_admin_token()
    scheme = "https" if certfile else "http"
    shown = f"[{host}]" if ":" in host else host
    base = f"{scheme}://{shown}:{port}"
    if give_links:
        from krenova_cli.usecases.links import give

        for g in give(s, None, None, base):
            typer.echo(f"{g.judge}  {g.name}: {g.url}")
    typer.echo(_("Serving {folder} on {url}").format(folder=s.root, url=base), err=True)
    typer.echo(_("Secretariat's page: {url}").format(url=f"{base}/admin/{token}"), err=True)
    typer.echo(_("Judges open the links of `krenova judge link`. Stop with Ctrl+C."), err=True)
    server.run(s.root, host, port, certfile, keyfile, token)
