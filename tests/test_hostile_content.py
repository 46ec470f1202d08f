"""Hostile but small content files (issue 15): the kiosk finishes, shows the good sections
and the rest simplified or skipped, and `kiosk check` names each bad file with its limit.

Every file is generated here. Runs that could crash or hang the interpreter (the self-test,
`kiosk check`) run in a child process with a time-out, and the child's peak memory is read
from the operating system.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import load_library
from kiosk.content.budget import BUDGET
from kiosk.content.render import render_section

REPO = Path(__file__).resolve().parent.parent
GIB = 1024**3
TIME_OUT_S = 30
GOOD_WORDS = "This section has nothing wrong with it."


def _table(rows: int, columns: int, sep: str = "") -> str:
    row = "<tr>" + "<td>x</td>" * columns + "</tr>"
    return "<table>" + sep + sep.join([row] * rows) + sep + "</table>"


# file name -> (text, severity, line, limit named in the problem)
HOSTILE: dict[str, tuple[str, str, int, str]] = {
    "front-matter-deep.md": (
        "---\ntitle: " + "[" * 25_000 + "]" * 25_000 + "\n---\nText.\n",
        "error",
        1,
        "max_front_matter_bytes",
    ),
    "front-matter-deep-small.md": (
        "---\ntitle: " + "[" * 7_000 + "]" * 7_000 + "\n---\nText.\n",
        "error",
        2,
        "max_front_matter_depth",
    ),
    "nested-tables.md": (
        "Good words before.\n\n"
        + "<table><tr><td>" * 20
        + "inner"
        + "</td></tr></table>" * 20
        + "\n\nGood words after.\n",
        "warning",
        3,
        "max_table_depth",
    ),
    "brackets.md": (
        "Good words before.\n\n" + "\n".join(["[" * 199] * 60) + "\n\nGood words after.\n",
        "warning",
        3,
        "max_brackets_per_paragraph",
    ),
    "long-word.md": (
        "Good words before.\n\n" + "a" * 300_000 + "\n\nGood words after.\n",
        "warning",
        3,
        "max_word_chars",
    ),
    "two-megabyte-word.md": ("a" * 2_000_000, "warning", 1, "max_word_chars"),
    "huge-table.md": (_table(2_000, 200, "\n"), "error", 1, "max_file_bytes"),
    "wide-table.md": (
        "Good words before.\n\n" + _table(150, 20, "\n") + "\n\nGood words after.\n",
        "warning",
        3,
        "max_table_cells",
    ),
    "deep-quotes.md": (">" * 2_000 + " deep quote\n", "warning", 1, "max_nesting_depth"),
    "deep-lists.md": (
        "\n".join("    " * depth + f"- item {depth}" for depth in range(500)),
        "warning",
        17,
        "max_nesting_depth",
    ),
}
SKIPPED = {name for name, (_, severity, _, _) in HOSTILE.items() if severity == "error"}


@pytest.fixture
def hostile(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "good.md").write_text(f"# All is well\n\n{GOOD_WORDS}\n", encoding="utf-8")
    for name, (text, _, _, _) in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _run_measured(*args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run `python -m kiosk ARGS` in a child; (result, the child's peak memory in bytes)."""
    measure = (
        "import resource, subprocess, sys\n"
        f"result = subprocess.run([sys.executable, '-m', 'kiosk', *sys.argv[1:]], timeout={TIME_OUT_S})\n"  # noqa: E501
        "print('maxrss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(result.returncode)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", measure, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIME_OUT_S + 30,
    )
    assert "TimeoutExpired" not in result.stderr, f"did not finish in {TIME_OUT_S} s"
    found = re.search(r"^maxrss (\d+)$", result.stderr, re.M)
    assert found, result.stderr[-2000:]
    return result, int(found.group(1)) * 1024  # Linux reports kilobytes


def test_the_self_test_ends_by_itself_in_bounded_time_and_memory(hostile):
    result, peak = _run_measured("--self-test", "--content", str(hostile))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stdout[-2000:]  # the skipped files are errors
    assert peak < GIB, f"peak memory {peak / 2**20:.0f} MiB"
    shown = 1 + len(HOSTILE) - len(SKIPPED)
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"self-test: {shown} sections, 0 steps, 1 languages,"), summary
    for name in SKIPPED:
        assert re.search(rf"^\S*{re.escape(name)}:\d+: error: ", result.stdout, re.M), name


