"""The allow-list sanitizer (issue 9 item 5): nothing in a page reaches outside the content
folder or looks tappable unless the markdown step checked it, and `kiosk check` names each
removed tag and outside reference with its file and line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import load_library
from kiosk.content.check import check_folder
from kiosk.content.render import render
from kiosk.content.sanitize import Approvals, sanitize

PNG = (  # a real 1x1 picture
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def pack(tmp_path) -> Path:
    root = tmp_path / "content" / "en"
    (root / "images").mkdir(parents=True)
    (root / "images" / "inside.png").write_bytes(PNG)
    (root / "side-effects.md").write_text("# Side effects\n\nSome words.\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    return root


def html_of(body: str, pack: Path) -> str:
    return render(body, pack / "page.md", pack, {"side-effects.md"}).html


def test_the_allowed_shapes_survive(pack):
    body = (
        "# Title\n\n## Part\n\nSome *soft* and **strong** words and `code`.\n\n"
        "3. three\n4. four\n\n- a\n- b\n\n> a quote\n\n"
        "| left | right |\n|:---|---:|\n| 1 | 2 |\n\n"
        "![A picture](images/inside.png)\n\n"
        "[Side effects](side-effects.md#nausea) and [up](#part)\n"
    )
    html = html_of(body, pack)
    for shape in (
        '<h1 id="title">',
        '<h2 id="part">',
        "<em>soft</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        '<ol start="3">',
        "<ul>",
        "<blockquote>",
        '<th align="left">',
        '<td align="right">',
        'href="section:side-effects.md#nausea"',
        'href="#part"',
    ):
        assert shape in html, shape
    source = (pack / "images" / "inside.png").resolve().as_uri()
    assert f'<img alt="A picture" src="{source}">' in html or f'src="{source}"' in html
    assert "style=" not in html


@pytest.mark.parametrize(
    "raw",
    [
        '<img src="{outside}">',
        '<img src="file://{outside}">',
        '<img src="../../outside/secret.png">',
        '<img src="images/inside.png">',
        '<p style="background: url({outside})">words</p>',
        '<div style="background-image:url(file://{outside})">words</div>',
        "<style>p {{ background: url({outside}) }}</style>",
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<svg><image href="{outside}"/></svg>',
    ],
)
def test_raw_html_cannot_reach_a_file(pack, raw):
    outside = pack.parent.parent / "outside" / "secret.png"
    html = html_of("Before.\n\n" + raw.format(outside=outside) + "\n\nAfter.\n", pack)
    assert "Before." in html and "After." in html
    assert "secret.png" not in html and "inside.png" not in html
    assert "url(" not in html and "style" not in html and "<img" not in html
    assert "data:" not in html and "<svg" not in html and "<image" not in html


@pytest.mark.parametrize(
    "raw",
    [
        '<a href="section:side-effects.md">raw link</a>',
        '<a href="side-effects.md">raw link</a>',
        '<a href="#part">raw link</a>',
        '<a href="https://example.org">raw link</a>',
        '<a href="javascript:alert(1)" onclick="x()">raw link</a>',
        '<span><a href="section:side-effects.md">raw link</a></span>',
    ],
)
def test_raw_html_links_are_plain_text(pack, raw):
    html = html_of(f"Words and {raw} here.", pack)
    assert "raw link" in html and "<a" not in html and "href" not in html


def test_a_placeholder_cannot_be_forged_by_raw_html(pack):
    approvals = Approvals()
    real = approvals.approve("section:side-effects.md")
    forged = f"{'0' * 16}-0"
    page = f'<a href="{real}">ok</a> <a href="{forged}">forged</a> <img src="{forged}">'
    clean = sanitize(page, approvals)
    assert '<a href="section:side-effects.md">ok</a>' in clean
    assert "forged" in clean and clean.count("href") == 1 and "<img" not in clean


def test_markdown_pictures_outside_the_pack_are_not_shown(pack):
    outside = pack.parent.parent / "outside" / "secret.png"
    for src in (str(outside), outside.as_uri(), "../../outside/secret.png"):
        result = render(f"Text.\n\n![secret]({src})\n", pack / "page.md", pack, set(), 5)
        assert "<img" not in result.html and "secret.png" not in result.html, src
        [problem] = result.problems
        assert problem.line == 7 and "outside the content folder" in problem.message, src


def test_check_names_each_removed_tag_and_outside_reference(pack):
    outside = pack.parent.parent / "outside" / "secret.png"
    (pack / "hostile.md").write_text(
        "# Hostile\n\n"  # 1-2
        f'<img src="{outside}">\n\n'  # 3
        f"![secret](file://{outside})\n\n"  # 5
        "![up](../../outside/secret.png)\n\n"  # 7
        f'<p style="background: url({outside})">styled</p>\n\n'  # 9
        '<a href="section:side-effects.md">raw</a>\n\n'  # 11
        "<marquee>moving</marquee>\n\n"  # 13
        "```\n<script>in code is fine</script>\n```\n\n"  # 15-17
        "Inline `<b onclick=x>` code is fine too.\n",  # 19
        encoding="utf-8",
    )
    report = check_folder(pack.parent)
    found = {(p.line, p.code) for p in report.problems if p.path.name == "hostile.md"}
    assert {
        (3, "outside.raw-img"),
        (5, "picture"),
        (7, "picture"),
        (9, "outside.css-url"),
        (9, "html.style"),
        (11, "html.link"),
        (13, "html.removed"),
    } <= found
    assert not {line for line, _ in found} & {15, 16, 17, 19}
    messages = [str(p) for p in report.problems if p.line == 13]
    assert any("hostile.md:13: warning: raw HTML <marquee> removed" in m for m in messages)


def test_walkthrough_steps_are_sanitized_and_placed_on_their_lines(pack):
    folder = pack / "walkthrough"
    folder.mkdir()
    (folder / "before.md").write_text(
        "# Before\n\n## Arrive\n\n- [ ] Bring a list\n\n"  # 1-5
        "Words <u>and</u> more.\n\n"  # 7
        '<a href="section:side-effects.md">raw</a>\n',  # 9
        encoding="utf-8",
    )
    library = load_library(pack.parent)
    step = library.packs["en"].walkthrough.steps[0]
    from kiosk.content.render import render_step

    result = render_step(step, pack, {"side-effects.md"})
    assert "<a" not in result.html and "<u>" not in result.html and "and" in result.html
    assert {(p.line, p.code) for p in result.problems} == {(7, "html.removed"), (9, "html.link")}


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (installed in CI)")
def test_the_kiosk_opens_no_file_outside_the_content_folder(pack, tmp_path):
    """Traced, not read from the code: the self-test renders every section and step with a
    raw <img>, file://, ../, an absolute path and a CSS url(), and opens none of them.
    (A symbolic link out of the folder is the resource loader's: tests/test_outside_files.py.)"""
    outside = tmp_path / "outside" / "secret.png"
    (pack / "walkthrough").mkdir()
    refs = (
        f'<img src="{outside}">\n\n![a](file://{outside})\n\n![b](../../outside/secret.png)\n\n'
        f"![c]({outside})\n\n<p style=\"background: url('{outside}')\">x</p>\n\n"
    )
    (pack / "hostile.md").write_text(f"# Hostile\n\n{refs}Still shown.\n", encoding="utf-8")
    (pack / "walkthrough" / "before.md").write_text(
        f"# Before\n\n## Step\n\n{refs}\n- [ ] tick\n", encoding="utf-8"
    )
    trace = tmp_path / "trace.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(trace), sys.executable, "-m"]
        + ["kiosk", "--self-test", "--windowed", "--content", str(pack.parent)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "self-test:" in result.stdout, result.stdout + result.stderr
    touched = [line for line in trace.read_text().splitlines() if "secret.png" in line]
    assert touched == []
    opens = re.compile(r"^\d+\s+open(?:at2?)?\(.*/content/en/(?:hostile|walkthrough/before)\.md")
    assert [line for line in trace.read_text().splitlines() if opens.search(line)]  # it did read
