"""`kiosk --self-test --screenshots DIR`: every screen drawn, named and audited, from outside."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.ui.screen_tour import SHAPES
from kiosk.ui.theme import TEXT_SIZES

REPO = Path(__file__).resolve().parent.parent
NAME = re.compile(
    r"^(?P<lang>[a-z]{2})-size(?P<size>[1-5])-(?P<w>\d+)x(?P<h>\d+)-"
    r"(?P<screen>home|section-[\w-]+|step-\d\d|summary|idle|attract|pin|staff|takehome)\.png$"
)


@pytest.mark.slow
def test_the_bundled_content_passes_the_layout_audit_on_every_screen(tmp_path, bundled_library):
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--self-test", "--windowed", "--screenshots", str(out)],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 layout problems" in result.stdout
    files = sorted(path.name for path in out.iterdir())
    per_language = {
        # home, sections, steps, summary, take-home; idle, attract, PIN pad, staff menu
        lang: 1 + len(pack.sections) + len(pack.walkthrough.steps) + 2 + 4
        for lang, pack in bundled_library.packs.items()
    }
    shapes = len(SHAPES) * len(TEXT_SIZES)
    assert len(files) == sum(per_language.values()) * shapes
    assert all(NAME.match(name) for name in files), [n for n in files if not NAME.match(n)][:5]
    for name in ("es-size5-800x1280-step-01.png", "en-size1-1920x1080-home.png"):
        image = QImage(str(out / name))
        match = NAME.match(name)
        assert (image.width(), image.height()) == (int(match["w"]), int(match["h"]))
