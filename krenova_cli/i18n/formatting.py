"""Indonesian (and English) formatting for documents: rupiah, amounts in words, dates, Roman numerals.

Thin wrappers over Babel and num2words. num2words' Indonesian is right for each
group of three digits but says "satu ribu" inside larger numbers (1.001.000
becomes "satu juta satu ribu"); Indonesian says "seribu", so the groups are
joined here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

SCALES_ID = ["", "ribu", "juta", "miliar", "triliun", "kuadriliun"]


def rupiah(amount, locale: str = "id", cents: bool = True) -> str:
    """Rp5.000.000,00 (id) or IDR 5,000,000.00 (en), via Babel."""
    from babel.numbers import format_currency

    value = Decimal(str(amount))
    if locale == "id":
        return format_currency(value, "IDR", locale="id", format="¤#,##0.00" if cents else "¤#,##0", currency_digits=False)
    return format_currency(value, "IDR", locale="en", format="¤\u00a0#,##0.00" if cents else "¤\u00a0#,##0", currency_digits=False)


def count(n: int, lang: str | None = None) -> str:
    """A whole number grouped as the language writes it: 13.000 (id), 13,000 (en). Every number a
    message or a paper shows grouped goes through here (never a `{x:,}` format spec, which is English
    in every language); `lang` defaults to the interface language."""
    if lang is None:
        from krenova_cli.i18n.messages import language

        lang = language()
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "id" else text


def number(amount, locale: str = "id") -> str:
    from babel.numbers import format_decimal

    return format_decimal(Decimal(str(amount)), locale=locale)


def _words_id(n: int) -> str:
    from num2words import num2words

    if n == 0:
        return "nol"
    groups = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    parts = []
    for scale in range(len(groups) - 1, -1, -1):
        g = groups[scale]
        if not g:
            continue
        if scale == 1 and g == 1:
            parts.append("seribu")
        else:
            parts.append(f"{num2words(g, lang='id')} {SCALES_ID[scale]}".strip())
    return " ".join(parts)


def terbilang(amount, locale: str = "id", capital: bool = False) -> str:
    """The amount of rupiah in words, whole rupiah ('lima juta rupiah'); sen when there is a fraction."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("amounts are never negative")
    whole = int(value)
    sen = int((value - whole) * 100)
    if locale == "id":
        text = f"{_words_id(whole)} rupiah"
        if sen:
            text += f" {_words_id(sen)} sen"
    else:
        from num2words import num2words

        text = f"{num2words(whole, lang='en')} rupiah"
        if sen:
            text += f" and {num2words(sen, lang='en')} sen"
    return text[0].upper() + text[1:] if capital else text


def tanggal(value, locale: str = "id") -> str:
    """17 Agustus 2017 (id) / 17 August 2017 (en). Naive datetimes are refused: a time needs its zone."""
    from babel.dates import format_date

    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a naive datetime has no time zone; pass a date or an aware datetime")
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"not a date: {value!r}")
    return format_date(value, format="d MMMM y", locale=locale)


def hari_tanggal(value, locale: str = "id") -> str:
    """Kamis, 17 Agustus 2017."""
    from babel.dates import format_date

    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, format="EEEE, d MMMM y", locale=locale)


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def romawi(n: int) -> str:
    """Roman numerals (round IV, month VIII in letter numbers)."""
    if not isinstance(n, int) or not 0 < n < 4000:
        raise ValueError(f"no Roman numeral for {n!r}")
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def score(value, places: int = 2, locale: str = "id") -> str:
    """A score with the locale's decimal mark: 87,45 (id) / 87.45 (en)."""
    if value is None:
        return "-"
    from babel.numbers import format_decimal

    from krenova_cli.core.rounding import rounded_decimal

    return format_decimal(rounded_decimal(value, places), format="0." + "0" * places, locale=locale)


def hari(value, locale: str = "id") -> str:
    """The weekday: Kamis / Thursday."""
    from babel.dates import format_date

    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, format="EEEE", locale=locale)


def angka_terbilang(n: int, locale: str = "id") -> str:
    """A whole number in words: 31 -> tiga puluh satu."""
    if locale == "id":
        return _words_id(int(n))
    from num2words import num2words

    return num2words(int(n), lang="en")


def tanggal_terbilang(value, locale: str = "id") -> str:
    """For minutes: 'tiga puluh satu bulan Juli tahun dua ribu tujuh belas'."""
    from babel.dates import format_date

    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    month = format_date(value, format="MMMM", locale=locale)
    if locale == "id":
        return f"{_words_id(value.day)} bulan {month} tahun {_words_id(value.year)}"
    return tanggal(value, locale)


def tanggal_angka(value) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d-%m-%Y")


def name_capitals(name: str) -> str:
    """A signatory's name in capitals as official papers print it, its titles kept as written: a
    medical "dr." must not become a doctorate "DR." (`dr. Damar Prasetyono, M.Kes.` ->
    `dr. DAMAR PRASETYONO, M.Kes.`). A word with a full stop in it is a title and keeps its case."""
    return " ".join(word if "." in word else word.upper() for word in name.split())