def test_kiosk_check_names_each_bad_file_line_and_limit(hostile):
    result, peak = _run_measured("check", "--json", str(hostile))
    assert result.returncode == 1 and peak < GIB
    problems = json.loads(result.stdout)["problems"]
    for name, (_, severity, line, limit) in HOSTILE.items():
        mine = [p for p in problems if Path(p["path"]).name == name and limit in p["message"]]
        assert mine, f"{name}: no problem names {limit}"
        assert mine[0]["severity"] == severity and mine[0]["line"] == line, mine[0]
        assert mine[0]["code"].startswith("budget."), mine[0]
    assert not [p for p in problems if Path(p["path"]).name == "good.md"]


def test_the_good_sections_and_the_good_parts_still_render(hostile):
    library = load_library(hostile)
    pack = library.packs["en"]
    shown = {section.id for section in pack.sections}
    assert shown == {"good.md", *HOSTILE} - SKIPPED
    for section in pack.sections:
        pieces, _ = render_section(section, pack.root, frozenset(shown))
        html = "".join(pieces)
        if section.id == "good.md":
            assert GOOD_WORDS in html
        elif "Good words before." in section.body:
            assert "Good words before." in html and "Good words after." in html, section.id


def test_an_over_long_word_is_broken_so_it_can_wrap(hostile):
    pack = load_library(hostile).packs["en"]
    section = pack.section("long-word.md")
    assert section is not None
    html = "".join(render_section(section, pack.root, frozenset())[0])
    longest = max(len(word) for word in re.split(r"[\s\u200b<>]", html))
    assert longest <= BUDGET.max_word_chars
    assert html.count("a") >= 300_000  # nothing lost


def test_an_over_big_table_is_shown_as_lines_and_keeps_its_cells(hostile):
    pack = load_library(hostile).packs["en"]
    section = pack.section("wide-table.md")
    assert section is not None
    html = "".join(render_section(section, pack.root, frozenset())[0])
    assert "<table" not in html and "<td" not in html
    assert html.count("x") == 150 * 20


def test_nested_tables_keep_at_most_the_allowed_depth(hostile):
    pack = load_library(hostile).packs["en"]
    section = pack.section("nested-tables.md")
    assert section is not None
    html = "".join(render_section(section, pack.root, frozenset())[0])
    assert html.count("<table>") == BUDGET.max_table_depth and "inner" in html


@pytest.mark.parametrize("name", ["good.md", "nested-tables.md", "wide-table.md", "long-word.md"])
def test_the_section_screen_shows_good_and_simplified_sections(hostile, make_window, qtbot, name):
    window = make_window(load_library(hostile))
    window.open_section(name)
    qtbot.waitUntil(window.section.is_complete, timeout=20_000)
    words = GOOD_WORDS if name == "good.md" else "Good words after."
    qtbot.waitUntil(lambda: words in window.section.browser.toPlainText())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and links: POSIX")
def test_pipes_links_out_and_sparse_giants_are_named_and_skipped_at_once(tmp_path):
    """A named pipe where a section should be (opening one waits for a writer: the check
    froze), a link to a file outside the content folder (it was read and shown), and a
    200 MB sparse file each get an error naming them; the good section is still shown."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "good.md").write_text(f"# All is well\n\n{GOOD_WORDS}\n", encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text("# Not for patients\n\nThe secret words.\n", encoding="utf-8")
    (folder / "link-out.md").symlink_to(secret)
    (folder / "linked-in.md").symlink_to(folder / "good.md")  # a link inside is fine
    os.mkfifo(folder / "pipe.md")
    with open(folder / "sparse.md", "wb") as sparse:
        sparse.truncate(200 * 1024 * 1024)
    result, _peak = _run_measured("check", "--json", str(folder))
    problems = {Path(p["path"]).name: p for p in json.loads(result.stdout)["problems"]}
    assert "outside" in problems["link-out.md"]["message"]
    assert "named pipe" in problems["pipe.md"]["message"]
    assert "max_file_bytes" in problems["sparse.md"]["message"]
    library = load_library(folder)
    shown = [s.path.name for s in library.packs["en"].sections]
    assert shown == ["good.md", "linked-in.md"]
