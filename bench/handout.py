"""Take-home figures: QR code sizes, writing a handout PDF, exporting the site.

qr_text_<lang>_version / _modules   the walkthrough's text QR code (no handout_url)
qr_link_version                     a link QR code (handout_url set)
handout_cli_s                       `kiosk handout --walkthrough --lang es --pdf F`, a fresh
                                    process each time (median), interpreter start included
handout_pdf_kb                      the size of that PDF
export_html_s / export_html_pages   `kiosk export-html DIR` in a fresh process
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, REPO, RUNS, figure, median, private_environment  # noqa: E402


def timed(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, env=private_environment(), check=True, capture_output=True)
    return time.monotonic() - started


def main() -> int:
    sys.path.insert(0, str(REPO))
    from kiosk import resources
    from kiosk.content import handout, load_library

    library = load_library(resources.content_dir())
    for lang, pack in library.packs.items():
        code = handout.qr_code(handout.payload(handout.for_walkthrough(pack)))
        figure(f"qr_text_{lang}_version", code.version)
        figure(f"qr_text_{lang}_modules", len(code.matrix))
    first = next(iter(library.packs.values()))
    link = handout.payload(handout.for_walkthrough(first), "https://clinic.example.org/kiosk")
    figure("qr_link_version", handout.qr_code(link).version)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-handout-") as tmp:
        pdf = Path(tmp) / "handout.pdf"
        command = [PYTHON, "-m", "kiosk", "handout", "--walkthrough", "--lang", "es"]
        seconds = [timed([*command, "--pdf", str(pdf)]) for _ in range(max(1, RUNS // 2))]
        figure("handout_cli_s", median(seconds))
        figure("handout_pdf_kb", pdf.stat().st_size / 1024)
        site = Path(tmp) / "site"
        figure("export_html_s", timed([PYTHON, "-m", "kiosk", "export-html", str(site)]))
        figure("export_html_pages", len(list(site.rglob("*.html"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
