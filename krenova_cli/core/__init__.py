"""The pure core: frozen model, exact numbers, scoring, ranking, cutoff, prizes, decision records.

Nothing here does I/O or imports Typer, rich, openpyxl, Jinja2, Babel or pydantic."""
