"""Variation points are registries: the settings accept exactly their keys, the core uses them."""

from fractions import Fraction

import pytest

from krenova_cli.core import scoring
from krenova_cli.core.ranking import TIE_BREAKS, parse_tie_break
from krenova_cli.core.problems import TieAtPrize
from krenova_cli.core.prizes import decide
from krenova_cli.core.model import Prize
from krenova_cli.documents.builders import KINDS
from krenova_cli.store import schema


def test_settings_accept_every_registered_aggregation_and_refuse_others():
    for name in scoring.AGGREGATIONS:
        assert schema.Scoring(aggregation=name).aggregation == name
    with pytest.raises(Exception, match="is not a known aggregation; choose one of mean, median, trimmed"):
        schema.Scoring(aggregation="geometric")


def test_a_new_aggregation_is_one_function():
    @scoring.aggregation("max")
    def _max(values):
        return Fraction(max(values))

    try:
        assert schema.Scoring(aggregation="max").aggregation == "max"
        assert scoring.aggregate([1, 5, 3], "max") == 5
    finally:
        del scoring.AGGREGATIONS["max"]
    with pytest.raises(Exception):
        schema.Scoring(aggregation="max")


def test_normalisations_and_tie_breaks_are_registries():
    assert set(scoring.NORMALISATIONS) >= {"none", "zscore"}
    assert set(TIE_BREAKS) == {"criterion", "round", "median"}
    assert parse_tie_break("criterion:kebaruan").arg == "kebaruan"
    assert parse_tie_break("round:3").kind == "round"
    for bad in ("random", "median:1", "round:x", "criterion:", "criterion"):
        with pytest.raises(ValueError):
            parse_tie_break(bad)


def test_document_kinds_are_a_registry():
    assert {"award", "certificate", "nomination", "minutes"} <= set(KINDS)


def test_the_core_reports_facts_not_wording():
    with pytest.raises(TieAtPrize) as info:
        decide([("A", 1, 90), ("B", 2, 80), ("C", 2, 80)], {}, [Prize(1, "I", 1), Prize(2, "II", 1)])
    assert info.value.rank == 2 and info.value.tied == ("B", "C")
    assert "--" not in " ".join(str(v) for v in info.value.facts.values())


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="aggregation 'mean' is registered twice"):
        scoring.aggregation("mean")(lambda values: Fraction(0))
    assert scoring.aggregate([1, 2], "mean") == Fraction(3, 2)
