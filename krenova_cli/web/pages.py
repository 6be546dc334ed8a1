"""The portal's pages: Jinja2 templates under `templates/web/`, escaped everywhere (autoescape), their
words through the catalog (`t()` in the templates, the language of the request)."""

from __future__ import annotations

from functools import lru_cache

from krenova_cli.i18n.messages import N_, translator


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from krenova_cli.store.packaged import templates_dir

    env = Environment(loader=FileSystemLoader(str(templates_dir() / "web")), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    from krenova_cli.usecases.portal import number_text

    env.filters["number"] = number_text
    env.filters["entry_row"] = entry_row
    return env


_ROWS: dict[tuple, object] = {}


def entry_row(entry):
    """An entry's id, title, institution and category as the judge's list shows them, escaped once per
    text and kept (a judge's list is 225 rows at national scale; escaping them at every page cost 10 ms
    of the event loop, and 40 judges opening their lists at once waited for each other)."""
    from markupsafe import Markup, escape

    key = (entry.id, entry.title, entry.institution, entry.category)
    row = _ROWS.get(key)
    if row is None:
        if len(_ROWS) > 50_000:  # texts edited many times over: start again rather than grow
            _ROWS.clear()
        row = _ROWS[key] = Markup('<span class="id">%s</span>\n    <span class="title">%s</span>\n    '
                                  '<span class="meta">%s · %s</span>') % (
            escape(entry.id), escape(entry.title), escape(entry.institution), escape(entry.category))
    return row


# words the handlers use (marked here, translated where shown)
WORDS = {
    "not_found": N_("Page not found"),
    "not_found_text": N_("This address is not known. If a link was sent to you, open it again exactly as it was sent, "
                         "or ask the secretariat for a new one."),
    "too_many": N_("Too many attempts"),
    "too_many_text": N_("Too many wrong addresses came from your network. Wait a minute, then open your link again."),
    "expired_form": N_("The form has expired"),
    "expired_form_text": N_("The form was not accepted (it is out of date or did not come from this page). "
                            "Go back, reload the page and send it again."),
    "closed": N_("This round is closed; its scores can no longer be changed."),
    "too_long": N_("at most {most} characters; type a number such as 75 or 7,5"),
    "note_too_long": N_("Reason for the correction: at most {most} characters ({count} typed); shorten it."),
    "changed_since": N_("Your scores of this entry changed after this page was opened (recorded now: {values}); nothing "
                        "was sent. Check the values below and send them again if they are the ones you mean."),
    "no_file": N_("Choose the score file to import (.csv, or a filled .xlsx sheet)."),
}


def words(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {k: t(v) for k, v in WORDS.items()}


def render(name: str, lang: str, **context) -> str:
    return _env().get_template(name).render(lang=lang, t=translator(lang), **context)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    from krenova_cli.store.packaged import templates_dir

    return (templates_dir() / "web" / "portal.css").read_text(encoding="utf-8")
