"""Nothing is read from outside the content folder: checked by tracing the kiosk's file access.

A content folder whose sections and walkthrough steps point at real files in a sibling
folder every way a page can (raw <img>, file:// images, ../, absolute paths, CSS url(),
style sheets, a table background and a symbolic link out of the folder) is shown by
`kiosk --self-test` under strace. No path the process opens, stats or reads a link of may
be in that folder, and the rest of every page still shows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.content import load_library
from kiosk.ui.page_text import PageText
from tests.helpers import set_staff_pin

REPO = Path(__file__).resolve().parent.parent
# Every call that names a path; its first quoted argument is that path (strace -o lines).
TRACED = (
    "open,openat,openat2,creat,stat,lstat,newfstatat,statx,access,faccessat,faccessat2,"
    "readlink,readlinkat,execve"
)
FIRST_PATH = re.compile(r'"((?:[^"\\]|\\.)*)"')
OUTSIDE_NAMES = [
    "raw-absolute.png",
    "raw-file-url.png",
    "raw-up.png",
    "markdown-file-url.png",
    "markdown-up.png",
    "markdown-absolute.png",
    "css-absolute.png",
    "css-file-url.png",
    "table-background.png",
    "style-sheet.css",
    "imported.css",
    "link-target.png",
    "step-raw.png",
    "step-css.png",
]


def save_png(path: Path, colour: str = "#1F6F78") -> None:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))


def page_with_every_way_out(outside: Path, words: str) -> str:
    o = outside.as_posix()
    return f"""# {words.title()}

Words before the pictures: {words}.

![inside](images/inside.png)

<img src="{o}/raw-absolute.png" alt="raw absolute">

<img src="file://{o}/raw-file-url.png">

<img src="../../{outside.name}/raw-up.png">

![file url](file://{o}/markdown-file-url.png)

![up](../../{outside.name}/markdown-up.png)

![absolute]({o}/markdown-absolute.png)

<p style="background-image: url({o}/css-absolute.png)">A styled paragraph of {words}.</p>

<div style="background-image: url('file://{o}/css-file-url.png')">A styled block.</div>

<table background="{o}/table-background.png"><tr><td>A cell of {words}.</td></tr></table>

<link rel="stylesheet" href="file://{o}/style-sheet.css">

<style>@import url("{o}/imported.css"); p {{ background-image: url({o}/css-absolute.png); }}</style>

![a link out](images/link-out.png)

<img src="images/link-out.png">

Words after the pictures: {words} end here.
"""


@pytest.fixture
def hostile(tmp_path) -> tuple[Path, Path]:
    """(content folder, the sibling folder it tries to read)."""
    root = tmp_path / "content"
    outside = tmp_path / "outside-files"
    for name in OUTSIDE_NAMES:
        if name.endswith(".css"):
            (outside / name).parent.mkdir(parents=True, exist_ok=True)
            (outside / name).write_text("p { color: red; }\n")
        else:
            save_png(outside / name, "#FF0000")
    pack = root / "en"
    save_png(pack / "images" / "inside.png")
    (pack / "images" / "link-out.png").symlink_to(outside / "link-target.png")
    (pack / "language.toml").write_text('name = "English"\n')
    (pack / "pictures.md").write_text(page_with_every_way_out(outside, "apple words"))
    (pack / "more.md").write_text(page_with_every_way_out(outside, "pear words"))
    steps = pack / "walkthrough"
    steps.mkdir()
    step = page_with_every_way_out(outside, "step words").replace("# Step Words", "## First")
    step = step.replace("raw-absolute.png", "step-raw.png").replace("css-file-url", "step-css")
    (steps / "before.md").write_text(f"# Before\n\n{step}\n## Second\n\nPlain words.\n")
    return root, outside


def traced_paths(log: Path) -> list[str]:
    paths = []
    for line in log.read_text(errors="replace").splitlines():
        match = FIRST_PATH.search(line)
        if match:
            paths.append(match.group(1))
    return paths


@pytest.mark.slow
def test_the_self_test_opens_nothing_outside_the_content_folder(hostile, tmp_path):
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (CI installs it: .ci/run)")
    root, outside = hostile
    set_staff_pin()
    log = tmp_path / "trace.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [strace, "-f", "-qq", "-e", f"trace={TRACED}", "-o", str(log)]
        + [sys.executable, "-m", "kiosk", "--self-test", "--content", str(root)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "2 sections, 2 steps" in done.stdout, done.stdout + done.stderr
    assert " 0 errors" in done.stdout, done.stdout
    paths = traced_paths(log)
    assert any(p.endswith("pictures.md") for p in paths)  # the trace does see the content
    assert any(p.endswith("images/inside.png") for p in paths)  # and the picture inside
    leaks = sorted({p for p in paths if outside.name in p})
    assert leaks == []


def test_a_page_that_tries_every_way_out_still_shows_its_words(qtbot, make_window, hostile):
    root, outside = hostile
    window = make_window(load_library(root))
    window.open_section("pictures.md")
    qtbot.waitUntil(window.section.is_complete)
    text = window.section.browser.toPlainText()
    for words in (
        "Words before the pictures",
        "A styled paragraph of apple",
        "A cell of apple",
        "Words after the pictures: apple words end here",
    ):
        assert words in text
    window.start_walkthrough()
    [body] = window.walkthrough.step_scroll.widget().findChildren(PageText)
    assert "Words after the pictures: step words end here" in body.toPlainText()
    assert body.isVisible() and body.height() > 100
