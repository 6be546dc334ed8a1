"""The long score CSV's reading (usecases/scores._read_long_csv, a fast loop for the common rows) gives
what its definition gives: the same values, the same first row per judge and entry, the same problems."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from krenova_cli.core.errors import DataError, DataErrors
from krenova_cli.core.score_rules import parse_value
from krenova_cli.usecases import scores

STATE = SimpleNamespace(judges={"J1": 1, "J2": 2}, entries={"K1": 1, "K2": 2, "K3": 3},
                        competition=SimpleNamespace(criteria_for=lambda n: []))  # no criteria: each read as written
MAX = scores.MAX_ROW_ERRORS


def definition(rows, name):
    """The reading as first written: every row through the same checks, in order."""
    from krenova_cli.spreadsheets.reader import row_label
    from krenova_cli.usecases.scores import _, localize

    batch, cells, errors = {}, {}, []
    for number, (entry_id, judge_id, crit, raw) in rows:
        if len(errors) > MAX:
            break
        where = row_label(name, number)
        if judge_id not in STATE.judges:
            problem = _("judge: unknown judge {judge!r}").format(judge=judge_id)
        elif entry_id not in STATE.entries:
            problem = _("entry: unknown entry {entry!r}").format(entry=entry_id)
        else:
            try:
                value = parse_value(raw)
            except ValueError as exc:
                problem = _("value: {problem}").format(problem=localize(exc.args[0]) if len(exc.args) == 1 else exc)
            else:
                values = batch.setdefault(judge_id, {}).setdefault(entry_id, {})
                if crit in values:
                    problem = _("criterion: {criterion} of {entry} by {judge} is given twice").format(
                        criterion=crit, entry=entry_id, judge=judge_id)
                else:
                    values[crit] = value
                    cells.setdefault((judge_id, entry_id), where)
                    continue
        errors.append(DataError(where, None, problem))
    return batch, cells, errors


ROW = st.tuples(st.sampled_from(["K1", "K2", "K3", "K9"]), st.sampled_from(["J1", "J2", "J7"]),
                st.sampled_from(["a", "b"]), st.sampled_from(["85", "0", "7,5", "7.25", "x", "", "1e3", "0085", "٣"]))


@settings(max_examples=400, deadline=None)
@given(rows=st.lists(ROW, max_size=40).map(lambda rows: sorted(rows, key=lambda r: (r[1], r[0])) if len(rows) % 2 else rows))
def test_long_csv_reads_as_defined(rows, tmp_path_factory):
    path = tmp_path_factory.mktemp("csv") / "nilai.csv"
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("entry", "judge", "criterion", "value"), *rows])
    numbered = [(i + 2, r) for i, r in enumerate(rows)]
    batch, cells, errors = definition([(n, tuple(c.strip() for c in r)) for n, r in numbered], path.name)
    try:
        got = scores._read_long_csv(path, STATE, 1)
    except DataErrors as exc:
        assert errors and [str(e) for e in exc.errors][: len(errors[:MAX])] == [str(e) for e in errors[:MAX]]
        return
    assert not errors
    assert got[:2] == (batch, cells)
    assert all(not c for c in got[2:])  # no comment column: no comments (judges' comments, issue 27)
