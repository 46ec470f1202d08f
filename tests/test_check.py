"""`kiosk check`: the staff checker, through kiosk.cli.main as staff would run it."""

from __future__ import annotations

import datetime
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
REVIEWED = "2026-11-30"  # the bundled pack's review; its review_by is a year later


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
    code, out = run(capsys, "--strict", "--today", REVIEWED, str(REPO / "content"))
    assert code == 0, out
    summary = out.strip().splitlines()[-1]
    assert re.match(
        r"checked \d+ languages?, \d+ sections, \d+ steps: 0 errors, 0 warnings", summary
    )
    assert re.search(r"reading grade mean \d+\.\d \(en\), max \d+\.\d", summary)
    assert re.search(r"Fernández-Huerta reading ease mean \d+\.\d \(es\), lowest \d+", summary)
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
    lines.insert(15, "See ![x](images/gone.png) here.")
    side.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(content.parent)
    code, out = run(capsys, "content")
    assert code == 0
    problems = out.strip().splitlines()[:-1]
    assert problems == ["content/en/side-effects.md:16: warning: missing image: images/gone.png"]
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
    assert set(problem) == {"path", "line", "code", "severity", "message"}
    assert problem["severity"] == "warning" and problem["line"] == 1
    assert problem["code"] == "picture"
    assert problem["path"].endswith("side-effects.md")
    summary = data["summary"]
    assert summary["errors"] == 0 and summary["warnings"] >= 1
    assert summary["sections"] > 0 and summary["steps"] > 0 and summary["languages"] >= 1
    assert summary["reading"]["en"]["checked"] is True
    grade = data["grades"][0]
    assert {"lang", "path", "kind", "name", "formula", "score", "words"} <= set(grade)
    assert {g["kind"] for g in data["grades"]} == {"section", "stage"}
    assert {g["formula"] for g in data["grades"] if g["lang"] == "es"} == {
        "Fernández-Huerta reading ease"
    }
    assert summary["reading"]["es"]["formula"] == "Fernández-Huerta reading ease"


def test_json_strict_exit_code(content, capsys):
    (content / "en" / "side-effects.md").write_text("![x](images/none.png)\n", encoding="utf-8")
    code, out = run(capsys, "--json", "--strict", str(content))
    assert code == 1 and json.loads(out)["exit_code"] == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus"],
        ["--max-grade", "abc"],
        ["--max-grade", "nan"],
        ["a", "b"],
        ["--today", "1/2/27"],
    ],
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


def test_grade_is_information_only_for_languages_without_a_formula(tmp_path, capsys):
    root = make_pack(make_pack(tmp_path / "c"), "de")
    write(root / "de" / "a.md", section("A", order=1, body=HARD))
    code, out = run(capsys, "--strict", str(root))
    assert code == 0, out
    assert "reading grade mean" in out and "(de, information only)" in out
    assert "(en), max" in out


HARD_SPANISH = (
    "La administración farmacológica intravenosa necesita una evaluación multidisciplinaria "
    "exhaustiva, considerando particularmente las contraindicaciones, las comorbilidades "
    "psiquiátricas y los objetivos terapéuticos individualizados de cada paciente. "
) * 3
PLAIN_SPANISH = "El gato se sentó en la cama. El perro corrió al parque. Hoy hace sol."


def test_spanish_is_scored_with_fernandez_huerta(tmp_path, capsys):
    root = make_pack(make_pack(tmp_path / "c"), "es")
    write(root / "es" / "a.md", section("A", order=1, body=HARD_SPANISH))
    write(root / "es" / "b.md", section("B", order=2, body=PLAIN_SPANISH))
    code, out = run(capsys, "--strict", str(root))
    assert code == 1
    warned = [line for line in out.splitlines() if "warning:" in line]
    assert len(warned) == 1, out
    assert re.search(
        r"es/a\.md:5: warning: Fernández-Huerta reading ease -?\d+\.\d is below 60", out
    )
    assert re.search(r"Fernández-Huerta reading ease mean \d+\.\d \(es\), lowest -?\d", out)
    # --max-grade is the English grade's limit; it does not touch the Spanish score.
    _, out = run(capsys, "--max-grade", "100", str(root))
    assert "es/a.md:5: warning: Fernández-Huerta" in out


def test_bundled_reading_levels(capsys):
    """The brief: grade 6 to 7 on average in English, never above 8; Spanish by its own formula."""
    report = check_folder(REPO / "content", today=datetime.date.fromisoformat(REVIEWED))
    english = [g.score for g in report.grades if g.lang == "en" and g.kind == "section"]
    assert len(english) == 13 and max(english) <= 8 and sum(english) / len(english) <= 7
    spanish = report.reading()["es"]
    assert spanish["formula"] == "Fernández-Huerta reading ease" and spanish["checked"]
    assert spanish["hardest"] >= spanish["limit"] == 60


