"""One shape for every variation point: a named registry filled by a decorator (Tabbycat's
`breakqual` registry). Aggregations, normalisations, tie-break keys and document kinds are each
one function registered under the name the settings or the command line use."""

from __future__ import annotations

from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)


class Registry(dict):
    """name -> function; `@REGISTRY.register("name")` adds one. The settings' allowed values are its keys."""

    def __init__(self, what: str):
        super().__init__()
        self.what = what

    def register(self, name: str) -> Callable[[F], F]:
        def add(fn: F) -> F:
            if name in self:
                raise ValueError(f"{self.what} {name!r} is registered twice")
            self[name] = fn
            return fn
        return add
