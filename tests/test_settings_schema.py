"""The settings schema: one declaration per option, each one consistent with itself."""

from __future__ import annotations

from kiosk.settings import OPTIONS, Option
from kiosk.settings.schema import COLOR_PATTERN, KIND_NAMES, OPTIONS_BY_NAME

EXPECTED = {
    "clinic_name": (str, "Infusion Clinic"),
    "logo": ("path", ""),
    "accent_color": ("color", "#1F6F78"),
    "front_desk_message": (str, ""),
    "idle_seconds": (int, 90),
    "idle_warning_seconds": (int, 15),
    "attract_seconds": (int, 300),
    "default_language": (str, "en"),
    "default_text_size": (int, 2),
    "high_contrast": (bool, False),
    "content_dir": ("path", ""),
    "hide_cursor": (bool, False),
    "speech_engine": (str, ""),
    "reduce_motion": (bool, False),
    "staff_hold_seconds": (float, 3.0),
    "hang_seconds": (float, 30.0),
    "restart_at": (str, ""),
    "content_public_key": (str, ""),
    "content_inbox": ("path", ""),
    "metrics_file": (str, ""),
    "handout_url": (str, ""),
    "printer": (str, ""),
}


def test_every_option_is_declared_once_with_its_type_and_default():
    assert [option.name for option in OPTIONS] == list(EXPECTED)
    assert len(OPTIONS_BY_NAME) == len(OPTIONS)
    for option in OPTIONS:
        assert isinstance(option, Option)
        assert (option.type, option.default) == EXPECTED[option.name]


def test_bounds_match_the_spec():
    bounds = {o.name: (o.minimum, o.maximum) for o in OPTIONS if o.minimum is not None}
    assert bounds == {
        "idle_seconds": (15, 3600),
        "idle_warning_seconds": (5, 120),
        "attract_seconds": (30, 86400),
        "default_text_size": (1, 5),
        "staff_hold_seconds": (1, 10),
        "hang_seconds": (3, 600),
    }


def test_defaults_are_valid_for_their_own_option():
    for option in OPTIONS:
        assert option.type in KIND_NAMES
        if option.type in (int, float):
            assert isinstance(option.default, option.type)
            assert option.minimum <= option.default <= option.maximum
        elif option.type is bool:
            assert isinstance(option.default, bool)
        else:
            assert isinstance(option.default, str)
        if option.type == "color":
            assert COLOR_PATTERN.fullmatch(option.default)


def test_descriptions_are_one_line():
    for option in OPTIONS:
        assert option.description.strip()
        assert "\n" not in option.description


def test_the_pin_is_not_a_setting():  # it lives in its own store (kiosk/pin_store.py)
    assert "pin_hash" not in OPTIONS_BY_NAME


def test_bounds_in_words():
    assert OPTIONS_BY_NAME["idle_seconds"].bounds == "15 to 3600"
    assert OPTIONS_BY_NAME["clinic_name"].bounds == ""
    assert Option("x", str, "a", "d", choices=("a", "b")).bounds == 'one of "a", "b"'
    assert Option("x", int, 1, "d", minimum=1).bounds == "at least 1"
