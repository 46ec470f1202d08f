"""Keeps the metrics file (``metrics_file``) fresh: every 30 s from a timer on the UI thread,
so a stale heartbeat also means a frozen kiosk, and after each counted event."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.fleet.metrics import FleetMetrics
from kiosk.ui.timers import named_timer

WRITE_MS = 30_000


class HealthFile(QObject):
    def __init__(self, window, path: Path, write_ms: int = WRITE_MS) -> None:
        super().__init__(window)
        self.window = window
        self.metrics = metrics = FleetMetrics(path)
        self.timer = named_timer(self, "health-file-write", write_ms)
        self.timer.setObjectName("metrics-file")
        self.timer.timeout.connect(self.write)
        window.sectionOpened.connect(lambda _id: self._count(metrics.sections, True))
        window.walkthroughStarted.connect(lambda: self._count(metrics.walkthroughs_started, True))
        window.summaryReached.connect(lambda: self._count(metrics.walkthroughs_finished, True))
        window.questionAnswered.connect(
            lambda _id, right: self._count(metrics.questions, result="right" if right else "wrong")
        )
        window.helpfulAnswered.connect(
            lambda _id, yes: self._count(metrics.helpful, answer="yes" if yes else "no")
        )
        window.handoutShown.connect(lambda _key: self._count(metrics.handouts, action="shown"))
        window.handoutPrinted.connect(lambda _key: self._count(metrics.handouts, action="printed"))
        window.kiosk_mode.idle.idleReset.connect(lambda: self._count(metrics.idle_resets))
        metrics.settings_problems.set(len(window.settings.problems))
        metrics.speech.set(1 if window.speech_available() else 0)

    def start(self) -> None:
        self.write()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def content_shown(self, version: str, created: str = "") -> None:
        self.metrics.set_content(version, created)
        self.metrics.content_problems.set(len(self.window.library.all_problems()))
        self.write()

    def pack_refused(self, _line: str) -> None:
        self._count(self.metrics.packs_refused)

    def _count(self, counter, per_language: bool = False, **labels: str) -> None:
        if per_language or labels:
            counter = counter.labels(lang=self.window.lang, **labels)
        counter.inc()
        self.write()

    def write(self) -> None:
        self.metrics.write()
