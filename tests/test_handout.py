"""What a handout holds: key points, the checklist, the QR payload and its size budget."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import handout
from kiosk.content.loader import load_library

REPO = Path(__file__).resolve().parent.parent


def test_a_section_handout_lists_the_first_bulleted_list_only(bundled_library):
    pack = bundled_library.packs["en"]
    page = handout.for_section(pack, pack.section("side-effects.md"))
    assert page.items == (
        "Side effects can happen.",
        "They usually pass soon after the infusion ends.",
        "With proper medical supervision, serious problems are rare.",
        "Your care team has plans ready in case a problem happens.",
    )
    assert page.page == "en/side-effects.html"


def test_without_a_url_the_qr_holds_the_title_and_checklist_as_text(bundled_library):
    pack = bundled_library.packs["es"]
    page = handout.for_walkthrough(pack)
    text = handout.payload(page, "")
    assert text.splitlines()[0] == "Qué esperar en su visita"
    assert text.splitlines()[1:] == [f"- {item.text}" for item in pack.walkthrough.checklist]
    assert handout.qr_code(text).version <= handout.MAX_TEXT_VERSION


def test_with_a_url_the_qr_holds_a_short_link_to_the_stable_page(bundled_library):
    page = handout.for_walkthrough(bundled_library.packs["es"])
    link = handout.payload(page, " https://clinic.example/kiosk/ ")
    assert link == "https://clinic.example/kiosk/es/walkthrough.html"
    assert handout.qr_code(link).version <= 4


def test_a_very_long_list_is_cut_so_the_code_stays_scannable(tmp_path):
    folder = tmp_path / "walkthrough"
    folder.mkdir()
    items = "\n".join(f"- [ ] Remember thing number {n} before you come in" for n in range(60))
    for key in ("before", "during", "after"):
        (folder / f"{key}.md").write_text(f"## Step\n\nText.\n\n{items}\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    page = handout.for_walkthrough(load_library(tmp_path).packs["en"])
    text = handout.payload(page)
    assert handout.qr_code(text).version <= handout.MAX_TEXT_VERSION
    assert text.endswith(f"\n{handout.CUT_MARK}")
    assert "- Remember thing number 0 before you come in" in text
    assert len(text.splitlines()) < len(page.items)


def test_a_title_too_long_for_any_code_is_cut_too():
    page = handout.Handout("en", "ü" * 3000, ("one",), "en/a.html", "section", "a.md")
    text = handout.payload(page)
    assert handout.qr_code(text).version <= handout.MAX_TEXT_VERSION
    assert text.endswith(handout.CUT_MARK)
