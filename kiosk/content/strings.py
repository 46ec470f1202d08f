"""The words the kiosk itself shows, in English; a language.toml may translate them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.problems import Problem, did_you_mean, error, warning

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
}


def load_language_file(path: Path) -> tuple[str | None, dict[str, str], str | None, list[Problem]]:
    """Read language.toml: (name, ui words, code, problems). Missing file: nothing, no problem."""
    if not path.exists():
        return None, {}, None, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, None, [error(path, f"cannot be read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        return None, {}, None, [error(path, f"broken TOML: {exc.msg}", line)]
    problems: list[Problem] = []
    name = data.get("name") if isinstance(data.get("name"), str) else None
    code = data.get("code") if isinstance(data.get("code"), str) else None
    words: dict[str, str] = {}
    for key, value in (data.get("ui") or {}).items():
        if key not in DEFAULT_STRINGS:
            problems.append(
                warning(path, f'unknown ui key "{key}"{did_you_mean(key, DEFAULT_STRINGS)}')
            )
        elif not isinstance(value, str) or not value.strip():
            problems.append(warning(path, f'ui key "{key}" should be text'))
        else:
            words[key] = value
    for key in set(data) - {"name", "code", "ui"}:
        problems.append(
            warning(path, f'unknown key "{key}"{did_you_mean(key, ["name", "code", "ui"])}')
        )
    return name, words, code, problems
