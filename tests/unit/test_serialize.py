"""The direct writer of entry files gives tomli_w's bytes, whatever the text holds."""

from __future__ import annotations

import tomllib

import tomli_w
from hypothesis import given, settings, strategies as st

from krenova_cli.core.model import Entry, Withdrawal
from krenova_cli.store.serialize import ENTRY_ORDER, _flat_toml, entry_dict, entry_toml

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def tomli_w_text(entry: Entry) -> bytes:
    data = entry_dict(entry)
    ordered = {k: data[k] for k in ENTRY_ORDER if k in data} | {k: v for k, v in data.items() if k not in ENTRY_ORDER}
    return tomli_w.dumps(ordered).encode()


@settings(max_examples=300, deadline=None)
@given(title=TEXT, institution=TEXT, contact=TEXT, phone=TEXT, description=TEXT,
       year=st.one_of(st.none(), st.integers(min_value=-10**6, max_value=10**6)), withdrawn=st.booleans())
def test_entry_file_as_tomli_w_writes_it(title, institution, contact, phone, description, year, withdrawn):
    entry = Entry(id="K001", title=title, institution=institution, entity_type="OPD", category="tik", contact=contact,
                  phone=phone, description=description, year_started=year,
                  withdrawn=Withdrawal(round=2, reason=title) if withdrawn else None)
    text = entry_toml(entry)
    assert text == tomli_w_text(entry)
    assert tomllib.loads(text.decode())["title"] == title


def test_flat_writer_takes_plain_entries_and_leaves_the_rest():
    assert _flat_toml({"id": "K1", "title": 'Sistem "Cepat"'}) is None
    assert _flat_toml({"id": "K1", "title": "baris\nbaru"}) is None
    assert _flat_toml({"id": "K1", "withdrawn": {"round": 1}}) is None
    assert _flat_toml({"id": "K1", "ok": True}) is None
    assert _flat_toml({"a b": "x"}) is None
    assert _flat_toml({"id": "K1", "title": "Layanan ñ\tdigital", "year_started": 2015}) == \
        'id = "K1"\ntitle = "Layanan ñ\tdigital"\nyear_started = 2015\n'


def _score_file_as_first_written(round_no, judge_id, scores):
    import json

    from krenova_cli.store.serialize import number_text

    lines = [f'{{"round": {round_no}, "judge": {json.dumps(judge_id)}, "scores": {{']
    items = sorted(scores.items())
    for i, (entry_id, values) in enumerate(items):
        body = ", ".join(f"{json.dumps(c)}: {number_text(v)}" for c, v in sorted(values.items()))
        lines.append(f"{json.dumps(entry_id)}: {{{body}}}" + ("," if i < len(items) - 1 else ""))
    lines.append("}}")
    return ("\n".join(lines) + "\n").encode()


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.one_of(st.from_regex(r"K[0-9]{1,4}", fullmatch=True), TEXT),
                       st.dictionaries(st.one_of(st.sampled_from(["kebaruan", "efek-tivitas"]), TEXT),
                                       st.one_of(st.integers(-5, 200), st.fractions(min_value=0, max_value=100, max_denominator=8)
                                                 .filter(lambda f: 1000 % f.denominator == 0)), max_size=4), max_size=6))
def test_score_file_as_first_written(scores):
    import json

    from krenova_cli.store.serialize import score_file

    text = score_file(2, "J1", scores)
    assert text == _score_file_as_first_written(2, "J1", scores)
    assert set(json.loads(text)["scores"]) == set(scores)
