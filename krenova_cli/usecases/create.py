"""Creating a new competition directory (used by `init` and `demo`)."""

from __future__ import annotations

from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.store.parsing import parse_toml
from krenova_cli.store.packaged import preset_text
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout



def create(path: Path, preset: str, store_kwargs: dict | None = None) -> Store:
    text = preset_text(preset)
    if (path / layout.SETTINGS).exists():
        raise UserError(f"{path / layout.SETTINGS} already exists; this folder holds a competition already")
    from krenova_cli.store.schema import Competition

    Competition.model_validate(parse_toml(text, f"preset {preset}"))
    path.mkdir(parents=True, exist_ok=True)
    for folder in layout.FOLDERS:
        (path / folder).mkdir(exist_ok=True)
    store = Store(path, **(store_kwargs or {}))
    with store.transaction() as tx:
        tx.put(layout.SETTINGS, text.encode())
        tx.put(layout.JUDGES, b"judges = []\n")
        tx.put(".gitignore", layout.GITIGNORE.encode())
        tx.commit("init", preset, None, {"preset": preset})
    return store
