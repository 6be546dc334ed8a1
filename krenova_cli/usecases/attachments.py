"""Attaching files to entries (proposals, annexes, photos) and detaching them: one logged change each.

What a file may be and how it is kept are the store's (`store/attachments.py`); here: which entry,
which names, the limits per entry, and the one change that attaches them all or nothing.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from krenova_cli.core.errors import UserError
from krenova_cli.i18n.messages import _
from krenova_cli.store import layout
from krenova_cli.store.attachments import (KINDS, Attached, content_problem, file_sha256, manifest_bytes, read_manifest,
                                           source_problem, stage, stored_name)
from krenova_cli.store.datafolder import Store


@dataclass
class FromFolder:
    """What `entry attach --from DIR` found: the files matched to an entry, and the others with why."""

    matched: dict[str, list[Path]] = field(default_factory=dict)
    unmatched: list[tuple[Path, str]] = field(default_factory=list)


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise UserError(_("--kind: {kind!r} is not a kind of attachment; use one of {kinds}").format(kind=kind, kinds=", ".join(KINDS)))
    return kind


def attached(store: Store, entry_id: str) -> list[Attached]:
    """The files attached to an entry, as its manifest names them (their content is not read)."""
    return read_manifest(store.root, entry_id)


def attach_files(store: Store, entry_id: str, paths: list[Path], kind: str | None = "proposal",
                 document: str = "", skipped: list[tuple[str, str]] | None = None) -> list[Attached]:
    """Attach files to one entry in one logged change; returns the files added. `document`: the required
    document of the screening the files are (`[[screening.documents]]`); its `kind` is theirs unless given."""
    return attach_plan(store, {entry_id: list(paths)}, kind, document, skipped).get(entry_id, [])


def _document(state, entry_id: str, document: str, kind: str | None) -> tuple[str, str]:
    """The settings' name of the required document `document` names, and the kind its files take."""
    from krenova_cli.core.screening import document_named

    comp = state.competition
    doc = document_named(comp, document)
    names = ", ".join(repr(d.name) for d in comp.screening.documents)
    if doc is None:
        if not names:
            raise UserError(_("--document {name!r}: the settings name no required documents ([[screening.documents]]); "
                              "attach the file without --document, or add the document to competition.toml and "
                              "`krenova adopt competition.toml --reason TEXT`").format(name=document))
        raise UserError(_("--document {name!r} is not a required document; use one of {names}").format(name=document, names=names))
    entry = state.entries.get(entry_id)
    if entry is not None and not doc.asked_of(entry.category):
        raise UserError(_("--document {name!r}: {entry}'s category ({category}) is not asked for it; attach the file "
                          "without --document").format(name=doc.name, entry=entry_id, category=comp.category_name(entry.category)))
    return doc.name, kind or doc.kind or "annex"


def attach_plan(store: Store, plan: dict[str, list[Path]], kind: str | None, document: str = "",
                skipped: list[tuple[str, str]] | None = None) -> dict[str, list[Attached]]:
    """Attach each entry's files, all in one logged change, or nothing (exit 1) when any is refused. A file the
    entry already holds under its name with the same content is left as it is (listed in `skipped`), so that a
    folder attached again adds only what is new; the same name with other content is refused."""
    from krenova_cli.store.integrity import safe_target

    if kind is not None:
        _kind(kind)
    added: dict[str, list[Attached]] = {}
    with store.transaction() as tx:
        state = store.load(rounds=())
        limits = state.competition.attachments
        labels = {e: _document(state, e, document, kind) if document.strip() else ("", kind or "proposal") for e in plan}
        staged: list[Path] = []
        try:
            for entry_id, paths in plan.items():
                if entry_id not in state.entries:
                    raise UserError(_("no entry {entry!r}; see `krenova entry list`").format(entry=entry_id))
                why = safe_target(store.root, layout.attachment_manifest(entry_id))
                if why:
                    raise UserError(_("refused to write {why}").format(why=why))
                current = read_manifest(store.root, entry_id)
                names = {f.name for f in current}
                total = sum(f.size for f in current)
                new: list[Attached] = []
                for path in paths:
                    problem = source_problem(path)
                    name = stored_name(path.name) if problem is None else None
                    if problem is None and name is None:
                        problem = _("its name has no extension of an allowed kind ({types})").format(types=", ".join(limits.types))
                    if problem is None and name in names and any(
                            f.name == name and f.size == os.stat(path).st_size and f.sha256 == file_sha256(path) for f in current):
                        if skipped is not None:  # the same file again (a folder attached once more): nothing to change
                            skipped.append((entry_id, name))
                        continue
                    if problem is None and name in names:
                        raise UserError(_("{path}: {entry} already has a file named {name}; detach it first "
                                          "(`krenova entry detach {entry} \"{name}\"`) or rename the new one").format(
                                              path=path, entry=entry_id, name=name))
                    if problem is None and os.stat(path).st_size > limits.max_file_mb * 2**20:
                        problem = _("{mb} MB, more than {max} MB ([attachments] max_file_mb)").format(
                            mb=round(os.stat(path).st_size / 2**20, 1), max=limits.max_file_mb)
                    if problem is not None:
                        raise UserError(_("{path}: cannot be attached: {problem}").format(path=path, problem=problem))
                    rel, digest, size = stage(store.root, entry_id, name, path)
                    staged.append(store.path(rel))
                    problem = content_problem(store.path(rel), name, limits)  # the copy kept is the copy checked
                    if problem is not None:
                        raise UserError(_("{path}: cannot be attached: {problem}").format(path=path, problem=problem))
                    total += size
                    if total > limits.max_entry_mb * 2**20:
                        raise UserError(_("{path}: {entry}'s files would come to {mb} MB, more than {max} MB "
                                          "([attachments] max_entry_mb; detach a file or raise the limit with "
                                          "`krenova settings set attachments.max_entry_mb N`)").format(
                                              path=path, entry=entry_id, mb=round(total / 2**20, 1), max=limits.max_entry_mb))
                    names.add(name)
                    label, its_kind = labels[entry_id]
                    new.append(Attached(name, its_kind, digest, size, label))
                    tx.move(rel, layout.attachment_file(entry_id, name))
                if new:
                    tx.put(layout.attachment_manifest(entry_id), manifest_bytes(entry_id, current + new))
                    added[entry_id] = new
            if not added:
                return added  # every file was there already: nothing to record
            target = next(iter(added)) if len(added) == 1 else "*"
            tx.commit("entry.attach", target, None, {"attached": {e: [f.to_json() for f in fs] for e, fs in added.items()}})
        except BaseException:
            # an exit 1 leaves nothing; a change left pending (its marker written) needs its staged files to
            # complete, and a kill leaves hidden temporaries: the next change completes or sweeps them
            if not store.path(layout.PENDING).exists():
                for p in staged:
                    p.unlink(missing_ok=True)
            raise
    return added


