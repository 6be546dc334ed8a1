"""The analysis report: one self-contained HTML page with inline SVG plots (no JavaScript, no network), or the
same page as a PDF through WeasyPrint (the `pdf` extra), A4, with the plots kept as vector drawings.

The plots' geometry is computed here as plain numbers; `templates/analysis.html`
draws it, autoescaping every text that came from the data folder (titles,
names, ids). A `templates/analysis.html` in the data folder overrides it.
"""

from __future__ import annotations

from pathlib import Path

from krenova_cli.core.lifecycle import State
from krenova_cli.store.packaged import templates_dir

WIDTH = 720


def near_cutoff(data: dict, rows: list[dict], around: int = 12, most: int = 40) -> list[dict]:
    """Rows around the cutoff line in the round record's order: every uncertain one, and `around` rows either side.
    `rows` are the ranked rows as `standings` ranks them (`usecases.analyse.Analysis.rows`)."""
    p = data["pass_probability"]
    line = _line(rows, data["cutoff"])
    chosen = [i for i, r in enumerate(rows) if line - around < i <= line + around or 0 < p.get(r["entry_id"], 0) < 1]
    if len(chosen) > most:
        chosen = sorted(sorted(chosen, key=lambda i: abs(i - line - 0.5))[:most])
    return [rows[i] for i in chosen]


def _line(rows: list[dict], top: int) -> int:
    """The index of the last row on the passing side (advancing, or tied across the cutoff in an open round)."""
    return max((i for i, r in enumerate(rows) if r["advances"] or r["tie_at_cutoff"]), default=top - 1)


def leniency_plot(data: dict) -> dict:
    judges = list(data["judges"].items())
    row_h, left, right = 26, 150, 30
    values = [v for _, j in judges for v in (j["mean_deviation"], j["ci_low"], j["ci_high"]) if v is not None]
    span = max([abs(v) for v in values] + [1.0])
    inner = WIDTH - left - right

    def x(v: float) -> float:
        return round(left + (v + span) / (2 * span) * inner, 1)

    rows = []
    for i, (jid, j) in enumerate(judges):
        y = 30 + i * row_h
        lo = j["ci_low"] if j["ci_low"] is not None else j["mean_deviation"]
        hi = j["ci_high"] if j["ci_high"] is not None else j["mean_deviation"]
        rows.append({"id": jid, "name": j.get("name", ""), "y": y, "x": x(j["mean_deviation"]), "x_lo": x(lo), "x_hi": x(hi),
                     "value": j["mean_deviation"], "lenient": j["mean_deviation"] > 0})
    ticks = [{"x": x(t), "label": f"{t:+.1f}"} for t in (-span, -span / 2, 0.0, span / 2, span)]
    return {"width": WIDTH, "height": 60 + len(judges) * row_h, "zero": x(0.0), "rows": rows, "ticks": ticks,
            "top": 16, "bottom": 30 + len(judges) * row_h, "left": left}


def probability_plot(data: dict, state: State, rows: list[dict]) -> dict:
    """Each entry's pass probability, labelled with its rank as `standings` gives it ("15=" for a shared rank), in
    the record's order; the line falls under the last entry on the passing side."""
    chosen = near_cutoff(data, rows)
    p = data["pass_probability"]
    bar_h, left, right = 16, 230, 60
    inner = WIDTH - left - right
    out = []
    line_y = None
    for i, r in enumerate(chosen):
        e = r["entry_id"]
        y = 24 + i * bar_h
        inside = r["advances"] or r["tie_at_cutoff"]
        if line_y is None and not inside and i and (chosen[i - 1]["advances"] or chosen[i - 1]["tie_at_cutoff"]):
            line_y = y - 1
        title = state.entries[e].title if e in state.entries else ""
        out.append({"id": e, "title": title[:28] + ("..." if len(title) > 28 else ""), "y": y,
                    "place": f"{r['rank']}=" if r["tied"] else f"{r['rank']}.", "w": round(p.get(e, 0) * inner, 1),
                    "p": p.get(e, 0), "advancing": bool(r["advances"])})
    return {"width": WIDTH, "height": 40 + len(chosen) * bar_h, "left": left, "inner": inner, "rows": out,
            "line_y": line_y, "bar_h": bar_h - 3, "half": round(left + inner / 2, 1), "end": left + inner}


def report_html(user_templates: Path | None, state: State, data: dict, rows: list[dict], verdict: list[str],
                lang: str = "en") -> str:
    """The page in `lang` (the interface language: English or Indonesian, the catalogs of `i18n/messages.py`)."""
    from krenova_cli.i18n.messages import translator

    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders = [FileSystemLoader(str(templates_dir()))]
    if user_templates is not None and user_templates.is_dir():
        loaders.insert(0, FileSystemLoader(str(user_templates)))
    env = SandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
    titles = {e: state.entries[e].title for e in state.entries}
    return env.get_template("analysis.html").render(
        a=data, verdict=verdict, t=translator(lang), lang=lang, competition=state.competition.competition.name, titles=titles,
        leniency=leniency_plot(data), probability=probability_plot(data, state, rows))


def report_pdf(html: str, roots: list[str]) -> bytes:
    """The same page printed by WeasyPrint on A4: the inline SVG plots stay vector; nothing outside `roots` is read."""
    from weasyprint import HTML

    from krenova_cli.documents.rendering import _fetcher

    return HTML(string=html, base_url=roots[0] + "/", url_fetcher=_fetcher(roots)).write_pdf()
