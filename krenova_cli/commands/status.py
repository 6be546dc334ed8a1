"""`krenova status`: where the competition stands and the next step."""

from __future__ import annotations

import sys

import click

from krenova_cli.cli.context import json_option, plain_command, store
from krenova_cli.i18n.messages import N_

_ROUND_COLUMNS = (N_("Round"), N_("Name"), N_("State"), N_("Entries"), N_("Scores"), N_("Advance"))
ROUND_STATES = (N_("open"), N_("closed"), N_("pending"))  # core.lifecycle's states, worded where shown
# usecases.status's next steps (`next_template`), worded where they are shown
NEXT_STEPS = (N_("krenova entry import FILE.xlsx (or entry add) to register entries"),
              N_("krenova judge import FILE.csv (or judge add) to register judges"),
              N_("record round {n} scores: krenova sheets --round {n}, then krenova score --round {n} --from FILE"),
              N_("krenova advance --round {n}"), N_("krenova awards"),
              N_("krenova export; krenova letters award|certificate|nomination|minutes"),
              N_("complete the documents (krenova entry list --incomplete), or decide: krenova screen stop|pass ID --reason TEXT; "
                 "then krenova advance --round 0"),
              N_("krenova advance --round 0 (close the administrative screening)"))

def command() -> click.Command:
    """The command, new at each call (its help is worded in place for the interface language).

    Written with click alone (the root's click, not Typer): `status` is what a committee runs between every
    other step, and importing Typer and pydantic would nearly double its time on a small competition."""
    return plain_command("status", status_cmd, json_option())


def status_cmd(as_json: bool = False) -> None:
    """Where the competition stands: each round's state and progress, each judge's progress, the next step.

    Example: krenova status
    """
    from krenova_cli.cli import output
    from krenova_cli.i18n.messages import _
    from krenova_cli.usecases.status import status

    data = status(store())
    rounds, judges, missing = data["rounds"], data["judge_progress"], data["missing"]
    current, nxt = data["current_round"], data["next"]
    from krenova_cli.cli.context import warn

    for line in data["warnings"]:
        warn(line)
    if as_json:
        output.print_json(data)
        return
    width = None if judges else output.plain_stdout_width()
    if width is not None:  # no terminal: the same characters, without importing rich
        text = _plain(data, width)
        if text is not None:
            sys.stdout.write(text)
            return
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    con = output.console()
    con.print("[bold]" + escape(data["competition"]) + "[/bold]" + escape(_counts(data)), markup=True)
    output.print_fitted(con, None, _round_columns(), _rounds_rows(data))
    if judges:
        jt = Table(title=_("Round {n}: judges' progress").format(n=current), title_justify="left", header_style="bold")
        jt.add_column(_("Judge"), no_wrap=True)
        jt.add_column(_("Name"), ratio=1)
        bar = con.is_terminal  # a bar is drawn only on a terminal: elsewhere the column would be empty
        if bar:
            jt.add_column(_("Progress"), no_wrap=True)
        jt.add_column(_("Scored"), no_wrap=True, justify="right")
        bar_width = max(10, min(30, con.width - 40))
        for j in judges:
            cells = [j["judge"], j["name"]]
            if bar:
                cells.append(ProgressBar(total=max(j["expected"], 1), completed=j["recorded"], width=bar_width))
            jt.add_row(*cells, "{0}/{1}".format(j["recorded"], j["expected"]))
        con.print(jt)
    for line in _tail(data):
        output.hint(con, line)


def _round_columns():
    """The rounds' table: the round's name is what a narrow terminal leaves out (its number says which round)."""
    from krenova_cli.cli import output
    from krenova_cli.i18n.messages import _

    C = output.Column
    return [C(_(_ROUND_COLUMNS[0])), C(_(_ROUND_COLUMNS[1]), flexible=True, min_width=16, drop=1),
            *(C(_(c)) for c in _ROUND_COLUMNS[2:])]


def _tail(data: dict) -> list[str]:
    """The missing scores and the next step, as lines."""
    from krenova_cli.i18n.messages import _

    missing, tail = data["missing"], []
    if data.get("incomplete"):
        from krenova_cli.i18n.messages import ngettext

        tail.append(ngettext("Incomplete documents: {count} entry (krenova entry list --incomplete)",
                             "Incomplete documents: {count} entries (krenova entry list --incomplete)",
                             data["incomplete"]).format(count=data["incomplete"]))
    if missing:
        shown = "; ".join("{0} ({1})".format(m["entry_id"], ", ".join(m["judges"])) for m in missing[:10])
        if len(missing) > 10:
            shown += " ... " + _("+{count} more entries").format(count=len(missing) - 10)
        tail.append(_("Missing: {items}").format(items=shown))
    tail.append(_("Next: {step}").format(step=_(data["next_template"]).format(n=data["current_round"])))
    return tail


def _rounds_rows(data: dict) -> list[list[str]]:
    from krenova_cli.i18n.messages import _

    return [[str(r["number"]), r["name"], _(r["state"]), str(r["entries"] or ""),
             "{0}/{1}".format(r["recorded"], r["expected"]) if r["expected"] else "",
             _advancing(r)] for r in data["rounds"]]


def _advancing(r: dict) -> str:
    """`15 (top 15)`: as the round decided, the number its minutes print; `15 (top 15; 1 left since)` when some
    withdrew or were disqualified after it closed (the round's own count is history, never rewritten)."""
    from krenova_cli.i18n.messages import _, ngettext

    if r["advancing"] is None:
        return ""
    notes = [_("top {k}").format(k=r["advance_top"])] if r["advance_top"] else []
    if r.get("out_since"):
        notes.append(ngettext("{count} left since", "{count} left since", r["out_since"]).format(count=r["out_since"]))
    return str(r["advancing"]) + (" (" + "; ".join(notes) + ")" if notes else "")


def _counts(data: dict) -> str:
    """`: 20 entries, 3 judges`, or with who left: `: 20 entries (18 active, 1 withdrew, 1 disqualified), 3 judges`."""
    from krenova_cli.i18n.messages import _, ngettext

    if not data.get("withdrawn") and not data.get("disqualified"):
        return _(": {entries} entries, {judges} judges").format(entries=data["entries"], judges=data["judges"])
    gone = []
    if data["withdrawn"]:
        gone.append(ngettext("{count} withdrew", "{count} withdrew", data["withdrawn"]).format(count=data["withdrawn"]))
    if data["disqualified"]:
        gone.append(ngettext("{count} disqualified", "{count} disqualified", data["disqualified"]).format(
            count=data["disqualified"]))
    return _(": {entries} entries ({active} active, {gone}), {judges} judges").format(
        entries=data["entries"], active=data["active"], gone=", ".join(gone), judges=data["judges"])


def _plain(data: dict, width: int) -> str | None:
    """What rich prints for a status without a judges' table, or None when rich is needed."""
    from krenova_cli.cli import output
    from krenova_cli.i18n.messages import _

    columns = _round_columns()
    rows, keep, widths, dropped = output._fit(columns, _rounds_rows(data), width)
    table = output._plain_table(None, columns, rows, keep, widths, None, width)
    head = output.plain_lines([data["competition"] + _counts(data)], width)
    tail_text = output.plain_lines([x for line in _tail(data) for x in output.wrap_words(line, width)], width)
    if table is None or head is None or tail_text is None or "[" in data["competition"]:
        return None
    if dropped:
        output._say_dropped(width, dropped)
    return head + table + tail_text