def detach_file(store: Store, entry_id: str, name: str) -> Attached:
    """Remove one attached file in one logged change (the ledger keeps its name, size and SHA-256)."""
    import secrets

    with store.transaction() as tx:
        current = read_manifest(store.root, entry_id)
        found = next((f for f in current if f.name == name), None)
        if found is None:
            names = ", ".join(f.name for f in current) or _("none")
            raise UserError(_("{entry} has no attached file {name!r} (attached: {names}); see `krenova entry show {entry}`").format(
                entry=entry_id, name=name, names=names))
        tx.move(layout.attachment_file(entry_id, name), layout.attachment_staged(entry_id, name, "out", secrets.token_hex(8)))
        tx.put(layout.attachment_manifest(entry_id), manifest_bytes(entry_id, [f for f in current if f.name != name]))
        tx.commit("entry.detach", entry_id, {"detached": found.to_json()}, None)
    return found


# -- a folder of proposals ---------------------------------------------------------------------------
def plain_words(text: str) -> str:
    """A title or a file name compared as people read it: no case, accents, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def match_folder(store: Store, folder: Path) -> FromFolder:
    """The files of `folder` matched to entries: by id at the start of the name (`K007.pdf`,
    `K007 proposal.pdf`, `k007_lampiran.docx`), else by the whole title (compared as `plain_words`)."""
    state = store.load(rounds=())
    if not folder.is_dir():
        raise UserError(_("--from {folder}: not a folder").format(folder=folder))
    ids_longest = sorted(state.entries, key=len, reverse=True)  # K0071 before K007
    titles: dict[str, list[str]] = {}
    for e in state.entries.values():
        titles.setdefault(plain_words(e.title), []).append(e.id)
    found = FromFolder()
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        stem = path.name.rsplit(".", 1)[0]
        low = stem.casefold()
        entry = next((e for e in ids_longest if low.startswith(e.casefold())
                      and not low[len(e):len(e) + 1].isalnum()), None)
        if entry is None:
            ids = titles.get(plain_words(stem), [])
            if len(ids) > 1:
                found.unmatched.append((path, _("the title of {n} entries ({ids})").format(n=len(ids), ids=", ".join(ids))))
                continue
            entry = ids[0] if ids else None
        if entry is None:
            found.unmatched.append((path, _("no entry id or title in its name")))
        else:
            found.matched.setdefault(entry, []).append(path)
    return found


def attach_from_folder(store: Store, folder: Path, kind: str | None = "proposal", document: str = "",
                       skipped: list[tuple[str, str]] | None = None) -> tuple[FromFolder, dict[str, list[Attached]]]:
    """Attach every matched file of `folder` in one change; the unmatched ones are reported, not attached."""
    if kind is not None:
        _kind(kind)
    found = match_folder(store, folder)
    if not found.matched:
        raise UserError(_("--from {folder}: no file is named by an entry id (K007.pdf) or an entry's title; "
                          "rename the files or attach them one entry at a time").format(folder=folder))
    return found, attach_plan(store, found.matched, kind, document, skipped)
