"""`kiosk check`: the staff checker, through kiosk.cli.main as staff would run it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.check import check_folder

REPO = Path(__file__).resolve().parent.parent
PROBLEM_LINE = re.compile(r"^\S.*?(:\d+)?: (error|warning): .+$")
SIMPLE = "The cat sat on the mat. It was warm. The dog ran to the park."


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    out = capsys.readouterr().out
    return code, out


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def section(title: str, order: int | None = None, icon: str | None = None, body=SIMPLE) -> str:
    meta = f"title: {title}\n" + (f"order: {order}\n" if order is not None else "")
    meta += f"icon: {icon}\n" if icon else ""
    return f"---\n{meta}---\n\n# {title}\n\n{body}\n"


def stage(steps: list[int]) -> str:
    """A stage file: one '##' step per entry, with that many checklist items."""
    parts = ["---\ntitle: A stage\n---\n"]
    for number, items in enumerate(steps, start=1):
        ticks = "".join(f"- [ ] Bring thing {number}.{i}\n" for i in range(items))
        parts.append(f"## Step {number}\n\n{SIMPLE}\n\n{ticks}")
    return "\n".join(parts)


def make_pack(root: Path, lang: str = "en", steps=(2, 1, 1), sections=("a.md", "b.md")) -> Path:
    folder = root / lang
    if lang != "en":
        from kiosk.content.strings import DEFAULT_STRINGS

        words = "\n".join(f'{key} = "{lang} {key}"' for key in DEFAULT_STRINGS)
        words = words.replace('"es step_of"', '"Paso {n} de {total}"')
        words = words.replace('"es returning_in"', '"en {seconds} s"')
        write(folder / "language.toml", f'name = "Lang {lang}"\n\n[ui]\n{words}\n')
    for number, name in enumerate(sections, start=1):
        write(folder / name, section(f"Section {name}", order=number))
    for key, count in zip(("before", "during", "after"), steps, strict=True):
        write(folder / "walkthrough" / f"{key}.md", stage([1] * count))
    return root


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the bundled content to spoil."""
    return Path(shutil.copytree(REPO / "content", tmp_path / "content"))


@pytest.fixture
def small(tmp_path) -> Path:
    """A small clean English pack."""
    return make_pack(tmp_path / "small")


# --- the bundled content and the command line ------------------------------------------


def test_bundled_content_passes_strict(capsys):
    code, out = run(capsys, "--strict", str(REPO / "content"))
    assert code == 0, out
    summary = out.strip().splitlines()[-1]
    assert re.match(
        r"checked \d+ languages?, \d+ sections, \d+ steps: 0 errors, 0 warnings", summary
    )
    assert re.search(r"reading grade mean \d+\.\d \(en\), max \d+\.\d", summary)
    assert len(out.strip().splitlines()) == 1  # nothing but the summary


def test_default_folder_is_the_bundled_content(capsys):
    code, out = run(capsys)
    assert code == 0
    assert out.startswith("checked ")


