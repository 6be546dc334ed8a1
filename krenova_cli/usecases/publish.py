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
import os
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
    store.output(folder, "publish")
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


SITE_STAGING = ".krenova-site-"  # the hidden folder beside the site that a run renders into
PREVIOUS = ".krenova-previous"  # inside it, the previous site until the new one is in place


def _replace_site(folder: Path, pages: dict[str, str], manifest: dict, previous: set[str]) -> list[Path]:
    """Write the new site into a hidden folder beside `folder`, then swap it in by renames, so that a
    failure at any point leaves the previous site whole (exit 1, nothing changed). What the previous
    manifest lists and this run does not write (stale verification pages of codes no longer in the
    register: they must not keep saying SAH) goes with the previous site; what it does not list (a file
    the user keeps beside the pages) is carried over into the new one. The manifest lists the pages."""
    from krenova_cli.store import placing
    from krenova_cli.store.atomic import atomic_write, fsync_dir

    if folder.is_symlink():  # a site folder outside the data that a link names: the site goes where it leads
        folder = folder.resolve()
    made = placing.missing_parents(folder.parent)
    staging = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = placing.staging_beside(folder, f".{folder.name}{SITE_STAGING}")
        (staging / "v").mkdir()
        for rel, html in pages.items():
            atomic_write(staging / rel, html.encode("utf-8"), sync_dir=False, make_folder=False)
        # the pages' names hold the codes: the manifest lists their digests, not the names (no list of codes to copy)
        listed = manifest | {"files_sha256": sorted(_digest(rel) for rel in pages)}
        atomic_write(staging / SITE_MANIFEST, (json.dumps(listed, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                     make_folder=False)
        fsync_dir(staging / "v")
    except BaseException:
        if staging is not None:
            placing.discard(staging)
        placing.remove_empty(made)
        raise
    keep = staging / PREVIOUS
    place = placing.Placement(keep)
    try:
        os.mkdir(keep)
        if folder.is_dir():
            os.chmod(staging, folder.stat().st_mode & 0o7777)
            for rel in _kept(folder, set(pages) | previous | {SITE_MANIFEST}):
                place.move(folder / rel, staging / rel)
            place.move(folder, keep / folder.name)
        else:
            os.chmod(staging, 0o777 & ~_umask())
        place.move(staging, folder)
    except OSError:
        stuck = place.undo()
        if stuck is not None:
            from krenova_cli.store.placing import PlacementStuck

            raise PlacementStuck(_("{folder}: the new site could not be put in place nor the previous one put back "
                                   "({problem}); the previous site is kept in {keep}: move it back by hand").format(
                folder=folder, problem=stuck.strerror or str(stuck), keep=keep / folder.name)) from None
        placing.discard(staging)
        placing.remove_empty(made)
        raise
    placing.discard(folder / PREVIOUS)  # the previous site, now inside the new one's hidden folder
    fsync_dir(folder.parent)
    return [folder / rel for rel in pages] + [folder / SITE_MANIFEST]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _kept(folder: Path, replaced: set[str]) -> list[str]:
    """The entries of the previous site that this run neither writes nor removes (a file the user keeps
    beside the pages): carried over into the new site, `v/` entries one by one."""
    kept = [p.name for p in folder.iterdir() if p.name not in ("v", PREVIOUS) and p.name not in replaced]
    pages = folder / "v"
    if pages.is_dir() and not pages.is_symlink():
        kept += [f"v/{p.name}" for p in pages.iterdir() if f"v/{p.name}" not in replaced]
    return sorted(kept)


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
