"""The store of the chosen directory and the warning line: what every command needs, without Typer.

Kept apart from `cli.options` (Typer's option types) so that a command written with click alone
(`status`, run between every other step) does not import Typer and pydantic.
"""

from __future__ import annotations

import click

from krenova_cli.i18n.messages import _
from krenova_cli.store.datafolder import Store, find_root


def store() -> Store:
    ctx = click.get_current_context()
    obj = ctx.find_root().obj or {}
    from krenova_cli.store.clock import utc_now

    utc_now()  # a malformed KRENOVA_NOW is an error for every command, not only for the ones that write
    return Store(find_root(obj.get("dir")), warn=warn)


def warn(message: str) -> None:
    """A warning line on stderr, in the interface language (a `Text` of the store is worded too)."""
    from krenova_cli.core.errors import one_line
    from krenova_cli.i18n.messages import localize

    # one line, as an error is: a setting or a cell quoted in the warning may hold a line break
    line = one_line(_("Warning: {message}").format(message=localize(message)))
    from krenova_cli.cli.output import at_terminal_width

    click.echo(at_terminal_width(line), err=True)


def plain_command(name: str, callback, *options: click.Option) -> click.Command:
    """A command written with click alone (no Typer to import), new at each call (its help is worded in
    place for the interface language): its help is the callback's docstring, `-h` works as `--help`."""
    return click.Command(name, callback=callback, help=callback.__doc__, params=list(options),
                         context_settings={"help_option_names": ["-h", "--help"]})


def json_option() -> click.Option:
    return click.Option(["--json", "as_json"], is_flag=True, help="Print machine-readable JSON on stdout.")
