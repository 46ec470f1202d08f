"""The entry chain: which content folder the kiosk uses (settings layers: test_settings_layers)."""

from __future__ import annotations

import argparse

from kiosk import app, resources
from kiosk.settings import Settings


def args(**values) -> argparse.Namespace:
    return argparse.Namespace(config=values.get("config"), content=values.get("content"))


def test_content_folder_order(tmp_path):
    settings = Settings.defaults(tmp_path / "kiosk.toml")
    assert app.content_folder(args(), settings) == resources.content_dir()
    assert app.content_folder(args(content=tmp_path), settings) == tmp_path
    other = settings.replace(content_dir=tmp_path / "c")
    assert app.content_folder(args(), other) == tmp_path / "c"
