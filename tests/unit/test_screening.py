"""The administrative screening's pure rules (core/screening.py): what an entry lacks, who passes."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from krenova_cli.core.model import (Competition, Entry, Meta, Named, RequiredDocument, Round, ScreeningDecision,
                                    ScreeningSettings, Signatory)
from krenova_cli.core.screening import ScreeningRecord, basis, basis_changes, missing, screen


@dataclass(frozen=True)
class F:
    kind: str
    document: str = ""


def comp(*docs: RequiredDocument) -> Competition:
    return Competition(competition=Meta(id="x", name="X", organiser="O", year=2026), entity_types=(Named("OPD", "OPD"),),
                       categories=(Named("tik", "TIK"), Named("umum", "Umum")), criteria=(), rounds=(Round(1, "I"),),
                       signatory=Signatory(title="Wali Kota"), screening=ScreeningSettings(True, "", docs))


DOCS = (RequiredDocument("Proposal", "proposal"), RequiredDocument("Surat pengantar kepala OPD"),
        RequiredDocument("Video", None, ("tik",)))


def entry(i: str, category: str = "tik", decision: ScreeningDecision | None = None) -> Entry:
    return Entry(i, f"Inovasi {i}", f"Dinas {i}", "OPD", category, screening=decision)


@pytest.mark.parametrize("files,category,lacking", [
    ([], "tik", ["Proposal", "Surat pengantar kepala OPD", "Video"]),
    ([], "umum", ["Proposal", "Surat pengantar kepala OPD"]),                       # video asked of tik only
    ([F("proposal")], "umum", ["Surat pengantar kepala OPD"]),                       # a proposal counts by its kind
    ([F("proposal", "Surat pengantar kepala OPD")], "umum", ["Proposal"]),           # a labelled file is its label only
    ([F("annex", "surat  PENGANTAR kepala opd"), F("photo")], "umum", ["Proposal"]),  # names compared as people do
    ([F("proposal"), F("annex", "Surat pengantar kepala OPD"), F("annex", "Video")], "tik", []),
])
def test_what_an_entry_lacks(files, category, lacking):
    assert missing(comp(*DOCS), entry("K1", category), files) == lacking


def test_screen_passes_the_complete_stops_the_stopped_and_leaves_the_incomplete_undecided():
    c = comp(*DOCS[:1])
    entries = {"K1": entry("K1"), "K2": entry("K2"), "K3": entry("K3", decision=ScreeningDecision("stop", "Salah kategori")),
               "K4": entry("K4", decision=ScreeningDecision("pass", "Dikirim lewat surel")), "K5": entry("K5"),
               "K6": entry("K6", decision=ScreeningDecision("pass"))}
    files = {"K1": [F("proposal")], "K3": [F("proposal")], "K6": []}
    passed, stopped, lacking, noted, undecided = screen(c, entries, files, withdrawn={"K5"})
    assert passed == ["K1", "K4"]
    assert stopped == {"K3": "Salah kategori"}
    assert noted == {"K4": "Dikirim lewat surel"}
    # K6 was passed without a word when it was complete; lacking the proposal now, it waits for a decision
    assert undecided == {"K2": ["Proposal"], "K6": ["Proposal"]}
    assert set(lacking) == {"K2", "K4", "K6"}  # K5 withdrew: not screened


def test_a_record_reads_back_what_it_wrote_and_refuses_an_entry_both_passed_and_stopped():
    from krenova_cli.core.records import LedgerHead

    rec = ScreeningRecord("Seleksi", "2026-04-20T02:00:00Z", "sekretariat", ("K1", "K2"), ("K1",), {"K2": "x"},
                          {"K2": ("Proposal",)}, LedgerHead(3, "ab"), basis(comp(*DOCS)), {})
    assert ScreeningRecord.from_json(rec.to_json()) == rec
    bad = rec.to_json() | {"passed": ["K1", "K2"]}
    with pytest.raises(ValueError):
        ScreeningRecord.from_json(bad)


def test_the_settings_a_closed_screening_rests_on():
    from krenova_cli.core.records import LedgerHead

    c = comp(*DOCS)
    rec = ScreeningRecord("S", "2026-04-20T02:00:00Z", "s", (), (), {}, {}, LedgerHead(0, ""), basis(c))
    assert basis_changes(c, rec) == []
    assert basis_changes(c, None) == []
    renamed = replace(c, screening=replace(c.screening, documents=(RequiredDocument("Proposal lengkap", "proposal"),)))
    assert basis_changes(renamed, rec) == ["screening.documents"]
    named = replace(c, screening=replace(c.screening, name="Seleksi Berkas"))
    assert basis_changes(named, rec) == []  # its name only
