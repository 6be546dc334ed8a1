"""The letterhead's images (`emblem`, `logo` in the settings), embedded as data: URIs in HTML.

A data: URI shows the same in the HTML file wherever it is opened or copied, and needs no file
fetched. PDF papers, rendered in batches, refer to the file instead: WeasyPrint reads and decodes
it once for many papers. Only regular files inside the data folder are read.
"""

from __future__ import annotations

import base64
import mimetypes
import os

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _

MAX_BYTES = 2_000_000
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml"}


def _checked(root, rel: str, setting: str) -> str:
    """The real path of `rel`: a regular file inside the folder, not a link, at most 2 MB."""
    base = os.path.realpath(root)
    path = os.path.join(base, rel)
    if os.path.islink(path):
        raise UserError(_("{setting} = {file!r}: a symbolic link; krenova reads only plain files in the competition folder").format(
            setting=setting, file=rel))
    real = os.path.realpath(path)
    if not real.startswith(base + os.sep):
        raise UserError(_("{setting} = {file!r}: not inside the competition folder").format(setting=setting, file=rel))
    if not os.path.isfile(real):
        raise UserError(_("{setting} = {file!r}: no such file in the competition folder").format(setting=setting, file=rel))
    if os.path.getsize(real) > MAX_BYTES:
        raise UserError(_("{setting} = {file!r}: larger than 2 MB; use a smaller image").format(setting=setting, file=rel))
    return real


def data_uri(root, rel: str, setting: str) -> str:
    if not rel:
        return ""
    real = _checked(root, rel, setting)
    kind = TYPES.get(os.path.splitext(real)[1].lower()) or mimetypes.guess_type(real)[0] or "application/octet-stream"
    with open(real, "rb") as fh:
        return f"data:{kind};base64,{base64.b64encode(fh.read()).decode('ascii')}"


def file_uri(root, rel: str, setting: str) -> str:
    """The same checks, and the file's URL: what a batch of PDF papers refers to, so that the image
    (a 300 kB emblem is 400 kB of base64 a paper) is read and decoded once, not parsed in every paper."""
    if not rel:
        return ""
    from pathlib import Path

    return Path(_checked(root, rel, setting)).as_uri()


def letterhead_images(store, state, inline: bool = True) -> dict[str, str]:
    """The emblem and the logo as data: URIs (`inline`: self-contained HTML and Word) or file URLs (PDF)."""
    meta = state.competition.competition
    uri = data_uri if inline else file_uri
    return {"emblem_uri": uri(store.root, meta.emblem, "emblem"), "logo_uri": uri(store.root, meta.logo, "logo"),
            "emblem_path": meta.emblem, "logo_path": meta.logo}  # checked above; Word embeds the file itself
