"""Loading the settings file: defaults, every bad value at once, broken files; writing the PIN."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from kiosk.pin import hash_pin
from kiosk.problems import Severity
from kiosk.settings import OPTIONS, Settings, default_config_path, load_settings
from kiosk.settings.store import key_line, remove_legacy_pin

DEFAULTS = {option.name: option.default for option in OPTIONS}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_default_config_path_is_in_the_user_config_folder():
    path = default_config_path()
    assert path.name == "kiosk.toml"
    assert path.parent.name == "kiosk"


def test_missing_file_gives_defaults_and_no_problem(tmp_path):
    settings = load_settings(tmp_path / "nope.toml")
    assert settings.problems == ()
    assert settings.sources == {}
    assert settings.path == tmp_path / "nope.toml"
    for name, value in DEFAULTS.items():
        assert getattr(settings, name) == value


def test_good_values_are_used(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "content").mkdir()
    path = write(
        tmp_path / "kiosk.toml",
        'clinic_name = "Oncology"\nlogo = "logo.png"\naccent_color = "#aabbcc"\n'
        "idle_seconds = 120\nstaff_hold_seconds = 2\nhigh_contrast = true\n"
        'content_dir = "content"\n',
    )
    settings = load_settings(path)
    assert settings.problems == ()
    assert settings.clinic_name == "Oncology"
    assert settings.logo == tmp_path / "logo.png"
    assert settings.content_dir == tmp_path / "content"
    assert settings.accent_color == "#AABBCC"
    assert settings.idle_seconds == 120
    assert settings.staff_hold_seconds == 2.0
    assert isinstance(settings.staff_hold_seconds, float)
    assert settings.high_contrast is True
    assert set(settings.sources) == {
        "clinic_name", "logo", "accent_color", "idle_seconds",
        "staff_hold_seconds", "high_contrast", "content_dir",
    }  # fmt: skip
    assert set(settings.sources.values()) == {path}


def test_every_bad_value_is_reported_at_once_with_line_and_default(tmp_path):
    path = write(
        tmp_path / "kiosk.toml",
        "# lobby tablet\n"
        "clinic_name = 42\n"  # 2
        'accent_color = "teal"\n'  # 3
        "idle_seconds = 5\n"  # 4
        "idle_warning_seconds = 500\n"  # 5
        'attract_seconds = "soon"\n'  # 6
        "default_text_size = 2.5\n"  # 7
        'high_contrast = "yes"\n'  # 8
        "staff_hold_seconds = nan\n"  # 9
        'logo = "missing.png"\n'  # 10
        "hide_cursor = 1\n"  # 11
        "reduce_motion = true\n",  # 12: good
    )
    settings = load_settings(path)
    found = {problem.line: str(problem) for problem in settings.problems}
    assert sorted(found) == list(range(2, 12))
    assert all(problem.severity is Severity.WARNING for problem in settings.problems)
    assert all(problem.path == path for problem in settings.problems)
    expected = {
        2: ("clinic_name = 42", '"Infusion Clinic"'),
        3: ('accent_color = "teal"', '"#1F6F78"'),
        4: ("idle_seconds = 5", "minimum 15", "default 90"),
        5: ("idle_warning_seconds = 500", "maximum 120", "default 20"),
        6: ('attract_seconds = "soon"', "default 300"),
        7: ("default_text_size = 2.5", "default 2"),
        8: ('high_contrast = "yes"', "default false"),
        9: ("staff_hold_seconds = nan", "default 3.0"),
        10: ('logo = "missing.png"', "not found"),
        11: ("hide_cursor = 1", "default false"),
    }
    for line, words in expected.items():
        assert f"{path}:{line}: warning:" in found[line]
        for word in words:
            assert word in found[line], found[line]
    for name in ("clinic_name", "accent_color", "idle_seconds", "staff_hold_seconds", "logo"):
        assert getattr(settings, name) == DEFAULTS[name]
    assert settings.reduce_motion is True
    assert set(settings.sources) == {"reduce_motion"}


def test_unknown_key_gets_a_hint_and_is_ignored(tmp_path):
    path = write(tmp_path / "kiosk.toml", 'clinic_name = "A"\n\nidle_secnds = 30\n')
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.line == 3
    assert problem.severity is Severity.WARNING
    assert 'unknown setting "idle_secnds"' in problem.message
    assert '(did you mean "idle_seconds"?)' in problem.message
    assert settings.idle_seconds == 90
    assert settings.clinic_name == "A"


def test_a_table_is_reported_as_unknown(tmp_path):
    path = write(tmp_path / "kiosk.toml", "high_contrast = true\n[display]\nhide_cursor = true\n")
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.line == 2
    assert "[display]" in problem.message
    assert settings.hide_cursor is False
    assert settings.high_contrast is True


def test_broken_toml_is_one_error_with_its_line_and_the_file_adds_nothing(tmp_path):
    path = write(tmp_path / "kiosk.toml", 'clinic_name = "A"\nidle_seconds = = 4\n')
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.severity is Severity.ERROR
    assert problem.line == 2
    assert "not valid TOML" in problem.message
    assert "its settings are ignored" in problem.message
    assert settings.clinic_name == "Infusion Clinic"
    assert settings.sources == {}


def test_not_utf8_is_one_error(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'clinic_name = "A"\nclinic_name = "\xe9"\n')
    [problem] = load_settings(path).problems
    assert problem.severity is Severity.ERROR
    assert problem.line == 2
    assert "UTF-8" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes: POSIX")
def test_a_named_pipe_for_a_settings_file_is_one_error_at_once(tmp_path):
    """Opening a named pipe waits for a writer: the kiosk would never start."""
    os.mkfifo(tmp_path / "kiosk.toml")
    [problem] = load_settings(tmp_path / "kiosk.toml").problems
    assert problem.severity is Severity.ERROR and "named pipe" in problem.message


def test_unreadable_file_is_one_error(tmp_path):
    folder = tmp_path / "kiosk.toml"
    folder.mkdir()  # reading a folder fails on every system
    settings = load_settings(folder)
    [problem] = settings.problems
    assert problem.severity is Severity.ERROR
    assert "cannot be read" in problem.message
    assert settings.idle_seconds == 90


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_bytes('\ufeffclinic_name = "Clínica"\n'.encode())
    settings = load_settings(path)
    assert settings.problems == ()
    assert settings.clinic_name == "Clínica"


def test_an_old_pin_hash_in_the_settings_file_is_still_the_pin(tmp_path):
    stored = hash_pin("2468")
    path = write(tmp_path / "kiosk.toml", f'clinic_name = "A"\npin_hash = "{stored}"\n')
    settings = load_settings(path)
    assert settings.pin_hash == stored
    assert settings.pin.legacy == path
    [problem] = settings.problems
    assert "kiosk set-pin" in problem.message
    assert stored not in str(problem)
    assert settings.clinic_name == "A"


def test_an_old_pin_hash_survives_a_typo_elsewhere_in_its_file(tmp_path):
    stored = hash_pin("2468")
    path = write(tmp_path / "kiosk.toml", f'pin_hash = "{stored}"\nclinic_name = "A\n')
    settings = load_settings(path)
    assert settings.pin_hash == stored
    assert settings.pin.required
    assert settings.clinic_name == "Infusion Clinic"


def test_an_old_pin_hash_that_is_not_a_hash_keeps_the_staff_exit_shut(tmp_path):
    path = write(tmp_path / "kiosk.toml", 'pin_hash = "1234"\n')
    settings = load_settings(path)
    assert settings.pin.required
    assert settings.pin.damaged
    assert settings.pin.guard().check("1234") == "damaged"
    assert all("1234" not in str(problem) for problem in settings.problems)
    assert any("kiosk set-pin" in problem.message for problem in settings.problems)


def test_repr_hides_the_pin_hash(tmp_path):
    settings = Settings.defaults(tmp_path / "k.toml").replace(pin_hash="scrypt$secret")
    assert "scrypt$secret" not in repr(settings)


def test_replace_and_defaults(tmp_path):
    settings = Settings.defaults(tmp_path / "k.toml")
    changed = settings.replace(idle_seconds=20, high_contrast=True)
    assert (changed.idle_seconds, changed.high_contrast) == (20, True)
    assert settings.idle_seconds == 90
    assert changed.path == tmp_path / "k.toml"
    with pytest.raises(TypeError):
        settings.replace(idle_secs=3)
    with pytest.raises(AttributeError):
        _ = settings.idle_secnds  # type: ignore[attr-defined]


def test_key_line_finds_top_level_keys_and_tables():
    text = '# c\n"idle_seconds" = 3\n[t]\nlogo = "x"\n[logo]\n'
    assert key_line(text, "idle_seconds") == 2
    assert key_line(text, "logo") == 5
    assert key_line(text, "missing") is None


def test_key_line_finds_keys_in_a_language_table():
    text = (
        'es.attract_text = "x"\nclinic_name = "A"\n'
        '[fr]\nclinic_name = "B"\n[es]\nclinic_name = "C"\n'
    )
    assert key_line(text, "clinic_name", table="es") == 6
    assert key_line(text, "clinic_name", table="fr") == 4
    assert key_line(text, "attract_text", table="es") == 1
    assert key_line(text, "clinic_name") == 2


def test_remove_legacy_pin_keeps_comments_and_other_keys(tmp_path):
    path = write(
        tmp_path / "kiosk.toml",
        "# Clinic lobby tablet, ask Sam before changing\n"
        'clinic_name = "Oncology"  # shown at the top\n'
        'pin_hash = "old"\n'
        '\n# timers\nidle_seconds = 120\n\n[notes]\nowner = "IT"\n',
    )
    assert remove_legacy_pin(path) is True
    text = path.read_text(encoding="utf-8")
    for comment in ("# Clinic lobby tablet, ask Sam before changing", "# shown at the top"):
        assert comment in text
    assert "# timers" in text
    assert tomllib.loads(text) == {
        "clinic_name": "Oncology",
        "idle_seconds": 120,
        "notes": {"owner": "IT"},
    }
    assert remove_legacy_pin(path) is False
    assert remove_legacy_pin(tmp_path / "missing.toml") is False


def test_remove_legacy_pin_leaves_a_broken_file_alone(tmp_path):
    path = write(tmp_path / "kiosk.toml", 'pin_hash = "x"\nclinic_name = = 1\n')
    with pytest.raises(ValueError, match="not valid TOML"):
        remove_legacy_pin(path)
    assert path.read_text(encoding="utf-8") == 'pin_hash = "x"\nclinic_name = = 1\n'
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.toml"]


def test_a_table_named_after_a_language_gives_clinic_text_in_that_language(tmp_path):
    path = write(
        tmp_path / "kiosk.toml",
        'clinic_name = "Riverside Clinic"\nfront_desk_message = "Tell Ana at the desk."\n'
        '\n[es]\nclinic_name = "Clínica Ribera"\nfront_desk_message = "Avise a Ana."\n'
        'attract_text = "Toque para empezar"\nidle_seconds = 30\nclinic_name_x = 1\n'
        "\n[fr]\nclinic_name = 7\n",
    )
    settings = load_settings(path)
    assert settings.text_for("clinic_name", "es") == "Clínica Ribera"
    assert settings.text_for("front_desk_message", "es") == "Avise a Ana."
    assert settings.text_for("attract_text", "es") == "Toque para empezar"
    assert settings.text_for("clinic_name", "en") == "Riverside Clinic"
    assert settings.text_for("attract_text", "en") == ""
    assert settings.text_for("clinic_name", "fr") == "Riverside Clinic"  # 7 is not text
    assert settings.idle_seconds == 90  # not a per-language option
    found = {problem.line: problem.message for problem in settings.problems}
    assert sorted(found) == [8, 9, 12]
    assert found[8].startswith('[es] "idle_seconds" cannot be given per language')
    assert 'did you mean "clinic_name"' in found[9]
    assert found[12].startswith("[fr] clinic_name = 7 is not text in quotes; using")
    assert '"Riverside Clinic" from' in found[12]


def test_a_settings_file_nested_500_deep_is_refused_by_name_and_line(tmp_path):
    path = write(tmp_path / "kiosk.toml", 'clinic_name = "A"\nx = ' + "[" * 500 + "]" * 500 + "\n")
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.severity is Severity.ERROR
    assert problem.path == path and problem.line == 2
    assert "deeper than 8 levels (max_settings_depth)" in problem.message
    assert settings.clinic_name == "Infusion Clinic"


def test_brackets_inside_strings_and_comments_are_not_nesting(tmp_path):
    deep = "[" * 40
    path = write(
        tmp_path / "kiosk.toml",
        f"clinic_name = \"{deep}\"  # {deep}\nfront_desk_message = '{deep}'\n"
        f'attract_text = """\n{deep}\n"""\n',
    )
    settings = load_settings(path)
    assert settings.problems == ()
    assert settings.clinic_name == deep


def test_a_huge_settings_file_is_refused_whole_before_it_is_read(tmp_path):
    path = tmp_path / "kiosk.toml"
    with open(path, "w", encoding="utf-8") as file:
        file.write('clinic_name = "')
        file.write("x" * 50_000_000)
        file.write('"\n')
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.severity is Severity.ERROR
    assert "is 50,000,017 bytes, over the limit of 256,000 bytes (max_settings_bytes)" in str(
        problem
    )
    assert settings.clinic_name == "Infusion Clinic"


def test_a_long_value_is_refused_with_its_key_and_limit(tmp_path):
    path = write(
        tmp_path / "kiosk.toml", 'clinic_name = "' + "x" * 200_000 + '"\nidle_seconds = 60\n'
    )
    settings = load_settings(path)
    [problem] = settings.problems
    assert problem.line == 1
    assert problem.message.startswith('clinic_name = "xxx')
    assert "is 200,000 characters long, over the limit of 2,000 (max_setting_chars)" in (
        problem.message
    )
    assert settings.clinic_name == "Infusion Clinic"
    assert settings.idle_seconds == 60
