"""The words the kiosk itself shows, in English; a language.toml may translate them."""

from __future__ import annotations

import reprlib
import string
import tomllib
from pathlib import Path

from kiosk.content.budget import BUDGET
from kiosk.problems import Problem, did_you_mean, error, warning
from kiosk.textfiles import Unreadable, key_line, read_utf8, toml_error

# key -> English text. "{n}", "{total}", "{seconds}" are filled in by the kiosk.
DEFAULT_STRINGS: dict[str, str] = {
    "walkthrough_button": "What to expect at your visit",
    "sections_heading": "Learn more",
    "home": "Home",
    "home_description": "Go back to the start screen",
    "previous_section": "Previous",
    "next_section": "Next",
    "back": "Back",
    "next": "Next",
    "step_of": "Step {n} of {total}",
    "summary_title": "Your checklist",
    "summary_intro": "Here is everything to remember for your visit.",
    "summary_empty": "There is nothing to tick off.",
    "finish": "Back to the start",
    "unwell": "Feeling unwell? Tell the front desk or a staff member.",
    "text_smaller": "Smaller text",
    "text_larger": "Larger text",
    "contrast": "High contrast",
    "contrast_description": "Switch between calm colours and strong contrast",
    "listen": "Listen",
    "listen_description": "Read this page out loud",
    "stop_listening": "Stop",
    "pause": "Pause",
    "resume": "Resume",
    "keypad_help": "Speech is on. Use the arrow keys to move, Enter to choose, "
    "Backspace to go back, and plus or minus to change the volume.",
    "repeat": "Repeat",
    "repeat_description": "Read this page again from the start",
    "volume": "Volume",
    "volume_description": "Volume {n} of {total}; tap to change",
    "language_description": "Change the language",
    "still_reading": "Are you still reading?",
    "keep_reading": "Keep reading",
    "returning_in": "Going back to the start in {seconds} seconds.",
    "attract": "Tap to learn about your visit",
    "one_moment": "One moment…",
    "loading": "Loading…",
    "not_shown": "This page cannot be shown right now. Please ask the front desk.",
    "ticked": "done",
    "not_ticked": "not done",
    "take_home": "Take this home",
    "scan_text": "Point your phone's camera at the code. "
    "Your phone shows this list, no internet needed.",
    "scan_link": "Point your phone's camera at the code to open this page on your phone.",
    "print": "Print",
    "printing": "Your page is printing.",
    "printer_missing": "The printer is not available right now. "
    "You can scan the code instead, or ask the front desk.",
    "check_title": "Check your understanding",
    "check_skip": "Skip",
    "check_next": "Continue",
    "check_right": "That's right.",
    "check_wrong": "Good try. The right answer is: {answer}",
    "helpful": "Was this helpful?",
    "helpful_yes": "Yes",
    "helpful_no": "No",
    "helpful_thanks": "Thank you for telling us.",
}


def load_language_file(path: Path) -> tuple[str | None, dict[str, str], str | None, list[Problem]]:
    """Read language.toml: (name, ui words, code, problems). Missing file: nothing, no problem."""
    if not path.exists():
        return None, {}, None, []
    text = read_utf8(path, BUDGET.max_file_bytes, within=path.parent)
    if isinstance(text, Unreadable):
        return None, {}, None, [error(path, text.reason, text.line, code=text.code)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason, line = toml_error(exc, text)
        return None, {}, None, [error(path, f"broken TOML: {reason}", line, code="toml")]
    except RecursionError:
        return None, {}, None, [error(path, "broken TOML: nested too deeply", code="toml")]
    problems: list[Problem] = []
    name = _text_value(data, "name", path, problems, text)
    code = _text_value(data, "code", path, problems, text)
    words: dict[str, str] = {}
    table = data.get("ui", {})
    if not isinstance(table, dict):
        problems.append(
            warning(
                path, '"ui" should be a table: a [ui] line, then key = "text"', _line_of(text, "ui")
            )
        )
        table = {}
    for key, value in table.items():
        # the line is looked up only for a problem: a search per key slowed every start
        if key not in DEFAULT_STRINGS:
            hint = did_you_mean(key, DEFAULT_STRINGS)
            problems.append(warning(path, f'unknown ui key "{key}"{hint}', _ui_line(text, key)))
        elif not isinstance(value, str) or not value.strip():
            problems.append(warning(path, f'ui key "{key}" should be text', _ui_line(text, key)))
        elif (unknown := _unknown_fields(value, DEFAULT_STRINGS[key])) is not None:
            names = ", ".join(f"{{{n}}}" for n in sorted(_fields(DEFAULT_STRINGS[key]) or ()))
            fills = f"fills in only {names}" if names else "fills in nothing here"
            message = f'ui key "{key}": {unknown}; the kiosk {fills}'
            problems.append(warning(path, message + "; English is shown", _ui_line(text, key)))
        else:
            words[key] = value
    for key in sorted(set(data) - {"name", "code", "ui"}):
        hint = did_you_mean(key, ["name", "code", "ui"])
        problems.append(warning(path, f'unknown key "{key}"{hint}', _line_of(text, key)))
    return name, words, code, problems


def _text_value(
    data: dict[str, object], key: str, path: Path, problems: list[Problem], text: str
) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(
            warning(path, f'"{key}" should be text, not {reprlib.repr(value)}', _line_of(text, key))
        )
        return None
    return value.strip()


def _fields(text: str) -> set[str] | None:
    """The {names} the kiosk fills into a text, or None when its braces are broken."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _unknown_fields(text: str, english: str) -> str | None:
    """Why `text` cannot be filled in like `english`, or None when it can."""
    fields = _fields(text)
    if fields is None:
        return "a { or } without its partner (write {{ or }} for the sign itself)"
    unknown = sorted(fields - (_fields(english) or set()))
    return f"unknown {{{unknown[0]}}}" if unknown else None


def _ui_line(text: str, key: str) -> int | None:
    """The line that sets `key` in the [ui] table, for messages."""
    return key_line(text.splitlines(), key, sign="=", table="ui")


def _line_of(text: str, key: str) -> int | None:
    """The first line that sets `key` (or opens a [key] table), for messages."""
    return key_line(text.splitlines(), key, sign="=")
