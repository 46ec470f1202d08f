"""The home screen: the walkthrough button, then a flickable grid of section tiles."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.content.model import ContentPack
from kiosk.content.strings import DEFAULT_STRINGS
from kiosk.session import PatientSession
from kiosk.ui import icons
from kiosk.ui.more_below import MoreBelow
from kiosk.ui.session_holder import SessionHolder
from kiosk.ui.theme import Theme
from kiosk.ui.tiles import TileGrid
from kiosk.ui.widgets import big_button, wrapped_label


class HomeScreen(QWidget):
    walkthroughRequested = Signal()
    sectionChosen = Signal(str)

    def __init__(
        self, sessions: SessionHolder, theme: Theme, body_px: int, reduce_motion: bool = False
    ):
        super().__init__()
        self.setObjectName("Screen")
        self.sessions = sessions
        self.theme, self.body_px = theme, body_px
        self.walkthrough_button = big_button(
            "What to expect at your visit", primary=True, name="WalkthroughButton"
        )
        self.walkthrough_button.clicked.connect(self.walkthroughRequested)
        self.heading = wrapped_label("Learn more", name="Heading")
        self.tiles = TileGrid(theme, body_px, reduce_motion)
        self.tiles.sectionChosen.connect(self.sectionChosen)
        self.more_below = MoreBelow(self.tiles, theme)
        scrollbar = self.tiles.verticalScrollBar()
        scrollbar.valueChanged.connect(lambda value: sessions.update(home_scroll=value))
        sessions.sessionReplaced.connect(self._session_replaced)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 0)
        layout.setSpacing(12)
        layout.addWidget(self.walkthrough_button)
        layout.addWidget(self.heading)
        layout.addWidget(self.tiles, 1)

    def set_pack(self, pack: ContentPack | None) -> None:
        ui = pack.ui if pack else DEFAULT_STRINGS
        self.walkthrough_button.setText(ui["walkthrough_button"])
        self.walkthrough_button.setAccessibleName(self.walkthrough_button.text())
        stages = [stage.title for stage in pack.walkthrough.stages] if pack else []
        self.walkthrough_button.setAccessibleDescription(
            ", ".join(stages) or self.walkthrough_button.text()
        )
        self.walkthrough_button.setVisible(bool(pack and pack.walkthrough.steps))
        self.heading.setText(ui["sections_heading"])
        self.tiles.setAccessibleName(self.heading.text())
        self.tiles.set_pack(pack)
        self._update_icon()

    def _session_replaced(self, session: PatientSession) -> None:
        self.tiles.verticalScrollBar().setValue(session.home_scroll)

    def set_look(self, theme: Theme, body_px: int) -> None:
        self.theme, self.body_px = theme, body_px
        self.tiles.set_look(theme, body_px)
        self.more_below.set_theme(theme)
        self._update_icon()

    def _update_icon(self) -> None:
        px = round(self.body_px * 1.8)
        self.walkthrough_button.setIcon(icons.icon("clipboard", self.theme.on_accent))
        self.walkthrough_button.setIconSize(QSize(px, px))
