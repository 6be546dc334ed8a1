"""The judges' portal under load (issue 28 part 7): N judges each saving a score every second, on loopback.

    python benchmarks/serve_load.py                                   # 3,000 entries, 40 judges, 60 s
    python benchmarks/serve_load.py --entries 300 --judges 12 --seconds 20 --report ''   # a small run

It builds a national round as `committee.py` does (init, entry import, judge import, assign
--per-entry 3), gives every judge a link (`judge link --all --csv`), starts `krenova serve` as its
own process, then runs one bounded loop per judge with httpx: each second the judge opens the page
of its next entry (a "page": the form with its CSRF token) and submits the five criteria (a "save":
the POST, answered 303 once recorded). A judge that falls behind skips ticks rather than bursting.
`--start spread` (the default) starts each judge at its own moment of the first second, as forty people
do; `--start together` starts all forty at the same instant, in step every second after (the worst case).
Reported: p50/p99 of a save and of a page as the judges' client sees them and as the server spends them
(from the app's call to its answer, `--serve-timed`: `krenova serve`'s own `web/server.run` with a timing
wrapper around the app), requests per second, errors, the server's CPU per request, its peak resident
memory (VmHWM), and `krenova check` afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from committee import CRITERIA, KRENOVA, entries_csv, judges_csv  # noqa: E402

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
ENTRY = re.compile(r'/e/([A-Za-z0-9_-]+)\?')


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def krenova(d: Path, *args) -> None:
    subprocess.run([*KRENOVA, "-d", str(d), *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def build(out: Path, entries: int, judges: int, per_entry: int, seed: int) -> Path:
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    d = out / "comp"
    subprocess.run([*KRENOVA, "init", str(d)], check=True, stdout=subprocess.DEVNULL)
    entries_csv(out / "entries.csv", entries, random.Random(seed))
    judges_csv(out / "judges.csv", judges)
    krenova(d, "entry", "import", out / "entries.csv")
    krenova(d, "judge", "import", out / "judges.csv")
    krenova(d, "assign", "--round", 1, "--per-entry", per_entry, "--seed", seed)
    return d


async def again(stats: dict, call, *args, **kwargs):
    """A request, sent once more when its kept-alive connection was closed under it, as a browser does (the
    server closes a connection idle for 5 s; a client delayed that long by a busy machine meets the close).
    A save sent twice records once: the same values again change nothing."""
    import httpx

    try:
        return await call(*args, **kwargs)
    except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError):
        stats["retried"] += 1
        return await call(*args, **kwargs)


async def judge_loop(client, link: str, seconds: float, rate: float, stats: dict, rng: random.Random,
                     spread: bool) -> None:
    import httpx

    if spread:  # people: each judge's first click at its own moment of the first period, then once a period
        await asyncio.sleep(rng.random() / rate)
    start = time.perf_counter()
    t = time.perf_counter()
    r = await client.get(link)
    stats["page"].append(time.perf_counter() - t)
    if r.status_code != 200:
        stats["errors"].append(f"list {r.status_code}")
        return
    todo = ENTRY.findall(r.text)
    base = link.split("/j/")[0]
    path = link[len(base):]
    i = 0
    tick = start
    while time.perf_counter() - start < seconds and todo:
        entry = todo[i % len(todo)]
        i += 1
        try:
            t = time.perf_counter()
            page = await again(stats, client.get, f"{path}/e/{entry}")
            stats["page"].append(time.perf_counter() - t)
            if page.status_code != 200:
                stats["errors"].append(f"page {page.status_code}")
                continue
            data = {"csrf": CSRF.search(page.text).group(1), "lang": "id", "round": "1", "action": "submit", "note": ""}
            data.update({f"c_{c}": str(rng.randint(40, 95)) for c in CRITERIA})
            t = time.perf_counter()
            saved = await again(stats, client.post, f"{path}/e/{entry}", data=data)
            stats["save"].append(time.perf_counter() - t)
            if saved.status_code != 303:
                stats["errors"].append(f"save {saved.status_code}")
        except httpx.HTTPError as exc:
            stats["errors"].append(type(exc).__name__)
        tick += 1 / rate
        now = time.perf_counter()
        if tick > now:
            await asyncio.sleep(tick - now)
        else:
            tick = now  # behind: no burst to catch up


def _client(part: tuple[list[str], float, float, int, bool]) -> dict:
    links, seconds, rate, seed, spread = part
    return asyncio.run(load(links, seconds, rate, seed, spread))


def load_in_processes(links: list[str], seconds: float, rate: float, seed: int, processes: int, spread: bool) -> dict:
    """The judges shared among client processes (40 judges are 40 browsers, not one Python process:
    one process driving them all on a busy machine measures its own queue)."""
    from concurrent.futures import ProcessPoolExecutor

    parts = [(links[i::processes], seconds, rate, seed + i * 1000, spread) for i in range(processes) if links[i::processes]]
    with ProcessPoolExecutor(len(parts)) as pool:
        results = list(pool.map(_client, parts))
    out: dict = {"page": [], "save": [], "errors": [], "retried": 0, "elapsed": max(r["elapsed"] for r in results)}
    for r in results:
        for key in ("page", "save", "errors"):
            out[key] += r[key]
        out["retried"] += r["retried"]
    return out


def wait_for(base: str) -> None:
    """Until the server at `base` answers (30 s at most: it reads the competition before it binds its port)."""
    import httpx

    for _ in range(300):
        try:
            httpx.get(base + "/static/portal.css", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far (/proc/PID/stat), the threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def load(links: list[str], seconds: float, rate: float, seed: int, spread: bool) -> dict:
    import httpx

    stats: dict = {"page": [], "save": [], "errors": [], "retried": 0}
    limits = httpx.Limits(max_connections=len(links) + 5)
    async with httpx.AsyncClient(base_url=links[0].split("/j/")[0], limits=limits, timeout=30) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(judge_loop(client, link, seconds, rate, stats, random.Random(seed + i), spread)
                               for i, link in enumerate(links)))
        stats["elapsed"] = time.perf_counter() - t0
    return stats


def serve_timed(root: str, port: int, out: str) -> None:
    """`krenova serve` (web/server.run, its uvicorn configuration) with each request's time inside the server
    measured, from the app's call to its answer, written to OUT as JSON when the server stops: the client's
    own delays (one Python process driving 40 judges on a shared machine) are not in these figures."""
    import json
    import signal

    from krenova_cli.web import app as web_app
    from krenova_cli.web import server

    times: dict[str, list[float]] = {"GET": [], "POST": []}
    create = web_app.create_app

    def timed_app(settings):
        inner = create(settings)

        async def app(scope, receive, send):
            if scope["type"] != "http":
                return await inner(scope, receive, send)
            t = time.perf_counter()
            await inner(scope, receive, send)
            times.setdefault(scope["method"], []).append(time.perf_counter() - t)

        return app

    web_app.create_app = timed_app
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        server.run(Path(root), "127.0.0.1", port, None, None, "bench-admin-token")
    except KeyboardInterrupt:
        pass
    finally:
        Path(out).write_text(json.dumps(times))


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--serve-timed"]:
        serve_timed(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=3000)
    ap.add_argument("--judges", type=int, default=40)
    ap.add_argument("--per-entry", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rate", type=float, default=1.0, help="saves per second per judge")
    ap.add_argument("--out", type=Path, default=HERE / ".cache" / "serve")
    ap.add_argument("--report", default=str(HERE / "serve_load.md"), help="Markdown report ('' for none)")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--clients", type=int, default=4, help="client processes the judges are shared among")
    ap.add_argument("--start", choices=("spread", "together"), default="spread",
                    help="spread: each judge starts at its own moment of the first period (people); together: all "
                         "40 at the same instant and in step every period after (the worst case)")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    d = build(args.out, args.entries, args.judges, args.per_entry, args.seed)
    built = time.perf_counter() - t
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    krenova(d, "judge", "link", "--all", "--csv", args.out / "links.csv", "--base-url", base)
    with open(args.out / "links.csv", encoding="utf-8-sig") as fh:
        links = [row["link"] for row in csv.DictReader(fh)]
    inside = args.out / "server-times.json"
    inside.unlink(missing_ok=True)
    server = subprocess.Popen([sys.executable, __file__, "--serve-timed", str(d), str(port), str(inside)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(base)
        cpu0 = cpu_seconds(server.pid)
        stats = load_in_processes(links, args.seconds, args.rate, args.seed, args.clients, args.start == "spread")
        rss = peak_rss_mb(server.pid)
        cpu = cpu_seconds(server.pid) - cpu0
    finally:
        server.terminate()
        try:
            server.wait(60)  # uvicorn finishes the open connections and the portal saves its cache
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    import json

    served = json.loads(inside.read_text()) if inside.exists() else {}
    t = time.perf_counter()
    check = subprocess.run([*KRENOVA, "-d", str(d), "check"], capture_output=True, text=True)
    check_s = time.perf_counter() - t
    requests = len(stats["page"]) + len(stats["save"])
    load1 = os.getloadavg()[0]
    lines = [
        f"# `krenova serve` under load: {args.judges} judges, {args.entries:,} entries, {args.per_entry} per entry",
        "",
        f"Each judge opens its next entry's page and submits it once every {1 / args.rate:g} s for {args.seconds:g} s, on "
        f"loopback, the judges shared among {args.clients} client processes, "
        + ("each judge starting at its own moment of the first period " if args.start == "spread" else
           "every judge starting at the same instant and clicking in step with the others ")
        + f"(`python benchmarks/serve_load.py --entries {args.entries} --judges {args.judges} --seconds {args.seconds:g} "
        f"--start {args.start}`). "
        f"Machine: {os.cpu_count()} cores, load average {load1:.2f} at the end; folder built in {built:.0f} s.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| saves (POST, one `score` ledger record each) | {len(stats['save']):,} | |",
        f"| save p50 / p99 | {pct(stats['save'], 50) * 1000:.0f} ms / {pct(stats['save'], 99) * 1000:.0f} ms | p99 <= 250 ms |",
        f"| page p50 / p99 | {pct(stats['page'], 50) * 1000:.0f} ms / {pct(stats['page'], 99) * 1000:.0f} ms | p99 <= 100 ms |",
        f"| inside the server: save p50 / p99 | {pct(served.get('POST', []), 50) * 1000:.0f} ms / "
        f"{pct(served.get('POST', []), 99) * 1000:.0f} ms | |",
        f"| inside the server: page p50 / p99 | {pct(served.get('GET', []), 50) * 1000:.0f} ms / "
        f"{pct(served.get('GET', []), 99) * 1000:.0f} ms | |",
        f"| requests per second | {requests / stats['elapsed']:.1f} | |",
        f"| errors | {len(stats['errors'])} {sorted(set(stats['errors']))[:5] if stats['errors'] else ''} | none |",
        f"| requests sent again on a kept-alive connection the server had closed | {stats['retried']} | |",
        f"| server CPU (user + system) per request | {cpu / max(1, requests) * 1000:.1f} ms ({cpu:.0f} s in all) | |",
        f"| server peak RSS | {rss:.0f} MB | <= 400 MB |",
        f"| `krenova check` afterwards | exit {check.returncode} in {check_s:.1f} s | exit 0 |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if check.returncode != 0:
        print(check.stdout[-2000:], check.stderr[-2000:])
    if args.report:
        Path(args.report).write_text(text)
    return 0 if not stats["errors"] and check.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
