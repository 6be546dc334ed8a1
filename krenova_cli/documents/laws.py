"""The laws a decree cites under Mengingat, with the dates they came into force.

A decree cites only what was in force on its date: the 2017 decree cannot cite a regulation of 2018,
nor call Law 23/2014 "last amended by Law 6/2023". Each entry: from (the date it was enacted), until
(the day a later text replaced the wording, or None), and its wording in each language.
"""

from __future__ import annotations

from datetime import date

LAWS: tuple[tuple[date, date | None, dict[str, str]], ...] = (
    (date(2009, 7, 18), None, {
        "id": "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "en": "Law No. 25 of 2009 on Public Services"}),
    # Law 23/2014 on Regional Government, with the amendment in force on the decree's date
    (date(2015, 3, 18), date(2020, 11, 2), {
        "id": "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, "
              "terakhir dengan Undang-Undang Nomor 9 Tahun 2015 tentang Perubahan Kedua atas Undang-Undang Nomor 23 "
              "Tahun 2014 tentang Pemerintahan Daerah",
        "en": "Law No. 23 of 2014 on Regional Government, as last amended by Law No. 9 of 2015"}),
    (date(2020, 11, 2), date(2023, 3, 31), {
        "id": "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, "
              "terakhir dengan Undang-Undang Nomor 11 Tahun 2020 tentang Cipta Kerja",
        "en": "Law No. 23 of 2014 on Regional Government, as last amended by Law No. 11 of 2020 on Job Creation"}),
    (date(2023, 3, 31), None, {
        "id": "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, "
              "terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti "
              "Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang",
        "en": "Law No. 23 of 2014 on Regional Government, as last amended by Law No. 6 of 2023"}),
    (date(2017, 9, 6), None, {
        "id": "Peraturan Pemerintah Nomor 38 Tahun 2017 tentang Inovasi Daerah",
        "en": "Government Regulation No. 38 of 2017 on Regional Innovation"}),
    (date(2014, 12, 31), None, {
        "id": "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 30 Tahun 2014 tentang "
              "Pedoman Inovasi Pelayanan Publik",
        "en": "Minister of State Apparatus Empowerment and Bureaucratic Reform Regulation No. 30 of 2014 on "
              "Guidelines for Public Service Innovation"}),
    (date(2018, 12, 31), None, {
        "id": "Peraturan Menteri Dalam Negeri Nomor 104 Tahun 2018 tentang Penilaian dan Pemberian Penghargaan "
              "dan/atau Insentif Inovasi Daerah",
        "en": "Minister of Home Affairs Regulation No. 104 of 2018 on the Assessment and Awards of Regional Innovation"}),
)


def in_force(day: date, locale: str) -> list[str]:
    """The laws in force on `day`, in the order a decree cites them (by rank: laws, government regulations, ministers' regulations; then by year)."""
    return [words.get(locale, words["en"]) for start, until, words in LAWS
            if start <= day and (until is None or day < until)]
