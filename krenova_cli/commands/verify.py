"""`krenova verify CODE|FILE.pdf`: is the paper with this verification code still true?"""

from __future__ import annotations

from typing import Annotated

import typer

from krenova_cli.cli.options import JsonOpt, one_command_app, store

app = one_command_app()


@app.command()
def verify_cmd(
    what: Annotated[str, typer.Argument(metavar="CODE|FILE.pdf", help="The code printed under the paper's QR code, or a PDF made by `krenova letters`.")],
    as_json: JsonOpt = False,
) -> None:
    """Check a paper's verification code against the competition as it stands now.

    Prints what the paper states and `valid`, or `revoked` with the ledger record that changed
    its facts (an awards --undo, a withdrawal, a reopened round), or `unknown`. Exits 0 only
    when every code read is valid.

    Example: krenova verify KP65CV0K8A
    """
    from pathlib import Path

    from krenova_cli.cli import output
    from krenova_cli.usecases.verify import VALID, codes_in_pdf, parse_code, verify

    path = Path(what)
    if what.lower().endswith(".pdf") or (path.exists() and not what.strip().isalnum()):
        codes = codes_in_pdf(path)
    else:
        codes = [parse_code(what)]
    verdicts = verify(store(), codes)
    if as_json:
        items = [v.to_json() for v in verdicts]
        output.print_json(items[0] if len(items) == 1 else items)
    else:
        for i, v in enumerate(verdicts):
            if i:
                typer.echo("")
            typer.echo(_describe(v))
    if any(v.status != VALID for v in verdicts):
        raise typer.Exit(1)


def _describe(v) -> str:
    from krenova_cli.i18n.messages import _
    from krenova_cli.cli.record_words import action, paper
    from krenova_cli.usecases.verify import UNKNOWN

    if v.status == UNKNOWN:
        return _("{code}: unknown (no paper of this competition carries this code)").format(code=v.code)
    f = v.facts
    rows = [(_("code"), v.code), (_("document"), "{0} {1}".format(paper(f["kind"]), f["number"]))]
    if f.get("entry_id"):
        rows.append((_("entry"), f["entry_id"]))
    if f.get("honour"):
        rows.append((_("honour"), f["honour"]))
    if f.get("amount") is not None:
        rows.append((_("amount"), "Rp{0:,}".format(f["amount"]).replace(",", ".")))
    rows.append((_("date"), str(f["date"])))
    rows.append((_("issued"), _("at ledger head {head} (record {seq})").format(head=v.ledger_head, seq=v.ledger_seq)))
    if v.superseded:  # the paper was renumbered: the new paper replaces this one
        sup = v.superseded
        rows.append((_("status"), _("superseded: number {number} was withdrawn and the paper renumbered {new} ({reason})").format(
            number=sup["number"], new=sup["replaced_by"], reason=sup["reason"])))
    elif v.revoked_by:
        r = v.revoked_by
        why = ": " + r["reason"] if r["reason"] else ""
        rows.append((_("status"), _("revoked by ledger record {seq} ({action} {target}, {time}, {actor}{why})").format(
            seq=r["seq"], action=action(r), target=r["target"], time=r["time"], actor=r["actor"], why=why)))
    elif v.status != "valid":
        rows.append((_("status"), _("revoked (its facts no longer hold)")))
    else:
        rows.append((_("status"), _("valid")))
    width = max(len(label) for label, _value in rows) + 2
    return "\n".join((label + ":").ljust(width) + value for label, value in rows)
