"""How the command line words the core's typed problems, naming the command that leads out.

One function per problem type (registered with `@words(Type)`); the error boundary in `main.py`
asks `lines(exc)` for every error it prints.
"""

from __future__ import annotations

from typing import Callable

from krenova_cli.core import problems as p
from krenova_cli.core.errors import KrenovaError, one_line

_WORDING: dict[type, Callable] = {}


def words(kind: type) -> Callable:
    def register(fn: Callable) -> Callable:
        _WORDING[kind] = fn
        return fn
    return register


def lines(exc: KrenovaError) -> list[str]:
    from krenova_cli.i18n.messages import localize

    fn = _WORDING.get(type(exc))
    if fn is None:
        return exc.lines(localize)
    text = fn(exc)
    return [one_line(t) for t in ([text] if isinstance(text, str) else text)]


@words(p.TieAtCutoff)
def _tie_at_cutoff(e: p.TieAtCutoff) -> str:
    listing = ", ".join(f"{x} ({e.titles.get(x, '')})" for x in e.tied)
    return (f"round {e.round_no}: {len(e.tied)} entries share rank {e.rank} across the cutoff of {e.cutoff}: {listing}. "
            f"Either let all of them advance with --include-ties, or record the committee's choice with "
            f"--prefer ID... --reason TEXT")


@words(p.PreferWithoutTie)
def _prefer_without_tie(e) -> str:
    return "--prefer applies only to a tie across the cutoff, and this round has none"


@words(p.PreferNotTied)
def _prefer_not_tied(e) -> str:
    return f"--prefer {' '.join(e.stray)}: not among the entries tied at the cutoff ({', '.join(e.tied)})"


@words(p.PreferCount)
def _prefer_count(e) -> str:
    return f"--prefer must name exactly {e.needed} of the tied entries ({', '.join(e.tied)}); {e.given} given"


_REASONS = {
    "prefer-cutoff": "--prefer needs --reason TEXT: the committee's decision is recorded in the round minutes",
    "prefer-prize": "--prefer needs --reason TEXT: the committee's decision is recorded with the awards",
}


@words(p.ReasonNeeded)
def _reason_needed(e) -> str:
    return _REASONS.get(e.what, f"--reason TEXT is needed ({e.what} is recorded with its reason)")


@words(p.TieAtPrize)
def _tie_at_prize(e) -> str:
    return (f"{len(e.tied)} entries share rank {e.rank} at a prize place: {', '.join(e.tied)}. "
            f"Record the committee's order with --prefer ID... --reason TEXT (best first)")


@words(p.PreferNotAtPrize)
def _prefer_not_at_prize(e) -> str:
    return f"--prefer {' '.join(e.stray)}: not part of a tie at a prize place"


@words(p.NoSuchRound)
def _no_such_round(e) -> str:
    return f"there is no round {e.round_no}; this competition has rounds 1 to {e.last}"


@words(p.RoundClosed)
def _round_closed(e) -> str:
    n = e.round_no
    return f"round {n} is closed and its scores are locked; to correct them, `krenova reopen --round {n} --reason TEXT` first"


@words(p.RoundNotStarted)
def _round_not_started(e) -> str:
    n = e.round_no
    return f"round {n} has not started: round {n - 1} is still open (close it with `krenova advance --round {n - 1}`)"


@words(p.UnknownJudge)
def _unknown_judge(e) -> str:
    known = ", ".join(e.known) or "none yet; add one with `krenova judge add`"
    return f"unknown judge {e.judge_id!r} (judges: {known})"


@words(p.BadScorePair)
def _bad_score_pair(e) -> str:
    if e.problem == "form":
        return f"{e.pair!r}: write scores as CRITERION=VALUE, e.g. kebaruan=85"
    if e.problem == "twice":
        return f"{e.criterion} is given twice"
    return f"{e.criterion}: {e.detail}"


@words(p.EntriesWithoutPanel)
def _entries_without_panel(e) -> str:
    return unassigned_line(e.round_no, e.entries)


def unassigned_line(n: int, entries) -> str:
    shown = ", ".join(entries[:8]) + (" ..." if len(entries) > 8 else "")
    one = len(entries) == 1
    return (f"round {n}: {len(entries)} active entr{'y has' if one else 'ies have'} no judges assigned "
            f"(registered after `krenova assign`): {shown}; give each a panel with `krenova assign --round {n} --add {entries[0]}`")
