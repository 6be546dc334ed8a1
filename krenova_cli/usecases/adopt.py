"""Taking a hand edit into the record: `krenova adopt FILE... --reason TEXT`.

Settings edited in a text editor are normal; what is not normal is a change nobody can trace. The
adopted files are validated with the whole folder first, then one ledger record keeps the digest
the ledger knew, the new content (None for a file deleted by hand) and the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

from krenova_cli.core.consistency import check_references
from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.i18n.messages import _, localize
from krenova_cli.store import integrity, layout
from krenova_cli.store.datafolder import Store


def _rel(store: Store, name: str) -> str:
    """FILE as given (relative to the current folder or to the competition folder) -> its data path."""
    given = Path(name)
    root = store.root.resolve()
    for candidate in ([given] if given.is_absolute() else [Path.cwd() / given, store.root / given]):
        try:
            rel = Path(os.path.abspath(candidate)).relative_to(Path(os.path.abspath(root)))
        except ValueError:
            try:
                rel = candidate.resolve().relative_to(root) if candidate.exists() else None
            except ValueError:
                rel = None
        if rel is not None and (store.root / rel).exists() or rel is not None and layout.is_data_file(rel.as_posix()):
            return rel.as_posix()
    return name.replace(os.sep, "/")


def adopt(store: Store, names: list[str], reason: str) -> list[str]:
    if not reason.strip():
        raise UserError(_("--reason: say why the file was edited by hand (it goes into the ledger)"))
    with store.transaction(guard=False) as tx:
        found = integrity.scan(store.root)
        if found.problems:
            raise DataErrors(found.problems)
        broken = integrity.chain_problems(store.path(layout.LEDGER))
        if broken:
            raise DataErrors(DataError(broken[0].source, broken[0].line, localize(broken[0].message) + "; " + localize(integrity.CHECK_HINT)))
        known = integrity.replay_fast(store.path(layout.LEDGER))
        if known is None:
            raise DataErrors(DataError(layout.LEDGER, None, _("damaged; run `krenova check` before adopting anything")))
        drifted = {p.source: p for p in integrity.drift(store.root, found.files, known)}
        rels = []
        for name in names:
            rel = _rel(store, name)
            if not layout.is_data_file(rel):
                raise UserError(_("{name}: not a data file of this competition (settings, entries, judges, assignments, scores, round records, awards)").format(name=name))
            if rel not in drifted:
                raise UserError(_("{file}: unchanged since krenova last wrote it; nothing to adopt").format(file=rel))
            rels.append(rel)
        errors: list[DataError] = []
        state = store.load(collect=errors)
        if not errors:
            errors.extend(check_references(state))
        if not errors:  # a round record, awards.json or the letter register edited by hand must still follow
            from krenova_cli.core.rederive import rederive
            from krenova_cli.usecases.check import letter_problems

            errors.extend(rederive(state))
            errors.extend(letter_problems(store))
            from krenova_cli.store import link_register

            errors.extend(link_register.problems(store))  # the judges' links (`krenova serve`)
        if errors:
            raise DataErrors(errors)
        if layout.SETTINGS in rels and state.records:
            from krenova_cli.core.locks import closed_round_changes, refusal

            changes = closed_round_changes(state.competition, state.records)
            if changes:
                raise UserError(_("{refusal}; or restore the file as it was").format(
                    refusal=localize(refusal(changes, _("the edit of {file}").format(file=layout.SETTINGS), state.awards is not None,
                                             [n for n in range(1, state.last_round + 1) if store.score_judges(n)]))))
        old, new = {}, {}
        for rel in sorted(set(rels)):
            path = store.path(rel)
            data = path.read_bytes() if path.exists() else None
            k = known.get(rel)
            old[rel] = {"sha256": k.digest if k else None, "record": k.seq if k else None}
            try:
                new[rel] = None if data is None else data.decode("utf-8")
            except UnicodeDecodeError:
                raise DataErrors(DataError(rel, None, _("not UTF-8 text"))) from None
            tx.put(rel, data)
        tx.commit("adopt", " ".join(sorted(set(rels))), old, {"files": new, "reason": reason})
    return sorted(set(rels))
