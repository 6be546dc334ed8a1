"""Benchmarks of issue 27: attaching proposals, judges' packets, and the read commands beside them.

    python benchmarks/attachments.py                          # the demo's 53 entries, one 2 MB proposal each
    python benchmarks/attachments.py --entries 3000 --mb 2    # the issue's figure (3,000 proposals of 2 MB)

Figures (ratios of medians of whole processes):
- `entry attach --from DIR` against `cp -r DIR` plus `sha256sum` of the files (target: at most 2x);
- `packets --round 1` against copying each judge's files with `cp` (target: at most 2x);
- `status` and `standings` with the proposals attached against the same folder without them (target: 5%).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
ENV = {**os.environ, "KRENOVA_LANG": "en", "COLUMNS": "120", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def krenova(*args: str) -> list[str]:
    return [PY, "-m", "krenova_cli", *args]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=53)
    ap.add_argument("--judges", type=int, default=5)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--packet-runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="krenova-attach-"))
    try:
        d = work / "d"
        cats = ["tata-kelola", "tik", "kesejahteraan-sosial", "pelayanan-langsung"]
        (work / "e.csv").write_text("id,judul,instansi,jenis,kategori\n" + "".join(
            f"K{i:04d},Inovasi {i},Dinas {i % 40},OPD,{cats[i % 4]}\n" for i in range(1, args.entries + 1)))
        (work / "j.csv").write_text("id,nama,instansi\n" + "".join(f"J{i},Juri {i},Universitas {i}\n" for i in range(1, args.judges + 1)))
        for cmd in (["init", str(d)], ["-d", str(d), "entry", "import", str(work / "e.csv")],
                    ["-d", str(d), "judge", "import", str(work / "j.csv")]):
            subprocess.run(krenova(*cmd), cwd=work, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(krenova("-d", str(d), "assign", "--round", "1", "--per-entry", "3"), cwd=work, env=ENV, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        plain = work / "plain"  # the same folder without the proposals
        shutil.copytree(d, plain)
        props = work / "props"
        props.mkdir()
        size = int(args.mb * 2**20)
        for entry in sorted(p.stem for p in (d / "entries").glob("*.toml")):
            with open(props / f"{entry}.pdf", "wb") as fh:
                fh.write(b"%PDF-1.4\n" + os.urandom(size - 9))
        print(f"| figure | krenova | floor | ratio |\n|---|---|---|---|")
        floor = [timed(["sh", "-c", f"rm -rf {work}/cp && cp -r {props} {work}/cp && sha256sum {props}/* > /dev/null"], work)
                 for _ in range(args.runs)]
        attach = timed(krenova("-d", str(d), "entry", "attach", "--from", str(props)), work)
        print(f"| attach {args.entries} x {args.mb} MB | {attach:.2f} s | {statistics.median(floor):.2f} s (cp + sha256sum) "
              f"| {attach / statistics.median(floor):.2f} |")
        # interleaved (krenova, floor, krenova, floor ...); each output removed after its run (not timed), so the
        # disk holds one copy at a time (3,000 x 2 MB x 3 judges an entry is 18 GB a copy)
        packets, floor_pk, copied = [], [], 0
        for _ in range(args.packet_runs):
            packets.append(timed(krenova("-d", str(d), "packets", "--round", "1", "-o", str(work / "pk")), work))
            copied = sum(len(list(p.glob("proposal/*/*"))) for p in (work / "pk").iterdir())
            shutil.rmtree(work / "pk")
            per_entry = max(1, round(copied / args.entries))
            floor_pk.append(timed(["sh", "-c", f"mkdir {work}/pc && for i in $(seq {per_entry}); "
                                   f"do cp -r {props} {work}/pc/$i; done"], work))
            shutil.rmtree(work / "pc")
        print(f"| packets round 1 ({copied} files) | {statistics.median(packets):.2f} s | {statistics.median(floor_pk):.2f} s (cp) "
              f"| {statistics.median(packets) / statistics.median(floor_pk):.2f} |")
        for cmd in (["status"], ["standings", "--round", "1"]):
            with_, without = [], []
            for _ in range(args.runs):  # interleaved
                with_.append(timed(krenova("-d", str(d), *cmd), work))
                without.append(timed(krenova("-d", str(plain), *cmd), work))
            a, b = statistics.median(with_), statistics.median(without)
            print(f"| {' '.join(cmd)} with proposals | {a:.3f} s | {b:.3f} s (without) | {a / b:.3f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
