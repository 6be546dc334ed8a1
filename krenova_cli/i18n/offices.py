"""Words of official papers that depend on their content: who heads an institution, lists joined with "dan".

Tata Naskah Dinas addresses a letter to the office, not to the institution: "Yth. Kepala Dinas
Kesehatan", "Yth. Camat Magelang Utara", "Yth. Lurah Kemirirejo", "Yth. Direktur RSUD ...".
An entry's `head_title` wins over the rule; the rule's last resort is "Pimpinan ...".
"""

from __future__ import annotations

import re

# (pattern of the institution's first words, how its head is addressed): first match wins. A region's
# government is addressed to its head of region (Permendagri 1/2023: "Yth. Bupati Sragen", not "Pimpinan
# Pemerintah Kabupaten Sragen"); a ministry to its minister; an agency of a region to the agency's head.
_HEADS_ID: tuple[tuple[str, str], ...] = (
    (r"(?:pemerintah\s+(?:daerah\s+)?kabupaten|pemkab|kabupaten)\s+(?P<rest>.+)", "Bupati {rest}"),
    (r"(?:pemerintah\s+(?:daerah\s+)?kota|pemkot|kota)\s+(?P<rest>.+)", "Wali Kota {rest}"),
    (r"(?:pemerintah\s+(?:daerah\s+)?provinsi|pemprov|provinsi)\s+(?P<rest>.+)", "Gubernur {rest}"),
    (r"kementerian\s+(?P<rest>.+)", "Menteri {rest}"),
    (r"kejaksaan\s+agung\b(?P<rest>.*)", "Jaksa Agung{rest}"),
    (r"(?P<all>(lembaga|kepolisian|otorita)\b.*)", "Kepala {all}"),
    (r"(?P<all>komisi\b.*)", "Ketua {all}"),
    (r"kecamatan\s+(?P<rest>.+)", "Camat {rest}"),
    (r"kelurahan\s+(?P<rest>.+)", "Lurah {rest}"),
    (r"desa\s+(?P<rest>.+)", "Kepala Desa {rest}"),
    (r"sekretariat\s+daerah\b(?P<rest>.*)", "Sekretaris Daerah{rest}"),
    (r"sekretariat\s+dprd\b(?P<rest>.*)", "Sekretaris DPRD{rest}"),
    (r"sekretariat\s+dewan\s+perwakilan\s+rakyat\s+daerah\b(?P<rest>.*)", "Sekretaris Dewan Perwakilan Rakyat Daerah{rest}"),
    (r"inspektorat\b(?P<rest>.*)", "Inspektur{rest}"),
    (r"(?P<all>(rsud|rumah\s+sakit|perumda|perusahaan|pdam|pd|pt|bank|bpr)\b.*)", "Direktur {all}"),
    (r"(?P<all>(dinas|badan|kantor|bagian|satuan|unit|upt|upt[d]?|puskesmas|sekolah|smp|sma|sd)\b.*)", "Kepala {all}"),
)
_HEADS_EN = "The Head of {all}"


def head_of(institution: str, head_title: str = "", locale: str = "id") -> str:
    """The office an institution's letters are addressed to."""
    if head_title.strip():
        return head_title.strip()
    name = " ".join(institution.split())
    if locale != "id":
        return _HEADS_EN.format(all=name)
    for pattern, form in _HEADS_ID:
        m = re.fullmatch(pattern, name, flags=re.IGNORECASE)
        if m:
            parts = {k: v for k, v in m.groupdict().items() if v is not None}
            return form.format(**parts)
    return f"Pimpinan {name}"


def join_words(items, locale: str = "id") -> str:
    """'A', 'A dan B', 'A, B, dan C' (Indonesian, per the KBBI's serial comma); English 'A, B and C'."""
    items = [str(i) for i in items]
    word = "dan" if locale == "id" else "and"
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    comma = "," if locale == "id" else ""
    return f"{', '.join(items[:-1])}{comma} {word} {items[-1]}"


def sentence(text: str) -> str:
    """A reason typed by a person, ending as a sentence does."""
    text = " ".join(str(text).split())
    if not text or text[-1] in ".!?":
        return text
    return text + "."
