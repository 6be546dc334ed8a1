"""Official papers: one builder per kind, rendered to HTML and PDF."""
