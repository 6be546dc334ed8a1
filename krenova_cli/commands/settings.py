"""`krenova settings ...`: show and change the competition's settings without a text editor."""

from __future__ import annotations

from typing import Annotated

import typer

from krenova_cli.cli.options import JsonOpt, group_app, store

app = group_app("Show and change the settings (competition.toml).\n\nExample: krenova settings set signatory.name \"dr. Muchamad Nur Aziz\"")


@app.command("show")
def show_cmd(as_json: JsonOpt = False) -> None:
    """Show every setting under the dotted key that `settings set` takes.

    Example: krenova settings show
    """
    from krenova_cli.cli import output
    from krenova_cli.usecases.settings import flat, plain, settings_data, toml_value

    data = plain(settings_data(store()))
    if as_json:
        output.print_json(data)
        return
    for key, value in flat(data):
        typer.echo("{0} = {1}".format(key, toml_value(value)))


@app.command("set")
def set_cmd(
    key: Annotated[str, typer.Argument(metavar="KEY", help="Dotted key, e.g. signatory.name, competition.year, prizes.1.amount.")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value (a number, true/false, a date 2017-08-17, or text).")],
) -> None:
    """Change one setting; the whole settings are validated first and the change is logged.

    Arrays count from 1: prizes.1.amount is the first prize's amount, rounds.4.advance_top the
    cutoff of round 4. Comments in competition.toml are kept.

    Example: krenova settings set prizes.1.amount 7500000
    """
    from krenova_cli.cli import output
    from krenova_cli.usecases.settings import set_setting, toml_value

    change = set_setting(store(), key, value)
    from krenova_cli.i18n.messages import _

    old = _("(not set)") if change.old is None else toml_value(change.old)
    output.message("{0}: {1} -> {2}".format(change.key, old, toml_value(change.new)))
    if not change.comments_kept:
        output.message(_("note: competition.toml was written afresh; its comments were not kept"))
