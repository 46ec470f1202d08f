"""`kiosk config --describe` and `kiosk set-pin`."""

from __future__ import annotations

import io
import tomllib

import pytest

from kiosk.pin import verify_pin
from kiosk.settings import OPTIONS, load_settings
from kiosk.settings.commands import describe, set_pin


class TerminalInput(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_describe_lists_every_option():
    out = io.StringIO()
    assert describe(out) == 0
    text = out.getvalue()
    for option in OPTIONS:
        assert option.name in text
        assert option.description in text
    assert "15 to 3600" in text
    assert "whole number" in text


def test_describe_is_a_template_that_loads_as_all_defaults(tmp_path):
    out = io.StringIO()
    describe(out)
    text = out.getvalue()
    assert "pin_hash =" not in text.replace("# pin_hash =", "")
    assert all(line == "" or line.startswith("#") for line in text.splitlines())
    # Descriptions start with "# "; the settings themselves with "#name = ".
    settings_lines = [line for line in text.splitlines() if line.startswith("#") and line[1] != " "]
    uncommented = "\n".join(line[1:] for line in settings_lines)
    names = set(tomllib.loads(uncommented))
    assert names == {option.name for option in OPTIONS if not option.secret}
    path = tmp_path / "kiosk.toml"
    path.write_text(uncommented, encoding="utf-8")
    settings = load_settings(path)
    assert settings.problems == []


def test_set_pin_from_a_pipe_stores_only_the_hash(tmp_path):
    path = tmp_path / "conf" / "kiosk.toml"
    out = io.StringIO()
    assert set_pin(path, stdin=io.StringIO("482916\n"), stream=out) == 0
    text = path.read_text(encoding="utf-8")
    assert "482916" not in text
    assert "482916" not in out.getvalue()
    assert str(path) in out.getvalue()
    settings = load_settings(path)
    assert settings.problems == []
    assert verify_pin("482916", settings.pin_hash)


def test_set_pin_replaces_the_old_pin_and_keeps_the_rest(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('# our tablet\nclinic_name = "Oncology"\n', encoding="utf-8")
    assert set_pin(path, stdin=io.StringIO("1111"), stream=io.StringIO()) == 0
    assert set_pin(path, stdin=io.StringIO("2222"), stream=io.StringIO()) == 0
    settings = load_settings(path)
    assert verify_pin("2222", settings.pin_hash)
    assert not verify_pin("1111", settings.pin_hash)
    assert settings.clinic_name == "Oncology"
    assert path.read_text(encoding="utf-8").startswith("# our tablet\n")


@pytest.mark.parametrize("pin", ["", "\n", "123", "12ab", "1234567890123", "12 34", "١٢٣٤"])
def test_bad_pin_exits_2_and_writes_nothing(tmp_path, pin):
    path = tmp_path / "kiosk.toml"
    out = io.StringIO()
    assert set_pin(path, stdin=io.StringIO(pin), stream=out) == 2
    assert not path.exists()
    assert out.getvalue().strip()
    if pin.strip():
        assert pin.strip() not in out.getvalue()


def test_set_pin_on_a_terminal_asks_twice(tmp_path, monkeypatch):
    answers = iter(["7531", "7531"])
    prompts = []
    monkeypatch.setattr(
        "getpass.getpass", lambda prompt, stream=None: prompts.append(prompt) or next(answers)
    )
    path = tmp_path / "kiosk.toml"
    assert set_pin(path, stdin=TerminalInput(), stream=io.StringIO()) == 0
    assert len(prompts) == 2
    assert verify_pin("7531", load_settings(path).pin_hash)


def test_set_pin_on_a_terminal_needs_matching_pins(tmp_path, monkeypatch):
    answers = iter(["7531", "7532"])
    monkeypatch.setattr("getpass.getpass", lambda prompt, stream=None: next(answers))
    path = tmp_path / "kiosk.toml"
    out = io.StringIO()
    assert set_pin(path, stdin=TerminalInput(), stream=out) == 2
    assert "differ" in out.getvalue()
    assert not path.exists()


def test_set_pin_reports_a_broken_settings_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("clinic_name = = 1\n", encoding="utf-8")
    out = io.StringIO()
    assert set_pin(path, stdin=io.StringIO("1234"), stream=out) == 1
    assert "not valid TOML" in out.getvalue()
    assert path.read_text(encoding="utf-8") == "clinic_name = = 1\n"
