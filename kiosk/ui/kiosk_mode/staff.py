"""The hidden staff exit: hold the clinic's name, enter the PIN on big on-screen digits,
then the staff menu (exit, reload content, version, problems, content due for review,
today's usage)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.pin import PinGuard
from kiosk.ui.overlay import Overlay
from kiosk.ui.timers import named_timer
from kiosk.ui.widgets import big_button, wrapped_label


class HoldGesture(QObject):
    """Emits `held` when a widget is pressed and held for `hold_ms` without letting go."""

    held = Signal()

    def __init__(self, target: QWidget, hold_ms: int, parent=None):
        super().__init__(parent or target)
        self.timer = named_timer(self, "staff-hold", hold_ms, single_shot=True)
        self.timer.timeout.connect(self.held)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.timer.start()
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.Leave):
            self.timer.stop()
        return False


class PinPad(Overlay):
    """Big digits, no keyboard needed. Five wrong PINs lock the pad for a minute."""

    accepted = Signal()

    def __init__(self, window: QWidget, guard: PinGuard):
        super().__init__(window)
        self.guard = guard
        self.entered = ""
        self.title = wrapped_label("Staff PIN", name="Heading")
        self.dots = QLabel("")
        self.dots.setObjectName("Heading")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = wrapped_label("")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.digit_buttons = {}
        for number, digit in enumerate("1234567890"):
            button = big_button(digit, name=f"Digit{digit}", description=f"digit {digit}")
            button.setMinimumSize(96, 80)
            button.clicked.connect(lambda _=False, d=digit: self.press(d))
            self.digit_buttons[digit] = button
            row, column = divmod(number, 3) if digit != "0" else (3, 1)
            grid.addWidget(button, row, column)
        self.delete_button = big_button("⌫", name="PinDelete", description="delete the last digit")
        self.delete_button.setAccessibleName("Delete")
        self.delete_button.setMinimumSize(96, 80)
        self.delete_button.clicked.connect(self.delete)
        grid.addWidget(self.delete_button, 3, 0)
        self.ok_button = big_button("OK", primary=True, name="PinOk", description="check the PIN")
        self.ok_button.setMinimumSize(96, 80)
        self.ok_button.clicked.connect(self.submit)
        grid.addWidget(self.ok_button, 3, 2)
        self.cancel_button = big_button("Cancel", name="PinCancel", description="close the PIN pad")
        self.cancel_button.clicked.connect(self.close_pad)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.dots)
        self.card_layout.addWidget(self.message)
        self.card_layout.addLayout(grid)
        self.card_layout.addWidget(self.cancel_button)
        self.lock_timer = named_timer(self, "pin-lockout", 1000)
        self.lock_timer.timeout.connect(self._show_lock)

    def open_pad(self) -> None:
        self.entered = ""
        self.dots.setText("")
        self._say("")
        self._show_lock()
        self.open()

    def press(self, digit: str) -> None:
        if len(self.entered) < 12:
            self.entered += digit
            self.dots.setText("● " * len(self.entered))

    def delete(self) -> None:
        self.entered = self.entered[:-1]
        self.dots.setText("● " * len(self.entered))

    def submit(self) -> None:
        result = self.guard.check(self.entered)
        self.entered = ""
        self.dots.setText("")
        if result in ("ok", "no-pin"):
            self.hide()
            self.accepted.emit()
        elif result == "wrong":
            left = self.guard.attempts_left
            self._say(f"Wrong PIN. {left} {'try' if left == 1 else 'tries'} left.")
        self._show_lock()

    def _show_lock(self) -> None:
        if self.guard.damaged:  # fail closed: no PIN opens it until the store is repaired
            for button in (*self.digit_buttons.values(), self.ok_button, self.delete_button):
                button.setEnabled(False)
            self.message.setText(self.guard.damaged)
            return
        left = self.guard.locked_for()
        locked = left > 0
        for button in (*self.digit_buttons.values(), self.ok_button, self.delete_button):
            button.setEnabled(not locked)
        if locked:
            self._say(f"Too many wrong PINs. Try again in {int(left + 0.999)} seconds.")
            self.lock_timer.start()
        elif self.lock_timer.isActive():
            self.lock_timer.stop()
            self._say("")

    def _say(self, text: str) -> None:
        """The message line takes room only while it has something to say."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def close_pad(self) -> None:
        self.lock_timer.stop()
        self.entered = ""
        self.hide()


class StaffMenu(Overlay):
    exitRequested = Signal()
    reloadRequested = Signal()

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.title = wrapped_label("Staff menu", name="Heading")
        self.info = wrapped_label("")
        self.details = wrapped_label("")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        holder = QWidget()  # a layout around the label: the scroll area follows its wrapped height
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.details)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setMinimumHeight(120)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.exit_button = big_button(
            "Exit the kiosk", name="StaffExit", description="close the kiosk"
        )
        self.reload_button = big_button(
            "Reload content", name="StaffReload", description="read the content again"
        )
        self.close_button = big_button(
            "Back to the kiosk", primary=True, name="StaffClose", description="close this menu"
        )
        self.exit_button.clicked.connect(self.exitRequested)
        self.reload_button.clicked.connect(self.reloadRequested)
        self.close_button.clicked.connect(self.hide)
        buttons = QVBoxLayout()
        buttons.setSpacing(12)
        for button in (self.close_button, self.reload_button, self.exit_button):
            buttons.addWidget(button)
        for widget in (self.title, self.info, scroll):
            self.card_layout.addWidget(widget)
        self.card_layout.addLayout(buttons)

    def show_menu(
        self, *, pin_set: bool, problems, usage, content_root, config_path, due=()
    ) -> None:
        lines = [f"kiosk {__version__}", f"Content: {content_root}", f"Settings: {config_path}"]
        if not pin_set:
            lines.append(
                "No staff PIN is set: anyone who finds the gesture can exit. "
                "Set one with: kiosk set-pin"
            )
        self.info.setText("\n".join(lines))
        text = [f"Problems found ({len(problems)}):"] + ([f"  {p}" for p in problems] or ["  none"])
        text += ["", f"Content due for review ({len(due)}):"]
        text += [f"  {_relative(d.path, content_root)}: {d.describe()}" for d in due] or ["  none"]
        text += ["", "Today's usage:"] + [
            f"  {event} {key}: {count}" for event, key, count in usage
        ]
        if not usage:
            text.append("  nothing yet")
        self.details.setText("\n".join(text))
        self.open()


def _relative(path: Path, root) -> str:
    """A content file as staff find it: relative to the content folder when inside it."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)
