"""Indonesian money, words, dates and Roman numerals against values written by hand."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from krenova_cli.i18n.formatting import hari, rupiah, romawi, score, tanggal, tanggal_terbilang, terbilang

AMOUNTS = [
    (0, "Rp0,00", "nol rupiah"),
    (1, "Rp1,00", "satu rupiah"),
    (11, "Rp11,00", "sebelas rupiah"),
    (100, "Rp100,00", "seratus rupiah"),
    (1000, "Rp1.000,00", "seribu rupiah"),
    (1500, "Rp1.500,00", "seribu lima ratus rupiah"),
    (21000, "Rp21.000,00", "dua puluh satu ribu rupiah"),
    (2_000_000, "Rp2.000.000,00", "dua juta rupiah"),
    (3_000_000, "Rp3.000.000,00", "tiga juta rupiah"),
    (5_000_000, "Rp5.000.000,00", "lima juta rupiah"),
    (1_250_000, "Rp1.250.000,00", "satu juta dua ratus lima puluh ribu rupiah"),
    (1_001_000, "Rp1.001.000,00", "satu juta seribu rupiah"),
    (1_000_000_000, "Rp1.000.000.000,00", "satu miliar rupiah"),
    (7_500_000_000_000, "Rp7.500.000.000.000,00", "tujuh triliun lima ratus miliar rupiah"),
    (Decimal("2500000.50"), "Rp2.500.000,50", "dua juta lima ratus ribu rupiah lima puluh sen"),
    (Decimal("1.25"), "Rp1,25", "satu rupiah dua puluh lima sen"),
]


@pytest.mark.parametrize("amount, figures, words", AMOUNTS)
def test_rupiah_and_terbilang(amount, figures, words):
    assert rupiah(amount) == figures
    assert terbilang(amount) == words


def test_terbilang_capitalised_and_english():
    assert terbilang(5_000_000, capital=True) == "Lima juta rupiah"
    assert terbilang(5_000_000, "en") == "five million rupiah"
    assert rupiah(5_000_000, "en") == "IDR\u00a05,000,000.00"


MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


@pytest.mark.parametrize("month", range(1, 13))
def test_indonesian_dates_for_every_month(month):
    assert tanggal(date(2017, month, 17)) == f"17 {MONTHS[month - 1]} 2017"


def test_dates_refuse_naive_datetimes_and_accept_aware_ones():
    with pytest.raises(ValueError, match="naive"):
        tanggal(datetime(2017, 8, 17, 10, 0))
    assert tanggal(datetime(2017, 8, 17, 10, 0, tzinfo=timezone.utc)) == "17 Agustus 2017"
    assert tanggal(date(2017, 8, 17), "en") == "17 August 2017"


def test_minutes_date_words():
    assert hari(date(2017, 8, 17)) == "Kamis"
    assert tanggal_terbilang(date(2017, 7, 31)) == "tiga puluh satu bulan Juli tahun dua ribu tujuh belas"


@pytest.mark.parametrize("n, roman", [(1, "I"), (4, "IV"), (6, "VI"), (9, "IX"), (14, "XIV"), (2017, "MMXVII")])
def test_romawi(n, roman):
    assert romawi(n) == roman


def test_score_uses_the_locale_decimal_mark():
    assert score(87.455) == "87,46" and score(87.455, locale="en") == "87.46"


def test_a_signatory_name_in_capitals_keeps_its_titles():
    from krenova_cli.i18n.formatting import name_capitals

    assert name_capitals("dr. Damar Prasetyono, M.Kes.") == "dr. DAMAR PRASETYONO, M.Kes."
    assert name_capitals("Dr. Ir. Budi Santoso, M.Si.") == "Dr. Ir. BUDI SANTOSO, M.Si."
    assert name_capitals("Muchamad  Nur Aziz") == "MUCHAMAD NUR AZIZ"
