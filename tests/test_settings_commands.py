"""`kiosk config --describe` and `kiosk set-pin`."""

from __future__ import annotations

import io
import stat
import tomllib

import pytest

from kiosk.pin import hash_pin, verify_pin
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
    assert names == {option.name for option in OPTIONS} | {"es"}  # and a per-language example
    path = tmp_path / "kiosk.toml"
    path.write_text(uncommented, encoding="utf-8")
    settings = load_settings(path)
    assert settings.problems == ()
    assert settings.text_for("clinic_name", "es") == "Clínica de Infusión"


def test_set_pin_from_a_pipe_stores_only_the_hash_in_the_pin_store(tmp_path):
    path = tmp_path / "conf" / "kiosk.toml"
    out = io.StringIO()
    assert set_pin(path, stdin=io.StringIO("482916\n"), stream=out) == 0
    store = tmp_path / "conf" / "pin.toml"
    text = store.read_text(encoding="utf-8")
    assert "482916" not in text
    assert "482916" not in out.getvalue()
    assert str(store) in out.getvalue()  # where the kiosk will read it
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert not path.exists()  # the settings file is not needed for a PIN
    settings = load_settings(path)
    assert settings.problems == ()
    assert verify_pin("482916", settings.pin_hash)


def test_set_pin_replaces_the_old_pin_and_leaves_the_settings_file_alone(tmp_path):
    path = tmp_path / "kiosk.toml"
    original = '# our tablet\nclinic_name = "Oncology"\n'
    path.write_text(original, encoding="utf-8")
    assert set_pin(path, stdin=io.StringIO("1111"), stream=io.StringIO()) == 0
    assert set_pin(path, stdin=io.StringIO("2222"), stream=io.StringIO()) == 0
    settings = load_settings(path)
    assert verify_pin("2222", settings.pin_hash)
    assert not verify_pin("1111", settings.pin_hash)
    assert settings.clinic_name == "Oncology"
    assert path.read_text(encoding="utf-8") == original


def test_set_pin_moves_an_old_pin_hash_out_of_the_settings_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'# our tablet\nclinic_name = "Oncology"  # the sign\npin_hash = "{hash_pin("1111")}"\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    assert set_pin(path, stdin=io.StringIO("2222"), stream=out) == 0
    assert f"Removed the old pin_hash line from {path}" in out.getvalue()
    kept = '# our tablet\nclinic_name = "Oncology"  # the sign\n'
    assert path.read_text(encoding="utf-8") == kept
    settings = load_settings(path)
    assert verify_pin("2222", settings.pin_hash)
    assert settings.problems == ()


@pytest.mark.parametrize("pin", ["", "\n", "123", "12ab", "1234567890123", "12 34", "١٢٣٤"])
def test_bad_pin_exits_2_and_writes_nothing(tmp_path, pin):
    path = tmp_path / "kiosk.toml"
    out = io.StringIO()
    assert set_pin(path, stdin=io.StringIO(pin), stream=out) == 2
    assert not path.exists()
    assert not (tmp_path / "pin.toml").exists()
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


def test_set_pin_works_beside_a_broken_settings_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('pin_hash = "old"\nclinic_name = = 1\n', encoding="utf-8")
    out = io.StringIO()
    assert set_pin(path, stdin=io.StringIO("1234"), stream=out) == 0
    assert "left as it was" in out.getvalue()
    assert path.read_text(encoding="utf-8") == 'pin_hash = "old"\nclinic_name = = 1\n'
    assert verify_pin("1234", load_settings(path).pin_hash)


def test_set_pin_that_cannot_write_says_so_and_exits_1(tmp_path):
    (tmp_path / "pin.toml").mkdir()  # a folder where the store should be: cannot be replaced
    out = io.StringIO()
    assert set_pin(tmp_path / "kiosk.toml", stdin=io.StringIO("1234"), stream=out) == 1
    assert "Could not save the PIN" in out.getvalue()
