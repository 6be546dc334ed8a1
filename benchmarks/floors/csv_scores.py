"""Floor for `krenova score --round N --from FILE.csv`: csv.reader, the values gathered per judge and
entry, and the same atomic write of one score file per judge (scores/round-N/JUDGE.json)."""

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from atomic_files import write_all  # noqa: E402


def main(path: str, out: str, round_no: str) -> None:
    scores: dict = {}
    with open(path, newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        next(rows)
        for entry, judge, crit, value in rows:
            scores.setdefault(judge, {}).setdefault(entry, {})[crit] = int(value)
    files = {Path(out) / "scores" / f"round-{round_no}" / f"{j}.json":
             (json.dumps({"round": int(round_no), "judge": j, "scores": by_entry}) + "\n").encode() for j, by_entry in scores.items()}
    write_all(files)


if __name__ == "__main__":
    main(*sys.argv[1:4])
