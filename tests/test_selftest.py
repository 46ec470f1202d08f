"""`kiosk --self-test` from the outside, as clinic IT and the build run it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.pin import hash_pin
from kiosk.pin_store import store_path, write_pin_store
from kiosk.settings import default_config_path

REPO = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(
    r"^self-test: (\d+) sections, (\d+) steps, (\d+) languages, (\d+) errors, (\d+) warnings, "
    r"[\d.]+ s$",
    re.M,
)


def self_test(*args: str, pin: bool = True) -> subprocess.CompletedProcess:
    """`kiosk --self-test ARGS`, as the full-screen kiosk would run (with a staff PIN set in
    the per-test user folder, unless ``pin`` is False)."""
    if pin:
        write_pin_store(store_path(default_config_path()), PIN_HASH)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # the per-test user folders too
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--self-test", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PIN_HASH = hash_pin("2468")


def summary(result: subprocess.CompletedProcess) -> dict[str, int]:
    found = SUMMARY.findall(result.stdout)
    assert len(found) == 1, result.stdout
    assert SUMMARY.search(result.stdout.strip().splitlines()[-1])  # the summary comes last
    names = ("sections", "steps", "languages", "errors", "warnings")
    return dict(zip(names, map(int, found[0]), strict=True))


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def test_the_bundled_content_passes(tmp_path):
    result = self_test()
    no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    counts = summary(result)
    assert counts == {
        "sections": 13 * 2,  # 13 sections in English and in Spanish
        "steps": counts["steps"],
        "languages": 2,
        "errors": 0,
        "warnings": 0,
    }
    assert counts["steps"] >= 20
    assert result.stderr == ""  # the build fails on any line here


@pytest.fixture
def broken_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(resources.content_dir(), content)
    broken = {
        content / "en" / "broken-yaml.md": b"---\ntitle: [not closed\norder: 3\n---\n\nBody.\n",
        content / "en" / "latin-1.md": b"# Caf\xe9\n\nWritten in another encoding.\n",
        content / "es" / "unclosed.md": b"---\ntitle: Nunca cerrado\n\nTexto.\n",
    }
    for path, data in broken.items():
        path.write_bytes(data)
    return content, list(broken)


def test_broken_files_are_named_and_the_good_sections_still_count(broken_content):
    content, broken = broken_content
    result = self_test("--content", str(content))
    no_traceback(result)
    assert result.returncode == 1
    for path in broken:
        lines = [line for line in result.stdout.splitlines() if path.name in line]
        assert lines, f"{path.name} is not named:\n{result.stdout}"
        assert all(": error: " in line for line in lines)
        assert str(path.relative_to(content.parent)) in lines[0].replace(os.sep, "/")
    assert re.search(r"broken-yaml\.md:\d+: error: broken front matter", result.stdout)
    counts = summary(result)
    assert counts["sections"] == 26  # every good section was still built and shown
    assert counts["languages"] == 2
    assert counts["errors"] == 3


def test_a_missing_content_folder_fails_with_its_name(tmp_path):
    missing = tmp_path / "nowhere"
    result = self_test("--content", str(missing))
    no_traceback(result)
    assert result.returncode == 1
    assert f"{missing}: error: content folder not found" in result.stdout
    assert summary(result)["sections"] == 0


def test_a_full_screen_kiosk_without_a_pin_fails_with_one_clear_line(tmp_path):
    result = self_test("--content", str(tmp_path / "nowhere"), pin=False)
    no_traceback(result)
    assert result.returncode == 1
    store = store_path(default_config_path())
    [line] = [line for line in result.stdout.splitlines() if "PIN" in line]
    assert line.startswith(f"{store}: error: no staff PIN is set")
    assert line.endswith("set one with: kiosk set-pin")
    assert summary(result)["errors"] == 2  # no content, no PIN


def test_a_windowed_kiosk_needs_no_pin(tmp_path):
    result = self_test("--windowed", "--content", str(tmp_path / "nowhere"), pin=False)
    no_traceback(result)
    assert "PIN" not in result.stdout
    assert summary(result)["errors"] == 1  # only the missing content


def test_the_real_world_corpus_passes():
    corpus = REPO / "tests" / "data" / "realworld"
    assert len(list(corpus.glob("*.md"))) == 152
    result = self_test("--content", str(corpus))
    no_traceback(result)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    counts = summary(result)
    assert counts["sections"] == 152
    assert counts["errors"] == 0


def test_a_missing_bundled_font_is_an_error(qapp, monkeypatch):
    from kiosk import selftest
    from kiosk.ui import theme

    assert selftest.font_problems() == []
    monkeypatch.setattr(theme, "FONT_FAMILY", "No Such Kiosk Font")
    problems = selftest.font_problems()
    assert len(problems) == 1
    assert "No Such Kiosk Font" in str(problems[0])
    assert "error" in str(problems[0])


def test_a_printer_the_machine_does_not_know_is_a_warning(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('printer = "Front Desk Laser"\n', encoding="utf-8")
    result = self_test("--windowed", "--config", str(config))  # the PIN is beside the file
    no_traceback(result)
    assert result.returncode == 0  # patients still get the QR code
    [line] = [line for line in result.stdout.splitlines() if "printer" in line]
    assert line.startswith(f'{config}: warning: printer "Front Desk Laser" not found')
    assert summary(result)["warnings"] == 1
