"""Take this home, check your understanding, "Was this helpful?": real taps, real counts.

QR codes are read back with zbar from what the screen shows; printing goes to a real Qt
printer that writes a PDF, read back with poppler.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from kiosk.usage import UsageLog
from tests.helpers import LEFT, scroll_area_of, tap_tile

needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbar-tools")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def tap(qtbot, widget) -> None:
    """Scroll the widget into view, then a finger down and up on it, through the window system."""
    area = scroll_area_of(widget)

    def in_view() -> bool:  # once the page has settled, the whole widget shows
        if area is not None:
            area.ensureWidgetVisible(widget)
        return widget.visibleRegion().boundingRect().size() == widget.size()

    qtbot.waitUntil(in_view)
    window = widget.window()
    point = widget.mapTo(window, widget.rect().center())
    device = QTest.createTouchDevice()
    handle = window.windowHandle()
    QTest.touchEvent(handle, device).press(0, point, handle).commit()
    QTest.touchEvent(handle, device).release(0, point, handle).commit()


def counts(tmp_path, mode) -> dict[tuple[str, str], int]:
    """Today's counts as saved in the database, once kiosk mode has written them."""
    assert mode.usage.flush()
    return {(event, key): n for event, key, n in UsageLog(tmp_path / "usage.sqlite3").today()}


def to_summary(qtbot, window) -> None:
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    while not window.walkthrough.on_summary():
        qtbot.mouseClick(window.walkthrough.next_button, LEFT)


def decode(qtbot, widget, tmp_path) -> str:
    """What a phone reads from the widget as drawn on the screen (zbar on a grab)."""
    path = tmp_path / "screen.png"
    assert widget.grab().save(str(path))
    found = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, check=True)
    return found.stdout.decode("utf-8").rstrip("\n")


@needs_zbar
def test_the_summary_qr_code_shows_and_a_phone_reads_the_checklist(qtbot, start_kiosk, tmp_path):
    window, mode = start_kiosk()
    to_summary(qtbot, window)
    tap(qtbot, window.walkthrough.take_home_button)
    assert window.current_screen() == "takehome"
    screen = window.takehome
    assert screen.title.text() == "What to expect at your visit"
    assert "Point your phone's camera at the code" in screen.hint.text()
    assert not screen.print_button.isVisible()  # no printer in the settings
    spoken = window.text_to_read()  # what Listen reads here
    assert spoken.startswith("What to expect at your visit") and "Point your phone" in spoken
    assert min(screen.qr_view.width(), screen.qr_view.height()) >= 400  # large, for arm's length
    checklist = [item.text for item in window.pack.walkthrough.checklist]
    read = decode(qtbot, screen.qr_view, tmp_path).splitlines()
    assert read == ["What to expect at your visit", *(f"- {text}" for text in checklist)]
    assert counts(tmp_path, mode)[("handout_shown", "en/walkthrough")] == 1

    qtbot.mouseClick(window.top_bar.language_button, LEFT)  # Spanish, on this screen
    assert screen.title.text() == "Qué esperar en su visita"
    assert decode(qtbot, screen.qr_view, tmp_path).startswith("Qué esperar en su visita\n- ")
    qtbot.mouseClick(screen.back_button, LEFT)
    assert window.current_screen() == "walkthrough"
    assert window.walkthrough.on_summary()
    assert window.walkthrough.next_button.text() == "Volver al inicio"


@needs_zbar
def test_with_a_handout_url_a_section_qr_code_links_to_its_exported_page(
    qtbot, start_kiosk, settings, tmp_path
):
    window, mode = start_kiosk(settings.replace(handout_url="https://clinic.example/kiosk"))
    tap_tile(qtbot, window, 0)
    section_id = window.section.section_id
    qtbot.mouseClick(window.section.take_home_button, LEFT)
    link = decode(qtbot, window.takehome.qr_view, tmp_path)
    assert link == f"https://clinic.example/kiosk/en/{section_id.removesuffix('.md')}.html"
    assert "open this page on your phone" in window.takehome.hint.text()
    assert counts(tmp_path, mode)[("handout_shown", f"en/{section_id}")] == 1
    qtbot.mouseClick(window.takehome.back_button, LEFT)
    assert window.current_screen() == "section"
    assert window.section.section_id == section_id


