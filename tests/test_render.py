"""render(): markdown to safe HTML; links and pictures checked; hostile input survives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.content.render import render, split_for_rendering
from kiosk.problems import Severity
from tests.helpers import solid_png

IDS = frozenset({"side-effects.md", "what-migraine-is.md"})
PNG = solid_png(2, 2)  # a real picture: a damaged one is not shown
SECONDS = 20  # "reasonable time" on a slow, busy test machine


@pytest.fixture
def pack(tmp_path) -> Path:
    root = tmp_path / "en"
    (root / "images").mkdir(parents=True)
    (root / "images" / "brain.png").write_bytes(PNG)
    (root / "walkthrough").mkdir()
    return root


def html_of(body: str, pack: Path, name: str = "page.md"):
    return render(body, pack / name, pack, IDS)


def test_plain_markdown(pack):
    result = html_of("# Title\n\nSome **bold** text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", pack)
    assert '<h1 id="title">Title</h1>' in result.html and "<strong>bold</strong>" in result.html
    assert "<table>" in result.html and result.problems == []


def test_every_markdown_extension_applies(pack):
    body = (
        "## Before you go\n\n| Dose | When |\n|:---|---:|\n| 1 | 2 |\n\n"
        "```\n*not emphasis*\n```\n\n3. three\n4. four\n\n* a bullet\n"
    )
    html = html_of(body, pack).html
    assert '<h2 id="before-you-go">' in html  # toc: a heading can be linked to
    assert '<th align="left">Dose</th>' in html and '<td align="right">2</td>' in html
    assert "<pre><code>*not emphasis*" in html  # fenced_code
    assert '<ol start="3">' in html and "<ul>" in html  # sane_lists: a new list, not a 5th item


RENDER_ONLY = r"""
import json, sys
from pathlib import Path
from kiosk.content.render import render
html = render("# T\n\n| a |\n|---|\n| 1 |\n\n[x](x.md)", Path("p.md"), Path("."), {"x.md"}).html
print(json.dumps({"html": html, "loaded": [m for m in sys.argv[1:] if m in sys.modules]}))
"""


def test_rendering_loads_neither_openssl_nor_package_metadata():
    """Every page renders in the kiosk's process: OpenSSL (3 MiB) and every installed
    package's metadata (importlib.metadata, for extension names) stay out of it."""
    heavy = ["_hashlib", "hmac", "importlib.metadata", "email.message"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", RENDER_ONLY, *heavy], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert "<td>1</td>" in seen["html"] and "x.md" in seen["html"]
    assert seen["loaded"] == []


def test_internal_link_becomes_section_link(pack):
    result = html_of("Read [side effects](side-effects.md).", pack)
    assert 'href="section:side-effects.md"' in result.html and result.problems == []


def test_internal_link_keeps_its_fragment(pack):
    result = html_of("[x](side-effects.md#nausea)", pack)
    assert 'href="section:side-effects.md#nausea"' in result.html


def test_link_within_the_page_is_kept(pack):
    assert 'href="#top"' in html_of("[up](#top)", pack).html


@pytest.mark.parametrize("href", ["side-effects.md", "../side-effects.md", "./side-effects.md"])
def test_walkthrough_step_links_to_a_section(pack, href):
    result = html_of(f"[x]({href})", pack, "walkthrough/before.md")
    assert 'href="section:side-effects.md"' in result.html and result.problems == []


@pytest.mark.parametrize(
    "href",
    [
        "http://example.org",
        "https://example.org/page.md",
        "mailto:someone@example.org",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "//example.org/x",
        "data:text/html,hi",
        "tel:+15555550100",
        "section:side-effects.md",
    ],
)
def test_external_links_become_plain_text(pack, href):
    result = html_of(f"Go [there]({href}) now.", pack)
    assert "<a" not in result.html and "href" not in result.html
    assert "there" in result.html
    assert result.problems == []


def test_autolink_becomes_plain_text(pack):
    result = html_of("<https://example.org>", pack)
    assert "<a" not in result.html and "example.org" in result.html


def test_link_outside_the_pack_becomes_plain_text(pack):
    result = html_of("[x](../../secret.md)", pack)
    assert "<a" not in result.html


def test_link_to_missing_section_warns_and_is_plain_text(pack):
    result = html_of("[x](gone.md)", pack)
    assert "<a" not in result.html
    [problem] = result.problems
    assert problem.severity is Severity.WARNING and problem.path == pack / "page.md"
    assert problem.message == "link to a section that does not exist: gone.md"


@pytest.mark.parametrize(
    ("href", "hint"),
    [("Side-Effects.md", 'did you mean "side-effects.md"?'), ("side-effects", '"side-effects.md"')],
)
def test_link_to_missing_section_with_hint(pack, href, hint):
    [problem] = html_of(f"[x]({href})", pack).problems
    assert hint in problem.message


def test_link_to_a_local_file_that_is_not_a_section_is_text(pack):
    result = html_of("[picture](images/brain.png)", pack)
    assert "<a" not in result.html and result.problems == []


def test_image_in_the_pack(pack):
    result = html_of("![A brain](images/brain.png)", pack)
    expected = (pack / "images" / "brain.png").resolve().as_uri()
    assert f'src="{expected}"' in result.html and result.problems == []


def test_image_from_a_walkthrough_step(pack):
    for src in ("images/brain.png", "../images/brain.png"):
        result = html_of(f"![A brain]({src})", pack, "walkthrough/during.md")
        assert "<img" in result.html and result.problems == [], src


def test_missing_image_warns_and_shows_its_description(pack):
    result = html_of("![A chart of visits](images/chart.png)", pack)
    assert "<img" not in result.html and "A chart of visits" in result.html
    [problem] = result.problems
    assert (
        problem.severity is Severity.WARNING
        and problem.message == "missing image: images/chart.png"
    )


@pytest.mark.parametrize(
    "src",
    ["../outside.png", "/etc/passwd", "https://example.org/x.png", "file:///etc/passwd", "data:,x"],
)
def test_image_outside_the_pack_is_refused(pack, src):
    (pack.parent / "outside.png").write_bytes(PNG)
    result = html_of(f"![secret]({src})", pack)
    assert "<img" not in result.html and "secret" in result.html
    [problem] = result.problems
    assert problem.message == f"picture outside the content folder, not shown: {src}"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_image_linked_out_of_the_pack_is_refused(pack):
    (pack.parent / "outside.png").write_bytes(PNG)
    (pack / "images" / "sneaky.png").symlink_to(pack.parent / "outside.png")
    result = html_of("![x](images/sneaky.png)", pack)
    assert "<img" not in result.html
    assert "outside the content folder" in result.problems[0].message


def test_image_without_a_file_name(pack):
    result = html_of("![alt]()", pack)
    assert "<img" not in result.html and result.problems[0].message == "a picture has no file name"


def test_path_outside_the_pack_root_does_not_raise(tmp_path, pack):
    result = render("[x](side-effects.md) ![y](images/brain.png)", tmp_path / "x.md", pack, IDS)
    assert 'href="section:side-effects.md"' in result.html and "<img" in result.html


def assert_quick(body: str, pack: Path):
    started = time.perf_counter()
    result = html_of(body, pack)
    assert time.perf_counter() - started < SECONDS
    assert isinstance(result.html, str)
    return result


def test_two_megabyte_file(pack):
    body = ("Some plain words in a sentence. " * 30 + "\n\n") * 2200
    assert len(body) > 2_000_000
    result = assert_quick(body, pack)
    assert result.html.count("<p>") == 2200


def test_twenty_thousand_nested_brackets(pack):
    result = assert_quick("[" * 20_000 + "x" + "]" * 20_000 + "(side-effects.md)", pack)
    assert any("brackets" in p.message for p in result.problems)
    assert "[[[" in result.html  # shown as typed


def test_many_lines_of_nested_brackets(pack):
    line = "[" * 199 + "x" + "]" * 199  # under any per-line guard; 60 of them froze 24 s
    result = assert_quick("\n".join([line] * 300), pack)
    assert result.problems[0].line == 1
    assert "max_brackets_per_paragraph" in result.problems[0].message
    assert "[[[" in result.html  # shown as typed


@pytest.mark.parametrize("indent", [2, 4])
def test_five_hundred_deep_nested_lists(pack, indent):
    body = "\n".join(" " * indent * depth + f"- item {depth}" for depth in range(500))
    result = assert_quick(body, pack)
    assert "item 499" in result.html


@pytest.mark.parametrize(
    "body",
    [
        ">" * 2000 + " deep quote",
        "*" * 50_000 + "x",
        "`" * 50_000,
        "<div>" * 5000,
        "|" * 10_000 + "\n" + "|---" * 3000,
        "\x00\ufffd\u202e odd characters",
    ],
)
def test_other_hostile_input_returns(pack, body):
    assert_quick(body, pack)


def test_split_short_body_is_whole():
    assert split_for_rendering("short") == ["short"]


def test_split_cuts_at_blank_lines_and_loses_nothing():
    body = "\n\n".join(f"Paragraph {n} " + "words " * 20 for n in range(200))
    pieces = split_for_rendering(body, size=1000)
    assert len(pieces) > 5
    assert "\n".join(pieces) == body
    assert all(len(piece) < 2000 for piece in pieces)


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_split_keeps_code_fences_whole(fence):
    code = "\n\n".join(f"line {n} of code" for n in range(300))  # blank lines inside the code
    inner = "```" if fence == "````" else ""  # a shorter fence inside does not close it
    body = f"Intro text.\n\n{fence}python\n{code}\n{inner}\n\nmore code\n{fence}\n\nAfter.\n\n" * 3
    pieces = split_for_rendering(body, size=1000)  # each block is ~5000 chars: under 8x
    assert len(pieces) > 1
    assert "\n".join(pieces) == body
    for piece in pieces:
        opened = [ln for ln in piece.split("\n") if ln.startswith(fence)]
        assert len(opened) % 2 == 0, piece[:200]


def test_split_still_cuts_a_huge_block_without_blank_lines():
    body = "\n".join("x" * 50 for _ in range(10_000))
    pieces = split_for_rendering(body, size=1000)
    assert len(pieces) > 1 and "\n".join(pieces) == body
