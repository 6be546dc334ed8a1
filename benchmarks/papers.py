"""Papers at national size (issue 29): wall time and peak memory of the whole process tree of one `letters` run.

    python benchmarks/papers.py DIR                      # DIR: a competition, e.g. benchmarks/committee.py's comp
    python benchmarks/papers.py DIR --kinds certificate nomination judge-recap

Each paper batch runs as one `krenova letters KIND --format pdf` process; the resident memory of it and of every
child it starts is read from /proc every 50 ms and summed (the tree's peak, what the machine must hold), beside
the parent's own peak (ru_maxrss). Targets on 2 cores: 3,000 certificates <= 45 s, nominations for 500
institutions <= 15 s, the judge recaps of a 3,000-entry round <= 20 s, every batch <= 600 MB for the tree.
The floor: WeasyPrint laying out one typical paper of the kind, times the number of papers, on one core
(`--floor`), so the figure says how far a batch is from what the renderer itself costs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
TARGETS = {"certificate": (45, 600), "nomination": (15, 600), "judge-recap": (20, 600)}
OPTIONS = {"certificate": ["--for", "participants"], "nomination": [], "judge-recap": ["--round", "1"]}


def tree_rss_mb(pid: int) -> float:
    """The resident memory of `pid` and all its descendants (MB)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, ()))
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(cmd: list[str], env: dict) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    return {"seconds": round(wall, 2), "tree_mb": round(peak), "code": proc.returncode, "stderr": err[-400:]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--kinds", nargs="+", default=list(TARGETS))
    ap.add_argument("--out", type=Path, default=Path("/tmp/krenova-papers-bench"))
    args = ap.parse_args(argv)
    env = os.environ | {"KRENOVA_LANG": "en", "KRENOVA_ACTOR": "benchmark"}
    env.setdefault("KRENOVA_NOW", "2017-08-20T09:00:00+00:00")
    rows = []
    load = os.getloadavg()[0]
    for kind in args.kinds:
        cmd = [PY, "-m", "krenova_cli", "-d", str(args.folder), "letters", kind, *OPTIONS.get(kind, []), "--format", "pdf",
               "-o", str(args.out / kind)]
        r = measure(cmd, env)
        files = len(list((args.out / kind).glob("*.pdf")))
        seconds, mb = TARGETS.get(kind, (None, 600))
        rows.append({"kind": kind, "papers": files, **r, "target_s": seconds, "target_mb": mb})
        print(f"{kind:<14} {files:6d} papers {r['seconds']:8.2f} s {r['tree_mb']:6d} MB tree  (exit {r['code']})", file=sys.stderr)
    print(json.dumps({"load_before": load, "load_after": os.getloadavg()[0], "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
