"""Find what a patient would see as broken on a drawn screen: clipped text, overlapping or
tiny controls, a step whose body starts below the fold.

Each check walks the visible widgets of one top-level window, in window coordinates, and
returns findings as plain sentences. `kiosk --self-test --screenshots DIR` runs them on every
screen at every text size, language and screen shape (see kiosk/ui/screen_tour.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QWidget,
)

MIN_TARGET_PX = 48  # WCAG 2.5.5 (AAA) asks 44; kiosk guidelines 48 or more
ELLIPSIS = "…"


@dataclass(frozen=True)
class Finding:
    screen: str
    widget: str
    problem: str

    def __str__(self) -> str:
        return f"{self.screen}: {self.widget}: {self.problem}"


def describe(widget: QWidget) -> str:
    """A name a person can find the widget by: its words, else its object name, else its type."""
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    text = text or widget.accessibleName()
    text = " ".join(text.split())
    if len(text) > 40:
        text = text[:39] + ELLIPSIS
    name = widget.objectName() or type(widget).__name__
    return f'{name} "{text}"' if text else name


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of the widget that ancestors let show, in window coordinates."""
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area: it may be off screen by design, scrolled to when needed."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def visible_widgets(window: QWidget) -> Iterator[QWidget]:
    for widget in window.findChildren(QWidget):
        if widget.isVisibleTo(window) and not _covered_layer(widget, window):
            yield widget


def _covered_layer(widget: QWidget, window: QWidget) -> bool:
    """Under a full-window overlay that is open: not what the screen shows."""
    top = _top_child(widget, window)
    overlays = [
        child
        for child in window.children()
        if isinstance(child, QWidget)
        and child.isVisibleTo(window)
        and child.geometry().contains(window.rect())
        and child.objectName() == "Overlay"
    ]
    if not overlays:
        return False
    return top is not overlays[-1]


def _top_child(widget: QWidget, window: QWidget) -> QWidget:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        widget, parent = parent, parent.parentWidget()
    return widget


def _is_control(widget: QWidget) -> bool:
    return isinstance(widget, QAbstractButton | QLineEdit) and widget.isEnabled()


def clipped_text(screen: str, window: QWidget) -> list[Finding]:
    """Labels and buttons whose words do not fit, or that show an ellipsis the text lacks."""
    findings = []
    for widget in visible_widgets(window):
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            problem = _label_clipped(widget, window)
        elif isinstance(widget, QAbstractButton) and widget.text():
            problem = _button_clipped(widget)
        else:
            continue
        if problem:
            findings.append(Finding(screen, describe(widget), problem))
    return findings


def _label_clipped(label: QLabel, window: QWidget) -> str:
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return f"text cut off ({needed} px needed, {label.height()} px shown)"
    elif label.sizeHint().width() > label.width() + 1:
        return f"text cut off ({label.sizeHint().width()} px wide, {label.width()} px shown)"
    if not _scrolled(label, window):
        shown = visible_rect(label, window)
        if shown.height() < label.height() - 1 and shown.height() < label.sizeHint().height():
            return f"text cut off by the screen edge ({shown.height()} of {label.height()} px show)"
    return ""


def _button_clipped(button: QAbstractButton) -> str:
    text = button.text().replace("&&", "&")
    if ELLIPSIS in text and ELLIPSIS not in button.accessibleName():
        return "label elided"
    if button.hasHeightForWidth():  # the words wrap (a checklist item): they need height
        needed = button.heightForWidth(button.width())
        if needed > button.height() + 1:
            return f"text cut off ({needed} px needed, {button.height()} px shown)"
        return ""
    metrics = QFontMetrics(button.font())
    icon = button.iconSize().width() + 8 if not button.icon().isNull() else 0
    widest = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""]) + icon
    if widest > button.width():
        return f"label cut off ({widest} px wide, {button.width()} px shown)"
    return ""


def own_checks(screen: str, window: QWidget) -> list[Finding]:
    """Widgets that paint their own words (the tile grid) report what they had to cut."""
    findings = []
    for widget in visible_widgets(window):
        check = getattr(widget, "layout_problems", None)
        if callable(check):
            findings += [Finding(screen, describe(widget), problem) for problem in check()]
    return findings


def small_targets(screen: str, window: QWidget) -> list[Finding]:
    findings = []
    for widget in visible_widgets(window):
        if not _is_control(widget):
            continue
        if widget.width() < MIN_TARGET_PX or widget.height() < MIN_TARGET_PX:
            size = f"{widget.width()}×{widget.height()} px"
            findings.append(
                Finding(screen, describe(widget), f"touch target {size}, under {MIN_TARGET_PX} px")
            )
    return findings


def overlapping_controls(screen: str, window: QWidget) -> list[Finding]:
    """Two controls drawn over each other (neither inside the other), or one off screen."""
    controls = [w for w in visible_widgets(window) if _is_control(w)]
    rects = [(w, visible_rect(w, window)) for w in controls]
    findings = []
    for index, (first, first_rect) in enumerate(rects):
        if first_rect.isEmpty():
            if not _scrolled(first, window):
                findings.append(Finding(screen, describe(first), "control off screen"))
            continue
        for second, second_rect in rects[index + 1 :]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            overlap = first_rect.intersected(second_rect)
            if overlap.width() > 1 and overlap.height() > 1:
                findings.append(Finding(screen, describe(first), f"overlaps {describe(second)}"))
    return findings


def body_above_fold(screen: str, window: QWidget, body: QWidget | None) -> list[Finding]:
    """At least two lines of the step's body text show without scrolling."""
    if body is None:
        return [Finding(screen, "step", "no body text")]
    shown = visible_rect(body, window)
    line = QFontMetrics(body.font()).lineSpacing()
    if shown.height() < min(2 * line, body.height()):
        return [Finding(screen, describe(body), "the step's text starts below the fold")]
    return []


def audit(screen: str, window: QWidget, body: QWidget | None = None, step: bool = False):
    findings = (
        clipped_text(screen, window)
        + own_checks(screen, window)
        + small_targets(screen, window)
        + overlapping_controls(screen, window)
    )
    if step:
        findings += body_above_fold(screen, window, body)
    return findings
