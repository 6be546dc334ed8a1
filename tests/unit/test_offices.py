"""Addressees by office, lists joined with "dan", reasons ending as sentences."""

import pytest

from krenova_cli.i18n.offices import head_of, join_words, sentence


@pytest.mark.parametrize("institution, expected", [
    ("Dinas Kesehatan", "Kepala Dinas Kesehatan"),
    ("Badan Perencanaan Pembangunan Daerah", "Kepala Badan Perencanaan Pembangunan Daerah"),
    ("Kecamatan Magelang Utara", "Camat Magelang Utara"),
    ("Kelurahan Kemirirejo", "Lurah Kemirirejo"),
    ("RSUD Tidar", "Direktur RSUD Tidar"),
    ("Perumda Air Minum Kota Magelang", "Direktur Perumda Air Minum Kota Magelang"),
    ("Sekretariat Daerah Kota Magelang", "Sekretaris Daerah Kota Magelang"),
    ("Inspektorat Daerah", "Inspektur Daerah"),
    ("Satuan Polisi Pamong Praja", "Kepala Satuan Polisi Pamong Praja"),
    ("Koperasi Maju", "Pimpinan Koperasi Maju"),
])
def test_head_of_an_institution(institution, expected):
    assert head_of(institution) == expected


@pytest.mark.parametrize("institution, expected", [
    # A national competition's nominations go to heads of regions and ministers, not to "Pimpinan ..."
    ("Pemerintah Kabupaten Sragen", "Bupati Sragen"),
    ("Pemerintah Daerah Kabupaten Banyuwangi", "Bupati Banyuwangi"),
    ("Kabupaten Kulon Progo", "Bupati Kulon Progo"),
    ("Pemerintah Kota Surabaya", "Wali Kota Surabaya"),
    ("Pemkot Magelang", "Wali Kota Magelang"),
    ("Pemkab Sleman", "Bupati Sleman"),
    ("Kota Magelang", "Wali Kota Magelang"),
    ("Pemerintah Provinsi Jawa Tengah", "Gubernur Jawa Tengah"),
    ("Pemprov Jawa Barat", "Gubernur Jawa Barat"),
    ("Provinsi Daerah Istimewa Yogyakarta", "Gubernur Daerah Istimewa Yogyakarta"),
    ("Kementerian Dalam Negeri", "Menteri Dalam Negeri"),
    ("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
     "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"),
    ("Badan Pusat Statistik", "Kepala Badan Pusat Statistik"),
    ("Lembaga Administrasi Negara", "Kepala Lembaga Administrasi Negara"),
    ("Kejaksaan Agung", "Jaksa Agung"),
    ("Komisi Informasi Pusat", "Ketua Komisi Informasi Pusat"),
    ("Kepolisian Negara Republik Indonesia", "Kepala Kepolisian Negara Republik Indonesia"),
    # an agency of a region stays with its head, whatever region it names
    ("Dinas Kesehatan Kabupaten Sragen", "Kepala Dinas Kesehatan Kabupaten Sragen"),
    ("Kelurahan Kota Baru", "Lurah Kota Baru"),
])
def test_head_of_a_region_or_a_ministry(institution, expected):
    assert head_of(institution) == expected


def test_head_title_wins_and_english():
    assert head_of("Dinas Kesehatan", "Kepala Dinas Kesehatan Kota Magelang") == "Kepala Dinas Kesehatan Kota Magelang"
    assert head_of("Dinas Kesehatan", locale="en") == "The Head of Dinas Kesehatan"


def test_lists_and_sentences():
    assert join_words(["K022"]) == "K022"
    assert join_words(["K022", "K040"]) == "K022 dan K040"
    assert join_words(["A", "B", "C"]) == "A, B, dan C"
    assert join_words(["A", "B", "C"], "en") == "A, B and C"
    assert sentence("Rapat pleno dewan juri 31 Juli 2017") == "Rapat pleno dewan juri 31 Juli 2017."
    assert sentence("Sudah selesai.") == "Sudah selesai."
