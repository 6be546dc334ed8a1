"""Typed decision records: what closing a round and deciding the awards wrote down.

`RoundRecord` (rounds/round-N.json) and `AwardsRecord` (awards.json) are built from the pure results
(`closing.py`) and read back with `from_json`; nothing else reads a record by string key. One `Decision`
type serves the committee's choices at a cutoff and at a prize place. `to_json` gives exactly the
stored form (key order included), so a record written and read back is byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from krenova_cli.core.decisions import Decision
from krenova_cli.core.errors import T


def _ids(values, key: str) -> tuple[str, ...]:
    """A record's list of entry ids, refused (ValueError, which the store words as `not a round
    record`) unless it is one: a hand-edited record must not reach the ranking as numbers or objects."""
    if not isinstance(values, list) or not all(type(v) is str for v in values):
        raise ValueError(T("{key} must be a list of entry ids", key=key))
    return tuple(values)


def exact(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class LedgerHead:
    seq: int
    hash: str

    def to_json(self) -> dict:
        return {"seq": self.seq, "hash": self.hash}

    @classmethod
    def from_json(cls, d: dict | None) -> "LedgerHead":
        d = d or {}
        return cls(int(d.get("seq") or 0), str(d.get("hash") or ""))


@dataclass(frozen=True)
class StandingRow:
    """One row of the standings as shown and as recorded (scores rounded for reading; the exact
    ranking score kept as a fraction)."""

    rank: int | None
    tied: bool
    entry_id: str
    title: str
    institution: str
    category: str
    round_score: float | None
    ranking_score: float | None
    advances: bool
    tie_at_cutoff: bool
    missing: tuple[str, ...]
    judges: dict[str, float | None]
    tie_break: tuple[float | None, ...]
    exact_ranking_score: str | None
    exact_round_score: str | None = None  # records written before it was kept have only the rounded value

    def to_json(self) -> dict:
        return {"rank": self.rank, "tied": self.tied, "entry_id": self.entry_id, "title": self.title,
                "institution": self.institution, "category": self.category, "round_score": self.round_score,
                "ranking_score": self.ranking_score, "advances": self.advances, "tie_at_cutoff": self.tie_at_cutoff,
                "missing": list(self.missing), "judges": dict(self.judges), "tie_break": list(self.tie_break),
                "exact_ranking_score": self.exact_ranking_score, "exact_round_score": self.exact_round_score}

    @classmethod
    def from_json(cls, d: dict) -> "StandingRow":
        if type(d.get("entry_id")) is not str:
            raise ValueError(T("{key} must be a list of entry ids", key="standings"))
        return cls(d["rank"], d["tied"], d["entry_id"], d.get("title", ""), d.get("institution", ""), d.get("category", ""),
                   d.get("round_score"), d.get("ranking_score"), d.get("advances", False), d.get("tie_at_cutoff", False),
                   tuple(d.get("missing") or ()), dict(d.get("judges") or {}), tuple(d.get("tie_break") or ()),
                   d.get("exact_ranking_score"), d.get("exact_round_score"))

    @property
    def exact_score(self) -> Fraction | None:
        """The exact ranking score, for display: shown values are rounded once, from it (SPEC 8.2)."""
        return None if self.exact_ranking_score is None else Fraction(self.exact_ranking_score)

    @property
    def exact_round(self) -> Fraction | float | None:
        """The exact round score (the rounded one where an older record kept no other)."""
        return self.round_score if self.exact_round_score is None else Fraction(self.exact_round_score)


@dataclass(frozen=True)
class RoundRecord:
    round: int
    name: str
    closed_at: str
    closed_by: str
    cutoff: int | None
    rank_by: tuple[tuple[int, str], ...]  # (round, exact weight "n/d")
    tie_break: tuple[str, ...]
    aggregation: str
    normalisation: str
    entries: tuple[str, ...]
    advancing: tuple[str, ...]
    eliminated: dict[str, str]
    decisions: tuple[Decision, ...]
    missing_allowed: str | None
    standings: tuple[StandingRow, ...]
    score_files: dict[str, str]
    ledger_head: LedgerHead
    settings: dict | None = None  # the settings that decided the round (core/locks.py), kept since issue 18
    _advancing_set: frozenset = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_advancing_set", frozenset(self.advancing))

    def advances(self, entry_id: str) -> bool:
        return entry_id in self._advancing_set

    def decided_standings(self) -> list[StandingRow]:
        """The standings rows in the order the round was decided (`decided_order`): the order of every table,
        chart and paper that lists the round (standings, minutes, analyse, recap, site)."""
        return decided_order(self.standings, self.advancing)

    def row(self, entry_id: str) -> StandingRow | None:
        return next((r for r in self.standings if r.entry_id == entry_id), None)

    def to_json(self) -> dict:
        return {
            "round": self.round, "name": self.name, "closed_at": self.closed_at, "closed_by": self.closed_by,
            "cutoff": self.cutoff, "rank_by": [{"round": r, "weight": w} for r, w in self.rank_by],
            "tie_break": list(self.tie_break), "aggregation": self.aggregation, "normalisation": self.normalisation,
            "entries": list(self.entries), "advancing": list(self.advancing), "eliminated": dict(self.eliminated),
            "decisions": [d.to_json() for d in self.decisions], "missing_allowed": self.missing_allowed,
            "standings": [r.to_json() for r in self.standings], "score_files": dict(self.score_files),
            "ledger_head": self.ledger_head.to_json(),
        } | ({"settings": self.settings} if self.settings is not None else {})

    @classmethod
    def from_json(cls, d: dict) -> "RoundRecord":
        return cls(
            round=d["round"], name=d["name"], closed_at=d["closed_at"], closed_by=d.get("closed_by", ""),
            cutoff=d["cutoff"], rank_by=tuple((int(x["round"]), str(x["weight"])) for x in d.get("rank_by") or ()),
            tie_break=tuple(d.get("tie_break") or ()), aggregation=d.get("aggregation", "mean"),
            normalisation=d.get("normalisation", "none"), entries=_ids(d["entries"], "entries"),
            advancing=_ids(d["advancing"], "advancing"),
            eliminated=dict(d["eliminated"]), decisions=tuple(Decision.from_json(x) for x in d["decisions"]),
            missing_allowed=d.get("missing_allowed"), standings=tuple(StandingRow.from_json(r) for r in d["standings"]),
            score_files=dict(d["score_files"]), ledger_head=LedgerHead.from_json(d["ledger_head"]),
            settings=d.get("settings") if isinstance(d.get("settings"), dict) else None,
        )


ROUND_RECORD_KEYS = frozenset({"round", "name", "closed_at", "entries", "advancing", "eliminated", "cutoff", "decisions",
                               "standings", "score_files", "ledger_head"})


@dataclass(frozen=True)
class PrizePlace:
    place: int
    title: str
    entry_id: str | None  # None: the place stays vacant (no entry met the pass mark, or too few finalists)
    amount: int
    category: str | None
    rank: int | None
    ranking_score: float | None = None

    @property
    def vacant(self) -> bool:
        return self.entry_id is None

    def to_json(self) -> dict:
        return {"place": self.place, "title": self.title, "entry_id": self.entry_id, "amount": self.amount,
                "category": self.category, "rank": self.rank, "ranking_score": self.ranking_score}

    @classmethod
    def from_json(cls, d: dict) -> "PrizePlace":
        return cls(d["place"], d["title"], d["entry_id"], d["amount"], d.get("category"), d.get("rank"), d.get("ranking_score"))


@dataclass(frozen=True)
class AwardsRecord:
    round: int
    decided_at: str
    decided_by: str
    places: tuple[PrizePlace, ...]
    decisions: tuple[Decision, ...]
    redo_reason: str | None
    ledger_head: LedgerHead
    settings: dict | None = None  # the settings the decision rests on (core/locks.awards_basis), kept since issue 24

    def place_of(self, entry_id: str) -> PrizePlace | None:
        return next((p for p in self.places if p.entry_id is not None and p.entry_id == entry_id), None)

    @property
    def awarded(self) -> tuple[PrizePlace, ...]:
        """The places given to an entry (vacant places left out): what letters and certificates are for."""
        return tuple(p for p in self.places if p.entry_id is not None)

    def to_json(self) -> dict:
        return {"round": self.round, "decided_at": self.decided_at, "decided_by": self.decided_by,
                "places": [p.to_json() for p in self.places], "decisions": [d.to_json() for d in self.decisions],
                "redo_reason": self.redo_reason, "ledger_head": self.ledger_head.to_json()} | (
                    {"settings": self.settings} if self.settings is not None else {})

    @classmethod
    def from_json(cls, d: dict) -> "AwardsRecord":
        return cls(d["round"], d["decided_at"], d.get("decided_by", ""), tuple(PrizePlace.from_json(p) for p in d["places"]),
                   tuple(Decision.from_json(x) for x in d.get("decisions") or ()), d.get("redo_reason"),
                   LedgerHead.from_json(d.get("ledger_head")),
                   d.get("settings") if isinstance(d.get("settings"), dict) else None)


def decided_order(rows, advancing) -> list:
    """Rows in the order a closed round was decided, the one order of every output that lists a round: the
    advancing entries first, in the order of the record's `advancing` (the ranking, then the committee's choice
    out of a tie at the cutoff), then the others in the order of the ranking. Within a shared rank the
    advancing entries thus come first, and an entry the committee passed over in a tie is below the cutoff
    line with the eliminated, where it belongs. Rows have `entry_id` (an attribute or a key)."""
    place = {e: i for i, e in enumerate(advancing)}
    going = sorted((r for r in rows if _entry(r) in place), key=lambda r: place[_entry(r)])
    return going + [r for r in rows if _entry(r) not in place]


def _entry(row) -> str:
    return row["entry_id"] if isinstance(row, dict) else row.entry_id
