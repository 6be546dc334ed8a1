"""Shared fixtures: run the CLI in-process, build small competitions, hash a directory tree."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The tests' clock, for module-scoped fixtures too: the ledger never goes back in time, so a fixture
# built at today's date would refuse every later change made at the tests' 2017 clock.
os.environ["KRENOVA_NOW"] = "2017-08-17T10:00:00+00:00"
CRITERIA = ["kebaruan", "efektivitas", "kemanfaatan", "replikasi", "keberlanjutan"]


def pytest_addoption(parser):
    parser.addoption("--stress", action="store_true", help="run the long stress runs (1,000 kills, 4x250 writes)")


def pytest_configure(config):
    config.addinivalue_line("markers", "stress: long stress run, only with --stress")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--stress"):
        return
    skip = pytest.mark.skip(reason="long stress run: pass --stress")
    for item in items:
        if "stress" in item.keywords:
            item.add_marker(skip)


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("Error: ")]

    def json(self):
        return json.loads(self.out)


def run(*args: str, stdin: str = "") -> Result:
    """Run `krenova ARGS` in this process, as the console script would, capturing everything."""
    from krenova_cli.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old_in = sys.stdin
    sys.stdin = io.StringIO(stdin)
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = old_in
    return Result(code, out.getvalue(), err.getvalue())


def pdf_ready() -> bool:
    """PDF checks need WeasyPrint with its system libraries and poppler's pdftotext (.ci/run installs both)."""
    import shutil

    from krenova_cli.documents.rendering import pdf_problem

    return shutil.which("pdftotext") is not None and pdf_problem() is None


def tree_hash(root: Path) -> dict[str, str]:
    """Every file's SHA-256 (the lock file excepted: it exists to be taken)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != ".krenova.lock":
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def refused(d, *args, stdin=""):
    """`krenova -d D ARGS` refused as every bad input must be: exit 1, no traceback, the folder unchanged;
    its `Error:` lines."""
    before = tree_hash(d)
    r = run("-d", d, *args, stdin=stdin)
    assert r.code == 1, (r.code, r.err)
    assert tree_hash(d) == before, "a refused command changed the directory"
    assert "Traceback" not in r.err
    return r.errors


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("KRENOVA_ACTOR", "tester")
    monkeypatch.setenv("KRENOVA_LANG", "en")  # the preset speaks Indonesian; tests of it set KRENOVA_LANG=id
    monkeypatch.setenv("KRENOVA_NOW", "2017-08-17T10:00:00+00:00")
    monkeypatch.delenv("KRENOVA_DIR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("KRENOVA_CACHE_DIR", str(tmp_path / ".krenova-cache"))
    monkeypatch.chdir(tmp_path)
    from krenova_cli.i18n import messages

    # as KRENOVA_LANG says: a module fixture's last command (`init`, `demo` speak their preset's language)
    # must not leave the language of the wording that unit tests call directly
    messages.set_language("en")


@pytest.fixture
def comp(tmp_path) -> Path:
    """An initialised magelang-2017 competition with 20 entries and 3 judges."""
    d = tmp_path / "comp"
    assert run("init", d).code == 0
    lines = ["id,judul,instansi,jenis,kategori"]
    cats = ["tata-kelola", "tik", "kesejahteraan-sosial", "pelayanan-langsung"]
    for i in range(1, 21):
        lines.append(f"K{i:03d},Inovasi {i},Dinas {i},OPD,{cats[i % 4]}")
    (tmp_path / "entries.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", tmp_path / "entries.csv").code == 0
    (tmp_path / "judges.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,Dinas 1\nJ3,Juri Tiga,UGM\n")
    assert run("-d", d, "judge", "import", tmp_path / "judges.csv").code == 0
    return d


def score_all(d: Path, round_no: int, value_of, tmp_path: Path | None = None) -> None:
    """Record every expected score of a round from one CSV: value_of(entry, judge, criterion) -> int."""
    from krenova_cli.core.lifecycle import expected
    from krenova_cli.store.datafolder import Store

    state = Store(d).load()
    rows = ["entry,judge,criterion,value"]
    for e, judges in expected(state, round_no).items():
        for j in judges:
            for c in CRITERIA:
                rows.append(f"{e},{j},{c},{value_of(e, j, c)}")
    path = (tmp_path or d.parent) / f"scores-{round_no}.csv"
    path.write_text("\n".join(rows) + "\n")
    r = run("-d", d, "score", "--round", round_no, "--from", path)
    assert r.code == 0, r.err


# round 5 (the top 15 of round 4) a presentation round with its schedule: the invitations have papers to show
PRESENTATION = (("rounds.5.presentation", "true"), ("rounds.5.presentation_date", "2017-08-02"),
                ("rounds.5.presentation_start", "08:30"), ("rounds.5.minutes_per_entry", "20"),
                ("rounds.5.room", "Ruang Rapat Wali Kota Magelang"), ("rounds.5.break_start", "12:00"))


def six_round_competition(base: Path, titles: list[str], judges_csv: str, value_of, advance: tuple[str, ...] = (),
                          institution: str = "Dinas {i}", settings: tuple[tuple[str, str], ...] = ()) -> Path:
    """The 20-entry, six-round competition the document and recap tests share: entries K001..K020
    (institution "Dinas {i}" by default, all `tik`) with the given titles, the given judges, every round scored with
    value_of(entry, judge, criterion, round) and closed (with `advance` options), then the awards. `settings`
    (key, value) are set before round 1 (e.g. PRESENTATION: a schedule is locked once its round closes)."""
    import csv
    import os

    os.environ.setdefault("KRENOVA_ACTOR", "tester")  # module fixtures run outside the autouse _env fixture
    d = base / "comp"
    assert run("init", d).code == 0
    with open(base / "e.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "judul", "instansi", "jenis", "kategori"])
        for i, title in enumerate(titles, start=1):
            w.writerow([f"K{i:03d}", title, institution.format(i=i), "OPD", "tik"])
    assert run("-d", d, "entry", "import", base / "e.csv").code == 0
    (base / "j.csv").write_text(judges_csv)
    assert run("-d", d, "judge", "import", base / "j.csv").code == 0
    for key, value in settings:
        r = run("-d", d, "settings", "set", key, value)
        assert r.code == 0, (key, r.err)
    for n in range(1, 7):
        score_all(d, n, lambda e, j, c, n=n: value_of(e, j, c, n), base)
        r = run("-d", d, "advance", "--round", n, *advance)
        assert r.code == 0, r.err
    assert run("-d", d, "awards").code == 0
    return d
