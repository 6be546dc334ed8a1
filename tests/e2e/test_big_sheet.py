"""A judge's sheet at national scale: the binding survives entry lists longer than one Excel cell holds."""

import pytest

from krenova_cli.core.model import Entry, Judge
from krenova_cli.core.errors import UserError
from krenova_cli.core.lifecycle import State
from krenova_cli.spreadsheets.score_sheets import read_sheet, write_sheet
from tests.unit.test_lifecycle import preset


def test_sheet_binding_for_6000_entries(tmp_path):
    entries = {f"KX{i:05d}": Entry(id=f"KX{i:05d}", title=f"T{i}", institution="I", entity_type="OPD", category="tik")
               for i in range(6000)}  # 6000 ids x 8 characters: far over a cell's 32,767
    state = State(preset(), entries, {"J1": Judge(id="J1", name="A")})
    path = tmp_path / "round-1-J1.xlsx"
    assert write_sheet(state, 1, "J1", path) == 6000
    with pytest.raises(UserError, match="no scores filled in"):  # the binding verified; nothing was filled
        read_sheet(path, state, 1)
