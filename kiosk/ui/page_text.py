"""Rendered text as tall as itself, for a page that scrolls as a whole (a walkthrough step).

A QLabel would load the pictures of its rich text from anywhere on disk; this shows a
SafeDocument instead, so the walkthrough uses the kiosk's one resource loader.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QSizePolicy, QTextBrowser

from kiosk.ui.documents import SafeDocument
from kiosk.ui.theme import FONT_FAMILY, Theme, document_css


class PageText(QTextBrowser):
    """Read-only rich text without scroll bars; taps on links come out as linkActivated."""

    linkActivated = Signal(str)

    def __init__(self, root: Path, html: str, theme: Theme, body_px: int, parent=None):
        super().__init__(parent)
        self.setObjectName("PageText")
        document = SafeDocument(root, body_px * 30, self)
        document.setDefaultStyleSheet(document_css(theme, body_px))
        font = document.defaultFont()
        font.setFamily(FONT_FAMILY)
        font.setPixelSize(body_px)
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        self.setDocument(document)
        document.setHtml(html)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page around it takes the focus
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.anchorClicked.connect(self._clicked)
        document.documentLayout().documentSizeChanged.connect(self._fit)

    def _clicked(self, url: QUrl) -> None:
        self.linkActivated.emit(url.toString())

    def setSource(self, url, kind=None) -> None:  # noqa: N802 - never navigate anywhere
        return

    def _fit(self, *_args) -> None:
        margins = self.contentsMargins()
        height = math.ceil(self.document().size().height()) + margins.top() + margins.bottom()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().resizeEvent(event)
        self._fit()
