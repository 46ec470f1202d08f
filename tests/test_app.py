"""The entry chain: which settings file and content folder the kiosk uses."""

from __future__ import annotations

import argparse

from kiosk import app, resources
from kiosk.settings import Settings


def args(**values) -> argparse.Namespace:
    return argparse.Namespace(config=values.get("config"), content=values.get("content"))


def test_config_flag_wins(tmp_path):
    chosen = tmp_path / "chosen.toml"
    assert app.settings_path(args(config=chosen)) == chosen


def test_bundled_settings_are_used_when_the_user_has_none(tmp_path, monkeypatch):
    bundled = tmp_path / "kiosk.toml"
    bundled.write_text('clinic_name = "Lakeside"\n', encoding="utf-8")
    monkeypatch.setattr(resources, "bundled_settings", lambda: bundled)
    assert app.settings_path(args()) == bundled


def test_the_users_settings_win_over_the_bundled_ones(tmp_path, monkeypatch):
    bundled = tmp_path / "kiosk.toml"
    bundled.write_text('clinic_name = "Lakeside"\n', encoding="utf-8")
    monkeypatch.setattr(resources, "bundled_settings", lambda: bundled)
    user = app.default_config_path()
    user.parent.mkdir(parents=True)
    user.write_text('clinic_name = "Mine"\n', encoding="utf-8")
    assert app.settings_path(args()) == user


def test_content_folder_order(tmp_path):
    settings = Settings.defaults(tmp_path / "kiosk.toml")
    assert app.content_folder(args(), settings) == resources.content_dir()
    assert app.content_folder(args(content=tmp_path), settings) == tmp_path
    other = settings.replace(content_dir=tmp_path / "c")
    assert app.content_folder(args(), other) == tmp_path / "c"
