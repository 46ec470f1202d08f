"""kiosk/textfiles.py: the one way text files are read and their lines found."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from kiosk.textfiles import Unreadable, key_line, read_utf8, toml_error


def test_read_utf8_drops_a_bom(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfhello")
    assert read_utf8(path, 100) == "hello"


def test_read_utf8_names_the_line_of_a_bad_byte(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"one\ntwo\nthr\xe9e\n")
    result = read_utf8(path, 100)
    assert isinstance(result, Unreadable)
    assert result.code == "not-utf8" and result.line == 3 and "0xe9" in result.reason


def test_read_utf8_refuses_a_file_over_its_limit_before_reading_it_all(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 101)
    result = read_utf8(path, 100, "max_file_bytes")
    assert isinstance(result, Unreadable) and result.code == "too-big"
    assert "100 bytes (max_file_bytes)" in result.reason
    assert read_utf8(path, 101) == "x" * 101


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's /proc")
def test_read_utf8_reads_all_of_a_file_whose_size_is_not_known_before(tmp_path):
    """/proc files say they are empty: the text is read anyway, within the limit."""
    text = read_utf8(Path("/proc/self/status"), 100_000)
    assert isinstance(text, str) and "VmRSS" in text
    too_big = read_utf8(Path("/proc/self/status"), 10)
    assert isinstance(too_big, Unreadable) and too_big.code == "too-big"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes: POSIX")
def test_read_utf8_refuses_a_named_pipe_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")  # opening one for reading waits for a writer
    result = read_utf8(tmp_path / "pipe.md", 100)
    assert isinstance(result, Unreadable) and result.code == "unreadable"
    assert "not an ordinary file (a named pipe)" in result.reason


def test_read_utf8_within_a_folder_refuses_a_link_out_of_it(tmp_path):
    (tmp_path / "outside.md").write_text("secret")
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.md").symlink_to(tmp_path / "outside.md")
    (folder / "b.md").symlink_to("a.md")  # inside, but on to the outside
    (folder / "c.md").write_text("fine")
    (folder / "d.md").symlink_to("c.md")
    for name in ("a.md", "b.md"):
        result = read_utf8(folder / name, 100, within=folder)
        assert isinstance(result, Unreadable) and result.code == "outside", name
    assert read_utf8(folder / "d.md", 100, within=folder) == "fine"
    assert read_utf8(folder / "a.md", 100) == "secret"  # kiosk.toml may be a link


def test_read_utf8_reports_a_missing_file(tmp_path):
    result = read_utf8(tmp_path / "gone.md", 100)
    assert isinstance(result, Unreadable) and result.code == "unreadable"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [('a = 1\nb = "open\n', 2, "column"), ("a = 1\nb = ", 2, "")],
)
def test_toml_error_names_its_line(text, line, words):
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    reason, found = toml_error(caught.value, text)
    assert found == line and words in reason and "(at" not in reason


YAML = ["title: A", "'order': 2", "summary : x"]
TOML = [
    'name = "Español"',
    "ui.home = 'Inicio'",
    "[ui]",
    'back = "Atrás"',
    'name = "not the top-level name"',
    "[[extra]]",
]


@pytest.mark.parametrize(
    ("lines", "key", "sign", "table", "line"),
    [
        (YAML, "order", ":", None, 2),
        (YAML, "summary", ":", None, 3),
        (YAML, "icon", ":", None, None),
        (TOML, "name", "=", None, 1),
        (TOML, "ui", "=", None, 2),  # a dotted key sets the table too
        (TOML, "back", "=", "ui", 4),
        (TOML, "home", "=", "ui", 2),
        (TOML, "name", "=", "ui", 5),
        (TOML, "extra", "=", None, 6),
        (TOML, "back", "=", None, None),  # inside [ui], not at the top
    ],
)
def test_key_line(lines, key, sign, table, line):
    assert key_line(lines, key, sign=sign, table=table) == line
