"""The command line: version, help, and mistakes that exit 2 with a message, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_version_prints_the_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"kiosk {__version__}"


def test_help_lists_the_options_for_operators(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--windowed", "--content", "--config", "--self-test", "--version"):
        assert option in out
    assert "kiosk check" in out  # staff commands are mentioned


@pytest.mark.parametrize(
    "argv",
    [
        ["--no-such-option"],
        ["--content"],  # a folder is missing
        ["stats"],  # --csv is required
        ["config", "--describe", "--extra"],
    ],
)
def test_a_mistake_exits_2_with_a_message(capsys, argv):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "usage: kiosk" in captured.err
    assert "error:" in captured.err
    assert "Traceback" not in captured.err + captured.out


def run_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m kiosk ARGS` in a fresh process, as a shell would start it."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_python_dash_m_kiosk_runs_the_same_command_line():
    result = run_kiosk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kiosk {__version__}"
    assert result.stderr == ""


def test_a_bad_option_from_the_shell_exits_2():
    result = run_kiosk("--bogus")
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr


def test_an_unexpected_failure_at_start_is_one_line_not_a_traceback(monkeypatch, capsys):
    from kiosk import app, cli

    def broken(_args):
        raise RuntimeError("no screen")

    monkeypatch.setattr(app, "run", broken)
    assert cli.main(["--windowed"]) == 1
    err = capsys.readouterr().err
    assert "kiosk: RuntimeError: no screen" in err
    assert "Traceback" not in err
