"""Settings in layers, per key: the bundled file, then the user's file, then --config; the PIN
store beside the most specific file; `kiosk config --show` says where each value came from."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from kiosk import resources
from kiosk.pin import verify_pin
from kiosk.problems import Severity
from kiosk.settings import default_config_path, load_settings
from kiosk.settings.commands import set_pin, show
from kiosk.settings.locations import layer_paths

BUNDLED = """\
# Riverside build: branding for every tablet (ask Sam before changing)
clinic_name = "Riverside Infusion"   # the sign over the door
accent_color = "#225588"
idle_seconds = 120
front_desk_message = "Tell Ana at the front desk."

[es]
clinic_name = "Infusiones Ribera"
"""


@pytest.fixture
def bundled(tmp_path, monkeypatch):
    path = tmp_path / "bundle" / "kiosk.toml"
    path.parent.mkdir()
    path.write_text(BUNDLED, encoding="utf-8")
    monkeypatch.setattr(resources, "bundled_settings", lambda: path)
    return path


@pytest.fixture
def user():
    path = default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_layers_are_bundled_then_user_then_config(bundled, user, tmp_path):
    assert layer_paths(None) == [bundled, user]
    assert layer_paths(tmp_path / "x.toml") == [bundled, user, tmp_path / "x.toml"]
    assert layer_paths(user) == [bundled, user]  # the same file once


def test_each_key_comes_from_the_most_specific_file_that_sets_it(bundled, user, tmp_path):
    user.write_text("idle_seconds = 60\nhigh_contrast = true\n", encoding="utf-8")
    config = tmp_path / "lobby.toml"
    config.write_text("idle_seconds = 45\n", encoding="utf-8")
    settings = load_settings(config)
    assert settings.problems == ()
    assert settings.clinic_name == "Riverside Infusion"
    assert settings.accent_color == "#225588"
    assert settings.high_contrast is True
    assert settings.idle_seconds == 45
    assert settings.sources == {
        "clinic_name": bundled,
        "accent_color": bundled,
        "front_desk_message": bundled,
        "idle_seconds": config,
        "high_contrast": user,
    }
    assert settings.path == config
    assert settings.text_for("clinic_name", "es") == "Infusiones Ribera"


def test_a_bad_value_falls_back_to_the_next_layer_not_the_default(bundled, user):
    user.write_text('# mine\nidle_seconds = 5\naccent_color = "teal"\n', encoding="utf-8")
    settings = load_settings()
    assert settings.idle_seconds == 120
    assert settings.accent_color == "#225588"
    found = {problem.line: problem for problem in settings.problems}
    assert sorted(found) == [2, 3]
    assert all(problem.path == user for problem in found.values())
    assert found[2].message == (
        f"idle_seconds = 5 is below the minimum 15; using 120 from {bundled}"
    )
    assert found[3].message.endswith(f'using "#225588" from {bundled}')


def test_a_file_with_a_syntax_error_adds_nothing_and_the_others_still_apply(bundled, user):
    user.write_text('idle_seconds = 60\nclinic_name = "Lobby\n', encoding="utf-8")
    settings = load_settings()
    [problem] = settings.problems
    assert (problem.path, problem.line, problem.severity) == (user, 2, Severity.ERROR)
    assert "not valid TOML" in problem.message
    assert settings.clinic_name == "Riverside Infusion"  # the branding stays
    assert settings.idle_seconds == 120  # the broken file's good line is not used either


def test_every_bad_value_in_every_layer_is_reported_at_once(bundled, user, tmp_path):
    bundled.write_text("idle_seconds = 2\nhide_cursor = 3\n", encoding="utf-8")
    user.write_text('reduce_motion = "yes"\n', encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text("default_text_size = 9\n", encoding="utf-8")
    settings = load_settings(config)
    where = [(problem.path, problem.line) for problem in settings.problems]
    assert where == [(bundled, 1), (bundled, 2), (user, 1), (config, 1)]


def test_a_per_language_text_yields_to_a_more_specific_top_level_value(bundled, user):
    user.write_text('clinic_name = "Lakeside"\n', encoding="utf-8")
    settings = load_settings()
    assert settings.text_for("clinic_name", "es") == "Lakeside"  # not the bundled Spanish name


def test_set_pin_with_bundled_settings_keeps_every_bundled_key_and_comment(bundled, user):
    out = io.StringIO()
    assert set_pin(None, stdin=io.StringIO("2468\n"), stream=out) == 0
    store = user.parent / "pin.toml"
    assert f"in {store}." in out.getvalue()  # where the running kiosk reads it
    assert bundled.read_text(encoding="utf-8") == BUNDLED
    assert not user.exists()  # no settings file that would hide the bundled one
    settings = load_settings()
    assert verify_pin("2468", settings.pin_hash)
    assert settings.pin.store == store
    assert (settings.clinic_name, settings.accent_color, settings.idle_seconds) == (
        "Riverside Infusion",
        "#225588",
        120,
    )
    assert settings.front_desk_message == "Tell Ana at the front desk."
    assert settings.text_for("clinic_name", "es") == "Infusiones Ribera"


def test_set_pin_with_config_writes_beside_that_file(bundled, tmp_path):
    config = tmp_path / "lobby" / "kiosk.toml"
    out = io.StringIO()
    assert set_pin(config, stdin=io.StringIO("1357"), stream=out) == 0
    assert str(tmp_path / "lobby" / "pin.toml") in out.getvalue()
    assert verify_pin("1357", load_settings(config).pin_hash)
    assert load_settings().pin_hash == ""  # the user's kiosk has no PIN


def test_an_old_pin_in_the_bundled_file_still_counts(bundled, user):
    from kiosk.pin import hash_pin

    stored = hash_pin("2468")
    bundled.write_text(f'clinic_name = "A"\npin_hash = "{stored}"\n', encoding="utf-8")
    settings = load_settings()
    assert settings.pin_hash == stored
    assert settings.pin.legacy == bundled


def test_config_show_prints_each_value_and_its_file(bundled, user, tmp_path):
    user.write_text('idle_seconds = 60\n[es]\nattract_text = "Toque"\n', encoding="utf-8")
    assert set_pin(None, stdin=io.StringIO("2468"), stream=io.StringIO()) == 0
    out = io.StringIO()
    assert show(None, out) == 0
    text = out.getvalue()
    lines = text.splitlines()
    assert f'clinic_name = "Riverside Infusion"  # from {bundled}' in lines
    assert f"idle_seconds = 60  # from {user}" in lines
    assert "high_contrast = false  # default" in lines
    assert 'logo = ""  # default' in lines
    assert f'attract_text = "Toque"  # from {user}' in lines
    assert f"# staff PIN: set (hidden), from {user.parent / 'pin.toml'}" in lines
    assert "scrypt" not in text  # the hash is never shown
    assert "# problems: none" in lines
    assert f"#   {bundled}" in lines and f"#   {user}" in lines


def test_config_show_on_the_command_line_names_problems_and_exits_1_on_errors(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("idle_seconds = = 3\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "--show", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "idle_seconds = 90  # default" in done.stdout
    assert f"#   {config}:1: error: is not valid TOML" in done.stdout
    assert "# staff PIN: not set (set one with: kiosk set-pin --config" in done.stdout
