"""Which printed papers the last change revoked (issue 24: a change under a numbered paper is made
together with its revocation, and said): the current code of each numbered paper whose facts no
longer hold, counted by kind, when the ledger record that changed them is the last one."""

from __future__ import annotations

from krenova_cli.i18n.messages import _, ngettext
from krenova_cli.store import layout
from krenova_cli.store.datafolder import Store


def revoked_by_last_change(store: Store) -> dict[str, int]:
    """kind -> how many papers' current codes the last ledger record revoked ({} without a register)."""
    if not store.path(layout.LETTERS).is_file():
        return {}
    from krenova_cli.store import ledger
    from krenova_cli.usecases.verify import REVOKED, Verifier

    head, problems = ledger.read_head(store.path(layout.LEDGER))
    if problems:
        return {}
    checker = Verifier(store)
    out: dict[str, int] = {}
    for numbered in checker.register.values():
        if not numbered.code:
            continue
        v = checker.verdict(numbered.code)
        if v.status == REVOKED and v.revoked_by is not None and v.revoked_by["seq"] == head.seq:
            kind = (v.facts or {}).get("kind", "")
            out[kind] = out.get(kind, 0) + 1
    return out


def revoked_warning(counts: dict[str, int]) -> str | None:
    """One line: how many printed papers this change revoked, and the commands that print them again."""
    if not counts:
        return None
    total = sum(counts.values())
    kinds = sorted(counts)
    return ngettext("this change revokes {count} printed paper ({listing}): `krenova verify` now says so, naming this change; "
                    "print it again with {commands}",
                    "this change revokes {count} printed papers ({listing}): `krenova verify` now says so, naming this change; "
                    "print them again with {commands}", total).format(
        count=total, listing=", ".join(f"{k} {counts[k]}" for k in kinds),
        commands=", ".join("`krenova letters " + k + "`" for k in kinds))
