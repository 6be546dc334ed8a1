"""The published site (`krenova publish`, SPEC 8.7): static HTML pages and a manifest, no script.

`index.html` shows the results (the winners, each cutoff's list with its scores, the categories),
how many papers are published and the ledger head, never the list of codes; `v/CODE.html` says what
the paper with that code states and whether it still holds, so that a QR code printed with
`verify_url = "https://SITE/v/{code}.html"` leads to it; `manifest.json` holds the SHA-256 of each
code (whoever holds a paper can check its code is published; nobody can read a Juara I code off
the list) and the ledger head. The pages are rendered by the
same sandboxed, autoescaping Jinja2 environment as the papers (a template `site/index.html` or
`site/code.html` in the folder's `templates/` overrides the built-in one), in the settings' locale.
"""

from __future__ import annotations

from krenova_cli.i18n.labels import SITE_WORDS as WORDS  # noqa: F401  (the site's words, read by publish)


def results(state) -> dict:
    """The index's data: winners, each cutoff's list (most selective first), categories."""
    from krenova_cli.core.closing import final_score
    from krenova_cli.i18n.labels import gone_words

    comp = state.competition
    cats = {c.id: c.name for c in comp.categories}
    winners = []
    if state.awards:
        for p in state.awards.places:
            e = state.entries.get(p.entry_id) if p.entry_id else None
            # the exact score, rounded once where it is shown (the record keeps 4 places: SPEC 8.2)
            score = final_score(state, state.awards.round, p) if p.entry_id else None
            winners.append({"score": score, "title": p.title, "amount": p.amount, "entry_id": p.entry_id,
                            "entry": e.title if e else "", "institution": e.institution if e else "",
                            "category": cats.get(e.category, e.category) if e else ""})
    tops = []
    for n in sorted(state.records, key=lambda n: (state.records[n].cutoff or 10**9, -n)):
        rec = state.records[n]
        if not rec.cutoff:
            continue
        rows = [{"rank": r.rank, "tied": r.tied, "entry_id": r.entry_id, "title": r.title, "institution": r.institution,
                 "category": cats.get(r.category, r.category), "score": r.exact_score if r.exact_score is not None else r.ranking_score,
                 "withdrawn": gone_words(state, r.entry_id)}
                for r in rec.decided_standings() if rec.advances(r.entry_id)]
        tops.append({"cutoff": rec.cutoff, "round": n, "round_name": rec.name, "rows": rows})
    seen = {}
    for e in state.entries.values():
        if e.withdrawn is None:
            seen[e.category] = seen.get(e.category, 0) + 1
    categories = [{"id": c.id, "name": c.name, "entries": seen.get(c.id, 0)} for c in comp.categories]
    return {"winners": winners, "tops": tops, "categories": categories}


def paper(verdict, state) -> dict:
    """A verification page's data; every text from the register and the ledger made visible
    (control and bidi characters as <U+XXXX>), then escaped by the template."""
    from krenova_cli.core.visible import visible_all

    f = verdict.facts or {}
    ids = [e for e in (f.get("entry_id") or "").split(", ") if e]
    entries = [{"id": e, "title": state.entries[e].title, "institution": state.entries[e].institution}
               for e in ids if e in state.entries]
    revoked_by = verdict.revoked_by
    if revoked_by and revoked_by.get("time"):  # in the competition's time zone, with its name (WIB), as `log` shows it
        from krenova_cli.core.history import local_time

        revoked_by = revoked_by | {"local_time": local_time(revoked_by["time"], state.competition.competition.timezone)}
    return visible_all({"code": verdict.code, "status": verdict.status, "facts": f, "entries": entries,
                        "ledger_head": verdict.ledger_head, "ledger_seq": verdict.ledger_seq,
                        "revoked_by": revoked_by, "superseded": verdict.superseded})


def render(env, name: str, context: dict) -> str:
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    from krenova_cli.core.errors import UserError
    from krenova_cli.i18n.messages import _

    try:
        return env.get_template(name).render(**context)
    except SecurityError as exc:
        raise UserError(_("template refused: {problem} (templates may not reach Python internals)").format(problem=exc)) from None
    except TemplateError as exc:
        raise UserError(_("template {file}: {problem}").format(file=name, problem=exc)) from None
