"""Taking a hand edit into the record: `krenova adopt FILE... --reason TEXT`.

Settings edited in a text editor are normal; what is not normal is a change nobody can trace. The
adopted files are validated with the whole folder first, then one ledger record keeps the digest
the ledger knew, the new content (None for a file deleted by hand) and the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

from krenova_cli.core.consistency import check_references
from krenova_cli.core.errors import DataError, DataErrors, T, UserError
from krenova_cli.i18n.messages import _, localize, ngettext
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


def adopt(store: Store, names: list[str], reason: str, reopen: bool = False) -> list[str]:
    """Take the hand edits in. An edit of the settings that moves a decided record (a closed round's
    deciding settings, the awards' prizes or pass mark) is refused, or with `reopen` taken in together
    with reopening what it moves (the awards removed, the rounds reopened) in the same logged change:
    the guard refuses `reopen` and `awards --undo` while the edit is not adopted, so this is the way out."""
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
        opened: dict = {}
        if not errors and layout.SETTINGS in rels:
            state, opened = _open_what_moves(store, state, reopen)
        if not errors:  # a round record, awards.json or the letter register edited by hand must still follow
            from krenova_cli.core.rederive import rederive
            from krenova_cli.usecases.check import letter_problems

            errors.extend(rederive(state))
            errors.extend(letter_problems(store))
            from krenova_cli.store import link_register

            errors.extend(link_register.problems(store))  # the judges' links (`krenova serve`)
        if errors:
            raise DataErrors(errors)
        for n in opened.get("rounds", ()):
            tx.put(layout.round_record(n), None)
        if opened.get("screening"):
            tx.put(layout.SCREENING, None)
        if opened.get("awards"):
            tx.put(layout.AWARDS, None)
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
        tx.commit("adopt", " ".join(sorted(set(rels))), old, {"files": new, "reason": reason}
                  | ({"reopened": opened} if opened else {}))
    return sorted(set(rels))


def _open_what_moves(store: Store, state, reopen: bool):
    """(the state without the decisions the settings edit moves, {"rounds": [...], "awards": bool});
    refused without `reopen`, and refused outright when a moved round can no longer reopen."""
    from dataclasses import replace

    from krenova_cli.core.locks import awards_changes, closed_round_changes, refusal

    from krenova_cli.core.screening import basis_changes

    moved = closed_round_changes(state.competition, state.records) if state.records else []
    prizes = awards_changes(state.competition, state.awards)
    screened = basis_changes(state.competition, state.screening)
    if screened and not moved and not prizes:
        from krenova_cli.usecases.settings import screening_refusal

        what = _("the edit of {file}").format(file=layout.SETTINGS)
        if 1 in state.records or store.score_judges(1):
            raise UserError(_("{refusal}; or restore the file as it was").format(
                refusal=screening_refusal(screened, what, state, True)))
        if not reopen:
            raise UserError(_("the edit of {file} changes what the closed administrative screening rests on ({keys}). Take it "
                              "in together with reopening the screening in one logged change: `krenova adopt {file} --reopen "
                              "--reason TEXT`, then close it again with `krenova advance --round 0`; or restore the file as it "
                              "was").format(file=layout.SETTINGS, keys=", ".join(screened)))
        return replace(state, screening=None), {"screening": True}
    if screened:  # with a closed round moved too: round 1 is closed, so the screening can no longer reopen
        from krenova_cli.usecases.settings import screening_refusal

        raise UserError(_("{refusal}; or restore the file as it was").format(
            refusal=screening_refusal(screened, _("the edit of {file}").format(file=layout.SETTINGS), state, True)))
    if not moved and not prizes:
        return state, {}
    what = _("the edit of {file}").format(file=layout.SETTINGS)
    scored = [n for n in range(1, state.last_round + 1) if store.score_judges(n)]
    rounds: list[int] = []
    if moved:
        first = moved[0][0]
        if any(n > first for n in scored):  # it can no longer reopen: the round refusal says so
            raise UserError(_("{refusal}; or restore the file as it was").format(
                refusal=localize(refusal(moved, what, state.awards is not None, scored))))
        rounds = sorted(n for n in state.records if n >= first)
    awards = state.awards is not None and bool(prizes or rounds)
    if not reopen:
        keys = [localize(T("round {n} ({keys})", n=n, keys=", ".join(k))) for n, k in moved] + prizes
        undo = [_("removes the awards decision")] if awards else []
        undo += [ngettext("reopens round {rounds}", "reopens rounds {rounds}", len(rounds)).format(
            rounds=", ".join(map(str, rounds)))] if rounds else []
        then = [_("close round {n} again with `krenova advance --round {n}`").format(n=n) for n in rounds] + (
            [_("decide the awards again with `krenova awards`")] if awards else [])
        raise UserError(_("the edit of {file} changes what decided records rest on ({keys}). Take it in together with "
                          "reopening them in one logged change: `krenova adopt {file} --reopen --reason TEXT` (it {undo}), "
                          "then {then}; or restore the file as it was").format(
            file=layout.SETTINGS, keys="; ".join(keys), undo=_(" and ").join(undo), then=_(", then ").join(then)))
    kept = {n: r for n, r in state.records.items() if n not in rounds}
    return replace(state, records=kept, awards=None if awards else state.awards), {"rounds": rounds, "awards": awards}
