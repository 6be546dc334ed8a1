"""Error values: everything a user can get wrong, as data the CLI turns into `Error:` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Text(str):
    """A message of the core or the store, kept with its English template and facts so the command
    line can word it in the interface language (`i18n.messages.localize`); as a `str` it is the English.

    `T("no entry {entry!r}; see `krenova entry list`", entry=eid)`; a fact may itself be a `Text`.
    Babel extracts the first argument of `T(...)` into the catalog (see `scripts/catalog.py`).
    """

    __slots__ = ("template", "facts")

    def __new__(cls, template: str, **facts):
        self = super().__new__(cls, template.format(**facts) if facts else template)
        self.template, self.facts = template, facts
        return self

    def __reduce__(self):  # picklable (the validation cache, worker processes)
        return (_text, (self.template, self.facts))


def _text(template: str, facts: dict) -> Text:
    return Text(template, **facts)


T = Text


def joined(separator: str, items) -> Text:
    """Messages joined into one (`"; ".join(...)` of `Text`s would leave a plain English `str`); each
    part is still worded in the interface language. The separator is not translated."""
    items = list(items)
    template = separator.replace("{", "{{").replace("}", "}}").join("{p%d}" % i for i in range(len(items)))
    return Text(template, **{"p%d" % i: item for i, item in enumerate(items)})


def said(exc: BaseException):
    """What an exception says, kept as a `Text` when it is one (so that it can still be worded); a typed
    problem (`core.problems.Problem`, which has only facts) stays the problem: the command line words it
    as it words the problem itself (`i18n.messages.localize`, `cli/wording.py`)."""
    if isinstance(exc, KrenovaError) and hasattr(exc, "facts"):
        return exc
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Text) else str(exc)


def one_line(text: str) -> str:
    """User-supplied text inside a message (a file name, a cell) may not break it over lines."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class KrenovaError(Exception):
    """Base of every expected error; the CLI prints it and exits 1."""

    exit_code = 1

    def lines(self, word=str) -> list[str]:
        """The message as printed lines; `word` puts a `Text` into the interface language."""
        return [one_line(word(self.args[0]) if len(self.args) == 1 else str(self))]


class ChangePending(KrenovaError):
    """A change that could be neither finished nor undone (a rollback that failed): its marker is kept,
    and the next command completes it. Exit 4, never 1, which means nothing changed."""

    exit_code = 4

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AfterCommit(KrenovaError):
    """A failure after the change was recorded, whose message says what was recorded and what to do
    (papers whose numbers are in the register but that could not be put in place). Exit 3, as every
    failure after the commit (README "Exit codes"), never 1, which means nothing changed."""

    exit_code = 3


class UserError(KrenovaError):
    """A refused request: bad option, conflict, tie to resolve, missing scores."""


class EmptySheet(UserError):
    """A score sheet with no score filled in: refused alone, skipped with a note beside filled sheets."""


@dataclass(frozen=True, order=True)
class DataError:
    """One problem found in a file: `source:line: message`."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return self.worded(str)

    def worded(self, word=str) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        message = word(self.message)
        return one_line(f"{where}: {message}" if where else message)

    def as_text(self) -> str:
        """`source:line: message` as one `Text` (the message still worded in the interface language)."""
        where = f"{self.source}:{self.line}" if self.line else self.source
        return Text("{where}: {message}", where=one_line(where), message=self.message) if where else self.message

    def as_json(self) -> dict:
        return {"file": self.source, "line": self.line, "message": self.message}


class DataErrors(KrenovaError):
    """One or more `DataError`s, reported together."""

    def __init__(self, errors: list[DataError] | DataError):
        self.errors = [errors] if isinstance(errors, DataError) else list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    def lines(self, word=str) -> list[str]:
        return [e.worded(word) for e in self.errors]  # each DataError is one line already


def data_error(source: str, message: str, line: int | None = None) -> DataErrors:
    return DataErrors(DataError(source, line, message))
