"""A Store object that lives on (the demo's, the portal's) sees the settings as they are now: its own
`settings set`, and one made beside it by another process, are read at the next load (the demo's ceremony
venue, set at the start of the run, was unknown to its own later papers)."""

from pathlib import Path

from tests.conftest import run


def test_a_long_lived_store_reads_settings_changed_since_it_first_read_them(tmp_path):
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.settings import set_setting

    d = tmp_path / "c"
    assert run("init", d).code == 0
    store = Store(Path(d))
    assert store.competition().ceremony.venue == ""
    set_setting(store, "ceremony.venue", '"Pendopo Pengabdian"')  # its own change
    assert store.competition().ceremony.venue == "Pendopo Pengabdian"
    assert store.load(rounds=()).competition.ceremony.venue == "Pendopo Pengabdian"
    with store.holding_cache():
        set_setting(store, "ceremony.venue", '"Gedung Wiworo"')
        assert store.load(rounds=()).competition.ceremony.venue == "Gedung Wiworo"
    assert run("-d", d, "settings", "set", "ceremony.venue", "Balai Kota").code == 0  # another process's
    assert store.load(rounds=()).competition.ceremony.venue == "Balai Kota"
