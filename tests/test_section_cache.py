"""The section cache: a restart on the same content shows exactly what reading every file
shows, reads only the files that changed, and a broken cache is ignored, never trusted."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from kiosk import app
from kiosk.content import section_cache
from kiosk.content.budget import BUDGET
from kiosk.content.loader import load_library
from kiosk.content.section_cache import SectionCache, cache_file_for
from tests.helpers import write

SECTIONS = {
    "en/infusion-day.md": (
        "---\ntitle: Infusion day\norder: 2\nsummary: What happens.\nicon: calendar\n"
        "reviewed: 2026-01-05\nreview_by: 2027-01-05\nreviewer: clinic nurse educator\n"
        "sources: [Clinic leaflet]\n---\n# Infusion day\n\nYou sit in a chair.\n"
    ),
    "en/after.md": "---\ntitle: After\norder: 1.5\ntitel: typo\n---\nGo home.\n",
    "en/questions.md": "# Questions to ask\n\nAsk your nurse.\n",
    "en/empty.md": "---\ntitle: Empty\n---\n",
    "en/broken.md": "---\ntitle: [unclosed\n---\nText.\n",
    "en/not-utf8.md": b"# Caf\xe9\n",
    "en/language.toml": 'name = "English"\n',
    "es/dia.md": "---\ntitle: El día\norder: 1\n---\n# El día\n\nTexto.\n",
    "es/language.toml": 'name = "Español"\n',
}


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "content"
    for name, text in SECTIONS.items():
        write(folder / name, text)
    return folder


def cached(root: Path, file: Path | None = None, racy_ns: int = 0):
    """Load with the cache. racy_ns=0: a file written a moment ago may be cached at once."""
    return load_library(root, "en", SectionCache(root, file, racy_ns=racy_ns))


def described(library) -> list[str]:
    shown = [
        f"{lang}: {s.id} {s.title!r} {s.summary!r} {s.icon} {s.order} {s.body_line} {s.review}"
        for lang, pack in library.packs.items()
        for s in pack.sections
    ]
    return shown + [str(problem) for problem in library.all_problems()]


def test_a_second_load_shows_what_reading_every_file_shows(root):
    fresh = load_library(root)
    first, second = cached(root), cached(root)
    assert second == fresh and first == fresh
    assert described(second) == described(fresh)
    assert [s.id for s in second.packs["en"].sections][:2] == ["after.md", "infusion-day.md"]
    review = second.packs["en"].section("infusion-day.md").review
    assert (str(review.reviewed), review.reviewer, review.sources) == (
        "2026-01-05",
        "clinic nurse educator",
        ("Clinic leaflet",),
    )
    problems = [(p.path.name, p.line, p.severity.value) for p in second.all_problems()]
    assert ("after.md", 4, "warning") in problems and ("broken.md", 3, "error") in problems
    assert ("not-utf8.md", 1, "error") in problems


def test_a_cache_of_many_lines_reads_back_whole(root, reads, monkeypatch):
    monkeypatch.setattr(section_cache, "CHUNK", 3)  # 7 section files: 3 lines a column

    def reads_again() -> list[str]:
        cached(root)  # written for what is there now
        reads.clear()
        library = cached(root)
        read = list(reads)
        assert library == load_library(root)
        return read

    assert reads_again() == []
    for count in (4, 3, 1, 0):  # a line not full, full lines, one line, no file
        for path in (root / "es").glob("*.md"):
            path.unlink()
        for path in sorted((root / "en").glob("*.md"))[count:]:
            path.unlink()
        assert reads_again() == []


def test_a_second_load_reads_no_unchanged_file(root, reads):
    cached(root)
    assert "infusion-day.md" in reads and "broken.md" in reads
    reads.clear()
    cached(root)
    assert [name for name in reads if name in {Path(n).name for n in SECTIONS}] == []


def test_an_edit_of_the_same_size_and_time_is_read_again(root, reads):
    cached(root)
    path = root / "en" / "questions.md"
    before = os.stat(path)
    # in place, the same size and time; saved again until the file system's clock has moved
    # on (racy_ns=0 here, where a kiosk leaves files changed within RACY_NS uncached)
    while os.stat(path).st_ctime_ns == before.st_ctime_ns:
        write(path, "# Questions to add\n\nAsk your nurse.\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    reads.clear()
    library = cached(root)
    assert reads == ["questions.md"]
    assert library.packs["en"].section("questions.md").title == "Questions to add"
    assert library == load_library(root)


def test_a_deleted_file_goes_and_a_new_one_comes(root):
    cached(root)
    (root / "en" / "after.md").unlink()
    write(root / "en" / "new.md", "---\ntitle: New\n---\nText.\n")
    library = cached(root)
    ids = [s.id for s in library.packs["en"].sections]
    assert "after.md" not in ids and "new.md" in ids
    assert not any(p.path.name == "after.md" for p in library.all_problems())
    assert library == load_library(root)
    assert cached(root) == library


def test_a_file_changed_just_now_is_read_again_until_it_has_been_still(root, reads):
    hour = 3600 * 10**9
    cached(root, racy_ns=hour)
    reads.clear()
    cached(root, racy_ns=hour)  # every file was written within the hour: none is trusted
    assert "infusion-day.md" in reads and "questions.md" in reads


def test_a_cached_file_that_can_no_longer_be_read_reports_what_a_fresh_load_does(root):
    cached(root)
    (root / "en" / "questions.md").unlink()
    (root / "en" / "questions.md").mkdir()  # the same name, now a folder
    write(root / "en" / "after.md", b"x" * (BUDGET.max_file_bytes + 1))
    write(root / "en" / "empty.md", b"\xff\xfe---\n")
    (root / "en" / "infusion-day.md").unlink()
    (root / "en" / "infusion-day.md").symlink_to(root / "gone.md")
    library = cached(root)
    assert described(library) == described(load_library(root))
    failed = {p.path.name: p.code for p in library.errors()}
    assert failed["after.md"] == "budget.file" and failed["empty.md"] == "not-utf8"
    assert failed["questions.md"] == failed["infusion-day.md"] == "unreadable"
    assert {s.id for s in library.packs["en"].sections}.isdisjoint(failed)


def read_cache(file: Path) -> dict:
    """The cache file as {"header": {...}, "columns": {name: [values]}, "walkthroughs": {...}}."""
    header, *lines, walkthroughs = file.read_bytes().split(b"\n")
    per_column = len(lines) // len(section_cache.COLUMNS)
    columns = {
        name: [value for line in lines[at : at + per_column] for value in json.loads(line)]
        for name, at in zip(section_cache.COLUMNS, range(0, len(lines), per_column), strict=True)
    }
    return {
        "header": json.loads(header),
        "columns": columns,
        "walkthroughs": json.loads(walkthroughs),
    }


def cache_bytes(data: dict) -> bytes:
    """The file read_cache read (each column on one line: the tests' packs are small)."""
    lines = [
        data["header"],
        *(data["columns"][name] for name in section_cache.COLUMNS),
        data["walkthroughs"],
    ]
    return b"\n".join(json.dumps(line).encode() for line in lines)


def broken_caches(file: Path, valid: dict) -> dict[str, bytes]:
    def variant(change) -> bytes:
        data = json.loads(json.dumps(valid))
        change(data)
        return cache_bytes(data)

    def title_a_number(data):
        data["columns"]["title"][0] = 5

    def a_column_short(data):
        data["columns"]["body"].pop()

    def infinite_order(data):
        data["columns"]["order"][0] = 1e999

    def a_bad_date(data):
        data["columns"]["reviewed"] = ["2026-13-45"] * len(data["columns"]["reviewed"])

    def a_problem_without_code(data):
        data["columns"]["problems"] = [[[1, "error", "x"]]] * len(data["columns"]["problems"])

    def a_bool_for_a_line(data):
        data["columns"]["body_line"] = [True] * len(data["columns"]["body_line"])

    return {
        "garbage": os.urandom(2000),
        "empty": b"",
        "not JSON": b'{"format": 3, "count": ',
        "a list": b"[1, 2, 3]",
        "NaN": b'{"format": NaN}',
        "deep": b"[" * 100_000 + b"]" * 100_000,
        "no kiosk version": variant(lambda data: data["header"].pop("kiosk")),
        "no count": variant(lambda data: data["header"].pop("count")),
        "a count too big": variant(lambda data: data["header"].update(count=1001)),
        "a column missing": variant(lambda data: data["columns"].update(stat=[])),
        "a line cut short": cache_bytes(valid)[:-10],
        "a line not a list": variant(lambda data: data["columns"].update(icon={"a": 1})),
        "a title a number": variant(title_a_number),
        "a column short": variant(a_column_short),
        "an order not finite": variant(infinite_order),
        "a bad date": variant(a_bad_date),
        "a problem without code": variant(a_problem_without_code),
        "a bool for a line": variant(a_bool_for_a_line),
    }


def test_a_broken_cache_is_ignored_logged_with_its_name_and_rewritten(root, reads, caplog):
    file = root.parent / "cache" / "sections.json"
    cached(root, file)
    valid = read_cache(file)
    assert cache_bytes(valid) == file.read_bytes()  # the tests write what the kiosk writes
    fresh = described(load_library(root))
    for problem, content in broken_caches(file, valid).items():
        file.write_bytes(content)
        reads.clear()
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="kiosk.content.section_cache"):
            library = cached(root, file)
        assert described(library) == fresh, problem
        assert "infusion-day.md" in reads and "questions.md" in reads, problem
        logged = [r.getMessage() for r in caplog.records]
        assert len(logged) == 1 and str(file) in logged[0] and "ignored" in logged[0], problem
        assert read_cache(file) == valid, problem  # written anew


