"""`kiosk export-html`: a static site with stable paths, local pictures and no way out."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from kiosk.content.loader import load_library
from kiosk.export_html import export

REPO = Path(__file__).resolve().parent.parent
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "img":
            self.srcs.append(attrs["src"])


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_section_and_the_walkthrough_has_a_page_in_every_language(tmp_path):
    library = load_library(REPO / "content")
    export(library, tmp_path, "Lakeside Infusion")
    assert (tmp_path / "index.html").is_file()
    for lang, pack in library.packs.items():
        home = parse(tmp_path / lang / "index.html")
        assert home.lang == lang
        assert "walkthrough.html" in home.hrefs
        walkthrough = (tmp_path / lang / "walkthrough.html").read_text(encoding="utf-8")
        for item in pack.walkthrough.checklist:
            assert item.text in walkthrough.replace("&#x27;", "'")
        for section in pack.sections:
            page = tmp_path / lang / section.id.replace(".md", ".html")
            assert page.is_file()
            assert section.id.replace(".md", ".html") in home.hrefs
            assert parse(page).lang == lang
    english = (tmp_path / "en" / "side-effects.html").read_text(encoding="utf-8")
    assert "<title>Possible side effects · Lakeside Infusion</title>" in english
    assert 'href="../es/side-effects.html" hreflang="es"' in english


def test_links_between_sections_work_pictures_are_copied_and_nothing_points_outside(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "dot.png").write_bytes(PNG)
    (content / "a.md").write_text(
        "# A\n\nSee [B](b.md#more) and ![a dot](images/dot.png).\n"
        "Never [the web](https://example.com) nor [a file](file:///etc/passwd).\n",
        encoding="utf-8",
    )
    (content / "b.md").write_text("# B\n\n## More\n\nText.\n", encoding="utf-8")
    site = tmp_path / "site"
    export(load_library(content), site, "Clinic")
    page = site / "en" / "a.html"
    links = parse(page)
    assert "b.html#more" in links.hrefs
    assert links.srcs == ["images/dot.png"]
    assert (site / "en" / "images" / "dot.png").read_bytes() == PNG
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"(href|src)=\"(file:|https?:|section:)", text)
    assert 'id="more"' in (site / "en" / "b.html").read_text(encoding="utf-8")
