"""Hostile pictures cannot freeze or bloat the kiosk: huge PNGs and a nested-<use> SVG.

Twelve 8000x8000 PNGs (a few hundred KB on disk, 64 million pixels each), six as section
icons and six in a section, and an SVG whose nested <use> elements ask for sixty million
circles, as a section icon and as a picture. The self-test ends by itself well within 30 s
and 1 GiB, the good sections render, and `kiosk check` names each bad file with its limit.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextDocument

from kiosk.content import load_library
from kiosk.content.budget import BUDGET
from kiosk.content.check import check_folder
from tests.helpers import nested_use_svg, set_staff_pin, solid_png

REPO = Path(__file__).resolve().parent.parent
LIMIT_S = 30
LIMIT_BYTES = 1024**3
GOOD_WORDS = "A calm sentence that must still be shown."


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    return solid_png(8000, 8000)


@pytest.fixture
def hostile_folder(tmp_path, huge_png) -> Path:
    root = tmp_path / "content"
    images = root / "images"
    images.mkdir(parents=True)
    for number in range(1, 13):
        (images / f"huge-{number}.png").write_bytes(huge_png)
    (images / "nested.svg").write_bytes(nested_use_svg())
    good = QImage(300, 200, QImage.Format.Format_RGB32)
    good.fill(QColor("#1F6F78"))
    assert good.save(str(images / "good.png"))
    for number in range(1, 7):
        (root / f"icon-{number}.md").write_text(
            f"---\ntitle: Huge icon {number}\nicon: images/huge-{number}.png\n---\n\n"
            f"{GOOD_WORDS} Section {number}.\n"
        )
    pictures = "\n\n".join(f"![photo {n}](images/huge-{n}.png)" for n in range(7, 13))
    (root / "photos.md").write_text(
        f"# Photos\n\n{GOOD_WORDS}\n\n{pictures}\n\n![nested](images/nested.svg)\n\n"
        "![good](images/good.png)\n\nThe words after the pictures.\n"
    )
    (root / "svg-icon.md").write_text(
        f"---\ntitle: Nested icon\nicon: images/nested.svg\n---\n\n{GOOD_WORDS}\n"
    )
    (root / "good.md").write_text(f"# Good\n\n{GOOD_WORDS}\n\n![good](images/good.png)\n")
    return root


# `kiosk ARGS` that prints its own peak memory as it exits. VmHWM belongs to the process's
# memory since it started the program; the rusage of a child started from a big test
# process would count the test process's memory too (Linux carries it over at exec).
PEAK_OF_KIOSK = """
import atexit, sys
def peak():
    with open("/proc/self/status") as status:
        kib = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    print(f"peak_kib {kib[0]}", flush=True)
atexit.register(peak)
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_bounded(args: list[str]) -> tuple[subprocess.CompletedProcess, int, bool]:
    """(result, peak resident bytes of the kiosk, killed for running past LIMIT_S)."""
    command = [sys.executable, "-c", PEAK_OF_KIOSK, *args]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        process.kill()

    timer = threading.Timer(LIMIT_S, kill)
    timer.start()
    try:
        output, _ = process.communicate()
    finally:
        timer.cancel()
    result = subprocess.CompletedProcess(command, process.returncode, output, "")
    [peak] = re.findall(r"^peak_kib (\d+)$", output, re.M) or ["0"]
    return result, int(peak) * 1024, killed.is_set()


@pytest.mark.slow
def test_the_self_test_ends_quickly_and_small_with_hostile_pictures(hostile_folder):
    set_staff_pin()
    result, peak, killed = run_bounded(["--self-test", "--content", str(hostile_folder)])
    assert not killed, f"the self-test ran past {LIMIT_S} s"
    assert 0 < peak < LIMIT_BYTES, f"peak memory {peak / 2**20:.0f} MiB"
    assert re.search(r"self-test: 9 sections, 0 steps, 1 languages, 0 errors", result.stdout), (
        result.stdout + result.stderr
    )
    for number in range(7, 13):  # the pictures in a page are reported by the self-test too
        assert f"huge-{number}.png is 8000×8000" in result.stdout


def test_check_names_every_bad_picture_with_its_limit(hostile_folder):
    report = check_folder(hostile_folder)
    lines = [str(problem) for problem in report.problems]
    limit = f"over the limit of {BUDGET.max_picture_pixels / 1e6:.1f} million"
    for number in range(1, 13):
        [line] = [x for x in lines if f"huge-{number}.png is 8000×8000" in x]
        assert limit in line
    for number in range(1, 7):  # an icon is named with the section file and its line
        [line] = [x for x in lines if f"huge-{number}.png is" in x]
        assert line.startswith(str(hostile_folder / f"icon-{number}.md:3:"))
    nested = [x for x in lines if "nested.svg" in x]
    assert len(nested) == 2  # as an icon and as a picture
    assert all(f"more than {BUDGET.max_svg_elements:,} elements" in x for x in nested)
    assert report.exit_code() == 0  # they are warnings: the kiosk shows the rest


def test_the_window_shows_the_good_parts_and_skips_the_bad(qtbot, make_window, hostile_folder):
    window = make_window(load_library(hostile_folder))
    window.grab()  # the home screen draws every tile with its icon
    window.open_section("photos.md")
    qtbot.waitUntil(window.section.is_complete)
    window.grab()
    document = window.section.browser.document()
    text = document.toPlainText()
    assert GOOD_WORDS in text and "The words after the pictures." in text
    image = QTextDocument.ResourceType.ImageResource.value
    good = document.loadResource(image, QUrl.fromLocalFile(str(hostile_folder / "images/good.png")))
    assert isinstance(good, QPixmap) and good.width() == 300
    huge = document.loadResource(
        image, QUrl.fromLocalFile(str(hostile_folder / "images/huge-7.png"))
    )
    assert huge.size().toTuple() == (1, 1)  # a blank: it was never decoded
    reported = " ".join(problem.message for problem in window.problems)
    assert "huge-7.png is 8000×8000" in reported
    assert "nested.svg" in reported
