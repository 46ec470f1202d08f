"""The settings schema: one typed declaration per option; each type parses its own values."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.settings import OPTIONS, Option, Settings
from kiosk.settings.schema import OPTIONS_BY_NAME, PER_LANGUAGE
from kiosk.settings.types import (
    COLOR_PATTERN,
    Bool,
    Choice,
    ClockTime,
    Color,
    FilePath,
    Float,
    Int,
    Invalid,
    Text,
)

EXPECTED = {
    "clinic_name": (Text, "Infusion Clinic"),
    "logo": (FilePath, None),
    "accent_color": (Color, "#1F6F78"),
    "front_desk_message": (Text, ""),
    "attract_text": (Text, ""),
    "idle_seconds": (Int, 90),
    "idle_warning_seconds": (Int, 20),
    "attract_seconds": (Int, 300),
    "default_language": (Text, "en"),
    "default_text_size": (Int, 2),
    "high_contrast": (Bool, False),
    "content_dir": (FilePath, None),
    "hide_cursor": (Bool, False),
    "speech_engine": (Text, ""),
    "reduce_motion": (Bool, False),
    "staff_hold_seconds": (Float, 3.0),
    "hang_seconds": (Float, 30.0),
    "restart_at": (ClockTime, ""),
    "content_public_key": (Text, ""),
    "content_inbox": (FilePath, None),
    "metrics_file": (Text, ""),
    "handout_url": (Text, ""),
    "printer": (Text, ""),
}


def test_every_option_is_a_field_of_settings_declared_once():
    assert [option.name for option in OPTIONS] == list(EXPECTED)
    assert len(OPTIONS_BY_NAME) == len(OPTIONS)
    for option in OPTIONS:
        assert isinstance(option, Option)
        kind, default = EXPECTED[option.name]
        assert (type(option.type), option.default) == (kind, default)
        assert getattr(Settings.defaults(), option.name) == default


def test_settings_are_frozen():
    settings = Settings.defaults()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.clinic_name = "X"  # type: ignore[misc]


def test_bounds_match_the_spec():
    bounds = {o.name: o.bounds for o in OPTIONS if isinstance(o.type, Int | Float)}
    assert bounds == {
        "idle_seconds": "15 to 3600",
        "idle_warning_seconds": "20 to 120",  # WCAG 2.2.1: 20 s to ask for more time
        "attract_seconds": "30 to 86400",
        "default_text_size": "1 to 5",
        "staff_hold_seconds": "1 to 10",
        "hang_seconds": "3 to 600",
    }


def test_defaults_are_valid_for_their_own_option(tmp_path):
    for option in OPTIONS:
        raw = "" if option.default is None else option.default
        assert option.type.parse(raw, tmp_path) == option.default


def test_descriptions_are_one_line():
    for option in OPTIONS:
        assert option.description.strip()
        assert "\n" not in option.description


def test_the_pin_is_not_a_setting():  # it lives in its own store (kiosk/pin_store.py)
    assert "pin_hash" not in OPTIONS_BY_NAME
    assert not any(option.secret for option in OPTIONS)


def test_clinic_text_can_be_given_per_language():
    assert PER_LANGUAGE == ("clinic_name", "front_desk_message", "attract_text")


@pytest.mark.parametrize(
    ("kind", "raw", "reason"),
    [
        (Int(15, 3600), 5, "is below the minimum 15"),
        (Int(15, 3600), 4000, "is above the maximum 3600"),
        (Int(), True, "is not a whole number"),
        (Int(), 2.5, "is not a whole number"),
        (Float(1, 10), float("nan"), "is not a finite number"),
        (Float(), "3", "is not a number"),
        (Bool(), 1, "is not true or false"),
        (Color(), "teal", 'is not a colour like "#1F6F78"'),
        (Text(), 42, "is not text in quotes"),
        (Text(max_chars=5), "abcdef", "is 6 characters long, over the limit of 5"),
        (Choice(("calm", "bold")), "clam", 'is not one of "calm", "bold" (did you mean "calm"?)'),
        (FilePath(), 3, "is not a path in quotes"),
        (FilePath(), "missing.png", "was not found"),
        (ClockTime(), "25:00", 'is not a time like "03:00" (24-hour)'),
        (ClockTime(), 300, 'is not a time like "03:00" (24-hour)'),
    ],
)
def test_each_type_explains_its_own_mistakes(tmp_path, kind, raw, reason):
    with pytest.raises(Invalid) as caught:
        kind.parse(raw, tmp_path)
    assert str(caught.value).startswith(reason)


def test_each_type_parses_good_values(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"x")
    assert Int(1, 5).parse(5, tmp_path) == 5
    assert Float().parse(2, tmp_path) == 2.0 and isinstance(Float().parse(2, tmp_path), float)
    assert Color().parse("#aabbcc", tmp_path) == "#AABBCC"
    assert FilePath().parse("logo.png", tmp_path) == tmp_path / "logo.png"
    assert FilePath().parse("  ", tmp_path) is None
    assert FilePath().parse(str(tmp_path / "logo.png"), Path("/elsewhere")) == tmp_path / "logo.png"
    assert COLOR_PATTERN.fullmatch("#1F6F78")


def test_text_for_falls_back_to_the_top_level_value():
    settings = Settings.defaults().replace(
        clinic_name="Riverside", texts={"es": {"clinic_name": "Ribera"}}
    )
    assert settings.text_for("clinic_name", "es") == "Ribera"
    assert settings.text_for("clinic_name", "en") == "Riverside"
    assert settings.text_for("front_desk_message", "es") == ""  # the pack's own words
    with pytest.raises(KeyError):
        settings.text_for("idle_seconds", "es")
