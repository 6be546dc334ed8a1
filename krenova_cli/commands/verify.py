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
    its facts (an awards --undo, a withdrawal, a reopened round), or `unknown`. A PDF file is
    answered page by page: each paper's code (read from its text, or its QR code), and what the
    paper prints (number, date, honour, title, institution, amounts) held against the register;
    a paper that prints something else is not valid. Exits 0 only when every paper is valid.

    Example: krenova verify KP65CV0K8A
    """
    from pathlib import Path

    from krenova_cli.cli import output
    from krenova_cli.usecases.verify import VALID, parse_code, verify, verify_file

    path = Path(what)
    s = store()
    if what.lower().endswith(".pdf") or (path.exists() and not what.strip().isalnum()):
        verdicts = verify_file(s, path)
    else:
        verdicts = verify(s, [parse_code(what)])
    meta = s.competition().competition
    if as_json:
        items = [v.to_json() for v in verdicts]
        output.print_json(items[0] if len(items) == 1 else items)
    else:
        for i, v in enumerate(verdicts):
            if i:
                typer.echo("")
            typer.echo(_describe(v, meta.locale, meta.timezone))
    if any(v.status != VALID for v in verdicts):
        raise typer.Exit(1)


def _describe(v, locale: str = "id", zone: str = "Asia/Jakarta") -> str:
    """The verdict as a person reads it: amounts as the papers print them, dates in words, the time
    of a change in the competition's time zone (as `log` shows it), every value made visible."""
    from krenova_cli.i18n.messages import _
    from krenova_cli.cli.record_words import action, paper
    from krenova_cli.core.visible import visible
    from krenova_cli.usecases.verify import UNKNOWN
    from krenova_cli.usecases.verify_file import MISMATCH, NO_CODE

    where = ""
    if v.pages is not None:
        first, last = v.pages
        where = (_("page {n}").format(n=first) if first == last else _("pages {first}-{last}").format(first=first, last=last)) + ": "
    if v.status == NO_CODE:
        return where + _("no verification code found (neither in its text nor in a QR code); type the code printed under its QR code")
    if v.status == UNKNOWN:
        return where + _("{code}: unknown (no paper of this competition carries this code)").format(code=v.code)
    f = v.facts
    span = "" if v.pages is None else (str(v.pages[0]) if v.pages[0] == v.pages[1] else "{0}-{1}".format(*v.pages))
    rows = ([(_("pages"), span)] if span else []) + \
        [(_("code"), v.code), (_("document"), "{0} {1}".format(paper(f["kind"]), f["number"]))]
    if f.get("entry_id"):
        rows.append((_("entry"), f["entry_id"]))
    if v.entry:
        rows.append((_("title"), v.entry.get("title") or ""))
        rows.append((_("institution"), v.entry.get("institution") or ""))
    if f.get("honour"):
        rows.append((_("honour"), f["honour"]))
    from krenova_cli.core.history import local_time
    from krenova_cli.i18n.formatting import rupiah, tanggal

    if f.get("amount") is not None:
        rows.append((_("amount"), rupiah(f["amount"], locale)))
    rows.append((_("date"), tanggal(f["date"], locale)))
    rows.append((_("issued"), _("at ledger head {head} (record {seq})").format(head=v.ledger_head, seq=v.ledger_seq)))
    if v.superseded:  # the paper was renumbered: the new paper replaces this one
        sup = v.superseded
        rows.append((_("status"), _("superseded: number {number} was withdrawn and the paper renumbered {new} ({reason})").format(
            number=sup["number"], new=sup["replaced_by"], reason=sup["reason"])))
    elif v.revoked_by:
        r = v.revoked_by
        why = ": " + r["reason"] if r["reason"] else ""
        rows.append((_("status"), _("revoked by ledger record {seq} ({action} {target}, {time}, {actor}{why})").format(
            seq=r["seq"], action=action(r), target=r["target"], time=local_time(r["time"], zone), actor=r["actor"], why=why)))
    elif v.status == MISMATCH:
        rows.append((_("status"), _("not valid: the paper does not print what the register holds for its code")))
    elif v.status != "valid":
        rows.append((_("status"), _("revoked (its facts no longer hold)")))
    else:
        rows.append((_("status"), _("valid")))
    if v.scanned:
        rows.append((_("note"), _("a scan: its code was read from the QR code, its printed facts were not read; "
                                  "compare the paper with the facts above")))
    for d in v.differs:
        fact = _fact_word(d["fact"])
        if d["paper"] is None:
            text = _("{fact}: the register holds {value!r}, not printed on the paper").format(fact=fact, value=d["register"])
        elif d["register"] is None:
            text = _("{fact}: the paper prints {printed!r}, the register holds none").format(fact=fact, printed=d["paper"])
        else:
            text = _("{fact}: the paper prints {printed!r}, the register holds {value!r}").format(
                fact=fact, printed=d["paper"], value=d["register"])
        rows.append((_("differs"), text))
    width = max(len(label) for label, _value in rows) + 2
    return "\n".join((label + ":").ljust(width) + visible(str(value)) for label, value in rows)


def _fact_word(fact: str) -> str:
    from krenova_cli.i18n.messages import _

    return {"number": _("number"), "date": _("date"), "honour": _("honour"), "title": _("title"),
            "institution": _("institution"), "amount": _("amount")}.get(fact, fact)
