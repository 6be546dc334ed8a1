"""The schedule of a presentation round (core/schedule.py): slot arithmetic, order, breaks, days, refusals."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from krenova_cli.core.errors import UserError
from krenova_cli.core.schedule import clock, minutes_of, ordered, schedule
from krenova_cli.store import schema
from krenova_cli.store.packaged import preset_text
from krenova_cli.store.parsing import parse_toml


def comp(**round4):
    data = parse_toml(preset_text("magelang-2017"), "preset")
    data["rounds"][3] |= {"presentation": True, "presentation_date": date(2017, 7, 20), "presentation_start": "08:30",
                          "minutes_per_entry": 20, "room": "Ruang Rapat Wali Kota"} | round4
    for k in [k for k, v in data["rounds"][3].items() if v is None]:
        del data["rounds"][3][k]
    return schema.competition(data)


def rows(s):
    return [(x.order, x.entry_id, x.day.isoformat(), clock(x.start, "en"), clock(x.end, "en")) for x in s.slots]


def test_slots_follow_one_another_from_the_start():
    s = schedule(comp(), 4, [("K1", "a"), ("K2", "b"), ("K3", "c")])
    assert rows(s) == [(1, "K1", "2017-07-20", "08:30", "08:50"), (2, "K2", "2017-07-20", "08:50", "09:10"),
                       (3, "K3", "2017-07-20", "09:10", "09:30")]
    assert {x.room for x in s.slots} == {"Ruang Rapat Wali Kota"} and s.minutes == 20


def test_ids_in_natural_order_and_one_institutions_entries_together():
    pairs = [("K10", "dinkes"), ("K2", "disdik"), ("K3", "dinkes"), ("K1", "rsud")]
    assert ordered(pairs) == ["K1", "K2", "K3", "K10"]  # dinkes starts at K3: K10 follows it
    assert ordered([("K2", "x"), ("K10", "y"), ("K11", "x")]) == ["K2", "K11", "K10"]


def test_a_slot_that_would_overlap_the_break_starts_after_it():
    s = schedule(comp(presentation_start="11:00", minutes_per_entry=25, break_start="12:00", break_minutes=60),
                 4, [(f"K{i}", f"i{i}") for i in range(1, 5)])
    assert [(a, b) for _o, _e, _d, a, b in rows(s)] == [("11:00", "11:25"), ("11:25", "11:50"), ("13:00", "13:25"),
                                                         ("13:25", "13:50")]


def test_the_break_lasts_an_hour_unless_said():
    s = schedule(comp(presentation_start="11:40", break_start="12:00"), 4, [("K1", "a"), ("K2", "b")])
    assert [clock(x.start, "en") for x in s.slots] == ["11:40", "13:00"]


def test_past_the_days_end_the_next_working_day():
    # 20 July 2017 is a Thursday: Thursday, Friday, then Monday 24 July
    s = schedule(comp(presentation_start="14:00", presentation_end="15:00", minutes_per_entry=30),
                 4, [(f"K{i}", f"i{i}") for i in range(1, 7)])
    assert [(d, a) for _o, _e, d, a, _b in rows(s)] == [
        ("2017-07-20", "14:00"), ("2017-07-20", "14:30"), ("2017-07-21", "14:00"), ("2017-07-21", "14:30"),
        ("2017-07-24", "14:00"), ("2017-07-24", "14:30")]
    assert s.days == [date(2017, 7, 20), date(2017, 7, 21), date(2017, 7, 24)]


def test_times_as_each_language_writes_them():
    assert clock(510, "id") == "08.30" and clock(510, "en") == "08:30" and clock(0, "id") == "00.00"
    assert minutes_of("08.30") == minutes_of("08:30") == 510


def test_without_settings_the_refusal_names_every_setting_to_set():
    data = parse_toml(preset_text("magelang-2017"), "preset")
    with pytest.raises(UserError) as exc:
        schedule(schema.competition(data), 4, [("K1", "a")])
    said = str(exc.value)
    assert said.startswith("round 4 is not a presentation round; set rounds.4.presentation true, "
                           "rounds.4.presentation_date 2017-07-20, rounds.4.presentation_start 08:30, "
                           "rounds.4.minutes_per_entry 20, rounds.4.room"), said
    assert "`krenova settings set KEY VALUE`" in said and "\n" not in said


def test_a_presentation_round_names_only_what_it_lacks():
    c = comp()
    rnd = replace(c.rounds[3], room=None, minutes_per_entry=None)
    c = replace(c, rounds=c.rounds[:3] + (rnd,) + c.rounds[4:])
    with pytest.raises(UserError) as exc:
        schedule(c, 4, [("K1", "a")])
    said = str(exc.value)
    assert "rounds.4.minutes_per_entry 20" in said and "rounds.4.room" in said
    assert "presentation_date" not in said and "presentation_start" not in said


def test_past_midnight_is_refused_naming_the_days_end():
    with pytest.raises(UserError) as exc:
        schedule(comp(presentation_start="22:00", minutes_per_entry=60), 4, [(f"K{i}", "x") for i in range(1, 4)])
    assert "rounds.4.presentation_end" in str(exc.value)


def test_a_day_too_short_for_one_presentation_is_refused():
    with pytest.raises(UserError) as exc:
        schedule(comp(presentation_start="08:00", presentation_end="08:15", minutes_per_entry=20), 4, [("K1", "a")])
    assert "rounds.4.presentation_end" in str(exc.value)


def test_the_schema_refuses_a_time_that_is_no_time():
    for bad in ("8:30", "24:00", "08:60", "noon"):
        with pytest.raises(Exception):
            comp(presentation_start=bad)
    assert comp(presentation_start="08.30").rounds[3].presentation_start == "08.30"


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(st.integers(1, 400), min_size=1, max_size=30, unique=True), minutes=st.integers(5, 90),
       groups=st.integers(1, 6), brk=st.booleans())
def test_slots_never_overlap_never_touch_the_break_and_ignore_input_order(ids, minutes, groups, brk):
    pairs = [(f"K{i}", f"g{i % groups}") for i in ids]
    extra = {"break_start": "12:00", "break_minutes": 45} if brk else {}
    c = comp(minutes_per_entry=minutes, presentation_end="17:00", **extra)
    a, b = schedule(c, 4, pairs), schedule(c, 4, list(reversed(pairs)))
    assert a == b  # deterministic, whatever the order the entries came in
    assert sorted(x.entry_id for x in a.slots) == sorted(e for e, _g in pairs)
    for x, y in zip(a.slots, a.slots[1:]):
        assert (x.day, x.end) <= (y.day, y.start)
    for x in a.slots:
        assert x.end - x.start == minutes and x.end <= 17 * 60 and x.day.weekday() < 5
        if brk:
            assert x.end <= 12 * 60 or x.start >= 12 * 60 + 45


def test_an_institution_keeps_its_turn_when_its_first_entry_is_gone():
    pairs = [("K2", "b"), ("K3", "a"), ("K4", "b")]
    assert ordered(pairs) == ["K2", "K4", "K3"]
    assert ordered([("K3", "a"), ("K4", "b")]) == ["K3", "K4"]
    assert ordered([("K3", "a"), ("K4", "b")], {"b": "K2", "a": "K3"}) == ["K4", "K3"]
