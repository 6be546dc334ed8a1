"""`publish`: the results and a verification page per paper, as a static site (SPEC 8.7).

Reads the folder and writes only into the output folder: `index.html`, `v/CODE.html` for every
code the letter register holds (valid and revoked alike: a revoked paper must say so where its QR
code leads), and `manifest.json` (the SHA-256 of each code and its status, not the codes: the index
lists results, not every valid code). Nothing needs a server or a script; nothing loads from the
network. The data folder itself is never written (only its `out/` may hold the site).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store


@dataclass
class Published:
    folder: Path
    files: list[Path] = field(default_factory=list)
    valid: int = 0
    revoked: int = 0
    ledger_head: str = ""


SITE_MANIFEST = "manifest.json"
_MANIFEST_MAX = 64 * 1024 * 1024  # a national register's manifest is a few MB; more is not ours


def _target(store: Store, out: Path | None) -> tuple[Path, set[str]]:
    """The site's folder, checked by the one output rule (SPEC 9.1), and the files its previous
    manifest lists (replaced or removed by this run). A folder holding other things is refused."""
    folder = out if out is not None else store.path(f"{layout.OUT}/site")
    store.output(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(_("{folder}: exists and is not a folder; choose another -o DIR").format(folder=folder))
    if not folder.is_dir() or not any(folder.iterdir()):
        return folder, set()
    listed = _previous_files(folder)
    if listed is None:
        raise UserError(_("{folder}: not a krenova site (it holds no manifest.json of an earlier publish) and is not "
                          "empty; publish into an empty folder or a new one, e.g. -o {new}").format(
            folder=folder, new=folder.with_name(folder.name + "-krenova")))
    return folder, listed


def _previous_files(folder: Path) -> set[str] | None:
    """The site files an earlier `publish` wrote here, as its manifest lists them (older manifests
    list only the codes: their pages and index.html); None when the folder holds no krenova site."""
    path = folder / SITE_MANIFEST
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > _MANIFEST_MAX:
            return None
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("documents"), list) or "ledger_head" not in manifest:
        return None
    files = manifest.get("files")
    digests = manifest.get("files_sha256")
    if isinstance(digests, list):  # the names kept as digests (a name holds a code): the site's files that match
        wanted = {d for d in digests if isinstance(d, str)}
        names = {rel for rel in _site_files(folder) if _digest(rel) in wanted}
    elif isinstance(files, list):
        names = {f for f in files if isinstance(f, str)}
    else:
        names = {"index.html"} | {f"v/{d['code']}.html" for d in manifest["documents"]
                                  if isinstance(d, dict) and isinstance(d.get("code"), str)}
    return {name for name in names if _inside(name)}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _site_files(folder: Path) -> list[str]:
    """The plain files of a site folder: its top level and its `v/` pages (a link is not followed)."""
    out = [p.name for p in folder.iterdir() if p.is_file() and not p.is_symlink()]
    pages = folder / "v"
    if pages.is_dir() and not pages.is_symlink():
        out += [f"v/{p.name}" for p in pages.iterdir() if p.is_file() and not p.is_symlink()]
    return out


def _inside(rel: str) -> bool:
    """A name a manifest may list: a relative path of plain parts (no `..`, no absolute path, no
    back-slash), so that a hand-edited manifest cannot make publish remove a file outside the site."""
    parts = rel.split("/")
    return bool(rel) and "\\" not in rel and all(p not in ("", ".", "..") and not p.startswith(".") for p in parts)


def _replace_site(folder: Path, pages: dict[str, str], manifest: dict, previous: set[str]) -> list[Path]:
    """Remove what the previous manifest lists and this run does not write (stale verification pages
    of codes no longer in the register: they must not keep saying SAH), then write the pages and,
    last, the manifest that lists them."""
    from krenova_cli.store.atomic import atomic_write

    for rel in sorted(previous - set(pages)):
        path = folder / rel
        if not path.parent.resolve().is_relative_to(folder.resolve()):  # through a link planted in the site
            continue
        if path.is_file() or path.is_symlink():
            path.unlink()
    written = []
    (folder / "v").mkdir(parents=True, exist_ok=True)
    for rel, html in pages.items():
        path = folder / rel
        atomic_write(path, html.encode("utf-8"), sync_dir=False)
        written.append(path)
    path = folder / SITE_MANIFEST
    # the pages' names hold the codes: the manifest lists their digests, not the names (no list of codes to copy)
    listed = manifest | {"files_sha256": sorted(_digest(rel) for rel in pages)}
    atomic_write(path, (json.dumps(listed, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    written.append(path)
    return written


def publish(store: Store, out: Path | None = None) -> Published:
    from krenova_cli.documents import site
    from krenova_cli.documents.rendering import environment
    from krenova_cli.store import ledger
    from krenova_cli.usecases.verify import REVOKED, VALID, verify_all

    folder, previous = _target(store, out)
    checker, verdicts = verify_all(store)
    state = checker.state
    head, problems = ledger.read_head(store.path(layout.LEDGER))
    if problems:
        from krenova_cli.core.errors import DataErrors

        raise DataErrors(problems)
    meta = state.competition.competition
    locale = meta.locale
    env = environment(store.path(layout.TEMPLATES), locale)
    papers = [site.paper(v, state) | {"date": date.fromisoformat(v.facts["date"])} for v in verdicts]
    common = {"locale": locale, "t": site.WORDS[locale], "competition": meta.name, "organiser": meta.organiser,
              "government": meta.government, "ledger_head": head.hash[:16], "ledger_seq": head.seq}
    pages: dict[str, str] = {"index.html": site.render(env, "site/index.html", common | site.results(state) | {"papers": {
        "valid": sum(p["status"] == VALID for p in papers), "revoked": sum(p["status"] != VALID for p in papers)}})}
    for p in papers:
        pages[f"v/{p['code']}.html"] = site.render(env, "site/code.html", common | {"p": p})
    manifest = {"competition": meta.name, "year": meta.year, "locale": locale,
                "ledger_head": {"seq": head.seq, "hash": head.hash, "anchor": head.hash[:16]},
                "verify_url": meta.verify_url,
                # a digest of each code, not the code with its kind and entry: the list a forger
                # would copy a Juara I code from is not published (the QR code leads to each page)
                "documents": [{"sha256": hashlib.sha256(v.code.encode("ascii")).hexdigest(), "status": v.status}
                              for v in verdicts]}
    result = Published(folder, ledger_head=head.hash[:16])
    result.files = _replace_site(folder, pages, manifest, previous)
    result.valid = sum(v.status == VALID for v in verdicts)
    result.revoked = sum(v.status == REVOKED for v in verdicts)
    return result
