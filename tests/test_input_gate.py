"""Kiosk mode's filters share one application event filter: each event enters Python once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.kiosk_mode.input_gate import InputGate


class Recorder(QObject):
    def __init__(self, name: str, seen: list[str], consumes: bool = False):
        super().__init__()
        self.name, self.seen, self.consumes = name, seen, consumes

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's API
        if event.type() == QEvent.Type.User:
            self.seen.append(self.name)
            return self.consumes
        return False


def send_user_event(widget: QWidget) -> None:
    QApplication.sendEvent(widget, QEvent(QEvent.Type.User))


def test_filters_see_each_event_the_last_added_first_until_one_consumes_it(qapp):
    seen: list[str] = []
    gate = InputGate()
    first, second = Recorder("first", seen), Recorder("second", seen, consumes=True)
    widget = QWidget()
    try:
        gate.add(first)
        send_user_event(widget)
        assert seen == ["first"]
        gate.add(second)
        seen.clear()
        send_user_event(widget)
        assert seen == ["second"]  # it consumed the event: the first never saw it
        gate.remove(second)
        seen.clear()
        send_user_event(widget)
        assert seen == ["first"]
    finally:
        gate.remove(first)
        gate.remove(second)
    seen.clear()
    send_user_event(widget)
    assert seen == []  # with no filter left, the gate has left the application


def test_locked_kiosk_mode_filters_through_the_gate(qtbot, start_kiosk):
    window, mode = start_kiosk(locked=True)
    qtbot.waitUntil(lambda: mode.idle in mode.gate.filters())
    assert mode.gate.filters() == (mode.idle, mode.lockdown)
    mode.shutdown()
    assert mode.gate.filters() == ()
