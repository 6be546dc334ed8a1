"""The built wheel, installed in a fresh virtual environment, works from any folder."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("krenova-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
    pip = tmp / "venv" / "bin" / "pip"
    r = subprocess.run([str(pip), "install", "-q", str(wheel)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    return tmp


def krenova(venv: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "venv" / "bin" / "krenova"), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "KRENOVA_ACTOR": "wheel-test", "HOME": str(venv)})


def test_wheel_ships_presets_templates_and_demo_words(venv):
    import zipfile

    wheel = next((venv / "dist").glob("krenova-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("krenova_cli/data/presets/magelang-2017.toml", "krenova_cli/data/presets/blank.toml",
                   "krenova_cli/data/demo/words.toml", "krenova_cli/data/institutions.toml",
                   "krenova_cli/templates/base.html", "krenova_cli/templates/id/award.html",
                   "krenova_cli/templates/en/minutes.html", "krenova_cli/templates/style.css",
                   "krenova_cli/templates/id/packet-letter.md", "krenova_cli/templates/web/judge.html",
                   "krenova_cli/templates/web/portal.css", "krenova_cli/data/presets/kipp-2025.toml",
                   "krenova_cli/web/app.py"):
        assert needed in names, needed


def test_installed_krenova_from_another_folder(venv, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    assert krenova(venv, "--version", cwd=work).stdout.strip() == "krenova, version 0.1.0"
    r = krenova(venv, "init", "comp", "--preset", "magelang-2017", cwd=work)
    assert r.returncode == 0, r.stderr
    (work / "e.csv").write_text("judul,instansi,jenis,kategori\nSIPADU,Dinas Kesehatan,OPD,tik\n")
    assert krenova(venv, "-d", "comp", "entry", "import", "e.csv", cwd=work).returncode == 0
    assert krenova(venv, "-d", "comp", "check", cwd=work).returncode == 0
    r = krenova(venv, "init", "blank", "--preset", "blank", cwd=work)
    assert r.returncode == 0 and krenova(venv, "-d", "blank", "check", cwd=work).returncode == 0


def test_installed_wheel_runs_the_demo(venv, tmp_path):
    r = krenova(venv, "demo", "d", "--format", "html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "d" / "out" / "recap-krenova-magelang-2017.xlsx").exists()
    assert list((tmp_path / "d" / "out" / "letters" / "certificate").glob("*.html"))
    assert krenova(venv, "-d", "d", "check", cwd=tmp_path).returncode == 0
    # without WeasyPrint in this venv, PDF output says what to install
    r = krenova(venv, "-d", "d", "letters", "award", "--format", "pdf", cwd=tmp_path)
    # the preset's interface speaks Indonesian: the installed catalog says `Kesalahan:`
    assert r.returncode == 1 and r.stderr.startswith("Kesalahan: PDF output needs WeasyPrint") and "libpango-1.0-0" in r.stderr
