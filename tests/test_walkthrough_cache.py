"""The walkthrough kept in the section cache: a restart on the same content shows exactly the
walkthrough and problems reading its files shows, reads none of them (so PyYAML is not even
imported), and anything changed in its folder, or a broken cache, means reading it again."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.content.loader import load_library
from kiosk.content.section_cache import SectionCache
from tests.conftest import REPO
from tests.helpers import write
from tests.test_section_cache import cache_bytes, read_cache

BEFORE = (
    "---\ntitle: Before your visit\nicon: clipboard\nreviewed: 2026-01-05\n"
    "review_by: 2027-13-45\nreviewer: clinic nurse educator\nsources: [Clinic leaflet]\n"
    "titel: typo\n---\n# Not the title\n\n"
    "## Plan your ride {icon=car}\n\nA responsible adult takes you home.\n\n"
    "- [ ] Ask someone to drive you\n- [x] Bring your list of medicines\n\nMore text.\n\n"
    "## \n\nA step without words.\n\n## Nothing here\n"
)
AFTER = "# After\n\n## Going home\n\nRest today.\n"
QUESTIONS = (
    "## before\n\n### Who takes you home? {id=ride}\n\n- [ ] Nobody\n- [x] A responsible adult\n\n"
    "A responsible adult must take you home.\n\n### A broken question\n\n- [x] Only one\n\n"
    "## after\n\n### What do you do today? {id=rest}\n\n- [x] Rest\n- [ ] Run\n\nYou rest.\n"
)
WALKTHROUGH = {
    "before.md": BEFORE,
    "during.md": "---\ntitle: [unclosed\n---\n## One\n\nText.\n",  # not shown: an error
    "notes.md": "## Notes for staff\n",  # not a stage: a warning
    "questions.md": QUESTIONS,  # "after" has no stage here: a warning
    "picture.png": b"\x89PNG",
}


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "content"
    write(folder / "en" / "language.toml", 'name = "English"\n')
    write(folder / "en" / "welcome.md", "---\ntitle: Welcome\n---\nHello.\n")
    for name, text in WALKTHROUGH.items():
        write(folder / "en" / "walkthrough" / name, text)
    return folder


def cached(root: Path, file: Path, racy_ns: int = 0):
    """Load with the cache. racy_ns=0: a file written a moment ago may be cached at once."""
    return load_library(root, "en", SectionCache(root, file, racy_ns=racy_ns))


def assert_as_fresh(library, root: Path) -> None:
    """The whole library, walkthroughs and every problem with its line, as reading every file."""
    fresh = load_library(root)
    assert library.packs.keys() == fresh.packs.keys()
    for lang, pack in fresh.packs.items():
        assert library.packs[lang].walkthrough == pack.walkthrough
        assert library.packs[lang].problems == pack.problems
    assert library == fresh


def walkthrough_reads(reads: list[str]) -> list[str]:
    return [name for name in reads if name in {*WALKTHROUGH, "after.md", "questions.md"}]


@pytest.fixture
def file(tmp_path) -> Path:
    return tmp_path / "cache" / "sections.json"


def test_the_bundled_walkthroughs_come_from_the_cache_exactly(file, reads):
    root = resources.content_dir()
    cached(root, file)
    reads.clear()
    library = cached(root, file)
    assert reads == []  # neither a section nor a walkthrough file was read
    assert len(library.packs) == 2
    for pack in library.packs.values():
        stages = pack.walkthrough.stages
        assert [stage.key for stage in stages] == ["before", "during", "after"]
        assert all(stage.questions for stage in stages)
        assert stages[0].review.reviewed is not None and stages[0].review.sources
    assert_as_fresh(library, root)


def test_a_walkthrough_with_problems_comes_back_with_the_same_problems_and_lines(root, file, reads):
    first = cached(root, file)
    reads.clear()
    library = cached(root, file)
    assert walkthrough_reads(reads) == []
    assert_as_fresh(library, root)
    assert library == first
    pack = library.packs["en"]
    before = pack.walkthrough.stages[0]
    assert [stage.key for stage in pack.walkthrough.stages] == ["before"]
    assert (before.title, str(before.review.reviewed), before.review.review_by) == (
        "Before your visit",
        "2026-01-05",
        None,
    )
    assert [(step.title, step.icon, step.line) for step in before.steps] == [
        ("Plan your ride", "car", 12),
        ("", "clipboard", 21),
        ("Nothing here", "clipboard", 25),
    ]
    assert [item.text for item in before.steps[0].checklist] == [
        "Ask someone to drive you",
        "Bring your list of medicines",
    ]
    assert before.steps[0].body == "A responsible adult takes you home.\n\n\nMore text."
    assert before.steps[0].body_lines == (14, 15, 18, 19)  # the checklist's lines are not
    assert [(q.id, q.right, q.line) for q in before.questions] == [("before:ride", 1, 3)]
    problems = [(p.path.name, p.line, p.severity.value) for p in pack.problems]
    assert ("before.md", 5, "warning") in problems  # review_by is not a date
    assert ("before.md", 8, "warning") in problems  # titel
    assert ("before.md", 21, "warning") in problems and ("before.md", 25, "warning") in problems
    assert ("during.md", 3, "error") in problems
    assert ("notes.md", None, "warning") in problems
    assert ("walkthrough", None, "warning") in problems  # no "after" stage
    assert ("questions.md", 10, "error") in problems  # the broken question
    assert ("questions.md", 16, "warning") in problems  # questions for "after"


def test_a_step_edited_to_the_same_size_shows_its_new_text(root, file, reads):
    cached(root, file)
    path = root / "en" / "walkthrough" / "before.md"
    before = os.stat(path)
    write(path, BEFORE.replace("takes you home", "walks you home"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert os.stat(path).st_size == before.st_size
    reads.clear()
    library = cached(root, file)
    assert "before.md" in reads
    step = library.packs["en"].walkthrough.stages[0].steps[0]
    assert step.body.startswith("A responsible adult walks you home.")
    assert_as_fresh(library, root)
    reads.clear()
    assert cached(root, file) == library and walkthrough_reads(reads) == []


def test_a_stage_added_or_removed_and_a_file_beside_them(root, file):
    folder = root / "en" / "walkthrough"
    cached(root, file)
    write(folder / "after.md", AFTER)
    library = cached(root, file)
    stages = library.packs["en"].walkthrough.stages
    assert [stage.key for stage in stages] == ["before", "after"]
    assert [q.id for q in stages[1].questions] == ["after:rest"]  # its questions found it
    assert_as_fresh(library, root)

    (folder / "during.md").unlink()
    write(folder / "extra.md", "## Extra\n")
    library = cached(root, file)
    messages = [p.message for p in library.packs["en"].problems]
    assert 'the walkthrough has no "during" stage (during.md)' in messages
    assert [p.path.name for p in library.packs["en"].problems].count("extra.md") == 1
    assert_as_fresh(library, root)

    (folder / "picture.png").unlink()  # not read, but it was in the folder
    assert_as_fresh(cached(root, file), root)


def test_a_walkthrough_folder_that_goes_and_comes_back(root, file, tmp_path):
    folder = root / "en" / "walkthrough"
    cached(root, file)
    folder.rename(tmp_path / "away")
    library = cached(root, file)
    assert library.packs["en"].walkthrough.stages == []
    assert_as_fresh(library, root)
    (tmp_path / "away").rename(folder)
    assert_as_fresh(cached(root, file), root)


def test_a_walkthrough_changed_just_now_is_read_again(root, file, reads):
    hour = 3600 * 10**9
    cached(root, file, racy_ns=hour)
    reads.clear()
    cached(root, file, racy_ns=hour)
    assert "before.md" in reads and "questions.md" in reads


def broken_entries(valid: dict) -> dict[str, bytes]:
    def variant(change) -> bytes:
        data = json.loads(json.dumps(valid))
        (entry,) = data["walkthroughs"].values()
        change(data, entry)
        return cache_bytes(data)

    def step(entry):
        return entry["stages"][0]["steps"][0]

    def question(entry):
        return entry["stages"][0]["questions"][0]

    return {
        "no walkthroughs": b"\n".join(cache_bytes(valid).split(b"\n")[:-1]),
        "walkthroughs a list": variant(lambda data, entry: data.update(walkthroughs=[])),
        "an entry a list": variant(lambda data, entry: data["walkthroughs"].update(x=[])),
        "a step title a number": variant(lambda data, entry: step(entry).update(title=5)),
        "a line a bool": variant(lambda data, entry: step(entry).update(line=True)),
        "a body line text": variant(lambda data, entry: step(entry).update(body_lines=["1"])),
        "a key too many": variant(lambda data, entry: step(entry).update(extra=1)),
        "no listing": variant(lambda data, entry: entry.pop("listing")),
        "a short signature": variant(lambda data, entry: entry["listing"][0].pop()),
        "an unknown stage": variant(lambda data, entry: entry["stages"][0].update(key="later")),
        "a stage twice": variant(lambda data, entry: entry["stages"].append(entry["stages"][0])),
        "a bad date": variant(
            lambda data, entry: entry["stages"][0]["review"].update(reviewed="2026-13-45")
        ),
        "a right answer out of range": variant(lambda data, entry: question(entry).update(right=7)),
        "answers not text": variant(lambda data, entry: question(entry).update(answers=[1, 2])),
        "a checklist item of three": variant(
            lambda data, entry: step(entry)["checklist"][0].append("x")
        ),
        "a bad severity": variant(lambda data, entry: entry["problems"][0].__setitem__(2, "fatal")),
        "a problem line text": variant(
            lambda data, entry: entry["problems"][0].__setitem__(1, "3")
        ),
    }


def test_a_broken_walkthrough_entry_ignores_the_whole_cache(root, file, reads, caplog):
    cached(root, file)
    valid = read_cache(file)
    assert cache_bytes(valid) == file.read_bytes()  # the tests write what the kiosk writes
    for problem, content in broken_entries(valid).items():
        file.write_bytes(content)
        reads.clear()
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="kiosk.content.section_cache"):
            library = cached(root, file)
        assert_as_fresh(library, root)
        assert "welcome.md" in reads and "before.md" in reads, problem  # read whole
        logged = [r.getMessage() for r in caplog.records]
        assert len(logged) == 1 and str(file) in logged[0] and "ignored" in logged[0], problem
        assert read_cache(file) == valid, problem  # written anew


# --- two starts of the kiosk, each in a fresh interpreter -------------------------------------

START = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from kiosk import app, resources
    from kiosk.settings import Settings

    settings = Settings.defaults(Path(sys.argv[1]))
    library = app.load_content(resources.content_dir(), settings)
    stages = [len(s.steps) for p in library.packs.values() for s in p.walkthrough.stages]
    print(json.dumps({"yaml": "yaml" in sys.modules, "stages": stages}))
    """
)


def test_a_warm_start_of_the_bundled_content_does_not_import_yaml(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / "home" / name.lower())
    seen = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", START, str(tmp_path / "kiosk.toml")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        seen.append(json.loads(done.stdout.strip().splitlines()[-1]))
    cold, warm = seen
    assert cold["yaml"] is True  # the first start reads every file's front matter
    assert warm["yaml"] is False
    assert warm["stages"] == cold["stages"] and len(warm["stages"]) == 6