def test_questions_after_each_stage_give_kind_feedback_and_count_the_first_answer(
    qtbot, start_kiosk, tmp_path
):
    window, mode = start_kiosk()
    walkthrough = window.walkthrough
    tap(qtbot, window.home.walkthrough_button)
    asked = []
    while not walkthrough.on_summary():
        if walkthrough.quiz:
            asked.append([block.question.id for block in walkthrough.quiz])
            if len(asked) == 1:
                block = walkthrough.quiz[0]
                wrong = next(i for i in range(len(block.buttons)) if i != block.question.right)
                tap(qtbot, block.buttons[wrong])
                feedback = block.feedback  # scrolled into view, whole, once the page made room
                qtbot.waitUntil(
                    lambda f=feedback: f.visibleRegion().boundingRect().height() == f.height()
                )
                words = block.feedback.text()
                right_answer = block.question.answers[block.question.right]
                assert words.startswith(f"Good try. The right answer is: {right_answer}.\n")
                assert block.question.explanation in words
                tap(qtbot, block.buttons[block.question.right])  # a second go: not counted
                assert block.feedback.text().startswith("That's right.")
            elif len(asked) == 3:
                block = walkthrough.quiz[0]
                tap(qtbot, block.buttons[block.question.right])
                assert block.feedback.isVisible()
            # the second stage's questions are skipped: Next goes on
        tap(qtbot, walkthrough.next_button)
    assert asked == [
        ["before:tell-staff"],
        ["during:how-long", "during:what-you-feel", "during:feel-unwell"],
        ["after:ride-home"],
    ]
    found = counts(tmp_path, mode)
    assert found[("question_wrong", "en/before:tell-staff")] == 1
    assert ("question_right", "en/before:tell-staff") not in found
    assert found[("question_right", "en/after:ride-home")] == 1
    assert not [key for key in found if key[1].startswith("en/during:")]


def test_answers_stay_with_the_patient_when_they_go_back(qtbot, start_kiosk):
    window, mode = start_kiosk()
    walkthrough = window.walkthrough
    qtbot.mouseClick(window.home.walkthrough_button, LEFT)
    while not walkthrough.quiz:
        qtbot.mouseClick(walkthrough.next_button, LEFT)
    block = walkthrough.quiz[0]
    tap(qtbot, block.buttons[block.question.right])
    qtbot.mouseClick(walkthrough.next_button, LEFT)
    qtbot.mouseClick(walkthrough.back_button, LEFT)
    again = walkthrough.quiz[0]
    assert again is not block  # the page was drawn anew, from the session
    assert again.buttons[again.question.right].isChecked()
    assert again.feedback.text().startswith("That's right.")


def test_was_this_helpful_takes_one_tap_and_says_thank_you(qtbot, start_kiosk, tmp_path):
    window, mode = start_kiosk()
    tap_tile(qtbot, window, 1)
    first = window.section.section_id
    screen = window.section
    assert screen.helpful_label.text() == "Was this helpful?"
    qtbot.mouseClick(screen.helpful_yes, LEFT)
    assert screen.helpful_label.text() == "Thank you for telling us."
    assert not screen.helpful_yes.isVisible() and not screen.helpful_no.isVisible()
    qtbot.mouseClick(screen.next_button, LEFT)
    second = screen.section_id
    assert screen.helpful_no.isVisible()  # another section asks again
    qtbot.mouseClick(screen.helpful_no, LEFT)
    qtbot.mouseClick(screen.previous_button, LEFT)
    assert screen.helpful_label.text() == "Thank you for telling us."  # once a section
    found = counts(tmp_path, mode)
    assert found[("helpful_yes", f"en/{first}")] == 1
    assert found[("helpful_no", f"en/{second}")] == 1
    assert ("helpful_no", f"en/{first}") not in found


