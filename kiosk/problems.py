"""Problems found in content or settings, reported as data (no Qt here)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"  # the file cannot be shown
    WARNING = "warning"  # shown, but something is off


class Problem(NamedTuple):
    """One problem: the file and line it is about, how bad it is, and what to do.

    `code` names the kind of problem (e.g. "budget.word", "html.removed") for programs
    that read `kiosk check --json`; people read `message`.
    """

    path: Path
    line: int | None
    severity: Severity
    message: str
    code: str = "problem"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.severity.value}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "line": self.line,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def error(path: Path, message: str, line: int | None = None, code: str = "problem") -> Problem:
    return Problem(Path(path), line, Severity.ERROR, message, code)


def warning(path: Path, message: str, line: int | None = None, code: str = "problem") -> Problem:
    return Problem(Path(path), line, Severity.WARNING, message, code)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' when a close match exists, else ''."""
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
