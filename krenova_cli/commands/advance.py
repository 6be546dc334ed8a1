"""`krenova advance`: close a round and apply its cutoff."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from krenova_cli.cli.options import JsonOpt, one_command_app, preferred, store, warn
from krenova_cli.i18n.messages import _, ngettext

app = one_command_app()


@app.command()
def advance_cmd(
    round_no: Annotated[int, typer.Option("--round", "-r", help="The round to close (0: the administrative screening).", min=0)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would happen; change nothing.")] = False,
    include_ties: Annotated[bool, typer.Option("--include-ties", help="Let every entry tied at the cutoff advance.")] = False,
    prefer: Annotated[Optional[list[str]], typer.Option("--prefer", help="Entries that advance out of a tie at the cutoff: --prefer K1 K2.")] = None,
    reason: Annotated[str, typer.Option("--reason", help="The committee's reason, recorded in the round record and minutes.")] = "",
    allow_missing: Annotated[bool, typer.Option("--allow-missing", help="Close although expected scores are missing (needs --reason).")] = False,
    as_json: JsonOpt = False,
    more: Annotated[Optional[list[str]], typer.Argument(hidden=True, metavar="ID")] = None,
) -> None:
    """Close a round: check every expected score is in, rank, apply the cutoff, record the decision.

    A tie across the cutoff stops with exit 1 and names the tied entries; go on with
    --include-ties or with --prefer ID... --reason TEXT.

    Round 0 is the administrative screening: closing it passes the entries with every required
    document and those passed by `krenova screen pass`, and stops those stopped by `krenova screen stop`.

    Example: krenova advance --round 4 --prefer K012 --reason "Rapat juri 31 Juli: kebaruan lebih tinggi"
    """
    from krenova_cli.cli import output
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases.rounds import CloseOptions, close_round

    if round_no == 0:
        return _close_screening(dry_run, as_json, bool(include_ties or prefer or more or allow_missing or reason))

    if include_ties and prefer:
        raise UserError(_("choose one way on: --include-ties or --prefer, not both"))
    s = store()
    flat = preferred(prefer, more)
    record = close_round(s, CloseOptions(round_no, include_ties, flat, reason, allow_missing, dry_run))
    from krenova_cli.usecases.advice import normalisation_warnings

    warnings = normalisation_warnings(s, round_no)
    for line in warnings:
        warn(line)
    if as_json:
        output.print_json({"round": round_no, "dry_run": dry_run, "advancing": list(record.advancing),
                           "eliminated": record.eliminated, "decisions": [d.to_json() for d in record.decisions],
                           "warnings": warnings})
        return
    n_next = round_no + 1
    facts = {"n": round_no, "advancing": len(record.advancing), "count": len(record.entries), "cutoff": record.cutoff}
    if dry_run:
        head = ngettext("Round {n} would close: {advancing} of {count} entry advance",
                        "Round {n} would close: {advancing} of {count} entries advance", len(record.entries))
    else:
        head = ngettext("Round {n} closed: {advancing} of {count} entry advance",
                        "Round {n} closed: {advancing} of {count} entries advance", len(record.entries))
    lines = [head.format(**facts) + (_(" (cutoff {cutoff})").format(cutoff=record.cutoff) if record.cutoff else "") + "."]
    from krenova_cli.cli.record_words import decision

    for d in record.decisions:
        lines.append(_("Decision: {decision}").format(decision=decision(d.to_json())))
    if not dry_run:
        lines.append(_("Next: record round {n} scores (krenova status).").format(n=n_next)
                     if n_next <= len(s.competition().rounds) else _("Next: krenova awards"))
    for line in lines:
        typer.echo(line, err=True)


def _close_screening(dry_run: bool, as_json: bool, round_options: bool) -> None:
    from krenova_cli.cli import output
    from krenova_cli.core.errors import UserError
    from krenova_cli.usecases.screening import close_screening

    if round_options:
        raise UserError(_("round 0 (the administrative screening) has no cutoff: --include-ties, --prefer, --allow-missing "
                          "and --reason belong to scored rounds; give each decision with `krenova screen stop|pass ID --reason TEXT`"))
    record = close_screening(store(), dry_run)
    if as_json:
        output.print_json({"round": 0, "dry_run": dry_run, "passed": list(record.passed), "stopped": record.stopped,
                           "missing": {e: list(d) for e, d in record.missing.items()}})
        return
    facts = {"passed": len(record.passed), "count": len(record.entries), "stopped": len(record.stopped)}
    if dry_run:
        head = ngettext("The administrative screening would close: {passed} of {count} entry pass, {stopped} stopped",
                        "The administrative screening would close: {passed} of {count} entries pass, {stopped} stopped",
                        len(record.entries))
    else:
        head = ngettext("The administrative screening closed: {passed} of {count} entry pass, {stopped} stopped",
                        "The administrative screening closed: {passed} of {count} entries pass, {stopped} stopped",
                        len(record.entries))
    lines = [head.format(**facts) + "."]
    for entry_id, why in record.stopped.items():
        lines.append(_("Stopped: {entry}: {reason}").format(entry=entry_id, reason=why))
    if not dry_run:
        lines.append(_("Next: record round {n} scores (krenova status).").format(n=1))
    for line in lines:
        typer.echo(line, err=True)
