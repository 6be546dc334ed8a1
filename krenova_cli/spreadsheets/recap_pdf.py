"""The recap printed to PDF by LibreOffice (headless), exactly as a committee would print the workbook.

LibreOffice runs with a private, throw-away profile (so it neither needs nor touches the user's, and a
running LibreOffice does not swallow the request) and a timeout. Without LibreOffice the problem names
what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import N_, _

TIMEOUT_S = 900  # a national recap (5,000 entries) prints in a few minutes
INSTALL_HINT = N_("LibreOffice is not installed; install it to print the recap to PDF "
                "(Debian/Ubuntu: apt-get install libreoffice-calc-nogui fonts-crosextra-carlito)")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def print_to_pdf(xlsx: Path, pdf: Path, timeout: float = TIMEOUT_S) -> Path:
    """Convert `xlsx` to `pdf` through LibreOffice; raise UserError when it is missing or fails."""
    from krenova_cli.store.atomic import atomic_write

    program = soffice()
    if program is None:
        raise UserError(_(INSTALL_HINT))
    with tempfile.TemporaryDirectory(prefix="krenova-lo-") as tmp:
        work = Path(tmp)
        profile = (work / "profile").as_uri()
        # the file is converted under a plain name in a private folder, whatever the user's file is called
        source = work / "recap.xlsx"
        shutil.copyfile(xlsx, source)
        cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={"HOME": tmp, "PATH": _path(), "LANG": "C.UTF-8", **_font_env()})
        except subprocess.TimeoutExpired:
            raise UserError(_("LibreOffice did not finish printing {file} to PDF within {seconds:.0f} s").format(
                file=xlsx.name, seconds=timeout)) from None
        produced = work / "out" / "recap.pdf"
        if done.returncode != 0 or not produced.exists():
            detail = (done.stderr or done.stdout or "").strip().splitlines()
            if detail:
                raise UserError(_("LibreOffice could not print {file} to PDF: {detail}").format(file=xlsx.name, detail=detail[-1]))
            raise UserError(_("LibreOffice could not print {file} to PDF").format(file=xlsx.name))
        atomic_write(pdf, produced.read_bytes())
    return pdf


CALIBRI_METRICS = ("calibri", "carlito")  # the recap's widths are Calibri's; Carlito has the same metrics


def _font_env() -> dict:
    """The fontconfig settings of this process, for LibreOffice too (a site's own font configuration)."""
    import os

    return {k: v for k, v in os.environ.items() if k in ("FONTCONFIG_FILE", "FONTCONFIG_PATH")}


def font_substitute() -> str | None:
    """The font LibreOffice will print the recap with instead of Calibri's metrics, or None when it has them
    (Calibri or Carlito) or fontconfig cannot say. Without them the summary the committee signs takes two
    pages instead of one (the demo's recap 83 pages instead of 44)."""
    import os

    fc = shutil.which("fc-match")
    if fc is None:
        return None
    try:
        done = subprocess.run([fc, "-f", "%{family}", "Calibri"], capture_output=True, text=True, timeout=20,
                              env={"PATH": _path(), "HOME": os.environ.get("HOME", "/"), **_font_env()})
    except (OSError, subprocess.SubprocessError):
        return None
    family = done.stdout.split(",")[0].strip()
    return None if not family or family.casefold() in CALIBRI_METRICS else family


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")
