"""The bar across the top: Home, the clinic's name, and the controls every patient may need."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui import icons
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import big_button

NAME_MIN_PX = 280  # room the clinic's name keeps beside Home before the controls move down


class TopBar(QWidget):
    """Home, logo and name on the left, the controls on the right; on a narrow (portrait)
    screen the controls move to a second row, so no word is cut and no label dropped."""

    def __init__(self, clinic_name: str, logo: str = ""):
        super().__init__()
        self.setObjectName("TopBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.home_button = big_button("Home", name="HomeButton")
        self.logo = QLabel()
        self.logo_path = logo
        self.clinic_name = QLabel(clinic_name)
        self.clinic_name.setObjectName("ClinicName")
        self.clinic_name.setAccessibleName(clinic_name)
        self.clinic_name.setMinimumWidth(80)  # the name gives way before any button does
        self.clinic_name.setWordWrap(True)
        self.smaller_button = big_button("A−", name="TextSmaller")
        self.larger_button = big_button("A+", name="TextLarger")
        self.contrast_button = big_button("", name="ContrastButton")
        self.contrast_button.setCheckable(True)
        self.language_button = big_button("", name="LanguageButton")
        self.listen_button = big_button("Listen", name="ListenButton")
        self.listen_button.setCheckable(True)
        # shown while the kiosk reads aloud: pause or resume, start again, a louder step
        self.pause_button = big_button("Pause", name="PauseButton")
        self.pause_button.setCheckable(True)
        self.repeat_button = big_button("Repeat", name="RepeatButton")
        self.volume_button = big_button("Volume", name="VolumeButton")
        self.speech_controls = (self.pause_button, self.repeat_button, self.volume_button)
        for button in self.speech_controls:
            button.hide()
        self.controls = (
            self.listen_button,
            *self.speech_controls,
            self.language_button,
            self.smaller_button,
            self.larger_button,
            self.contrast_button,
        )
        self.first_row = QHBoxLayout()
        self.first_row.setSpacing(12)
        self.first_row.addWidget(self.home_button)
        self.first_row.addWidget(self.logo)
        self.first_row.addWidget(self.clinic_name, 1)
        self.second_row = QHBoxLayout()
        self.second_row.setSpacing(12)
        self.second_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(8)
        layout.addLayout(self.first_row)
        layout.addLayout(self.second_row)
        self.two_rows = False
        for button in self.controls:
            self.first_row.addWidget(button)

    def arrange(self) -> None:
        """One row when everything fits beside a readable name, else the controls below."""
        shown = [button for button in self.controls if not button.isHidden()]
        home = 0 if self.home_button.isHidden() else self.home_button.sizeHint().width() + 12
        needed = (
            home
            + NAME_MIN_PX
            + sum(button.sizeHint().width() for button in shown)
            + 12 * (len(shown) + 2)
            + 32
        )
        two_rows = needed > self.width()
        if two_rows == self.two_rows:
            return
        self.two_rows = two_rows
        source, target = (
            (self.first_row, self.second_row) if two_rows else (self.second_row, self.first_row)
        )
        for button in self.controls:
            source.removeWidget(button)
            target.addWidget(button)

    def set_words(self, ui: dict[str, str], other_language: str | None) -> None:
        self.home_button.setText(ui["home"])
        self.home_button.setAccessibleName(ui["home"])
        self.home_button.setAccessibleDescription(ui["home_description"])
        self.smaller_button.setAccessibleName(ui["text_smaller"])
        self.smaller_button.setAccessibleDescription(ui["text_smaller"])
        self.larger_button.setAccessibleName(ui["text_larger"])
        self.larger_button.setAccessibleDescription(ui["text_larger"])
        self.contrast_button.setAccessibleName(ui["contrast"])
        self.contrast_button.setAccessibleDescription(ui["contrast_description"])
        self.contrast_button.setToolTip("")
        self.language_button.setVisible(other_language is not None)
        self.language_button.setAccessibleName(other_language or "")
        self.language_button.setAccessibleDescription(ui["language_description"])
        self._ui = ui
        listening = self.listen_button.isChecked()
        self._set_text(self.language_button, other_language or "")
        self._set_text(self.listen_button, ui["stop_listening"] if listening else ui["listen"])
        self.listen_button.setAccessibleDescription(ui["listen_description"])
        self._set_text(
            self.pause_button, ui["resume"] if self.pause_button.isChecked() else ui["pause"]
        )
        self._set_text(self.repeat_button, ui["repeat"])
        self.repeat_button.setAccessibleDescription(ui["repeat_description"])
        self._set_text(self.volume_button, ui["volume"])

    def set_listening(self, on: bool, theme: Theme, body_px: int) -> None:
        """`on`: a reading is under way (heard or paused): Stop, Pause, Repeat and Volume show."""
        self.listen_button.setChecked(on)
        ui = getattr(self, "_ui", None)
        if ui:
            self._set_text(self.listen_button, ui["stop_listening"] if on else ui["listen"])
        self.listen_button.setIcon(icons.icon("stop" if on else "speaker", theme.button_text))
        for button in self.speech_controls:
            button.setVisible(on)
        if not on:
            self.set_paused(False, theme)

    def set_paused(self, paused: bool, theme: Theme) -> None:
        self.pause_button.setChecked(paused)
        ui = getattr(self, "_ui", None)
        if ui:
            self._set_text(self.pause_button, ui["resume"] if paused else ui["pause"])
        self.pause_button.setIcon(icons.icon("play" if paused else "pause", theme.button_text))

    def set_volume(self, step: int, steps: int) -> None:
        ui = getattr(self, "_ui", None)
        if ui:
            words = ui["volume_description"].format(n=step, total=steps)
            self.volume_button.setAccessibleDescription(words)

    def _set_text(self, button, text: str) -> None:
        button.setAccessibleName(text)
        button.setText(text)
        self.arrange()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().resizeEvent(event)
        self.arrange()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a control shown, hidden or renamed
            self.arrange()
        return super().event(event)

    def set_look(self, theme: Theme, body_px: int) -> None:
        px = round(min(body_px, 24) * 1.3)
        size = QSize(px, px)
        for button, name in (
            (self.home_button, "home"),
            (self.contrast_button, "contrast"),
            (self.language_button, "globe"),
            (self.listen_button, "stop" if self.listen_button.isChecked() else "speaker"),
            (self.pause_button, "play" if self.pause_button.isChecked() else "pause"),
            (self.repeat_button, "repeat"),
            (self.volume_button, "volume"),
        ):
            button.setIcon(icons.icon(name, theme.button_text))
            button.setIconSize(size)
        logo_px = round(body_px * 2.2)
        if self.logo_path:
            pixmap = QPixmap(self.logo_path)
            if not pixmap.isNull():
                self.logo.setPixmap(
                    pixmap.scaled(
                        logo_px * 3,
                        logo_px,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
        self.logo.setVisible(self.logo.pixmap() is not None and not self.logo.pixmap().isNull())
