"""A bounded fuzzing run in the normal suite: no input may produce anything but a clean error."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("fuzz_inputs.py")
SECONDS = int(os.environ.get("KRENOVA_FUZZ_SECONDS", "20"))


def seeds(folder: Path) -> None:
    """Valid examples of each kind, so the fuzzer starts from real structure."""
    from openpyxl import Workbook

    from krenova_cli.store.packaged import preset_text

    folder.mkdir()
    samples = [
        b"\x00" + preset_text("magelang-2017").encode(),
        b"\x01" + b'id = "K001"\ntitle = "SIPADU"\ninstitution = "Dinas Kesehatan"\nentity_type = "OPD"\ncategory = "tik"\n',
        b"\x02" + b'[[judges]]\nid = "J1"\nname = "Dr. A"\nconflicts = ["K001"]\n',
        b"\x03" + b'{"round": 1, "judge": "J1", "scores": {\n"K001": {"efektivitas": 80, "kebaruan": 70, "keberlanjutan": 60, "kemanfaatan": 50, "replikasi": 40}\n}}\n',
        b"\x04" + b"judul,instansi,jenis,kategori,konflik\nSIPADU,Dinas,OPD,tik,K001\n",
    ]
    wb = Workbook()
    wb.active.append(["judul", "instansi", "jenis", "kategori"])
    wb.active.append(["SIPADU", "Dinas", "OPD", "tik"])
    buf = io.BytesIO()
    wb.save(buf)
    samples.append(b"\x05" + buf.getvalue())
    for i, s in enumerate(samples):
        (folder / f"seed-{i}").write_bytes(s)


def test_fuzz_loaders_and_importers(tmp_path):
    pytest.importorskip("atheris", reason="atheris is part of the test extra on Linux")
    corpus = tmp_path / "corpus"
    seeds(corpus)
    # A fixed seed keeps the suite reproducible; the long manual runs use fresh seeds.
    r = subprocess.run([sys.executable, str(HARNESS), f"-max_total_time={SECONDS}", "-rss_limit_mb=2048", "-seed=2017",
                        "-timeout=10", str(corpus)], capture_output=True, text=True, timeout=SECONDS + 120, cwd=tmp_path)
    tail = r.stderr[-3000:]
    assert r.returncode == 0, tail
    runs = [line for line in r.stderr.splitlines() if line.startswith("#") and "DONE" in line]
    assert runs, tail  # libFuzzer reports how many inputs it ran
    print(runs[-1])