def test_a_walkthrough_left_at_its_summary_by_walking_away_counts_as_finished(
    qtbot, start_kiosk, settings, tmp_path
):
    window, mode = start_kiosk(settings.replace(idle_warning_seconds=5), tick_ms=10)
    to_summary(qtbot, window)
    qtbot.mouseClick(window.walkthrough.back_button, LEFT)  # back and forth: still one finish
    qtbot.mouseClick(window.walkthrough.next_button, LEFT)
    mode.idle.set_idle_ms(100)
    with qtbot.waitSignal(mode.idle.idleReset, timeout=10000):
        pass  # nobody touches the screen
    assert window.current_screen() == "home"
    found = counts(tmp_path, mode)
    assert found[("walkthrough_started", "en")] == 1
    assert found[("walkthrough_finished", "en")] == 1


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@needs_poppler
def test_print_sends_the_handout_to_the_named_printer(qtbot, start_kiosk, settings, tmp_path):
    window, mode = start_kiosk(settings.replace(printer="Front desk"))
    pdf = tmp_path / "printed.pdf"
    asked = []
    window.takehome.printer_for = lambda name: asked.append(name) or pdf_printer(pdf)
    to_summary(qtbot, window)
    tap(qtbot, window.walkthrough.take_home_button)
    screen = window.takehome
    assert screen.print_button.isVisible()
    qtbot.mouseClick(screen.print_button, LEFT)
    assert asked == ["Front desk"]
    assert screen.status.text() == "Your page is printing."
    assert not screen.print_button.isEnabled()  # one copy per tap on "Take this home"
    found = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = " ".join(unicodedata.normalize("NFKC", found.stdout).split())
    assert "Test Clinic" in text
    for item in window.pack.walkthrough.checklist:
        assert item.text in text
    assert counts(tmp_path, mode)[("handout_printed", "en/walkthrough")] == 1


def test_a_missing_printer_gives_a_calm_message_and_no_dialog(
    qtbot, start_kiosk, settings, tmp_path
):
    window, mode = start_kiosk(settings.replace(printer="No Such Printer 42"))
    tap_tile(qtbot, window, 0)
    qtbot.mouseClick(window.section.take_home_button, LEFT)
    screen = window.takehome
    qtbot.mouseClick(screen.print_button, LEFT)
    assert screen.status.isVisible()
    assert screen.status.text() == (
        "The printer is not available right now. "
        "You can scan the code instead, or ask the front desk."
    )
    assert screen.qr_view.isVisible()
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    ]
    assert not [key for key in counts(tmp_path, mode) if key[0] == "handout_printed"]


@pytest.mark.qt_log_ignore("QPainter::begin")  # Qt's own word that the page did not start
def test_a_printer_that_cannot_start_a_page_gives_the_calm_message(
    qtbot, start_kiosk, settings, tmp_path
):
    """A printer that fails when the page starts (here: output it cannot write) is a
    missing printer to the patient; nothing is counted as printed."""
    window, mode = start_kiosk(settings.replace(printer="Front desk"))
    window.takehome.printer_for = lambda _name: pdf_printer(tmp_path / "no-folder" / "x.pdf")
    tap_tile(qtbot, window, 0)
    qtbot.mouseClick(window.section.take_home_button, LEFT)
    screen = window.takehome
    qtbot.mouseClick(screen.print_button, LEFT)
    assert screen.status.text().startswith("The printer is not available right now.")
    assert screen.qr_view.isVisible()
    assert not [key for key in counts(tmp_path, mode) if key[0] == "handout_printed"]
