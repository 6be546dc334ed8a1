"""`krenova init`: create a competition directory from a preset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from krenova_cli.cli.options import one_command_app

app = one_command_app()


@app.command()
def init_cmd(
    path: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to create (default: the current folder).")] = Path("."),
    preset: Annotated[str, typer.Option("--preset", "-p", help="magelang-2017, kipp-2025 (a national competition) or blank.")] = "magelang-2017",
    here: Annotated[bool, typer.Option("--here", help="Use a folder that already holds other files (they stay).")] = False,
) -> None:
    """Create a competition data directory from a preset.

    Example: krenova init krenova-2025 --preset magelang-2017
    """
    from krenova_cli.usecases.create import create

    create(path, preset, here=here)
    from krenova_cli.cli.output import message

    from krenova_cli.i18n.messages import _

    message(_("Created {path} from preset {preset}. Next: krenova -d {path} entry add ... or entry import FILE.xlsx").format(
        path=path, preset=preset))