@pytest.mark.parametrize(
    ("what", "value"),
    [
        ("format", 0),
        ("kiosk", "0.0.1"),
        ("budget", {**BUDGET._asdict(), "max_file_bytes": 1}),
        ("root", "/elsewhere"),
    ],
)
def test_a_cache_from_another_kiosk_is_ignored_with_a_note(root, reads, caplog, what, value):
    file = root.parent / "cache" / "sections.json"
    cached(root, file)
    data = read_cache(file)
    file.write_bytes(cache_bytes({**data, "header": {**data["header"], what: value}}))
    reads.clear()
    with caplog.at_level(logging.INFO, logger="kiosk.content.section_cache"):
        library = cached(root, file)
    assert described(library) == described(load_library(root))
    assert "infusion-day.md" in reads
    assert [(r.levelno, str(file) in r.getMessage()) for r in caplog.records] == [
        (logging.INFO, True)
    ]
    assert read_cache(file) == data  # written anew


def test_a_cache_over_the_size_limit_is_ignored(root, reads, caplog, monkeypatch):
    file = root.parent / "cache" / "sections.json"
    cached(root, file)
    monkeypatch.setattr(section_cache, "MAX_CACHE_BYTES", file.stat().st_size - 1)
    reads.clear()
    with caplog.at_level(logging.WARNING, logger="kiosk.content.section_cache"):
        library = cached(root, file)
    assert described(library) == described(load_library(root))
    assert "infusion-day.md" in reads
    assert [str(file) in r.getMessage() and "limit" in r.getMessage() for r in caplog.records] == [
        True
    ]


