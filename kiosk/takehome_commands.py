"""`kiosk export-html DIR` and `kiosk handout ... --pdf OUT.pdf`, for clinic staff and IT."""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from datetime import date
from pathlib import Path

from kiosk.app import content_folder, load_content
from kiosk.content import handout
from kiosk.settings import Settings, load_settings


def _settings_and_library(args: argparse.Namespace):
    settings = load_settings(getattr(args, "config", None))  # the kiosk's layers
    for problem in settings.problems:
        print(problem, file=sys.stderr)
    library = load_content(content_folder(args, settings), settings)
    return settings, library


def export_html(args: argparse.Namespace) -> int:
    from kiosk.export_html import export

    settings, library = _settings_and_library(args)
    if not library.packs:
        print(f"kiosk export-html: no content in {library.root}", file=sys.stderr)
        return 1
    try:
        name = functools.partial(settings.text_for, "clinic_name")  # per language
        pages = export(library, args.dir, name, settings.accent_color)
    except OSError as exc:
        print(f"kiosk export-html: cannot write {args.dir}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(pages)} pages to {args.dir}")
    return 0


def sheet_for(settings: Settings, pack, section_id: str | None, day: date):
    """The handout of the walkthrough (section_id None) or a section; None if no such section."""
    from kiosk.ui.handout_sheet import make_sheet

    if section_id is None:
        return make_sheet(settings, pack, handout.for_walkthrough(pack), day)
    section = pack.section(section_id) or pack.section(f"{section_id}.md")
    if section is None:
        return None
    return make_sheet(settings, pack, handout.for_section(pack, section), day)


def write_handout(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings, library = _settings_and_library(args)
    lang = args.lang or settings.default_language
    pack = library.packs.get(lang)
    if pack is None:
        known = ", ".join(sorted(library.packs)) or "none"
        print(f"kiosk handout: no language {lang!r} (found: {known})", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a command never shows a window
    from kiosk.app import create_application
    from kiosk.ui.handout_sheet import write_pdf

    create_application()
    sheet = sheet_for(settings, pack, None if args.walkthrough else args.section, date.today())
    if sheet is None:
        ids = ", ".join(section.id for section in pack.sections)
        print(f"kiosk handout: no section {args.section!r} (sections: {ids})", file=sys.stderr)
        return 2
    if not sheet.handout.items:
        print(f"kiosk handout: {sheet.handout.title!r} has no list to hand out", file=sys.stderr)
    try:
        write_pdf(sheet, Path(args.pdf))
    except OSError as exc:
        print(f"kiosk handout: cannot write {args.pdf}: {exc}", file=sys.stderr)
        return 1
    if not Path(args.pdf).is_file():
        print(f"kiosk handout: cannot write {args.pdf}", file=sys.stderr)
        return 1
    size = Path(args.pdf).stat().st_size
    elapsed = time.perf_counter() - started
    print(f"wrote {args.pdf} ({size / 1024:.0f} KB) in {elapsed:.2f} s")
    return 0
