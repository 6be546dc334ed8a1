"""The secretariat's upload of a judge's score CSV (issue 28): at most 2x its floor.

    python benchmarks/serve_upload.py                      # 3,000 entries, 9 judges: 1,000 entries (5,000 rows) each
    python benchmarks/serve_upload.py --report ''          # print only

The floor is what reading such a file and recording it can cost at least: a whole Python process that
reads the CSV with csv.reader and writes one file atomically (temporary, fsync, rename). The upload is
the POST of the file to `krenova serve`'s secretariat page (loopback, multipart), timed from the
request to the answer; the server imports it as `krenova score --from` does (the same use case). Three
judges' files are uploaded in turn (each a new import); `krenova score --from` as a whole process is
timed beside them for reference. Medians of the three.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from committee import CRITERIA, KRENOVA  # noqa: E402
from serve_load import build, wait_for  # noqa: E402

FLOOR = """
import csv, os, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
data = "\\n".join(",".join(r) for r in rows).encode()
tmp = sys.argv[2] + ".tmp"
with open(tmp, "wb") as fh:
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())
os.replace(tmp, sys.argv[2])
"""


def judge_csv(d: Path, judge: str, out: Path, seed: int) -> int:
    import random
    import tomllib

    table = tomllib.loads((d / "assignments" / "round-1.toml").read_text())["entries"]
    rng = random.Random(seed)
    rows = ["entry,judge,criterion,value"]
    rows += [f"{e},{judge},{c},{rng.randint(40, 95)}" for e, js in table.items() if judge in js for c in CRITERIA]
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=3000)
    ap.add_argument("--judges", type=int, default=9)
    ap.add_argument("--out", type=Path, default=HERE / ".cache" / "upload")
    ap.add_argument("--report", default=str(HERE / "serve_upload.md"))
    args = ap.parse_args(argv)
    d = build(args.out, args.entries, args.judges, 3, 2025)
    twin = args.out / "twin"
    subprocess.run(["cp", "-a", str(d), str(twin)], check=True)
    files = []
    for i, judge in enumerate(("J1", "J2", "J3")):
        path = args.out / f"nilai-{judge}.csv"
        rows = judge_csv(d, judge, path, i)
        files.append((path, rows))
    floor = [timed([sys.executable, "-c", FLOOR, str(p), str(args.out / "floor.out")]) for p, _ in files for _ in range(3)]
    cli = [timed([*KRENOVA, "-d", str(twin), "score", "--from", str(p)]) for p, _ in files]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*KRENOVA, "-d", str(d), "serve", "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    upload = []
    try:
        import httpx

        wait_for(base)
        with httpx.Client(base_url=base, timeout=120) as client:
            client.get("/admin")  # the server has loaded the folder once, as it has when the secretariat opens the page
            for path, _rows in files:
                csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', client.get("/admin?lang=en").text).group(1)
                t = time.perf_counter()
                r = client.post("/admin/upload", data={"csrf": csrf, "lang": "en", "note": ""},
                                files={"scores": (path.name, path.read_bytes(), "text/csv")})
                upload.append(time.perf_counter() - t)
                assert r.status_code == 303, r.text[-2000:]
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    check = subprocess.run([*KRENOVA, "-d", str(d), "check"], capture_output=True)
    f, u, c = (statistics.median(x) for x in (floor, upload, cli))
    lines = [
        f"# The secretariat's upload of a judge's score CSV: {files[0][1]:,} rows, {args.entries:,} entries",
        "",
        f"`python benchmarks/serve_upload.py --entries {args.entries} --judges {args.judges}`; machine: {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f} at the end. Medians of three files (three judges; the floor three times each).",
        "",
        "| measure | seconds | ratio to the floor | target |",
        "|---|---|---|---|",
        f"| floor: csv.reader and one atomic write, whole process | {f:.2f} | 1.0 | |",
        f"| upload on the secretariat's page (POST to `krenova serve`) | {u:.2f} | {u / f:.1f} | <= 2.0 |",
        f"| `krenova score --from FILE.csv`, whole process (reference) | {c:.2f} | {c / f:.1f} | |",
        f"| `krenova check` afterwards | exit {check.returncode} | | exit 0 |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.report:
        Path(args.report).write_text(text)
    return 0 if check.returncode == 0 and u <= 2 * f else 1


if __name__ == "__main__":
    sys.exit(main())
