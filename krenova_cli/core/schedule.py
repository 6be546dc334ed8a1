"""The schedule of a presentation round (paparan): who presents when, and where.

A round marked `presentation = true` in the settings gives each of its entries one slot of
`minutes_per_entry` minutes in `room`, one after another from `presentation_start` on
`presentation_date`. A break (`break_start`, `break_minutes`: the ishoma) is kept free: a slot that
would overlap it starts when it ends. With `presentation_end` (the day's end) a slot that would end
later moves to the next working day (Monday to Friday; public holidays are not known here: choose
the date so that the days fall on working days); without it the schedule is one day, and a
schedule that would run past midnight is refused.

The order is the entries' ids in their natural order (K2 before K10), with the entries of one
institution kept together in one block, the institutions in the order of their first id (of all
their entries: a withdrawal moves nobody else's turn, only the slots after it move up). A
committee wants an order that tells nothing: the previous round's rank would show the presenters
and the judges who is ahead (and open the first slot to argument), and it would change with every
corrected score; the ids are neutral, known to everyone and stable. One institution's entries
side by side let its delegation come once.

Pure: the caller passes the entries (id and institution group, as the letters group them).
Times are minutes after midnight; `clock` shows them as the locale writes them (08.30 / 08:30).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Sequence

from krenova_cli.core.errors import T, UserError
from krenova_cli.core.ids import natural_key
from krenova_cli.core.model import Competition, Round

DAY = 24 * 60
# what a presentation round needs, each a key of `krenova settings set rounds.N.KEY VALUE`, with an example
NEEDED = (("presentation", "true"), ("presentation_date", "DATE"), ("presentation_start", "08:30"),
          ("minutes_per_entry", "20"), ("room", '"Ruang Rapat Wali Kota"'))


@dataclass(frozen=True)
class Slot:
    order: int          # 1, 2, ... in the schedule
    entry_id: str
    day: date
    start: int          # minutes after midnight
    end: int
    room: str

    def to_json(self) -> dict:
        return {"order": self.order, "entry_id": self.entry_id, "date": self.day.isoformat(),
                "start": clock(self.start, "en"), "end": clock(self.end, "en"), "room": self.room}


@dataclass(frozen=True)
class Schedule:
    round_no: int
    round_name: str
    room: str
    minutes: int
    slots: tuple[Slot, ...]
    break_start: int | None = None
    break_end: int | None = None

    @property
    def days(self) -> list[date]:
        return sorted({s.day for s in self.slots})


def minutes_of(text: str) -> int:
    """'08:30' (or '08.30') -> 510."""
    hours, minutes = text.replace(".", ":").split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int, locale: str) -> str:
    """510 -> '08.30' in Indonesian (the dot of Indonesian times), '08:30' in English."""
    return f"{minutes // 60:02d}{'.' if locale == 'id' else ':'}{minutes % 60:02d}"


def missing_settings(rnd: Round) -> list[str]:
    """The settings keys (`rounds.N.KEY`) a round lacks to be scheduled, with an example value each."""
    values = {"presentation": rnd.presentation or None, "presentation_date": rnd.presentation_date,
              "presentation_start": rnd.presentation_start, "minutes_per_entry": rnd.minutes_per_entry, "room": rnd.room}
    day = (rnd.start or rnd.end).isoformat() if (rnd.start or rnd.end) else "YYYY-MM-DD"  # a day of the round as the example
    return [f"rounds.{rnd.number}.{key} {day if example == 'DATE' else example}" for key, example in NEEDED if not values[key]]


def is_presentation(rnd: Round) -> bool:
    return rnd.presentation


def ordered(entries: Sequence[tuple[str, str]], placed: Mapping[str, str] | None = None) -> list[str]:
    """The entry ids in presentation order: by id, one institution's entries together (see above).
    `entries` are (entry id, institution group) pairs; `placed` gives a group the id that places it (the
    first of all its entries, a withdrawn one too, so that a withdrawal moves no other institution);
    by default its first id among `entries`."""
    first: dict[str, tuple] = {g: natural_key(e) for g, e in (placed or {}).items()}
    for entry_id, group in entries:
        key = natural_key(entry_id)
        if group not in first or key < first[group]:
            first[group] = key
    return [e for e, _g in sorted(entries, key=lambda eg: (first[eg[1]], natural_key(eg[0])))]


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def schedule(comp: Competition, round_no: int, entries: Sequence[tuple[str, str]],
             placed: Mapping[str, str] | None = None) -> Schedule:
    """The slots of round `round_no` for these entries ((id, institution group) pairs; see `ordered`).
    Refused, naming the settings to set, when the round is not a presentation round or lacks a setting."""
    rnd = comp.round(round_no)
    missing = missing_settings(rnd)
    if missing:
        if not rnd.presentation:
            raise UserError(T("round {n} is not a presentation round; set {keys} with `krenova settings set KEY VALUE`",
                              n=round_no, keys=", ".join(missing)))
        raise UserError(T("round {n} is a presentation round without its schedule; set {keys} with "
                          "`krenova settings set KEY VALUE`", n=round_no, keys=", ".join(missing)))
    if not entries:
        raise UserError(T("round {n} has no entries to present", n=round_no))
    length, start = int(rnd.minutes_per_entry), minutes_of(rnd.presentation_start)
    day_end = minutes_of(rnd.presentation_end) if rnd.presentation_end else None
    pause = None
    if rnd.break_start:
        b = minutes_of(rnd.break_start)
        pause = (b, b + (rnd.break_minutes or 60))
    elif rnd.break_minutes:
        raise UserError(T("round {n}: rounds.{n}.break_minutes is set without the time the break starts; set "
                          "rounds.{n}.break_start HH:MM, e.g. `krenova settings set rounds.{n}.break_start 12:00`", n=round_no))
    if day_end is not None and _first_fit(start, length, pause) + length > day_end:
        raise UserError(T("round {n}: no presentation of {minutes} minutes fits between rounds.{n}.presentation_start "
                          "{start} and rounds.{n}.presentation_end {end}; set a later end or fewer minutes per entry",
                          n=round_no, minutes=length, start=rnd.presentation_start, end=rnd.presentation_end))
    slots = []
    day, at = rnd.presentation_date, start
    for i, entry_id in enumerate(ordered(entries, placed), start=1):
        at = _first_fit(at, length, pause)
        if day_end is not None and at + length > day_end:
            day, at = _next_working_day(day), _first_fit(start, length, pause)
        if at + length > DAY:
            raise UserError(T("round {n}: {count} presentations of {minutes} minutes from {start} would run past midnight; "
                              "set rounds.{n}.presentation_end HH:MM to go on the next working day (e.g. `krenova settings "
                              "set rounds.{n}.presentation_end 16:00`), or fewer rounds.{n}.minutes_per_entry",
                              n=round_no, count=len(entries), minutes=length, start=rnd.presentation_start))
        slots.append(Slot(i, entry_id, day, at, at + length, rnd.room))
        at += length
    return Schedule(round_no, rnd.name, rnd.room, length, tuple(slots), *(pause or (None, None)))


def _first_fit(at: int, length: int, pause: tuple[int, int] | None) -> int:
    """The slot starting at `at`, moved after the break when it would overlap it."""
    if pause is not None and at < pause[1] and at + length > pause[0]:
        return pause[1]
    return at
