"""How the command line words the core's typed problems, naming the command that leads out.

One function per problem type (registered with `@words(Type)`); the error boundary in `main.py`
asks `lines(exc)` for every error it prints.
"""

from __future__ import annotations

from typing import Callable

from krenova_cli.core import problems as p
from krenova_cli.core.errors import KrenovaError, one_line
from krenova_cli.i18n.messages import N_, _, ngettext

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


def _nested(exc: BaseException) -> str:
    """A typed problem that is a fact of another message (check: "does not follow ... ({problem})")."""
    if isinstance(exc, KrenovaError):
        return "; ".join(lines(exc))
    return str(exc)


from krenova_cli.i18n import messages as _messages  # noqa: E402

_messages.word_problems_with(_nested)


@words(p.TieAtCutoff)
def _tie_at_cutoff(e: p.TieAtCutoff) -> str:
    listing = ", ".join("{0} ({1})".format(x, e.titles.get(x, "")) for x in e.tied)
    return _("round {n}: {count} entries share rank {rank} across the cutoff of {cutoff}: {listing}. "
             "Either let all of them advance with --include-ties, or record the committee's choice with "
             "--prefer ID... --reason TEXT").format(n=e.round_no, count=len(e.tied), rank=e.rank, cutoff=e.cutoff,
                                                      listing=listing)


@words(p.PreferWithoutTie)
def _prefer_without_tie(e) -> str:
    return _("--prefer applies only to a tie across the cutoff, and this round has none")


@words(p.PreferNotTied)
def _prefer_not_tied(e) -> str:
    return _("--prefer {ids}: not among the entries tied at the cutoff ({tied})").format(
        ids=" ".join(e.stray), tied=", ".join(e.tied))


@words(p.PreferCount)
def _prefer_count(e) -> str:
    return _("--prefer must name exactly {needed} of the tied entries ({tied}); {given} given").format(
        needed=e.needed, tied=", ".join(e.tied), given=e.given)


_REASONS = {
    "prefer-cutoff": N_("--prefer needs --reason TEXT: the committee's decision is recorded in the round minutes"),
    "prefer-prize": N_("--prefer needs --reason TEXT: the committee's decision is recorded with the awards"),
}


@words(p.ReasonNeeded)
def _reason_needed(e) -> str:
    if e.what in _REASONS:
        return _(_REASONS[e.what])
    return _("--reason TEXT is needed ({what} is recorded with its reason)").format(what=e.what)


@words(p.TieAtPrize)
def _tie_at_prize(e) -> str:
    others = getattr(e, "others", ())
    if others:
        ties = [(e.rank, e.tied), *others]
        return _("{count} ties at prize places: {ties}. Record the committee's order of each with one "
                 "--prefer ID... --reason TEXT (best first within each tie)").format(
            count=len(ties), ties="; ".join(_("rank {rank} ({tied})").format(rank=r, tied=", ".join(t)) for r, t in ties))
    return _("{count} entries share rank {rank} at a prize place: {tied}. "
             "Record the committee's order with --prefer ID... --reason TEXT (best first)").format(
        count=len(e.tied), rank=e.rank, tied=", ".join(e.tied))


@words(p.PreferNotAtPrize)
def _prefer_not_at_prize(e) -> str:
    return _("--prefer {ids}: not part of a tie at a prize place").format(ids=" ".join(e.stray))


@words(p.NoSuchRound)
def _no_such_round(e) -> str:
    return _("there is no round {n}; this competition has rounds 1 to {last}").format(n=e.round_no, last=e.last)


@words(p.RoundClosed)
def _round_closed(e) -> str:
    if getattr(e, "awards_decided", False):
        return _("round {n} is closed and its scores are locked, and the awards are decided from it; to correct them, "
                 "remove the awards decision first (`krenova awards --undo --reason TEXT`), then "
                 "`krenova reopen --round {n} --reason TEXT`").format(n=e.round_no)
    return _("round {n} is closed and its scores are locked; to correct them, "
             "`krenova reopen --round {n} --reason TEXT` first").format(n=e.round_no)


@words(p.RoundNotStarted)
def _round_not_started(e) -> str:
    n = e.round_no
    if n == 1:  # only a screening round keeps round 1 from starting
        return _("round 1 has not started: the administrative screening is still open "
                 "(close it with `krenova advance --round 0`)")
    return _("round {n} has not started: round {previous} is still open "
             "(close it with `krenova advance --round {previous}`)").format(n=n, previous=n - 1)


@words(p.UnknownJudge)
def _unknown_judge(e) -> str:
    known = ", ".join(e.known) or _("none yet; add one with `krenova judge add`")
    return _("unknown judge {judge} (judges: {known})").format(judge=repr(e.judge_id), known=known)


@words(p.BadScorePair)
def _bad_score_pair(e) -> str:
    from krenova_cli.i18n.messages import localize

    if e.problem == "form":
        return _("{pair}: write scores as CRITERION=VALUE, e.g. kebaruan=85").format(pair=repr(e.pair))
    if e.problem == "twice":
        return _("{criterion} is given twice").format(criterion=e.criterion)
    return "{0}: {1}".format(e.criterion, localize(e.detail))


@words(p.EntriesWithoutPanel)
def _entries_without_panel(e) -> str:
    return unassigned_line(e.round_no, e.entries)


def unassigned_line(n: int, entries) -> str:
    shown = ", ".join(entries[:8]) + (" ..." if len(entries) > 8 else "")
    return ngettext("round {n}: {count} active entry has no judges assigned (registered after `krenova assign`): "
                    "{shown}; give each a panel with `krenova assign --round {n} --add {first}`",
                    "round {n}: {count} active entries have no judges assigned (registered after `krenova assign`): "
                    "{shown}; give each a panel with `krenova assign --round {n} --add {first}`",
                    len(entries)).format(n=n, count=len(entries), shown=shown, first=entries[0])


def cutoff_decisions(record) -> list[str]:
    """A closed round's decisions at its cutoff, one line each, as said under its standings."""
    lines = []
    for d in record.decisions:
        if d.kind == "prefer":
            lines.append(_("Round {n}: {tied} were tied at the cutoff; the committee chose {chosen} (reason: {reason}).").format(
                n=record.round, tied=", ".join(d.tied), chosen=", ".join(d.chosen), reason=d.reason))
        elif d.kind == "include-ties" and d.reason == "all entries tied at the cutoff advance":  # the default reason
            lines.append(_("Round {n}: {tied} were tied at the cutoff; the committee let all of them advance.").format(
                n=record.round, tied=", ".join(d.tied)))
        elif d.kind == "include-ties":
            lines.append(_("Round {n}: {tied} were tied at the cutoff; the committee let all of them advance (reason: {reason}).").format(
                n=record.round, tied=", ".join(d.tied), reason=d.reason))
    return lines
