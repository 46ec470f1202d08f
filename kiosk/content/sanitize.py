"""The allow-list every rendered page passes through (nh3, the Ammonia sanitizer).

Kept: headings, paragraphs, lists, emphasis, code, tables, pictures and section links.
Everything else goes: other tags (their words stay), style and event attributes, and any
link or picture source that the markdown step did not approve. The markdown step
(safe_links) approves each link and picture it has checked by giving it a placeholder
made with a secret of this page; raw HTML cannot know the secret, so a raw <img> or <a>
loses its source or target: a raw picture is not shown and a raw link is plain text.

`raw_html_findings` reads the markdown source for `kiosk check`: each raw-HTML tag that
is removed and each reference to something outside the content folder, with its line.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field

from kiosk.content.bounds import Finding
from kiosk.content.outline import code_lines

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = HEADINGS | {
    "p", "br", "hr", "ul", "ol", "li", "blockquote",
    "em", "strong", "b", "i", "code", "pre", "span",
    "table", "thead", "tbody", "tr", "th", "td",
    "img", "a",
}  # fmt: skip
ATTRIBUTES = {
    **{tag: {"id"} for tag in HEADINGS},  # targets of section.md#heading links
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
_APPROVED = {("a", "href"), ("img", "src")}


@dataclass
class Approvals:
    """The links and picture sources the markdown step checked, behind placeholders."""

    # os.urandom, as secrets.token_hex: secrets imports hmac and with it OpenSSL (3 MiB)
    secret: str = field(default_factory=lambda: os.urandom(8).hex())
    values: dict[str, str] = field(default_factory=dict)

    def approve(self, value: str) -> str:
        """A placeholder for `value` that survives sanitizing; raw HTML cannot forge one."""
        key = f"{self.secret}-{len(self.values)}"
        self.values[key] = value
        return key


def sanitize(page: str, approvals: Approvals) -> str:
    """The page with only allowed tags and attributes, approved links and pictures only."""
    import nh3  # here, not at the top: the home screen does not need it

    def keep(element: str, attribute: str, value: str) -> str | None:
        if (element, attribute) in _APPROVED:
            return value if value in approvals.values else None
        return value

    clean = nh3.clean(
        page,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=keep,
        link_rel=None,
        url_schemes=set(),
        strip_comments=True,
    )
    clean = _IMG_WITHOUT_SOURCE.sub("", clean)
    clean = _unwrap_links_without_target(clean)
    return _PLACEHOLDER.sub(lambda m: _real(m, approvals), clean)


_IMG_WITHOUT_SOURCE = re.compile(r'<img(?![^>]*\ssrc=")[^>]*>')
_PLACEHOLDER = re.compile(r'(href|src)="([0-9a-f]{16}-\d+)"')
_LINK_TAG = re.compile(r"<a(?:\s[^>]*)?>|</a>")


def _real(match: re.Match[str], approvals: Approvals) -> str:
    value = approvals.values.get(match.group(2), "")
    return f'{match.group(1)}="{html.escape(value, quote=True)}"'


def _unwrap_links_without_target(page: str) -> str:
    """<a>words</a> without href becomes just the words (links do not nest in HTML)."""
    out, position, drop_close = [], 0, False
    for match in _LINK_TAG.finditer(page):
        out.append(page[position : match.start()])
        position = match.end()
        tag = match.group()
        if tag == "</a>":
            if not drop_close:
                out.append(tag)
            drop_close = False
        elif " href=" in tag:
            out.append(tag)
            drop_close = False
        else:
            drop_close = True
    out.append(page[position:])
    return "".join(out)


# --- what check reports ------------------------------------------------------------------

_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1)[^\n])*?\1")
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_URL_FUNCTION = re.compile(r"url\s*\(\s*['\"]?([^'\")]*)", re.I)


def raw_html_findings(lines: list[str]) -> list[Finding]:
    """Each raw-HTML tag the sanitizer removes and each outside reference, by source line."""
    findings: list[Finding] = []
    in_code = code_lines(lines)
    in_style = False  # inside a raw <style> block, whose url()s would load files
    for index, line in enumerate(lines):
        if in_code[index] or ("<" not in line and not in_style):
            continue
        line = _CODE_SPAN.sub("", line)
        position = 0
        for match in _RAW_TAG.finditer(line):
            if in_style:
                findings += _css_urls(line[position : match.start()], index)
            position = match.end()
            tag = match.group(2).lower()
            if tag == "style":
                in_style = not match.group(1)
            if not match.group(1):
                findings += _tag_findings(tag, match.group(3), index)
        if in_style:
            findings += _css_urls(line[position:], index)
    return findings


def _css_urls(css: str, index: int) -> list[Finding]:
    return [
        Finding(
            "outside.css-url",
            f"a CSS url({url}) is not loaded: nothing outside the content folder is",
            index,
        )
        for url in _URL_FUNCTION.findall(css)
    ]


def _tag_findings(tag: str, attributes: str, index: int) -> list[Finding]:
    values = {
        name.lower(): (value or "").strip("\"'") for name, value in _ATTRIBUTE.findall(attributes)
    }
    found: list[Finding] = []
    if tag == "img":
        source = values.get("src", "")
        message = (
            f"a raw-HTML picture is not shown ({source or 'no src'}); write"
            " ![description](file) with a file inside the content folder"
        )
        found.append(Finding("outside.raw-img", message, index))
    elif tag == "a":
        message = "a raw-HTML link is shown as plain text; write [words](section.md)"
        found.append(Finding("html.link", message, index))
    elif tag not in TAGS:
        found.append(Finding("html.removed", f"raw HTML <{tag}> removed (its words stay)", index))
    for name, value in values.items():
        found += _css_urls(value, index)
        if name == "style":
            message = f"style attribute removed from <{tag}>: the kiosk's own style is used"
            found.append(Finding("html.style", message, index))
        elif name.startswith("on"):
            found.append(Finding("html.script", f"{name} removed from <{tag}>", index))
    return found
