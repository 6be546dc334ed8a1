"""Pure award decision: prize places from the final round's ranking, ties left to the committee."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from krenova_cli.core.decisions import Decision
from krenova_cli.core.model import Prize
from krenova_cli.core.problems import PreferNotAtPrize, ReasonNeeded, TieAtPrize


@dataclass(frozen=True)
class Place:
    place: int
    title: str
    entry_id: str | None  # None: vacant ("tidak ada pemenang")
    amount: int
    category: str | None
    rank: int | None
    score: object  # Fraction, the final ranking score (None when vacant)

    def as_json(self) -> dict:
        return {"place": self.place, "title": self.title, "entry_id": self.entry_id, "amount": self.amount,
                "category": self.category, "rank": self.rank}


def decide(
    ranked: Sequence[tuple[str, int, object]],  # (entry_id, rank, score) in rank order
    categories: dict[str, str],
    prizes: Sequence[Prize],
    prefer: Sequence[str] = (),
    reason: str = "",
    min_score: object = None,
) -> tuple[list[Place], list[Decision]]:
    """Places for the prizes; a tie touching a prize place needs `prefer` (the committee's order).

    With a pass mark (`min_score`) only entries scoring at least that much can win; a place left
    without such an entry stays vacant (entry None), as do places beyond the finalists. Entries
    below the mark are left out before ties are looked at, so a tie among them asks nothing.
    """
    if min_score is not None:
        from krenova_cli.core.model import frac

        mark = frac(min_score)
        ranked = [(e, r, s) for e, r, s in ranked if s is not None and s >= mark]
    order = [e for e, _, _ in ranked]
    ranks = {e: r for e, r, _ in ranked}
    scores = {e: s for e, _, s in ranked}
    general = [p for p in prizes if p.category is None]
    decisions: list[Decision] = []
    used_prefer: set[str] = set()
    open_ties: list[tuple[int, tuple[str, ...]]] = []  # ties at prize places the committee has not ordered yet

    def resolve(pool: list[str], slots: int) -> list[str]:
        """The first `slots` of `pool` (in rank order), with ties inside them ordered by `prefer`."""
        out: list[str] = []
        i = 0
        while len(out) < slots and i < len(pool):
            group = [e for e in pool[i:] if ranks[e] == ranks[pool[i]]]
            need = min(len(group), slots - len(out))
            if len(group) > 1:
                chosen = [e for e in prefer if e in group]
                # the committee names the order of every prize place the tie touches (the last one
                # is implied when the whole group gets prizes)
                required = len(group) - 1 if need == len(group) else need
                if len(chosen) < required:  # said with every other open tie, once all are known
                    open_ties.append((ranks[group[0]], tuple(group)))
                ordered = chosen + [e for e in group if e not in chosen]
                used_prefer.update(chosen)
                decisions.append(Decision("prefer", tuple(group), tuple(ordered[:need]), reason.strip()))
                out.extend(ordered[:need])
            else:
                out.append(group[0])
            i += len(group)
        return out

    from krenova_cli.core.model import frac

    def passes(e: str, prize: Prize) -> bool:
        """A prize with its own pass mark (a group's passing grade) goes only to an entry scoring at least that."""
        return prize.min_score is None or (scores[e] is not None and scores[e] >= frac(prize.min_score))

    places: list[Place] = []
    winners = resolve(order, len(general))
    for i, prize in enumerate(general):
        if i < len(winners) and passes(winners[i], prize):
            places.append(Place(prize.place, prize.title, winners[i], prize.amount, None, ranks[winners[i]], scores[winners[i]]))
        else:
            places.append(Place(prize.place, prize.title, None, prize.amount, None, None, None))
    taken = set(winners)
    for prize in prizes:
        if prize.category is None:
            continue
        pool = [e for e in order if categories.get(e) == prize.category and e not in taken and passes(e, prize)]
        chosen = resolve(pool, 1)
        if chosen:
            taken.add(chosen[0])
            places.append(Place(prize.place, prize.title, chosen[0], prize.amount, prize.category, ranks[chosen[0]], scores[chosen[0]]))
        else:
            places.append(Place(prize.place, prize.title, None, prize.amount, prize.category, None, None))
    if open_ties:  # every tie at once: the committee answers them in one meeting, not one after another
        (rank, tied), *others = open_ties
        raise TieAtPrize(rank=rank, tied=tied, others=tuple(others))
    if decisions and not reason.strip():
        raise ReasonNeeded(what="prefer-prize")
    stray = [e for e in prefer if e not in used_prefer]
    if stray:
        raise PreferNotAtPrize(stray=tuple(stray))
    places.sort(key=lambda p: p.place)
    return places, decisions
