"""Creating a new competition directory (used by `init` and `demo`)."""

from __future__ import annotations

from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _
from krenova_cli.store.parsing import parse_toml
from krenova_cli.store.packaged import preset_text
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout



def create(path: Path, preset: str, store_kwargs: dict | None = None, here: bool = False) -> Store:
    """A new competition in `path`: a new or empty folder (hidden files such as .git aside), or, with
    `here`, a folder that already holds other files (they are left alone)."""
    text = preset_text(preset)
    if (path / layout.SETTINGS).exists():
        raise UserError(_("{file} already exists; this folder holds a competition already").format(file=path / layout.SETTINGS))
    others = sorted(p.name for p in path.iterdir() if not p.name.startswith(".")) if path.is_dir() else []
    if others and not here:
        shown = ", ".join(others[:3])
        if len(others) > 3:
            shown = _("{shown} and {count} more").format(shown=shown, count=len(others) - 3)
        raise UserError(_("{folder} is not empty ({shown}); create the competition in a new folder "
                          "(`krenova init NAME`), or pass --here to make this folder a competition").format(
            folder=path.resolve(), shown=shown))
    from krenova_cli.store.schema import Competition

    Competition.model_validate(parse_toml(text, f"preset {preset}"))
    path.mkdir(parents=True, exist_ok=True)
    for folder in layout.FOLDERS:
        (path / folder).mkdir(exist_ok=True)
    store = Store(path, **(store_kwargs or {}))
    with store.transaction() as tx:
        tx.put(layout.SETTINGS, text.encode())
        tx.put(layout.JUDGES, b"judges = []\n")
        tx.put(".gitignore", _gitignore(path / ".gitignore"))
        tx.commit("init", preset, None, {"preset": preset})
    return store


def _gitignore(path: Path) -> bytes:
    """krenova's lines added to a .gitignore that is there already (never replaced)."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    missing = [line for line in layout.GITIGNORE.splitlines() if line not in old.splitlines()]
    if not old:
        return layout.GITIGNORE.encode()
    return (old + ("" if old.endswith("\n") else "\n") + "\n".join(missing) + ("\n" if missing else "")).encode()