def test_max_grade_option_on_bundled_content(capsys):
    code, out = run(capsys, "--strict", "--max-grade", "3", str(REPO / "content"))
    assert code == 1
    assert re.search(r"en/\S+\.md:\d+: warning: reading grade \d\.\d is above 3: ", out)
    assert not re.search(r"es/\S+: warning: reading grade", out)


# --- review dates ----------------------------------------------------------------------


def reviewed(body: str = SIMPLE, review_by: str = "2027-11-30", **keys: str) -> str:
    meta = {"title": "C", "reviewed": "2026-11-30", "review_by": review_by}
    meta |= {"reviewer": "clinic nurse educator", "sources": "[an article]"} | keys
    lines = "".join(f"{key}: {value}\n" for key, value in meta.items() if value is not None)
    return f"---\n{lines}---\n\n{body}\n"


def test_a_past_review_date_fails_strict_naming_the_file(content, capsys, monkeypatch):
    path = content / "es" / "side-effects.md"
    text = path.read_text(encoding="utf-8")
    assert "review_by: 2027-11-30" in text
    text = text.replace("reviewed: 2026-11-30", "reviewed: 2025-11-01")
    path.write_text(text.replace("review_by: 2027-11-30", "review_by: 2026-11-01"), "utf-8")
    monkeypatch.chdir(content.parent)
    code, out = run(capsys, "--strict", "--today", REVIEWED, "content")
    assert code == 1
    assert out.splitlines()[:-1] == [
        "content/es/side-effects.md:7: warning: review date 2026-11-01 has passed (clinic nurse "
        "educator, with a medical interpreter for the Spanish): check it against its sources, "
        "then set new reviewed and review_by dates"
    ]
    code, _ = run(capsys, "--today", REVIEWED, "content")
    assert code == 0  # without --strict the file is still shown and the check passes


def test_review_warnings_start_30_days_before(content, capsys):
    code, out = run(capsys, "--today", "2027-10-30", str(content))
    assert code == 0 and "0 warnings" in out
    code, out = run(capsys, "--strict", "--today", "2027-10-31", str(content))
    warned = out.splitlines()[:-1]
    assert code == 1 and len(warned) == 32  # 13 sections and 3 stages in each language
    assert all("warning: due for review by 2027-11-30, in 30 days" in line for line in warned)
    assert any(re.search(r"en/walkthrough/during\.md:5: warning: due", line) for line in warned)
    _, out = run(capsys, "--today", "2027-11-30", str(content))
    assert "warning: due for review today, 2027-11-30 (clinic nurse educator)" in out


def test_review_dates_use_the_real_date_by_default(small, capsys):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    write(small / "en" / "c.md", reviewed(review_by=yesterday.isoformat()))
    found = only(small, "has passed")
    assert re.search(rf"en/c\.md:4: warning: review date {yesterday} has passed", found)


def test_files_without_review_dates_warn_once_others_have_them(content):
    path = content / "en" / "walkthrough" / "after.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^review_by: .*\n", "", text), encoding="utf-8")
    found = only(content, "in the front matter", today=datetime.date.fromisoformat(REVIEWED))
    assert re.search(
        r"en/walkthrough/after\.md:1: warning: no review_by in the front matter", found
    )


def test_a_review_date_that_is_not_a_date(small):
    write(small / "en" / "c.md", reviewed(review_by="next year"))
    found = only(small, "review_by")
    assert re.search(r'c\.md:4: warning: "review_by" should be a date like 2027-11-30', found)


def test_reviewed_after_review_by(small):
    write(small / "en" / "c.md", reviewed(review_by="2026-01-01"))
    found = only(small, "is after", today=datetime.date(2025, 6, 1))
    assert "c.md:3: warning: reviewed 2026-11-30 is after review_by 2026-01-01" in found


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
    report = check_folder(REPO / "content", today=datetime.date.fromisoformat(REVIEWED))
    assert [str(p) for p in report.problems] == []


def test_hostile_files_are_checked_in_reasonable_time(small, capsys):
    import time

    write(small / "en" / "big.md", ("Plain words in a short sentence. " * 30 + "\n\n") * 2000)
    write(small / "en" / "nested.md", "[" * 20_000 + "]" * 20_000 + "\n\n- x\n")
    write(small / "en" / "deep.md", "\n".join("    " * d + "- item" for d in range(500)))
    started = time.perf_counter()
    code, out = run(capsys, str(small))
    assert time.perf_counter() - started < 60
    assert code == 0 and "nested.md:1: warning: a paragraph with 20,000 [ brackets" in out
    assert "deep.md:17: warning: lists, quotes or HTML nested more than 16 deep" in out
