"""`schedule --round N`: the schedule of a presentation round as rows, and its export to CSV or Excel.

The slots come from core/schedule.py (through documents/presentation.py, so that the table, the
exports and the invitations group the institutions alike and say the same times). Reading only:
nothing in the folder changes; an export is written where the user asked (the output rule of
`Store.output`: not among the data files, missing folders created).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from krenova_cli.core.schedule import Schedule, clock
from krenova_cli.store.datafolder import Store

COLUMNS = ("order", "entry_id", "title", "institution", "category", "date", "start", "end", "room")
# the Excel workbook's headers, in the papers' language (the CSV's stay as above in any language)
HEADERS = {"id": ("No.", "Kode", "Judul Inovasi", "Instansi", "Kategori", "Tanggal", "Mulai", "Selesai", "Tempat"),
           "en": ("No.", "ID", "Innovation", "Institution", "Category", "Date", "Start", "End", "Place")}
TITLE = {"id": "Jadwal Paparan {round} {competition}", "en": "Presentation schedule, {round}, {competition}"}


@dataclass(frozen=True)
class ScheduleView:
    schedule: Schedule
    rows: list[dict]         # one per slot: COLUMNS, times as HH:MM, the date as a date
    competition: str
    locale: str              # the papers' language (competition.locale)
    zone: str                # WIB, WITA, WIT or ""
    state: str               # open, closed or pending
    warnings: tuple[str, ...] = ()  # a presentation day on a weekend or outside the round's dates

    def to_json(self) -> dict:
        s = self.schedule
        return {"round": s.round_no, "name": s.round_name, "state": self.state, "room": s.room,
                "minutes_per_entry": s.minutes, "days": [d.isoformat() for d in s.days],
                "break": None if s.break_start is None else {"start": clock(s.break_start, "en"), "end": clock(s.break_end, "en")},
                "slots": [r | {"date": r["date"].isoformat()} for r in self.rows]}


def round_schedule(store: Store, round_no: int) -> ScheduleView:
    from krenova_cli.core.lifecycle import round_state
    from krenova_cli.documents.builders import _category_name
    from krenova_cli.documents.presentation import ZONES, round_schedule as computed

    state = store.load(rounds=())
    sched, groups = computed(state, round_no)
    rows = []
    for s in sched.slots:
        e = state.entries[s.entry_id]
        rows.append({"order": s.order, "entry_id": s.entry_id, "title": e.title, "institution": groups[s.entry_id],
                     "category": _category_name(state, e.category), "date": s.day,
                     "start": clock(s.start, "en"), "end": clock(s.end, "en"), "room": s.room})
    meta = state.competition.competition
    return ScheduleView(sched, rows, meta.name, meta.locale, ZONES.get(meta.timezone, ""), round_state(state, round_no),
                        tuple(day_warnings(state.competition.round(round_no), sched)))


def day_warnings(rnd, sched: Schedule) -> list[str]:
    """The presentation day on a Saturday or Sunday, or outside the round's own dates: said, not refused
    (a committee may meet on a Saturday), with the command that moves it."""
    from datetime import timedelta

    from krenova_cli.i18n.messages import _

    out = []
    day = rnd.presentation_date
    key = f"rounds.{rnd.number}.presentation_date"
    if day.weekday() >= 5:
        monday = day + timedelta(days=7 - day.weekday())
        out.append(_("{key} {day} is a Saturday or a Sunday; to present on a working day: "
                     "`krenova settings set {key} {monday}`").format(key=key, day=day.isoformat(), monday=monday.isoformat()))
    last = sched.days[-1]
    if (rnd.start is not None and day < rnd.start) or (rnd.end is not None and last > rnd.end):
        out.append(_("{key}: the presentations ({first} to {last}) fall outside round {n}'s dates ({start} to {end}); "
                     "move them or the round's dates with `krenova settings set`").format(
            key=key, first=day.isoformat(), last=last.isoformat(), n=rnd.number,
            start=rnd.start.isoformat() if rnd.start else "-", end=rnd.end.isoformat() if rnd.end else "-"))
    return out


def csv_bytes(view: ScheduleView, raw: bool = False) -> bytes:
    from krenova_cli.core.csvtext import defused

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in view.rows:
        w.writerow([r[c].isoformat() if isinstance(r[c], date) else (r[c] if raw else defused(r[c])) for c in COLUMNS])
    return buf.getvalue().encode("utf-8")


def xlsx_bytes(view: ScheduleView) -> bytes:
    """A workbook to print or send: a title, the room, then the table (dates as dates, times as the
    papers' language writes them: 08.30 in Indonesian)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    loc = view.locale if view.locale in HEADERS else "en"
    s = view.schedule
    wb = Workbook()
    ws = wb.active
    ws.title = "Jadwal" if loc == "id" else "Schedule"
    ws.append([TITLE[loc].format(round=s.round_name, competition=view.competition)])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([s.room + (f" ({view.zone})" if view.zone else "")])
    ws.append([])
    ws.append(list(HEADERS[loc]))
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for r in view.rows:
        ws.append([r["order"], r["entry_id"], r["title"], r["institution"], r["category"], r["date"],
                   clock(_minutes(r["start"]), loc), clock(_minutes(r["end"]), loc), r["room"]])
    for row in ws.iter_rows():
        for cell in row:  # titles, institutions, rooms are the users' text: stored as text, never run as a formula
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for row in ws.iter_rows(min_row=5):
        row[5].number_format = "DD/MM/YYYY" if loc == "id" else "YYYY-MM-DD"
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for letter, width in zip("ABCDEFGHI", (5, 9, 44, 32, 18, 12, 8, 8, 24)):
        ws.column_dimensions[letter].width = width
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _minutes(text: str) -> int:
    from krenova_cli.core.schedule import minutes_of

    return minutes_of(text)


def export(store: Store, view: ScheduleView, csv_path: Path | None, xlsx_path: Path | None, raw: bool = False) -> list[Path]:
    """Write the exports asked for (each checked by the output rule first); the paths written."""
    from krenova_cli.store.atomic import atomic_write

    wanted = [(p, kind) for p, kind in ((csv_path, "csv"), (xlsx_path, "xlsx")) if p is not None]
    for path, _kind in wanted:
        store.output(path)
    written = []
    for path, kind in wanted:
        atomic_write(path, csv_bytes(view, raw) if kind == "csv" else xlsx_bytes(view))
        written.append(path)
    return written
