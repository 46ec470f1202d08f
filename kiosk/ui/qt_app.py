"""The running QApplication, typed: Qt's own `instance()` may be None and is a QCoreApplication."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def app() -> QApplication:
    """The kiosk's QApplication; the Qt layer never runs without one."""
    instance = QApplication.instance()
    if not isinstance(instance, QApplication):
        raise RuntimeError("the kiosk's Qt layer needs a running QApplication")
    return instance