@pytest.mark.parametrize("kind", ["named pipe", "link out of the folder"])
def test_a_cache_that_is_not_an_ordinary_file_is_ignored_at_once(root, reads, caplog, kind):
    """A named pipe in the cache's place must not freeze the start (opening one waits for a
    writer), and a link must not be followed out of the cache folder."""
    file = root.parent / "cache" / "sections.json"
    file.parent.mkdir()
    if kind == "named pipe":
        os.mkfifo(file)
    else:
        outside = write(root.parent / "outside.json", "{}")
        file.symlink_to(outside)
    with caplog.at_level(logging.WARNING, logger="kiosk.content.section_cache"):
        library = load_library(root, "en", SectionCache(root, file, racy_ns=0))
    assert described(library) == described(load_library(root))
    assert "infusion-day.md" in reads
    assert [str(file) in r.getMessage() for r in caplog.records] == [True]


def test_a_missing_cache_logs_nothing(root, caplog):
    with caplog.at_level(logging.DEBUG, logger="kiosk.content.section_cache"):
        cached(root)
    assert caplog.records == []
    assert cache_file_for(root).is_file()


def test_an_unwritable_cache_folder_still_loads_the_content_and_says_so_once(
    root, tmp_path, caplog
):
    write(tmp_path / "not-a-folder", "a file where the cache folder should be")
    file = tmp_path / "not-a-folder" / "sections.json"
    with caplog.at_level(logging.WARNING, logger="kiosk.content.section_cache"):
        first, second = cached(root, file), cached(root, file)
    assert described(first) == described(second) == described(load_library(root))
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 1 and str(file) in logged[0] and "cannot be written" in logged[0]


def test_only_the_caches_of_three_other_folders_are_kept(root):
    folder = cache_file_for(root).parent
    others = [write(folder / f"sections-{n:016x}.json", "{}") for n in range(5)]
    for age, path in enumerate(reversed(others)):  # the first is the oldest
        os.utime(path, ns=(0, (1000 - age) * 10**9))
    stray = write(folder / "notes.json", "{}")
    cached(root)
    assert sorted(folder.iterdir()) == sorted([cache_file_for(root), stray, *others[2:]])
    cached(root)  # nothing changed: nothing written, nothing removed
    assert len(list(folder.iterdir())) == 5


def test_loading_without_a_cache_neither_reads_nor_writes_one(root, reads):
    cached(root)
    reads.clear()
    load_library(root)
    assert "infusion-day.md" in reads and "questions.md" in reads
    file = cache_file_for(root)
    file.unlink()
    from kiosk.content.check import check_folder

    check_folder(root)
    assert not file.exists()


# --- the kiosk started twice ------------------------------------------------------------------


def tile_texts(window) -> list[tuple[str, str, str]]:
    from kiosk.ui.tiles import ICON, SUMMARY

    model = window.home.tiles.model()
    return [
        (model.index(row).data(), model.index(row).data(SUMMARY), model.index(row).data(ICON))
        for row in range(model.rowCount())
    ]


def test_the_kiosk_started_twice_shows_the_same_tiles_and_an_edited_title(
    make_window, settings, root, reads, monkeypatch
):
    monkeypatch.setattr(section_cache, "RACY_NS", 0)  # files written a moment ago are cached
    first = make_window(app.load_content(root, settings))
    assert tile_texts(first) == tile_texts(make_window(load_library(root)))
    reads.clear()
    again = make_window(app.load_content(root, settings))
    assert tile_texts(again) == tile_texts(first)
    assert [name for name in reads if name.endswith(".md")] == []

    path = write(root / "en" / "after.md", "---\ntitle: Going home\norder: 1.5\n---\nGo home.\n")
    edited = make_window(app.load_content(root, settings))
    titles = [title for title, _, _ in tile_texts(edited)]
    assert titles[0] == "Going home" and "After" not in titles
    assert [name for name in reads if name.endswith(".md")] == [path.name]
