"""Issue 24 item 8: names compare by Unicode's confusable skeletons (UTS #39), in every script, not a hand table."""

import pytest

from tests.conftest import run

CRITERIA = ["kebaruan", "kemanfaatan", "replikasi", "keberlanjutan", "kesiapan"]

# each a look-alike of "Dinas 5" (the institution of K005) in a script the old hand table did not know
LOOK_ALIKES = [
    "D\u0131nas 5",  # LATIN SMALL LETTER DOTLESS I
    "Di\ua4e0as 5",  # LISU LETTER NA
    "Din\u0251s 5",  # LATIN SMALL LETTER ALPHA
    "\u13a0inas 5",  # CHEROKEE LETTER A (looks like D)
    "Dina\u13da 5",  # CHEROKEE LETTER DU (looks like S)
]
ARMENIAN = ("Kota Magelang", "K\u0585ta Magelang")  # ARMENIAN SMALL LETTER OH


@pytest.mark.parametrize("affiliation", LOOK_ALIKES)
def test_a_judge_of_a_look_alike_institution_is_in_conflict(comp, affiliation):
    assert run("-d", comp, "judge", "add", "--name", "Juri", "--id", "J9", "--affiliation", affiliation).code == 0
    r = run("-d", comp, "score", "K005", "--round", "1", "--judge", "J9", *[f"{c}=70" for c in CRITERIA])
    assert r.code == 1 and "J9 is in conflict with K005" in r.errors[0], (affiliation, r.err)


def test_declared_conflicts_and_regions_compare_by_skeleton_too():
    from krenova_cli.core.model import Entry, Judge, in_conflict

    entry = Entry(id="K1", title="Sistem", institution="Dinas Kesehatan", entity_type="OPD", category="tik",
                  region="Kota Magelang")
    assert in_conflict(Judge(id="J1", name="A", affiliation="D\u0131nas Kesehatan"), entry)
    assert in_conflict(Judge(id="J1", name="A", conflict_institutions=("Di\ua4e0as Kesehatan",)), entry)
    assert in_conflict(Judge(id="J1", name="A", conflict_regions=(ARMENIAN[1],)), entry)
    assert not in_conflict(Judge(id="J1", name="A", affiliation="Dinas Kesehatan Hewan"), entry)


def test_the_duplicate_title_check_sees_look_alikes(comp):
    r = run("-d", comp, "entry", "add", "--title", "Inovas\u0131 5", "--institution", "D\u0131nas 5", "--type", "OPD",
            "--category", "tik")
    assert r.code == 1 and "already has an entry titled" in r.errors[0] and "(K005)" in r.errors[0], r.err


@pytest.mark.parametrize("a, b", [
    ("Dinas Kesehatan", "D\u0131nas Kesehatan"), ("Dinas Kesehatan", "Di\ua4e0as Kesehatan"), ARMENIAN,
    ("Dinas Kesehatan", "DINAS KESEHATAN"), ("Dinas Kesehatan", "\u13a0inas Kesehatan"),
    ("Dinas Kesehatan", "Din\u0430s Kesehatan"), ("Dinas Kesehatan", "Dinas K\u0435sehatan"),  # Cyrillic, as before
])
def test_look_alikes_of_several_scripts_compare_equal(a, b):
    from krenova_cli.core.model import normalise_name

    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize("a, b", [
    ("Dinas Kesehatan", "Dinas Kesehatan Hewan"),
    ("Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan"),
    ("Kota Magelang", "Kabupaten Magelang"),
    ("Badan Pendapatan Daerah", "Badan Pengelola Keuangan Daerah"),
    ("Dinas Pekerjaan Umum", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Dinas 1", "Dinas 11"), ("Dinas 5", "Dinas 6"),
    ("Sekretariat Daerah", "Sekretariat DPRD"),
    ("\u0414\u0438\u043d\u0430\u0441", "Dinas"),  # a real Cyrillic word stays itself
])
def test_legitimately_different_names_still_differ(a, b):
    from krenova_cli.core.model import normalise_name

    assert normalise_name(a) != normalise_name(b)


def test_the_skeletons_come_from_a_maintained_library_with_current_data():
    """UTS #39 from ICU (PyICU), not a hand table: its Unicode version is recent."""
    import icu

    from krenova_cli.core import model

    assert not hasattr(model, "_LOOKALIKE")
    assert tuple(int(x) for x in icu.UNICODE_VERSION.split(".")[:2]) >= (15, 0)
