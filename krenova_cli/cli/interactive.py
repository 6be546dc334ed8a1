"""Interactive scoring: prompts a judge's pending entries, criterion by criterion, saving each entry.

The prompting lives here (the command line); what is pending and the saving are the use case's
(`usecases/scores.py`: `start_session`, `save_one`).
"""

from __future__ import annotations

from krenova_cli.core.score_rules import parse_value
from krenova_cli.core.scoring import Value
from krenova_cli.i18n.messages import _, localize, ngettext


def score_interactively(store, round_no: int | None, judge_id: str, note: str, comments: bool = False) -> None:
    from rich.console import Console

    from krenova_cli.usecases.scores import save_one, start_session

    err = Console(stderr=True, highlight=False)
    session = start_session(store, round_no, judge_id)
    n, todo = session.round_no, session.todo
    err.print(ngettext("Round {n}, judge {judge} ({name}): {count} entry to score.",
                       "Round {n}, judge {judge} ({name}): {count} entries to score.", len(todo)).format(
                  n=n, judge=judge_id, name=session.judge_name, count=len(todo)) + " "
              + _("Type a value for each criterion; 's' skips the entry, 'q' quits (saved entries stay saved)."), markup=False)
    saved = 0
    for i, entry in enumerate(todo, start=1):
        err.print("\n[{0}/{1}] {2}: {3} — {4}".format(i, len(todo), entry.id, entry.title, entry.institution), markup=False)
        values = _ask(err, session)
        said = None
        if comments and values and values is not _ENDED:
            said = _ask_comment(err)
        if values is _ENDED and saved == 0:
            # nothing came in (a closed pipe, a script with no input): a failure, not a quiet success
            from krenova_cli.core.errors import UserError

            err.print()  # end the prompt's line, so the error starts its own
            raise UserError(_("the input ended before any score was saved; nothing recorded. Run `krenova score "
                              "--round {n} --judge {judge}` at a terminal, or import a file with --from").format(
                n=n, judge=judge_id))
        if values is None or values is _ENDED:
            err.print(ngettext("Stopped. {count} entry saved this session.", "Stopped. {count} entries saved this session.",
                               saved).format(count=saved))
            return
        if not values:
            err.print("  " + _("skipped"))
            continue
        problems = save_one(store, session, entry.id, values, note, said)
        if problems:
            err.print("  " + _("not saved: {problems}").format(problems="; ".join(localize(x) for x in problems)), markup=False)
            continue
        saved += 1
        err.print("  " + _("saved"))
    if saved == len(todo):
        err.print(ngettext("Done: {count} entry saved; nothing pending for {judge} in round {n}.",
                           "Done: {count} entries saved; nothing pending for {judge} in round {n}.", saved).format(
            count=saved, judge=judge_id, n=n))
    else:
        err.print(ngettext("{saved} of {count} entry saved.", "{saved} of {count} entries saved.", len(todo)).format(
            saved=saved, count=len(todo)))


_ENDED: dict = {"ended": True}  # the input ended (EOF): a marker, compared by identity


def _ask_comment(err) -> str | None:
    """The judge's comment on the entry (`score --with-comments`): one line, Enter for none."""
    from krenova_cli.core.comments import comment_problem, tidy

    while True:
        try:
            raw = tidy(err.input("  " + _("Comment (Enter for none): ")))
        except EOFError:
            return None
        problem = comment_problem(raw)
        if problem is None:
            return raw or None
        err.print("  " + _("{problem}; try again").format(problem=localize(problem)), markup=False)


def _ask(err, session) -> dict[str, Value] | None:
    """One entry's values; {} when the judge skips it, None when they quit, _ENDED when the input ends."""
    values: dict[str, Value] = {}
    for c in session.criteria:
        while True:
            try:
                raw = err.input("  {0} ({1}, {2}-{3}): ".format(c.name, c.id, c.min, c.max)).strip()
            except EOFError:
                return _ENDED
            if raw.lower() == "q":
                return None
            if raw.lower() == "s":
                return {}
            try:
                value = parse_value(raw)
            except ValueError as exc:
                err.print("  " + _("{problem}; try again").format(problem=localize(exc.args[0]) if exc.args else exc), markup=False)
                continue
            problem = session.rules[c.id].problem(value)
            if problem:
                err.print("  " + _("{problem}; try again").format(problem=localize(problem)), markup=False)
                continue
            values[c.id] = value
            break
    return values