def test_acceptance_missing_image_and_misspelled_key(content, capsys, monkeypatch):
    side = content / "en" / "side-effects.md"
    side.write_text(side.read_text(encoding="utf-8") + "\n![A chart](images/nope.png)\n", "utf-8")
    migraine = content / "en" / "what-migraine-is.md"
    text = migraine.read_text(encoding="utf-8")
    assert "\ntitle:" in text
    migraine.write_text(text.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")

    code, out = run(capsys, "--strict", str(content))
    assert code == 1
    assert "side-effects.md" in out and "missing image: images/nope.png" in out
    assert "what-migraine-is.md:2: warning:" in out
    assert 'did you mean "title"' in out
    # Only warnings: without --strict the content can still be shown.
    code, _ = run(capsys, str(content))
    assert code == 0


def test_problem_lines_have_file_line_severity(content, capsys, monkeypatch):
    side = content / "en" / "side-effects.md"
    lines = side.read_text(encoding="utf-8").splitlines()
    lines.insert(10, "See ![x](images/gone.png) here.")
    side.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(content.parent)
    code, out = run(capsys, "content")
    assert code == 0
    problems = out.strip().splitlines()[:-1]
    assert problems == ["content/en/side-effects.md:11: warning: missing image: images/gone.png"]
    assert all(PROBLEM_LINE.match(line) for line in problems)


def test_paths_are_relative_to_the_current_folder(small, capsys, monkeypatch):
    write(small / "en" / "c.md", "---\ntitel: x\n---\nText here.\n")
    monkeypatch.chdir(small)
    _, out = run(capsys, str(small.resolve()))
    assert out.startswith("en/c.md:2: warning:")


def test_json_output(content, capsys):
    (content / "en" / "side-effects.md").write_text("![x](images/none.png)\n", encoding="utf-8")
    code, out = run(capsys, "--json", str(content))
    data = json.loads(out)
    assert code == 0 and data["exit_code"] == 0
    problem = next(p for p in data["problems"] if "missing image" in p["message"])
    assert set(problem) == {"path", "line", "severity", "message"}
    assert problem["severity"] == "warning" and problem["line"] == 1
    assert problem["path"].endswith("side-effects.md")
    summary = data["summary"]
    assert summary["errors"] == 0 and summary["warnings"] >= 1
    assert summary["sections"] > 0 and summary["steps"] > 0 and summary["languages"] >= 1
    assert summary["reading"]["en"]["checked"] is True
    grade = data["grades"][0]
    assert {"lang", "path", "kind", "name", "grade", "words"} <= set(grade)
    assert {g["kind"] for g in data["grades"]} == {"section", "stage"}


def test_json_strict_exit_code(content, capsys):
    (content / "en" / "side-effects.md").write_text("![x](images/none.png)\n", encoding="utf-8")
    code, out = run(capsys, "--json", "--strict", str(content))
    assert code == 1 and json.loads(out)["exit_code"] == 1


@pytest.mark.parametrize(
    "argv", [["--bogus"], ["--max-grade", "abc"], ["--max-grade", "nan"], ["a", "b"]]
)
def test_bad_command_line_exits_2(argv, capsys):
    assert main(["check", *argv]) == 2
    capsys.readouterr()


def test_missing_folder_is_an_error(tmp_path, capsys):
    code, out = run(capsys, str(tmp_path / "nowhere"))
    assert code == 1 and "content folder not found" in out


def test_clean_small_pack(small, capsys):
    code, out = run(capsys, "--strict", str(small))
    assert code == 0, out
    assert out.startswith("checked 1 language, 2 sections, 4 steps: 0 errors, 0 warnings")


# --- each check -------------------------------------------------------------------------


def problems_of(root: Path, **kwargs) -> list[str]:
    return [str(p) for p in check_folder(root, **kwargs).problems]


def only(root: Path, text: str, **kwargs) -> str:
    found = [p for p in problems_of(root, **kwargs) if text in p]
    assert len(found) == 1, problems_of(root, **kwargs)
    return found[0]


def test_broken_yaml_is_an_error_with_line(small, capsys):
    write(small / "en" / "c.md", "---\ntitle: ok\nsummary: a: b\n---\nText.\n")
    assert re.search(r"c\.md:3: error: broken front matter", only(small, "broken front matter"))
    assert run(capsys, str(small))[0] == 1


def test_wrong_value_type(small):
    write(small / "en" / "c.md", "---\norder: soon\n---\nText.\n")
    assert only(small, '"order" should be number').endswith(
        "c.md:2: warning: " + "\"order\" should be number, not 'soon'"
    )


def test_unknown_key_hint(small):
    write(small / "en" / "c.md", "---\nsumary: x\n---\nText.\n")
    assert 'did you mean "summary"' in only(small, "unknown front matter key")


def test_not_utf8_with_line(small):
    (small / "en" / "c.md").write_bytes(b"# Title\n\nCaf\xe9 au lait.\n")
    assert ":3: error: is not UTF-8 text" in only(small, "UTF-8")


def test_unreadable_file(small):
    (small / "en" / "folder.md").mkdir()
    assert "error: cannot be read" in only(small, "cannot be read")


def test_missing_walkthrough_stage(small):
    (small / "en" / "walkthrough" / "during.md").unlink()
    assert 'no "during" stage' in only(small, "stage (during.md)")


def test_extra_file_in_walkthrough(small):
    write(small / "en" / "walkthrough" / "notes.md", "## x\n")
    assert "notes.md: warning: not a walkthrough stage" in only(small, "not a walkthrough stage")


def test_missing_image_in_step(small):
    path = small / "en" / "walkthrough" / "after.md"
    path.write_text(path.read_text() + "\n![x](images/step.png)\n", encoding="utf-8")
    found = only(small, "missing image")
    assert "after.md:" in found and found.endswith("images/step.png")


def test_link_to_missing_section(small):
    write(small / "en" / "c.md", "# C\n\nRead [this](a.md) and [that](gone.md).\n")
    assert only(small, "does not exist").endswith(
        "c.md:3: warning: link to a section that does not exist: gone.md"
    )


def test_same_image_twice_names_both_lines(small):
    write(small / "en" / "c.md", "# C\n\n![x](i.png)\n\nText.\n\n![x](i.png)\n")
    found = [p for p in problems_of(small) if "missing image" in p]
    assert [p.split(":")[1] for p in found] == ["3", "7"]


def test_duplicate_order(small):
    write(small / "en" / "c.md", section("Other", order=2))
    found = only(small, "order 2 is also used")
    assert "c.md:3: warning:" in found and "b.md" in found


def test_duplicate_title(small):
    write(small / "en" / "c.md", section("Section a.md"))
    assert "c.md:2: warning: the title" in only(small, "is also used by a.md")


def test_empty_section(small):
    write(small / "en" / "c.md", "---\ntitle: Empty\n---\n\n")
    write(small / "en" / "d.md", "# Only a heading\n")
    assert "c.md: warning: the section is empty" in only(small, "is empty")
    assert "d.md: warning:" in only(small, "heading but no text")


@pytest.mark.parametrize(
    ("icon", "message"),
    [
        ("brian", 'unknown icon "brian" (did you mean "brain"?)'),
        ("images/logo.svg", "icon file not found in the content folder: images/logo.svg"),
        ("../outside.svg", "icon file not found"),
    ],
)
def test_bad_icon(small, icon, message):
    write(small / "en" / "c.md", section("C", order=9, icon=icon))
    assert f"c.md:4: warning: {message}" in only(small, "icon")


def test_icon_file_in_pack_is_fine(small):
    write(small / "en" / "images" / "logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(small / "en" / "c.md", section("C", order=9, icon="images/logo.svg"))
    assert problems_of(small) == []


def test_bad_step_and_stage_icons(small):
    path = small / "en" / "walkthrough" / "during.md"
    path.write_text("---\nicon: nope\n---\n## One {icon=stethoscop}\n\nHi there.\n", "utf-8")
    found = [p for p in problems_of(small) if "icon" in p]
    assert any("during.md:2:" in p and '"nope"' in p for p in found)
    assert any("during.md:4:" in p and 'did you mean "stethoscope"' in p for p in found)


HARD = (
    "Pharmacological interventions necessitate comprehensive multidisciplinary evaluation, "
    "particularly considering contraindications, comorbidities and individualized therapeutic "
    "objectives. "
) * 3


def test_hard_english_text_warns_with_grade(small, capsys):
    write(small / "en" / "c.md", section("C", order=9, body=HARD))
    found = only(small, "reading grade")
    assert re.search(r"c\.md:5: warning: reading grade \d+\.\d is above 8", found)
    code, out = run(capsys, "--max-grade", "100", str(small))
    assert "warning: reading grade" not in out
    assert code == 0


def test_hard_stage_warns(small):
    path = small / "en" / "walkthrough" / "before.md"
    path.write_text(f"## Preparation\n\n{HARD}\n", encoding="utf-8")
    assert "before.md:1: warning: reading grade" in only(small, "reading grade")


def test_grade_is_information_only_for_other_languages(tmp_path, capsys):
    root = make_pack(make_pack(tmp_path / "c"), "es")
    write(root / "es" / "a.md", section("A", order=1, body=HARD))
    code, out = run(capsys, "--strict", str(root))
    assert code == 0, out
    assert "(es, information only)" in out and "(en), max" in out


def test_max_grade_option_on_bundled_content(capsys):
    code, out = run(capsys, "--strict", "--max-grade", "3", str(REPO / "content"))
    assert code == 1
    assert re.search(r"en/\S+\.md:\d+: warning: reading grade \d\.\d is above 3: ", out)
    assert not re.search(r"es/\S+: warning: reading grade", out)


# --- parity between languages ---------------------------------------------------------


@pytest.fixture
def two(tmp_path) -> Path:
    return make_pack(make_pack(tmp_path / "two"), "es")


def test_two_clean_languages(two, capsys):
    code, out = run(capsys, "--strict", str(two))
    assert code == 0, out
    assert out.startswith("checked 2 languages, 4 sections, 8 steps: 0 errors, 0 warnings")


def test_parity_missing_section(two):
    (two / "es" / "b.md").unlink()
    assert re.search(r"es: warning: no section b\.md here, but en has one", only(two, "b.md"))


def test_parity_missing_section_in_english(two):
    write(two / "es" / "c.md", section("C", order=3))
    assert "en: warning: no section c.md here, but es has one" in only(two, "no section")


def test_parity_step_count(two):
    write(two / "es" / "walkthrough" / "before.md", stage([1, 1, 1]))
    assert "es/walkthrough/before.md: warning: 3 steps, but en has 2" in only(two, "steps, but")


def test_parity_checklist_count(two):
    write(two / "es" / "walkthrough" / "during.md", stage([3]))
    found = only(two, "checklist item")
    assert (
        "es/walkthrough/during.md:5: warning: step 1 has 3 checklist items, but en has 1" in found
    )


def test_parity_missing_walkthrough(two):
    shutil.rmtree(two / "es" / "walkthrough")
    assert "es: warning: no walkthrough/ folder, but en has one" in only(two, "walkthrough/")


def test_parity_ui_key_missing(two):
    path = two / "es" / "language.toml"
    path.write_text(re.sub(r"(?m)^home = .*\n", "", path.read_text("utf-8")), encoding="utf-8")
    assert 'language.toml: warning: [ui] has no "home"' in only(two, "[ui] has no")


def test_no_language_file_for_other_language(two):
    (two / "es" / "language.toml").unlink()
    assert "es: warning: no language.toml" in only(two, "language.toml")


def test_bad_placeholder_in_translation(two):
    path = two / "es" / "language.toml"
    text = path.read_text("utf-8").replace("Paso {n} de {total}", "Paso {num} de {total}")
    path.write_text(text, encoding="utf-8")
    assert "unknown {num}" in only(two, "step_of")


def test_spanish_bundled_pack_if_present(capsys):
    """The translation may arrive at any time: parity must hold for whatever is bundled."""
    report = check_folder(REPO / "content")
    assert [str(p) for p in report.problems] == []


def test_hostile_files_are_checked_in_reasonable_time(small, capsys):
    import time

    write(small / "en" / "big.md", ("Plain words in a short sentence. " * 30 + "\n\n") * 2000)
    write(small / "en" / "nested.md", "[" * 20_000 + "]" * 20_000 + "\n\n- x\n")
    write(small / "en" / "deep.md", "\n".join("    " * d + "- item" for d in range(500)))
    started = time.perf_counter()
    code, out = run(capsys, str(small))
    assert time.perf_counter() - started < 60
    assert code == 0 and "nested.md:1: warning: a line with hundreds of [ brackets" in out
