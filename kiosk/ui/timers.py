"""Timers with names: a timer left running is named in a test failure and in a log."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer


def named_timer(parent: QObject, name: str, interval_ms: int, single_shot: bool = False) -> QTimer:
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single_shot)
    return timer
