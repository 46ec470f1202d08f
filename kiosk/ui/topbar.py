"""The bar across the top: Home, the clinic's name, and the controls every patient may need."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.ui import icons
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import big_button


class TopBar(QWidget):
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
        self._texts: dict = {}  # full button words; narrow screens show the icon only
        self.smaller_button = big_button("A−", name="TextSmaller")
        self.larger_button = big_button("A+", name="TextLarger")
        self.contrast_button = big_button("", name="ContrastButton")
        self.contrast_button.setCheckable(True)
        self.language_button = big_button("", name="LanguageButton")
        self.listen_button = big_button("Listen", name="ListenButton")
        self.listen_button.setCheckable(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(12)
        layout.addWidget(self.home_button)
        layout.addWidget(self.logo)
        layout.addWidget(self.clinic_name, 1)
        for button in (
            self.listen_button,
            self.language_button,
            self.smaller_button,
            self.larger_button,
            self.contrast_button,
        ):
            layout.addWidget(button)

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

    def set_listening(self, on: bool, theme: Theme, body_px: int) -> None:
        self.listen_button.setChecked(on)
        ui = getattr(self, "_ui", None)
        if ui:
            self._set_text(self.listen_button, ui["stop_listening"] if on else ui["listen"])
        px = round(min(body_px, 24) * 1.3)
        self.listen_button.setIcon(icons.icon("stop" if on else "speaker", theme.button_text, px))

    def _set_text(self, button, text: str) -> None:
        self._texts[button] = text
        button.setAccessibleName(text)
        button.setText("" if self._compact() and button is self.listen_button else text)

    def _compact(self) -> bool:
        return 0 < self.width() < 1000

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().resizeEvent(event)
        for button, text in self._texts.items():
            button.setText("" if self._compact() and button is self.listen_button else text)

    def set_look(self, theme: Theme, body_px: int) -> None:
        px = round(min(body_px, 24) * 1.3)
        size = QSize(px, px)
        for button, name in (
            (self.home_button, "home"),
            (self.contrast_button, "contrast"),
            (self.language_button, "globe"),
            (self.listen_button, "stop" if self.listen_button.isChecked() else "speaker"),
        ):
            button.setIcon(icons.icon(name, theme.button_text, px))
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
