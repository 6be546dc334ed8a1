"""Strict TOML/JSON loading: duplicates, NaN, lines named."""

import pytest

from krenova_cli.core.errors import DataErrors
from krenova_cli.store.parsing import key_line, parse_json, parse_toml


def test_toml_duplicate_key_names_the_line():
    with pytest.raises(DataErrors) as exc:
        parse_toml('id = "a"\ntitle = "x"\ntitle = "y"\n', "entries/K1.toml")
    assert str(exc.value) == "entries/K1.toml:3: invalid TOML: duplicate key (each key may appear once)"


@pytest.mark.parametrize("text", ["weight = nan\n", "weight = inf\n", "x = 1\nweight = -inf\n"])
def test_toml_nan_and_inf_are_refused(text):
    with pytest.raises(DataErrors, match="NaN and infinity are not allowed"):
        parse_toml(text, "competition.toml")


def test_json_duplicates_and_constants():
    with pytest.raises(DataErrors, match=r"s.json:2: duplicate key 'K1'"):
        parse_json('{"K1": 1,\n"K1": 2}', "s.json")
    with pytest.raises(DataErrors, match="NaN is not allowed"):
        parse_json('{"a": NaN}', "s.json")
    with pytest.raises(DataErrors, match="out of range"):
        parse_json('{"a": 1e999}', "s.json")
    with pytest.raises(DataErrors, match=r"s.json:1: invalid JSON"):
        parse_json('{"a": ', "s.json")


def test_exact_json_decimals():
    from fractions import Fraction

    assert parse_json('{"a": 0.1}', "x", exact=True)["a"] == Fraction(1, 10)


def test_key_line_finds_array_tables():
    text = "[[criteria]]\nid = 'a'\nweight = 1\n[[criteria]]\nid = 'b'\nweight = 0\n"
    assert key_line(text, ("criteria", 1, "weight")) == 6


def test_an_entry_file_keeps_every_field_of_the_model():
    """Writing an entry loses nothing: every field the model declares is in the stored form."""
    import dataclasses
    import tomllib

    from krenova_cli.core.model import Entry, ScreeningDecision, Withdrawal
    from krenova_cli.store.serialize import entry_toml

    values = {"id": "K001", "title": "T", "institution": "Dinas", "entity_type": "OPD", "category": "tik",
              "contact": "C", "phone": "0812", "email": "a@b.id", "description": "D", "year_started": 2016,
              "withdrawn": Withdrawal(2, "alasan"), "head_title": "Kepala Dinas", "region": "Jawa Tengah",
              "screening": ScreeningDecision("stop", "Berkas tidak lengkap"),
              "proposal": {"ringkasan": "Layanan satu hari.", "latar-belakang": "Antrean\n\npanjang."}}
    assert set(values) == {f.name for f in dataclasses.fields(Entry)}
    stored = tomllib.loads(entry_toml(Entry(**values)).decode())
    assert set(stored) == set(values)
    assert stored["proposal"] == values["proposal"]


def test_settings_saved_by_notepad_with_a_byte_order_mark_load():
    from krenova_cli.store.parsing import parse_toml

    assert parse_toml("\ufeff# komentar\nyear = 2025\r\n", "competition.toml") == {"year": 2025}


def test_settings_set_reads_a_notepad_file_with_a_byte_order_mark(tmp_path):
    from tests.conftest import run

    d = tmp_path / "c"
    assert run("init", d).code == 0
    settings = d / "competition.toml"
    settings.write_bytes(b"\xef\xbb\xbf" + settings.read_bytes())
    assert run("-d", d, "adopt", "competition.toml", "--reason", "saved by Notepad").code == 0
    r = run("-d", d, "settings", "set", "competition.year", "2025")
    assert r.code == 0, r.err
    assert 'year = 2025' in settings.read_text(encoding="utf-8")


def test_flat_reading_is_tomllibs():
    """The direct reader of flat files (entry files) gives tomllib's result, or hands the text to tomllib."""
    import tomllib

    from hypothesis import given, settings, strategies as st

    from krenova_cli.store.parsing import flat_toml

    key = st.from_regex(r"[A-Za-z0-9_-]{1,8}|[a-z ]{1,4}", fullmatch=True)
    value = st.one_of(st.text(max_size=12).map(lambda t: '"' + t + '"'), st.integers(-10**20, 10**20).map(str),
                      st.sampled_from(["+1", "-0", "01", "1_000", "1.5", "true", "'lit'", '"a\\"b"', '"\\u00e9"']))
    line = st.tuples(key, st.sampled_from([" = ", "=", " =  "]), value).map("".join)
    extra = st.sampled_from(["", "# c", "[withdrawn]", "\r"])
    text = st.lists(st.one_of(line, extra), max_size=6).map("\n".join).flatmap(
        lambda t: st.sampled_from([t, t + "\n", t + "\n\n"]))

    @settings(max_examples=800, deadline=None)
    @given(text)
    def check(t):
        flat = flat_toml(t)
        try:
            expected = tomllib.loads(t)
        except tomllib.TOMLDecodeError:
            assert flat is None
            return
        if flat is not None:
            assert flat == expected and [type(v) for v in flat.values()] == [type(v) for v in expected.values()]

    check()
    assert flat_toml('id = "K1"\ntitle = "Sistem ñ"\nyear_started = 2015\n') == {"id": "K1", "title": "Sistem ñ", "year_started": 2015}
    assert flat_toml('id = "K1"\nid = "K2"\n') is None


def test_ascii_names_compare_regardless_of_case_and_spacing():
    """normalise_name of ASCII text ignores case and runs of whitespace (the skeletons apply to ASCII too)."""
    from hypothesis import given, settings, strategies as st

    from krenova_cli.core import model

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
    def check(text):
        key = model.normalise_name(text)
        assert key == model._name_key(text)  # the ASCII table gives what NFKC, the removals, casefold and skeletons give
        assert key == model.normalise_name(text.upper()) == model.normalise_name(text.lower())
        assert key == model.normalise_name("  " + "   ".join(text.split()) + " ")

    check()
