"""Floor for `standings`: read and parse every file of the data directory with the standard library only."""

import json
import sys
import tomllib
from pathlib import Path


def main(root: Path) -> int:
    count = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or "out" in path.relative_to(root).parts[:1]:
            continue
        if path.suffix == ".toml":
            tomllib.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                json.loads(line)
        else:
            continue
        count += 1
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
