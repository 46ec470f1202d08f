"""Take the README's screenshots from the real app, offscreen, at tablet size.

python scripts/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk import resources  # noqa: E402
from kiosk.app import create_application, load_content  # noqa: E402
from kiosk.settings import Settings  # noqa: E402


def settle(app, window) -> None:
    for _ in range(5):
        app.processEvents()
    while window.current_screen() == "section" and not window.section.is_complete():
        app.processEvents()


def shoot(window, app, out: Path, name: str) -> None:
    settle(app, window)
    window.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def take_home(window, app, out: Path, pack) -> None:
    """A question answered wrongly with its kind feedback, the QR screen, the printed handout."""
    steps = pack.walkthrough.steps
    window.start_walkthrough()
    last_of_during = max(i for i, step in enumerate(steps) if step.stage == "during")
    window.walkthrough.show_index(last_of_during)
    block = window.walkthrough.quiz[0]
    block.choose(next(i for i in range(len(block.buttons)) if i != block.question.right))
    settle(app, window)
    shoot(window, app, out, "question-feedback")
    window.walkthrough.show_index(len(steps))
    window.show_handout("walkthrough")
    shoot(window, app, out, "take-home")
    import subprocess
    import tempfile
    from datetime import date

    from kiosk.content.handout import for_walkthrough
    from kiosk.ui.handout_sheet import make_sheet, write_pdf

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "handout.pdf"
        write_pdf(make_sheet(window.settings, pack, for_walkthrough(pack), date.today()), pdf)
        target = out / "handout"
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-singlefile", str(pdf), str(target)])
    print(f"{target}.png")
    window.go_home()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from kiosk.ui.window import KioskWindow

    app = create_application()
    settings = Settings.defaults().replace(
        clinic_name="Riverside Infusion Clinic", printer="Front desk"
    )
    library = load_content(resources.content_dir(), settings)
    window = KioskWindow(settings, library)
    window.resize(1280, 800)
    window.show()
    shoot(window, app, out, "home")
    pack = window.pack
    for section_id in ("what-migraine-is.md", "side-effects.md", "ways-it-is-given.md"):
        if pack.section(section_id):
            window.open_section(section_id)
            shoot(window, app, out, "section-" + section_id.removesuffix(".md"))
    window.start_walkthrough()
    for index in (0, 4, 8):
        if index < len(pack.walkthrough.steps):
            window.walkthrough.show_index(index)
            shoot(window, app, out, f"step-{index + 1}")
    window.walkthrough.show_index(len(pack.walkthrough.steps))
    shoot(window, app, out, "summary")
    window.go_home()
    for size in (1920, 1080), (800, 1280):
        window.resize(*size)
        shoot(window, app, out, f"home-{size[0]}x{size[1]}")
    window.resize(1280, 800)
    if "es" in library.packs:
        window.set_language("es")
        shoot(window, app, out, "home-es")
        window.set_language("en")
    take_home(window, app, out, pack)
    window.set_text_step(5)
    window.open_section(pack.sections[0].id)
    shoot(window, app, out, "section-largest-text")
    window.set_text_step(settings.default_text_size)
    window.set_high_contrast(True)
    window.start_walkthrough()
    window.walkthrough.show_index(min(2, len(pack.walkthrough.steps)))
    shoot(window, app, out, "step-high-contrast")
    window.renderer.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
