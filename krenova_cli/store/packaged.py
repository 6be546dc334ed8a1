"""Shipped files (presets, demo word lists, templates), from the installed wheel or the source tree."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from krenova_cli.core.errors import T, UserError


def _folder(name: str) -> Path:
    inside = Path(str(resources.files("krenova_cli"))) / name
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / name  # running from a source checkout


def data_dir() -> Path:
    return _folder("data")


def templates_dir() -> Path:
    return _folder("templates")


def presets() -> list[str]:
    return sorted(p.stem for p in (data_dir() / "presets").glob("*.toml"))


def preset_text(name: str) -> str:
    path = data_dir() / "presets" / f"{name}.toml"
    if name not in presets():
        raise UserError(T("unknown preset {name!r}; choose one of {presets}", name=name, presets=", ".join(presets())))
    return path.read_text(encoding="utf-8")


_INSTITUTIONS: dict = {}


def institution_rules(extra: dict | None = None):
    """How institution names compare (core/names.py): data/institutions.toml, with the competition's
    [institution_names] added."""
    import tomllib

    from krenova_cli.core.names import NameRules

    if not _INSTITUTIONS:
        _INSTITUTIONS.update(tomllib.loads((data_dir() / "institutions.toml").read_text(encoding="utf-8")))
    return NameRules.of([_INSTITUTIONS, extra or {}])
