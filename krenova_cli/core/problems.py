"""Typed refusals of the core: each names its facts (the tied entries, the rank, the cutoff), never
its wording. The command line words them and names the command that leads out (`cli/wording.py`),
so the core knows nothing of flags, commands or languages.
"""

from __future__ import annotations

from krenova_cli.core.errors import UserError


class Problem(UserError):
    """A refusal with facts as attributes; `cli/wording.py` turns it into `Error:` lines."""

    def __init__(self, **facts):
        self.facts = facts
        self.__dict__.update(facts)
        super().__init__(f"{type(self).__name__}: " + ", ".join(f"{k}={v!r}" for k, v in facts.items()))

    def __reduce__(self):  # picklable with its facts (a fact of a cached `Text`)
        return (_problem, (type(self), self.facts))


def _problem(kind: type, facts: dict) -> "Problem":
    return kind(**facts)


class TieAtCutoff(Problem):
    """round_no, rank, cutoff, tied (entry ids), titles (entry id -> title)."""


class PreferWithoutTie(Problem):
    """A preferred order was given but the round has no tie across its cutoff."""


class PreferNotTied(Problem):
    """stray (ids not tied), tied."""


class PreferCount(Problem):
    """needed (places free), tied, given."""


class ReasonNeeded(Problem):
    """what: 'prefer-cutoff' | 'prefer-prize' | 'allow-missing' | 'redo' | 'reopen' | 'withdraw'."""


class TieAtPrize(Problem):
    """rank, tied (the first open tie at a prize place); others: ((rank, tied), ...) the other open ties."""


class PreferNotAtPrize(Problem):
    """stray."""


class NoSuchRound(Problem):
    """round_no, last."""


class RoundClosed(Problem):
    """round_no, awards_decided (the awards are decided from that round)."""


class RoundNotStarted(Problem):
    """round_no (its previous round is still open)."""


class UnknownJudge(Problem):
    """judge_id, known (tuple of ids)."""


class BadScorePair(Problem):
    """pair (the text), problem: 'form' | 'twice' | 'value', criterion, detail."""


class EntriesWithoutPanel(Problem):
    """round_no, entries: active entries of an assigned round that have no panel (registered after it)."""
