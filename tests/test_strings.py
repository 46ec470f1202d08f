"""The words the kiosk shows, and language.toml translating them."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from kiosk.content.strings import DEFAULT_STRINGS, load_language_file
from kiosk.problems import Severity

REPO = Path(__file__).resolve().parent.parent


def toml(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "language.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_default_strings_are_plain_text():
    assert DEFAULT_STRINGS
    for key, text in DEFAULT_STRINGS.items():
        assert key.isidentifier() and text.strip(), key
        list(string.Formatter().parse(text))  # braces are well formed


def test_placeholders_the_kiosk_fills_in():
    assert DEFAULT_STRINGS["step_of"].format(n=1, total=3) == "Step 1 of 3"
    assert "5" in DEFAULT_STRINGS["returning_in"].format(seconds=5)


def test_missing_file_is_nothing_and_no_problem(tmp_path):
    assert load_language_file(tmp_path / "language.toml") == (None, {}, None, [])


def test_name_code_and_words(tmp_path):
    path = toml(tmp_path, 'name = "Español"\ncode = "es"\n\n[ui]\nhome = "Inicio"\n')
    assert load_language_file(path) == ("Español", {"home": "Inicio"}, "es", [])


def test_byte_order_mark_is_fine(tmp_path):
    path = toml(tmp_path, '\ufeffname = "Español"\n'.encode())
    assert load_language_file(path)[0] == "Español"


def test_unknown_ui_key_with_hint_and_line(tmp_path):
    path = toml(tmp_path, 'name = "X"\n[ui]\nhome = "H"\nhoem = "x"\n')
    _, words, _, [problem] = load_language_file(path)
    assert words == {"home": "H"}
    assert problem.severity is Severity.WARNING and problem.line == 4
    assert problem.message == 'unknown ui key "hoem" (did you mean "home"?)'


@pytest.mark.parametrize("value", ["3", '""', '"   "', "[1]"])
def test_ui_value_must_be_text(tmp_path, value):
    path = toml(tmp_path, f"[ui]\nback = {value}\n")
    _, words, _, [problem] = load_language_file(path)
    assert words == {} and problem.line == 2 and 'ui key "back" should be text' in problem.message


def test_ui_that_is_not_a_table(tmp_path):
    path = toml(tmp_path, 'name = "X"\nui = "oops"\n')
    name, words, _, [problem] = load_language_file(path)
    assert name == "X" and words == {}
    assert problem.line == 2 and '"ui" should be a table' in problem.message


def test_unknown_top_level_key(tmp_path):
    path = toml(tmp_path, 'nmae = "X"\n')
    [problem] = load_language_file(path)[3]
    assert problem.line == 1 and problem.message == 'unknown key "nmae" (did you mean "name"?)'


def test_name_must_be_text(tmp_path):
    name, _, code, [problem] = load_language_file(toml(tmp_path, 'name = 5\ncode = "es"\n'))
    assert name is None and code == "es" and '"name" should be text, not 5' in problem.message


@pytest.mark.parametrize(("text", "line"), [('name = "x\n', 1), ('a = "1"\nname = \n', 2)])
def test_broken_toml_is_an_error_with_line(tmp_path, text, line):
    name, words, code, [problem] = load_language_file(toml(tmp_path, text))
    assert (name, words, code) == (None, {}, None)
    assert problem.severity is Severity.ERROR and problem.line == line
    assert problem.message.startswith("broken TOML: ") and "(at line" not in problem.message


def test_broken_toml_at_end_of_document(tmp_path):
    [problem] = load_language_file(toml(tmp_path, "ui = [\n"))[3]
    assert problem.severity is Severity.ERROR and problem.message.startswith("broken TOML")


def test_deeply_nested_toml_does_not_raise(tmp_path):
    [problem] = load_language_file(toml(tmp_path, "a = " + "[" * 50_000 + "]" * 50_000))[3]
    assert problem.severity is Severity.ERROR


def test_not_utf8_is_an_error_with_line(tmp_path):
    [problem] = load_language_file(toml(tmp_path, b'name = "x"\n[ui]\nhome = "\xe9"\n'))[3]
    assert problem.severity is Severity.ERROR and problem.line == 3 and "UTF-8" in problem.message


def test_unreadable_file_is_an_error(tmp_path):
    (tmp_path / "language.toml").mkdir()
    [problem] = load_language_file(tmp_path / "language.toml")[3]
    assert problem.severity is Severity.ERROR and "cannot be read" in problem.message


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("step_of", "Paso {num} de {total}", "unknown {num}"),
        ("step_of", "Paso {0} de {1}", "unknown {0}"),
        ("returning_in", "En {seconds segundos", "without its partner"),
        ("home", "Inicio {n}", "unknown {n}"),
    ],
)
def test_translation_that_the_kiosk_cannot_fill_in_falls_back(tmp_path, key, value, reason):
    path = toml(tmp_path, f'[ui]\n{key} = "{value}"\nback = "Atrás"\n')
    _, words, _, [problem] = load_language_file(path)
    assert words == {"back": "Atrás"}  # English is shown for the bad one
    assert problem.line == 2 and reason in problem.message


def test_translation_may_leave_out_a_placeholder(tmp_path):
    path = toml(tmp_path, '[ui]\nstep_of = "Paso {n}"\n')
    assert load_language_file(path)[1:] == ({"step_of": "Paso {n}"}, None, [])


def test_bundled_language_files_have_no_problems():
    for path in sorted((REPO / "content").glob("*/language.toml")):
        name, words, _, problems = load_language_file(path)
        assert name and not problems, (path, problems)
        for key, text in words.items():
            english = DEFAULT_STRINGS[key]
            fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
            text.format(**dict.fromkeys(fields, 1))  # the kiosk can fill it in
