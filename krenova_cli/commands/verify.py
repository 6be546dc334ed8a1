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
    from krenova_cli.usecases.verify import UNKNOWN

    if v.status == UNKNOWN:
        return f"{v.code}: unknown (no paper of this competition carries this code)"
    f = v.facts
    lines = [f"code:     {v.code}", f"document: {f['kind']} {f['number']}"]
    if f.get("entry_id"):
        lines.append(f"entry:    {f['entry_id']}")
    if f.get("honour"):
        lines.append(f"honour:   {f['honour']}")
    if f.get("amount") is not None:
        lines.append(f"amount:   Rp{f['amount']:,}".replace(",", "."))
    lines.append(f"date:     {f['date']}")
    lines.append(f"issued:   at ledger head {v.ledger_head} (record {v.ledger_seq})")
    if v.revoked_by:
        r = v.revoked_by
        why = f": {r['reason']}" if r["reason"] else ""
        lines.append(f"status:   revoked by ledger record {r['seq']} ({r['action']} {r['target']}, {r['time']}, {r['actor']}{why})")
    elif v.status != "valid":
        lines.append("status:   revoked (its facts no longer hold)")
    else:
        lines.append("status:   valid")
    return "\n".join(lines)
