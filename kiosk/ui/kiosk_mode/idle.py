"""Idle reset: after a while without a touch, ask "Are you still reading?", then go home and
forget everything the patient changed; after longer, show the attract screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QSinglePointEvent, QTouchEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.ui import icons
from kiosk.ui.overlay import OpaqueLabel, Overlay, SteadyBox
from kiosk.ui.timers import named_timer
from kiosk.ui.widgets import big_button, wrapped_label

# what a person does to the kiosk: each one starts the idle time again
INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}
# the start of a touch, a click or a key: what dismisses the idle warning or attract screen
_STARTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
}
# the rest of a dismissing touch or click, consumed with it
_POINTER = (INPUT_EVENTS - {QEvent.Type.KeyPress, QEvent.Type.Wheel}) | {QEvent.Type.TouchCancel}


class IdleWatcher(QObject):
    """Sees every input event of the application and runs the idle timers.

    While the idle warning or the attract screen is up (`shield`), the touch, click or key
    that dismisses it is consumed whole, from press to release: it never reaches what lies
    underneath. While paused (the kiosk reads aloud), no timer runs and no touch starts one.
    """

    warningStarted = Signal()
    countdown = Signal(int)  # seconds left
    warningCancelled = Signal()
    idleReset = Signal()
    attractDue = Signal()
    activity = Signal()
    dismissed = Signal()  # the touch that closes the warning or the attract screen

    def __init__(
        self, idle_ms: int, warning_s: int, attract_ms: int, tick_ms: int = 1000, parent=None
    ):
        super().__init__(parent)
        self.warning_s = warning_s
        self.left = warning_s
        self._paused = False
        self._shielding = False  # the next touch dismisses a screen and is consumed
        self._swallowing = False  # the rest of that touch is consumed too
        self.dismissed_at: QPointF | None = None  # where the dismissing touch landed (global)
        self._idle = named_timer(self, "idle-time", idle_ms, single_shot=True)
        self._idle.timeout.connect(self._warn)
        self._tick = named_timer(self, "idle-countdown", tick_ms)
        self._tick.timeout.connect(self._count)
        self._attract = named_timer(self, "idle-attract", attract_ms, single_shot=True)
        self._attract.timeout.connect(self._attract_due)

    def start(self) -> None:
        self._idle.start()
        self._attract.start()

    def stop(self) -> None:
        self._shielding = False
        for timer in (self._idle, self._tick, self._attract):
            timer.stop()

    def set_idle_ms(self, idle_ms: int) -> None:
        """Another idle time, counted from now."""
        self._idle.setInterval(idle_ms)
        self.poke()

    @property
    def idle_ms(self) -> int:
        return self._idle.interval()

    @property
    def tick_ms(self) -> int:
        return self._tick.interval()

    def timers(self) -> list[QTimer]:
        return [self._idle, self._tick, self._attract]

    def is_counting(self) -> bool:
        """True while any idle time, countdown or attract time is running."""
        return any(timer.isActive() for timer in self.timers())

    def warning_active(self) -> bool:
        return self._tick.isActive()

    def pause(self) -> None:
        """Stop every timer; touches start none until `resume` (reading aloud)."""
        self._paused = True
        if self._tick.isActive():
            self.warningCancelled.emit()
        self.stop()

    def resume(self) -> None:
        """Count the idle time again, from now."""
        self._paused = False
        self.poke()

    def shield(self) -> None:
        """The next touch, click or key dismisses a screen and reaches nothing else (the
        warning's countdown shields by itself while it runs)."""
        self._shielding = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's API
        kind = event.type()
        if self._swallowing and kind in _POINTER:
            if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel) or (
                isinstance(event, QMouseEvent)
                and kind == QEvent.Type.MouseButtonRelease
                and not event.buttons()
            ):
                self._swallowing = False
            return True
        if kind not in INPUT_EVENTS:
            return False
        dismissing = kind in _STARTS and (self._shielding or self._tick.isActive())
        self.poke()
        if dismissing:
            self.dismissed_at = _global_position(event)
            self._shielding = False
            self._swallowing = kind != QEvent.Type.KeyPress
            self.dismissed.emit()
            return True
        return False

    def poke(self) -> None:
        """Someone touched the kiosk: cancel any warning and start counting again."""
        if self._tick.isActive():
            self._tick.stop()
            self.warningCancelled.emit()
        if self._idle.interval() > 0 and not self._paused:
            self._idle.start()
            self._attract.start()
        self.activity.emit()

    def _attract_due(self) -> None:
        # The attract screen resets the kiosk itself: a countdown still running would
        # fire a second reset under it later.
        self._tick.stop()
        self.attractDue.emit()

    def _warn(self) -> None:
        self.left = self.warning_s
        self._tick.start()
        self.warningStarted.emit()
        self.countdown.emit(self.left)

    def _count(self) -> None:
        self.left -= 1
        if self.left > 0:
            self.countdown.emit(self.left)
            return
        self._tick.stop()
        self.idleReset.emit()


