"""`kiosk export-html DIR`: the content pack as a static, accessible web site a clinic can host.

Every section and the walkthrough, in every language, rendered by the same function as
the kiosk (so with the same safe links and pictures); pictures are copied beside the
pages. Paths are stable, because handout QR codes link to them (kiosk.content.handout):

    index.html                 the languages
    <lang>/index.html          that language's home page
    <lang>/walkthrough.html    "What to expect", with its checklist
    <lang>/<section>.html      one page per section
    style.css
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kiosk.content import handout
from kiosk.content.model import ContentPack, Library
from kiosk.content.render import SECTION_SCHEME, render, render_section

STYLE = """\
:root { color-scheme: light; --accent: ACCENT; }
body { font-family: "Noto Sans", system-ui, sans-serif; font-size: 1.15rem; line-height: 1.6;
       max-width: 44rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; background: #fff; }
a { color: var(--accent); text-decoration-thickness: 2px; }
a:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
h1, h2, h3 { line-height: 1.25; }
header { border-bottom: 2px solid var(--accent); margin-bottom: 1rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li::before { content: "\\2610\\00a0"; font-size: 1.3em; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #888; padding: .3rem .6rem; }
footer { border-top: 1px solid #888; margin-top: 2rem; font-size: 1rem; }
"""


def export(library: Library, out: Path, clinic_name, accent: str = "#1F6F78") -> list[Path]:
    """Write the site into `out` (created if needed); returns the pages written.

    clinic_name is the name, or a function of the language code that gives it."""
    name_in = clinic_name if callable(clinic_name) else lambda _lang: clinic_name
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "style.css").write_text(STYLE.replace("ACCENT", accent), encoding="utf-8")
    packs = list(library.packs.values())
    first = packs[0].lang if packs else "en"
    pages = [_write(out / handout.HOME_PAGE, _languages_page(packs, name_in(first)))]
    for pack in packs:
        site = _Site(pack, out / pack.lang, name_in(pack.lang), packs)
        pages += site.write_all()
    return pages


class _Site:
    def __init__(self, pack: ContentPack, folder: Path, clinic: str, packs: list[ContentPack]):
        self.pack, self.folder, self.clinic, self.packs = pack, folder, clinic, packs
        self.ids = pack.section_ids

    def write_all(self) -> list[Path]:
        self.folder.mkdir(parents=True, exist_ok=True)
        pages = [self._page(handout.HOME_PAGE, self.pack.name, self._home())]
        if self.pack.walkthrough.stages:
            title = self.pack.ui["walkthrough_button"]
            pages.append(self._page(handout.WALKTHROUGH_PAGE, title, self._walkthrough()))
        for section in self.pack.sections:
            pieces, _ = render_section(section, self.pack.root, self.ids)
            body = self._local("".join(pieces))
            pages.append(self._page(handout.section_page(section.id), section.title, body))
        return pages

    def _home(self) -> str:
        ui, parts = self.pack.ui, [f"<h1>{_e(self.clinic)}</h1>"]
        if self.pack.walkthrough.stages:
            link = f'<a href="{handout.WALKTHROUGH_PAGE}">{_e(ui["walkthrough_button"])}</a>'
            parts.append(f"<p><strong>{link}</strong></p>")
        parts.append(f"<h2>{_e(ui['sections_heading'])}</h2><ul>")
        for section in self.pack.sections:
            href = handout.section_page(section.id)
            summary = f"<br>{_e(section.summary)}" if section.summary else ""
            parts.append(f'<li><a href="{href}">{_e(section.title)}</a>{summary}</li>')
        parts.append("</ul>")
        return "".join(parts)

    def _walkthrough(self) -> str:
        parts = [f"<h1>{_e(self.pack.ui['walkthrough_button'])}</h1>"]
        for stage in self.pack.walkthrough.stages:
            parts.append(f"<h2>{_e(stage.title)}</h2>")
            for step in stage.steps:
                body = render(step.body, step.path, self.pack.root, self.ids).html
                parts.append(f"<h3>{_e(step.title)}</h3>{self._local(body)}")
                if step.checklist:
                    items = "".join(f"<li>{_e(item.text)}</li>" for item in step.checklist)
                    parts.append(f'<ul class="checklist">{items}</ul>')
        return "".join(parts)

    def _page(self, name: str, title: str, body: str) -> Path:
        ui, lang = self.pack.ui, self.pack.lang
        others = "".join(
            f'<li><a href="../{p.lang}/{name}" hreflang="{p.lang}" lang="{p.lang}">'
            f"{_e(p.name)}</a></li>"
            for p in self.packs
            if p is not self.pack and name in _page_names(p)
        )
        document = _document(
            lang,
            f"{title} · {self.clinic}",
            header=(
                f'<nav aria-label="{_e(ui["home"])}"><ul>'
                f'<li><a href="{handout.HOME_PAGE}">{_e(ui["home"])}</a></li>{others}</ul></nav>'
            ),
            main=body,
            footer=f"<p>{_e(ui['unwell'])}</p>",
            css="../style.css",
        )
        return _write(self.folder / name, document)

    def _local(self, body: str) -> str:
        """Section links to their pages; pictures copied next to the pages, linked relatively."""
        body = _SECTION_LINK.sub(lambda m: f'href="{handout.section_page(m.group(1))}', body)
        return _FILE_SRC.sub(self._copy_image, body)

    def _copy_image(self, match: re.Match) -> str:
        source = Path(unquote(urlsplit(html.unescape(match.group(1))).path))
        root = self.pack.root.resolve()
        relative = source.relative_to(root) if source.is_relative_to(root) else Path(source.name)
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return f'src="{_e(relative.as_posix())}"'


_SECTION_LINK = re.compile(rf'href="{SECTION_SCHEME}:([^"#]*)')
_FILE_SRC = re.compile(r'src="(file:[^"]*)"')


def _page_names(pack: ContentPack) -> set[str]:
    names = {handout.HOME_PAGE, *(handout.section_page(s.id) for s in pack.sections)}
    return names | ({handout.WALKTHROUGH_PAGE} if pack.walkthrough.stages else set())


def _languages_page(packs: list[ContentPack], clinic: str) -> str:
    links = "".join(
        f'<li><a href="{p.lang}/{handout.HOME_PAGE}" hreflang="{p.lang}" lang="{p.lang}">'
        f"{_e(p.name)}</a></li>"
        for p in packs
    )
    lang = packs[0].lang if packs else "en"
    return _document(lang, clinic, "", f"<h1>{_e(clinic)}</h1><ul>{links}</ul>", "", "style.css")


def _document(lang: str, title: str, header: str, main: str, footer: str, css: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{_e(title)}</title>\n<link rel="stylesheet" href="{css}">\n</head>\n<body>\n'
        f'<header>{header}</header>\n<main id="main">\n{main}\n</main>\n'
        f"<footer>{footer}</footer>\n</body>\n</html>\n"
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _e(text: str) -> str:
    return html.escape(text, quote=True)
