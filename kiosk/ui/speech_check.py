"""Trying the speech engine in another process before the kiosk loads it.

Loading a real engine loads QtMultimedia, which looks at the sound system; on one machine that
froze its process for over 10 s. In the kiosk that would be a frozen screen (and, at every
start, a watchdog restarting it), so the running kiosk first runs `kiosk speech-check` and
loads the engine itself only once that has started it, within PROBE_SECONDS. An engine that
fails there, or does not answer in time, is not offered: the Listen button stays hidden.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, QProcess, Signal

from kiosk.resources import kiosk_command
from kiosk.ui.timers import named_timer

log = logging.getLogger(__name__)
PROBE_SECONDS = 10.0


def check_speech(engine: str = "") -> int:
    """`kiosk speech-check`: start the engine as the kiosk would; 0 when it can read aloud.
    Says which engine, or why not (the reasons the kiosk would log), on stderr."""
    from PySide6.QtCore import QCoreApplication

    from kiosk.ui.speech import Speaker

    reasons = logging.StreamHandler(sys.stderr)
    reasons.setFormatter(logging.Formatter("kiosk speech-check: %(message)s"))
    speech_log = logging.getLogger("kiosk.ui.speech")
    level = speech_log.level
    speech_log.addHandler(reasons)
    speech_log.setLevel(logging.INFO)
    try:
        app = QCoreApplication.instance() or QCoreApplication(["kiosk"])  # noqa: F841 - lives
        speaker = Speaker(engine)
    finally:
        speech_log.removeHandler(reasons)
        speech_log.setLevel(level)
    if speaker.available():
        print(f"speech: ready (engine {speaker.engine()})")
        return 0
    print("speech: this computer cannot read aloud; the Listen button stays hidden")
    return 1


class SpeechProbe(QObject):
    """Runs `kiosk speech-check` for `engine`; `finished(True)` once the engine started there,
    `finished(False)` when it could not or did not answer within `timeout_s` (the check is
    then stopped; PROBE_SECONDS unless given). Emitted once."""

    finished = Signal(bool)

    def __init__(
        self,
        engine: str,
        parent: QObject | None = None,
        *,
        command: list[str] | None = None,
        timeout_s: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.command = command or kiosk_command(["speech-check", f"--engine={engine}"])
        self.timeout_s = PROBE_SECONDS if timeout_s is None else timeout_s
        self.result: bool | None = None
        self.process = QProcess(self)
        self.process.finished.connect(self._exited)
        self.process.errorOccurred.connect(self._error)
        self.timer = named_timer(
            self, "speech-check", round(self.timeout_s * 1000), single_shot=True
        )
        self.timer.timeout.connect(self._timed_out)

    def start(self) -> None:
        self.timer.start()
        self.process.start(self.command[0], self.command[1:])

    def _exited(self, code: int, status: QProcess.ExitStatus) -> None:
        if self.result is not None:  # stopped when its time ran out
            return
        said = bytes(self.process.readAllStandardError().data()).decode(errors="replace")
        ok = status == QProcess.ExitStatus.NormalExit and code == 0
        if not ok:
            log.info("speech check failed (exit %s): %s", code, said.strip() or "no reason given")
        self._finish(ok)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # a crash also ends in _exited
            log.warning("speech check could not start (%s)", self.process.errorString())
            self._finish(False)

    def _timed_out(self) -> None:
        if self.result is not None:
            return
        log.warning(
            "the speech engine did not start within %g s (the sound system did not answer): "
            "the Listen button stays hidden",
            self.timeout_s,
        )
        self._finish(False)
        self.process.kill()

    def _finish(self, ok: bool) -> None:
        if self.result is None:
            self.result = ok
            self.timer.stop()
            self.finished.emit(ok)
