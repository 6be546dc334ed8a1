"""Floor for PDF certificates: WeasyPrint rendering the same certificate HTML one document at a time, one process."""

import sys
from pathlib import Path

from weasyprint import HTML


def main(html_dir: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path(html_dir).glob("certificate-*.html")):
        HTML(filename=str(path)).write_pdf(str(out / (path.stem + ".pdf")))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
