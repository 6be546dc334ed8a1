"""What every command shares: the store of the chosen directory, output options."""

from __future__ import annotations

from typing import Annotated

import click
import typer

from krenova_cli.cli.context import store, warn  # noqa: F401  (every command takes them from here)
from krenova_cli.i18n.messages import _

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV on stdout.")]
def _raw(value: bool) -> bool:
    from krenova_cli.cli import output

    output.RAW["on"] = bool(value)
    return value


RawOpt = Annotated[bool, typer.Option("--raw", help="CSV: raw values (text starting with = + - @ is not prefixed with ').", callback=_raw)]
RoundOpt = Annotated[int | None, typer.Option("--round", "-r", help="Round number (default: the current round).", min=1)]


def one_command_app() -> typer.Typer:
    return typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


def group_app(help_text: str) -> typer.Typer:
    return typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False,
                       no_args_is_help=True, help=help_text)


def preferred(prefer: list[str] | None, more: list[str] | None) -> tuple[str, ...]:
    """`--prefer K1 K2`, `--prefer K1 --prefer K2` and `--prefer K1,K2` all name K1 and K2.

    Click options take one value each, so ids after the first arrive as extra arguments.
    """
    from krenova_cli.core.errors import UserError

    if more and not prefer:
        raise UserError(_("unexpected argument(s) {args}; entry ids go after --prefer").format(args=" ".join(more)))
    items = [*(prefer or []), *(more or [])]
    return tuple(p for item in items for p in item.replace(",", " ").split())


def one_format(as_json: bool, as_csv: bool) -> None:
    """--json and --csv are two answers to one question: asking for both is a usage error (exit 2)."""
    if as_json and as_csv:
        raise click.UsageError(_("--json and --csv cannot be used together; choose one"))
