"""Derived state: round states, active entries, conflicts, expected scores."""

from krenova_cli.core.lifecycle import unassigned, CLOSED, OPEN, PENDING, State, active_entries, current_round, expected, round_state
from krenova_cli.core.records import LedgerHead, RoundRecord
from krenova_cli.store import schema
from krenova_cli.core.model import Competition, Entry, Judge, Withdrawal
from krenova_cli.store.parsing import parse_toml
from krenova_cli.store.packaged import preset_text


def preset() -> Competition:
    return schema.competition(parse_toml(preset_text("magelang-2017"), "preset"))


def closed(entries, advancing, n=1) -> RoundRecord:
    """A round record with only what the derived state reads: who was ranked, who went on."""
    return RoundRecord(round=n, name=f"Round {n}", closed_at="2017-07-31T00:00:00Z", closed_by="test", cutoff=None,
                       rank_by=(), tie_break=(), aggregation="mean", normalisation="none", entries=tuple(entries),
                       advancing=tuple(advancing), eliminated={}, decisions=(), missing_allowed=None, standings=(),
                       score_files={}, ledger_head=LedgerHead(0, ""))


def build_state(n=4, withdrawn=None, records=None, judges=None, assignments=None) -> State:
    entries = {}
    for i in range(1, n + 1):
        eid = f"E{i}"
        w = Withdrawal(round=withdrawn[eid], reason="x") if withdrawn and eid in withdrawn else None
        entries[eid] = Entry(id=eid, title=f"T{i}", institution=f"Dinas {i}", entity_type="OPD", category="tik", withdrawn=w)
    js = judges or {"J1": Judge(id="J1", name="A"), "J2": Judge(id="J2", name="B", affiliation=" dinas   1 ", conflicts=("E3",))}
    return State(preset(), entries, js, assignments or {}, records or {}, None, {})


def test_preset_is_exactly_the_2017_edition():
    comp = preset()
    assert [c.id for c in comp.categories] == ["tata-kelola", "tik", "kesejahteraan-sosial", "pelayanan-langsung"]
    assert [(c.id, c.weight, c.min, c.max, c.step) for c in comp.criteria] == [
        ("kebaruan", 25, 0, 100, 1), ("efektivitas", 20, 0, 100, 1), ("kemanfaatan", 20, 0, 100, 1),
        ("replikasi", 15, 0, 100, 1), ("keberlanjutan", 20, 0, 100, 1)]
    assert [r.name for r in comp.rounds] == [f"Penilaian {n}" for n in ("I", "II", "III", "IV", "V", "VI")]
    assert [r.advance_top for r in comp.rounds] == [None, None, None, 15, None, 5]
    from fractions import Fraction

    assert comp.rank_by(4) == [(3, Fraction(1, 2)), (4, Fraction(1, 2))] and comp.rank_by(2) == [(2, 1)]
    assert comp.tie_break_for(4) == ["criterion:kebaruan"] and comp.aggregation_for(1) == "mean"
    assert [(p.title, p.amount) for p in comp.prizes] == [("Juara I", 5_000_000), ("Juara II", 3_000_000), ("Juara III", 2_000_000)]
    assert comp.signatory.title == "Wali Kota Magelang" and comp.competition.locale == "id"
    assert [t.id for t in comp.entity_types] == ["OPD", "BUMD"]


def test_round_states_follow_the_records():
    state = build_state(records={1: closed(["E1", "E2"], ["E1"])})
    assert [round_state(state, n) for n in (1, 2, 3)] == [CLOSED, OPEN, PENDING]
    assert current_round(state) == 2
    assert active_entries(state, 2) == ["E1"]


def test_conflicts_by_affiliation_and_declared():
    exp = expected(build_state(), 1)
    assert exp["E1"] == ["J1"]  # J2's affiliation is E1's institution, up to case and spaces
    assert exp["E3"] == ["J1"]  # declared conflict
    assert exp["E2"] == ["J1", "J2"]


def test_assignments_limit_who_scores():
    state = build_state(assignments={1: {"E2": ("J2",)}})
    assert expected(state, 1)["E2"] == ["J2"]
    # An entry without a panel in an assigned round expects nobody (it used to expect every judge,
    # silently); it is listed as unassigned so that status and advance can name `assign --add`.
    assert expected(state, 1)["E4"] == []
    assert unassigned(state, 1) == ["E1", "E3", "E4"] and unassigned(build_state(), 1) == []


def test_withdrawal_applies_from_its_round():
    state = build_state(withdrawn={"E2": 2}, records={1: closed(["E1", "E2", "E3", "E4"], ["E1", "E2", "E3"])})
    assert active_entries(state, 1) == ["E1", "E2", "E3", "E4"]
    assert active_entries(state, 2) == ["E1", "E3"]


def test_minutes_round_shown_scores_once_from_the_exact_value():
    """71.31496 is recorded as 71.315 (4 decimals); the minutes show 71,31, never 71,32 (a second rounding)."""
    from dataclasses import replace
    from fractions import Fraction

    from krenova_cli.core.records import StandingRow
    from krenova_cli.documents.builders import minutes
    from krenova_cli.i18n.formatting import score

    x = Fraction(891437, 12500)  # 71.31496
    assert float(x) != 71.315
    row = StandingRow(rank=1, tied=False, entry_id="E1", title="T1", institution="Dinas 1", category="tik",
                      round_score=71.315, ranking_score=71.315, advances=True, tie_at_cutoff=False, missing=(),
                      judges={"J1": 71.315}, tie_break=(), exact_ranking_score=f"{x.numerator}/{x.denominator}",
                      exact_round_score=f"{x.numerator}/{x.denominator}")
    rec = replace(closed(["E1"], ["E1"]), standings=(row,))
    doc = minutes(build_state(records={1: rec}), 1)
    shown = [(score(r["round_score"], 2, "id"), score(r["ranking_score"], 2, "id")) for r in doc["rows"]]
    assert shown == [("71,31", "71,31")]
