"""Error values: everything a user can get wrong, as data the CLI turns into `Error:` lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """User-supplied text inside a message (a file name, a cell) may not break it over lines."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class KrenovaError(Exception):
    """Base of every expected error; the CLI prints it and exits 1."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [one_line(str(self))]


class UserError(KrenovaError):
    """A refused request: bad option, conflict, tie to resolve, missing scores."""


@dataclass(frozen=True, order=True)
class DataError:
    """One problem found in a file: `source:line: message`."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return one_line(f"{where}: {self.message}" if where else self.message)

    def as_json(self) -> dict:
        return {"file": self.source, "line": self.line, "message": self.message}


class DataErrors(KrenovaError):
    """One or more `DataError`s, reported together."""

    def __init__(self, errors: list[DataError] | DataError):
        self.errors = [errors] if isinstance(errors, DataError) else list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]  # each DataError is one line already


def data_error(source: str, message: str, line: int | None = None) -> DataErrors:
    return DataErrors(DataError(source, line, message))
