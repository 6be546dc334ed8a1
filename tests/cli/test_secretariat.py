"""Issue 26, "the secretariat's second afternoon": no silent surprises in settings and imports."""

from __future__ import annotations

from tests.conftest import refused, run


# -- 1. moving the year ---------------------------------------------------------------------------
def test_moving_the_year_renames_what_says_the_old_year(comp):
    r = run("-d", comp, "settings", "set", "competition.year", "2025", "--move-dates")
    assert r.code == 0, r.err
    lines = r.err.splitlines()
    assert lines[:3] == ["competition.year: 2017 -> 2025",
                         'competition.name: "Krenova OPD BUMD Kota Magelang 2017" -> "Krenova OPD BUMD Kota Magelang 2025"',
                         'competition.id: "krenova-magelang-2017" -> "krenova-magelang-2025"'], lines
    shown = run("-d", comp, "settings", "show", "--json").json()
    assert shown["competition"]["name"] == "Krenova OPD BUMD Kota Magelang 2025"
    assert shown["competition"]["id"] == "krenova-magelang-2025"
    assert not [line for line in (comp / "competition.toml").read_text().splitlines()
                if "2017" in line and not line.startswith("#")]
    assert run("-d", comp, "check").code == 0


def test_a_year_set_alone_proposes_the_names_that_say_the_old_year(comp):
    r = run("-d", comp, "settings", "set", "competition.year", "2025")
    assert r.code == 0, r.err
    assert ("Warning: competition.name and competition.id still say 2017 (\"Krenova OPD BUMD Kota Magelang 2017\", "
            "\"krenova-magelang-2017\"); the papers and file names print them. Rename them with "
            "`krenova settings set competition.year 2025 --move-dates`, or each with `krenova settings set KEY VALUE`"
            ) in r.err.splitlines(), r.err
    # the move after a year set alone still renames 2017 (the year the names and the dates say)
    r = run("-d", comp, "settings", "set", "competition.year", "2025", "--move-dates")
    assert r.code == 0, r.err
    assert 'competition.id: "krenova-magelang-2017" -> "krenova-magelang-2025"' in r.err.splitlines()
    assert "still say" not in r.err
