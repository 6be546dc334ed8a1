"""Pure: the ledger made readable: which field changed from what to what, in the competition's
local time, and which records concern one entry or come after a date."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Iterable

from krenova_cli.core.errors import T, joined

MAX_LINES = 8


def local_time(utc_text: str, zone: str) -> str:
    """'2017-08-17T10:00:00+00:00' -> '2017-08-17 17:00 WIB' in Asia/Jakarta."""
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    here = moment.astimezone(ZoneInfo(zone))
    return f"{here:%Y-%m-%d %H:%M} {here.tzname()}"


def since_moment(text: str, zone: str) -> datetime:
    """A date (the start of that day in the competition's time zone) or an ISO date and time."""
    from zoneinfo import ZoneInfo

    text = text.strip()
    office = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)  # 17-08-2025, as an Indonesian office writes a day
    if office:
        text = f"{office.group(3)}-{int(office.group(2)):02d}-{int(office.group(1)):02d}"
    if len(text) == 10:
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))


def after(records: Iterable[dict], moment: datetime) -> list[dict]:
    return [r for r in records if datetime.fromisoformat(r["time"].replace("Z", "+00:00")) >= moment]


def _mentions(value: Any, entry_id: str) -> bool:
    if isinstance(value, dict):
        return any(k == entry_id or (k in ("id", "entry_id") and v == entry_id) or _mentions(v, entry_id)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(v == entry_id or _mentions(v, entry_id) for v in value)
    return False


def concerns(record: dict, entry_id: str) -> bool:
    """The record changed the entry itself, its scores, or a decision naming it."""
    target = str(record.get("target", ""))
    return entry_id in target.split("/") or _mentions(record.get("old"), entry_id) or _mentions(record.get("new"), entry_id)


def _leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_leaves(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1] or "value": value}


def _shown(value: Any) -> str:
    """A value for people, not Python: `K011, K014 ... +10`, `kind=cutoff tied=K1 K2`, `-` for nothing, `'text'`."""
    if isinstance(value, list) and value and all(isinstance(v, dict) and "entry_id" in v for v in value):
        return joined(", ", (T("{title} {entry}", title=v.get("title", v.get("place", "")), entry=v["entry_id"] or T("(vacant)"))
                             for v in value))
    text = _plain(value, top=True)
    return text if len(text) <= 120 else text[:117] + "..."


def _plain(value: Any, top: bool = False) -> str:
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if top else value
    if isinstance(value, dict):
        return " ".join(f"{k}={_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        if all(not isinstance(v, (list, tuple, dict)) for v in value):
            sep = ", " if top else " "
            shown = sep.join(_plain(v) for v in value[:6])
            return shown + (f" ... +{len(value) - 6}" if len(value) > 6 else "")
        return "; ".join(_plain(v) for v in value)
    return str(value)


def changes(record: dict, entry_id: str | None = None, label=None, say=None) -> list[str]:
    """One line per changed thing: `title: 'Inovasi 5' -> 'Baru'`; the criteria of one score
    together (`scores.J1.K002: kebaruan 80 -> 70`); with `entry_id`, only the lines about it when
    the record is about several. At most MAX_LINES lines, then how many more.

    `label(key)` words a key for people (`scores.J1.K002` -> "scores of J1 for K002"), `say(key, value)`
    a whole value (a decision as a sentence) or None to show it as it is; both belong to the interface."""
    old, new = record.get("old"), record.get("new")
    if isinstance(new, list):
        ids = [str(x.get("id", "?")) if isinstance(x, dict) else str(x) for x in new]
        if entry_id and entry_id in ids:
            return [T("{entry} among {n} item(s)", entry=entry_id, n=len(new))]
        return [T("{n} item(s): {ids}", n=len(new), ids=", ".join(ids[:10]) + (" ..." if len(ids) > 10 else ""))]
    before = _leaves(old) if isinstance(old, dict) else {}
    after_ = _leaves(new) if isinstance(new, dict) else ({} if new is None else {"value": new})
    groups: dict[str, list[str]] = {}
    for key in list(dict.fromkeys([*before, *after_])):
        was, now = before.get(key), after_.get(key)
        if key in before and key in after_ and was == now:
            continue
        if key not in before and now in (None, [], {}, ""):
            continue  # an empty field of something new says nothing
        parent, _, leaf = key.rpartition(".")
        scalar = not isinstance(now, (list, dict)) and not isinstance(was, (list, dict))
        said = say(key, now) if say is not None and key in after_ else None
        if said is not None:
            groups.setdefault(key, []).append(said)
        elif parent.count(".") >= 2 and scalar:  # a value deep inside (a criterion of a score): grouped
            if key in before and key in after_ and was is not None:
                part = joined(" ", [leaf, joined(" -> ", [_shown(was), _shown(now)])])
            else:
                part = joined(" ", [leaf, _shown(now)]) if key in after_ else T("{key} was {value}", key=leaf, value=_shown(was))
            groups.setdefault(parent, []).append(part)
        elif key in before and key in after_:
            groups.setdefault(key, []).append(joined(" -> ", [_shown(was), _shown(now)]))
        elif key in after_:
            groups.setdefault(key, []).append(_shown(now))
        elif new is None:
            groups.setdefault(key, []).append(T("was {value}", value=_shown(was)))
    keys = list(groups)
    if entry_id and entry_id not in str(record.get("target", "")).split("/"):
        keys = [key for key in keys if entry_id in key.split(".")] or keys
    lines = [T("{key}: {changes}", key=label(key) if label else key, changes=joined(", ", groups[key])) for key in keys]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [T("... and {n} more (krenova log --json shows all)", n=len(lines) - MAX_LINES)]
    return lines
