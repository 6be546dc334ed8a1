"""The one type of a committee's explicit decision, at a cutoff or at a prize place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """Advancing out of a tie at the cutoff, ordering a tie at a prize place, or closing a round
    with scores missing; always with the committee's reason."""

    kind: str  # "include-ties" | "prefer" | "allow-missing"
    tied: tuple[str, ...]
    chosen: tuple[str, ...]
    reason: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "tied": list(self.tied), "chosen": list(self.chosen), "reason": self.reason}

    @classmethod
    def from_json(cls, d: dict) -> "Decision":
        return cls(d["kind"], tuple(d["tied"]), tuple(d["chosen"]), d["reason"])
