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


def _target(store: Store, out: Path | None) -> Path:
    folder = out if out is not None else store.path(f"{layout.OUT}/site")
    if folder.exists() and not folder.is_dir():
        raise UserError(_("{folder}: exists and is not a folder; choose another -o DIR").format(folder=folder))
    if folder.is_symlink():
        raise UserError(_("{folder}: a symbolic link; give the site's folder itself").format(folder=folder))
    root = store.root.resolve()
    where = folder.resolve()
    if (where == root or root in where.parents) and not (where == root / layout.OUT or (root / layout.OUT) in where.parents):
        raise UserError(_("{folder}: inside the competition's data folder; publish to its {out}/ folder or outside it").format(
            folder=folder, out=layout.OUT))
    return folder


def publish(store: Store, out: Path | None = None) -> Published:
    from krenova_cli.documents import site
    from krenova_cli.documents.rendering import environment
    from krenova_cli.store import ledger
    from krenova_cli.store.atomic import atomic_write
    from krenova_cli.usecases.verify import REVOKED, VALID, verify_all

    folder = _target(store, out)
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
    (folder / "v").mkdir(parents=True, exist_ok=True)
    for rel, html in pages.items():
        path = folder / rel
        atomic_write(path, html.encode("utf-8"), sync_dir=False)
        result.files.append(path)
    path = folder / "manifest.json"
    atomic_write(path, (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    result.files.append(path)
    result.valid = sum(v.status == VALID for v in verdicts)
    result.revoked = sum(v.status == REVOKED for v in verdicts)
    return result
