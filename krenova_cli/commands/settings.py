"""`krenova settings ...`: show and change the competition's settings without a text editor."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, group_app, store
from krenova_cli.i18n.messages import _

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
    from krenova_cli.usecases.settings import TOP_LEVEL

    for key in TOP_LEVEL:  # not written yet: shown with the command that sets it
        if key not in data:
            typer.echo(_("# {key} is not set; e.g. krenova settings set {key} id").format(key=key))
    for key, value in flat(data):
        typer.echo("{0} = {1}".format(key, toml_value(value)))


@app.command("set")
def set_cmd(
    key: Annotated[str, typer.Argument(metavar="KEY", help="Dotted key, e.g. signatory.name, competition.year, prizes.1.amount.")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value (a number, true/false, a date 2017-08-17, or text).")],
    move_dates: Annotated[bool, typer.Option("--move-dates", help="With competition.year: move every date of the settings (rounds, award date) to that year, in one logged change.")] = False,
) -> None:
    """Change one setting; the whole settings are validated first and the change is logged.

    Arrays count from 1: prizes.1.amount is the first prize's amount, rounds.4.advance_top the
    cutoff of round 4. Comments in competition.toml are kept. A new year with --move-dates moves
    the preset's dates with it: krenova settings set competition.year 2025 --move-dates

    Example: krenova settings set prizes.1.amount 7500000
    """
    from krenova_cli.cli import output
    from krenova_cli.cli.options import warn
    from krenova_cli.core.errors import UserError
    from krenova_cli.i18n.messages import _
    from krenova_cli.usecases.settings import date_warnings, move_dates as move_all_dates, set_setting, toml_value

    s = store()
    if move_dates:  # the option (the use case is imported as move_all_dates)
        if key.strip() != "competition.year":
            raise UserError(_("--move-dates goes with competition.year only, e.g. "
                              "`krenova settings set competition.year 2025 --move-dates`"))
        changes = move_all_dates(s, value)
    else:
        changes = [set_setting(s, key, value)]
    if all(c.unchanged for c in changes):  # the value already: exit 0, nothing logged (issue 26)
        change = changes[0]
        if move_dates:
            output.message(_("competition.year is already {year} and every date of the settings is in {year}; "
                             "nothing changed").format(year=change.new))
        else:
            output.message(_("{key} is already {value}; nothing changed").format(key=change.key, value=toml_value(change.old)))
        return
    for change in changes:
        old = _("(not set)") if change.old is None else toml_value(change.old)
        output.message("{0}: {1} -> {2}".format(change.key, old, toml_value(change.new)))
    from krenova_cli.usecases.revoked import revoked_by_last_change, revoked_warning

    said = revoked_warning(revoked_by_last_change(store()))  # read afresh: the change is made
    if said:
        warn(said)
    if not all(c.comments_kept for c in changes):
        output.message(_("note: competition.toml was written afresh; its comments were not kept"))
    from datetime import date

    if any(c.key == "competition.year" or isinstance(c.new, date) for c in changes):
        from krenova_cli.usecases.settings import weekend_warnings

        comp = store().competition()
        for line in date_warnings(comp):  # read afresh; a new year with the old dates: every paper would print them
            warn(line)
        moved = {c.key for c in changes}
        for line in weekend_warnings(comp):  # only the ends this change moved
            if line.split(" ", 1)[0] in moved:
                warn(line)
        from krenova_cli.usecases.settings import year_name_warnings

        for line in year_name_warnings(comp):
            warn(line)


@app.command("add")
def add_cmd(
    name: Annotated[str, typer.Argument(metavar="LIST", help="rounds, categories, criteria, prizes, entity_types or cc.")],
    pairs: Annotated[Optional[list[str]], typer.Argument(metavar="KEY=VALUE...", help="The new item's keys (cc: the addressee as text).")] = None,
) -> None:
    """Add an item to a list of the settings (a round, a category, a criterion, a prize, an entity type,
    a cc addressee); validated as a whole, logged. A round's number and a prize's place are the next ones.

    Example: krenova settings add prizes title="Juara Harapan I" amount=2500000
    """
    from krenova_cli.cli import output
    from krenova_cli.usecases.settings import toml_value
    from krenova_cli.usecases.settings_lists import add_item

    change = add_item(store(), name, list(pairs or []))
    output.message(_("{key} added: {item}").format(key=change.key, item=toml_value(change.item)))
    if not change.comments_kept:
        output.message(_("note: competition.toml was written afresh; its comments were not kept"))


@app.command("remove")
def remove_cmd(
    key: Annotated[str, typer.Argument(metavar="LIST.N", help="The item, counted from 1, e.g. prizes.3 or rounds.6.")],
) -> None:
    """Remove an item from a list of the settings; refused while something rests on it (entries in a
    category, scores of a criterion, a closed round, the decided awards), naming the way out. Logged.

    Example: krenova settings remove prizes.6
    """
    from krenova_cli.cli import output
    from krenova_cli.usecases.settings import toml_value
    from krenova_cli.usecases.settings_lists import remove_item

    change = remove_item(store(), key)
    output.message(_("{key} removed: {item}").format(key=change.key, item=toml_value(change.item)))
    if not change.comments_kept:
        output.message(_("note: competition.toml was written afresh; its comments were not kept"))
