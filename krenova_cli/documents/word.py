"""Word output (.docx), filled by docxtpl: stub until the templates exist."""

from __future__ import annotations


def docx_problem() -> str | None:
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        return "Word output needs docxtpl: pip install 'krenova[docx]'"
    return None
