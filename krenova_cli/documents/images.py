"""The letterhead's images (`emblem`, `logo` in the settings), embedded as data: URIs.

A data: URI shows the same in the HTML file (wherever it is opened or copied) and in the PDF,
and needs no file fetched at render time. Only regular files inside the data folder are read.
"""

from __future__ import annotations

import base64
import mimetypes
import os

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _

MAX_BYTES = 2_000_000
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml"}


def data_uri(root, rel: str, setting: str) -> str:
    if not rel:
        return ""
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
    kind = TYPES.get(os.path.splitext(real)[1].lower()) or mimetypes.guess_type(real)[0] or "application/octet-stream"
    with open(real, "rb") as fh:
        return f"data:{kind};base64,{base64.b64encode(fh.read()).decode('ascii')}"


def letterhead_images(store, state) -> dict[str, str]:
    meta = state.competition.competition
    return {"emblem_uri": data_uri(store.root, meta.emblem, "emblem"), "logo_uri": data_uri(store.root, meta.logo, "logo"),
            "emblem_path": meta.emblem, "logo_path": meta.logo}  # checked above; Word embeds the file itself