def _global_position(event: QEvent) -> QPointF | None:
    if isinstance(event, QSinglePointEvent):
        return event.globalPosition()
    if isinstance(event, QTouchEvent) and event.points():
        return event.points()[0].globalPosition()
    return None


class IdleWarning(Overlay):
    """'Are you still reading?' with a big 'Keep reading' button and a countdown."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.question = wrapped_label(name="Heading")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # it changes every second: painting the card's colour itself, it repaints alone,
        # not the card and the overlay under it too (the style sheet gives it that colour);
        # in its box, the card's layout is not run again for its new words
        self.countdown_label = wrapped_label(name="Countdown", label_class=OpaqueLabel)
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown_label.setTextFormat(Qt.TextFormat.PlainText)
        self.countdown_box = SteadyBox(self.countdown_label)
        # a touch dismisses the warning before it reaches the button; the button is there
        # for keys and assistive technology, which press it without a touch
        self.keep_button = big_button("Keep reading", primary=True, name="KeepReading")
        for widget in (self.question, self.countdown_box, self.keep_button):
            self.card_layout.addWidget(widget)

    def set_words(self, ui: dict[str, str]) -> None:
        self.ui = ui
        self.question.setText(ui["still_reading"])
        self.keep_button.setText(ui["keep_reading"])
        self.keep_button.setAccessibleName(ui["keep_reading"])
        self.keep_button.setAccessibleDescription(ui["still_reading"])

    def show_seconds(self, seconds: int) -> None:
        self.countdown_box.set_text(self.ui["returning_in"].format(seconds=seconds))
        if not self.isVisible():
            self.open()


class AttractScreen(Overlay):
    """Shown to an empty waiting room; any touch brings the home screen back (kiosk mode's
    idle watcher consumes that touch and closes it). It speaks the default language and
    offers the others: a touch on one of their buttons opens the kiosk in that language."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        settings = getattr(window, "settings", None)
        self.clinic = wrapped_label(settings.clinic_name if settings else "")
        self.clinic.setObjectName("ClinicName")
        self.icon = QLabel()
        self.message = wrapped_label(name="Heading")
        for widget in (self.clinic, self.icon, self.message):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.card_layout.addWidget(widget)
        self.language_row = QHBoxLayout()
        self.language_row.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_layout.addLayout(self.language_row)
        self.language_buttons: dict[str, QWidget] = {}
        self.setAccessibleName("Attract screen")

    def set_words(self, ui: dict[str, str]) -> None:
        window = self.parent()
        settings = getattr(window, "settings", None)
        lang = getattr(window, "lang", "")
        text = (settings.text_for("attract_text", lang) if settings else "") or ui["attract"]
        self.message.setText(text)
        self.setAccessibleDescription(text)
        if settings is not None:
            self.clinic.setText(settings.text_for("clinic_name", lang))
        self._offer_languages(window, lang)

    def _offer_languages(self, window, lang: str) -> None:
        for button in self.language_buttons.values():
            self.language_row.removeWidget(button)
            button.hide()  # gone from the screen now, not only when Qt deletes it later
            button.deleteLater()
        self.language_buttons = {}
        library = getattr(window, "library", None)
        if library is None:
            return
        for other in window.languages():
            if other == lang:
                continue
            pack = library.packs[other]
            words = getattr(pack, "ui", {}).get("attract", "")
            button = big_button(pack.name, name=f"AttractLanguage-{other}", description=words)
            self.language_row.addWidget(button)
            self.language_buttons[other] = button

    def language_at(self, position: QPointF | None) -> str | None:
        """The language whose button is under ``position`` (global), if any."""
        if position is None:
            return None
        point = position.toPoint()
        for lang, button in self.language_buttons.items():
            if button.isVisible() and button.rect().contains(button.mapFromGlobal(point)):
                return lang
        return None

    def open(self) -> None:
        window = self.parent()
        theme = getattr(window, "theme", None)
        if theme is not None:
            colour = theme.icon_colour
            self.icon.setPixmap(icons.icon_pixmap("hand", colour, 128))
        super().open()
