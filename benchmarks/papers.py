"""Papers at national size (issue 29): wall time and peak memory of the whole process tree of one `letters` run.

    python benchmarks/papers.py DIR                      # DIR: a competition, e.g. benchmarks/committee.py's comp
    python benchmarks/papers.py DIR --kinds certificate nomination judge-recap
    python benchmarks/papers.py DIR --floor --sample 30  # also the floor of each kind

Each paper batch runs as one `krenova letters KIND --format pdf` process; the resident memory of it and of every
child it starts is read from /proc every 50 ms and summed (the tree's peak, what the machine must hold), and so is
the CPU time of the tree (user + system of every process, the last reading of each): on a machine shared with
other work the wall time says little, the CPU time what the batch costs. Targets on 2 cores: 3,000 certificates <= 45 s, nominations for 500
institutions <= 15 s, the judge recaps of a 3,000-entry round <= 20 s, every batch <= 600 MB for the tree.
The floor (`--floor`): WeasyPrint alone, one document at a time in one process (`HTML(filename).write_pdf()`),
on `--sample` papers of the kind spread evenly over the batch (the HTML files `letters KIND --format html`
writes, each paper whole), its CPU time a paper times the number of papers: what the renderer itself costs,
without krenova's templates, numbering, checks or workers. Divided by the 2 cores it is the best wall time
a batch could have on an idle machine.
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


def tree_rss_mb(pid: int, cpu: dict[int, float] | None = None) -> float:
    """The resident memory of `pid` and all its descendants (MB); `cpu` gets each one's CPU seconds so far."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
            ticks[int(entry)] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        if cpu is not None and p in ticks:
            cpu[p] = ticks[p] / os.sysconf("SC_CLK_TCK")
        todo.extend(children.get(p, ()))
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(cmd: list[str], env: dict) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak, cpu = 0.0, {}
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid, cpu))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    return {"seconds": round(wall, 2), "cpu_seconds": round(sum(cpu.values()), 1), "tree_mb": round(peak),
            "code": proc.returncode, "stderr": err[-400:]}


FLOOR = """
import sys, time
from weasyprint import HTML
files, out = sys.argv[2:], sys.argv[1]
HTML(string="<p>warm</p>").write_pdf()  # fonts loaded once, as in any long-lived process
start = time.process_time()
for i, f in enumerate(files):
    HTML(filename=f).write_pdf(f"{out}/{i}.pdf")
print(time.process_time() - start)
"""


def floor(folder: Path, kind: str, papers: int, sample: int, out: Path, env: dict) -> dict:
    """WeasyPrint alone, one paper at a time: CPU seconds for `papers` papers (from a sample)."""
    html = out / f"{kind}-html"
    cmd = [PY, "-m", "krenova_cli", "-d", str(folder), "letters", kind, *OPTIONS.get(kind, []), "--format", "html", "-o", str(html)]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    files = sorted(html.glob(f"{kind}-*.html"))
    chosen = [files[round(i * (len(files) - 1) / max(1, sample - 1))] for i in range(min(sample, len(files)))]
    pdfs = out / f"{kind}-floor"
    pdfs.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([PY, "-c", FLOOR, str(pdfs), *map(str, chosen)], env=env, check=True, capture_output=True, text=True)
    each = float(done.stdout.split()[-1]) / len(chosen)
    return {"floor_cpu_seconds": round(each * papers, 1), "floor_ms_a_paper": round(each * 1000, 1), "floor_sample": len(chosen)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--kinds", nargs="+", default=list(TARGETS))
    ap.add_argument("--out", type=Path, default=Path("/tmp/krenova-papers-bench"))
    ap.add_argument("--floor", action="store_true", help="also WeasyPrint alone, one paper at a time (a sample)")
    ap.add_argument("--sample", type=int, default=30, help="papers the floor lays out (spread over the batch)")
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
        row = {"kind": kind, "papers": files, **r, "target_s": seconds, "target_mb": mb, "load": os.getloadavg()[0]}
        if args.floor and files:
            row |= floor(args.folder, kind, files, args.sample, args.out, env)
            row["cpu_ratio"] = round(r["cpu_seconds"] / row["floor_cpu_seconds"], 2)
        rows.append(row)
        print(f"{kind:<14} {files:6d} papers {r['seconds']:8.2f} s {r['cpu_seconds']:8.1f} s cpu {r['tree_mb']:6d} MB tree"
              + (f"  floor {row['floor_cpu_seconds']:.1f} s cpu ({row['cpu_ratio']}x)" if "cpu_ratio" in row else "")
              + f"  load {row['load']:.1f}  (exit {r['code']})", file=sys.stderr)
    print(json.dumps({"load_before": load, "load_after": os.getloadavg()[0], "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
