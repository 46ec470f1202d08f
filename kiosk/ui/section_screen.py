"""A section: big calm text in a flickable column, with Previous and Next at the end."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFontMetrics, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QVBoxLayout, QWidget

from kiosk.content.model import ContentPack
from kiosk.content.render import SECTION_SCHEME
from kiosk.ui.documents import DocumentCache, SafeDocument, SectionRenderer, section_key
from kiosk.ui.gestures import make_flickable
from kiosk.ui.theme import Theme, document_css
from kiosk.ui.widgets import big_button

log = logging.getLogger(__name__)
LINE_CHARS = 66  # about 70 characters a line at most
SMALL_SECTION_CHARS = 24_000  # rendered on the spot; longer ones in the background


class SectionBrowser(QTextBrowser):
    """Read-only rich text: links between sections work, nothing else opens, no selection."""

    sectionLinkClicked = Signal(str)

    def __init__(self, reduce_motion: bool = False, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.anchorClicked.connect(self._follow)
        self.scroller = make_flickable(self, reduce_motion)
        self.blocked_links: list[str] = []

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == SECTION_SCHEME:
            self.sectionLinkClicked.emit(url.path())
        elif not url.scheme() and not url.path() and url.fragment():
            self.scrollToAnchor(url.fragment())
        else:
            self.blocked_links.append(url.toString())
            log.info("link not opened (outside the kiosk): %s", url.toString())

    def setSource(self, url, kind=None) -> None:  # noqa: N802 - never navigate anywhere
        return

    def center_column(self) -> None:
        """Keep lines to about 70 characters by centring a column in the viewport."""
        width = self.viewport().width()
        column = QFontMetrics(self.document().defaultFont()).averageCharWidth() * LINE_CHARS
        body_px = self.document().defaultFont().pixelSize()
        column = max(column, body_px * 30)
        margin = max(24, (width - column) // 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - margin) >= 1:
            fmt.setLeftMargin(margin)
            fmt.setRightMargin(margin)
            fmt.setTopMargin(24)
            fmt.setBottomMargin(48)
            frame.setFrameFormat(fmt)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().resizeEvent(event)
        self.center_column()


class SectionScreen(QWidget):
    """Shows one section; asks the window to move on with Previous, Next and links."""

    previousRequested = Signal()
    nextRequested = Signal()
    sectionLinkClicked = Signal(str)

    def __init__(self, renderer: SectionRenderer, theme: Theme, body_px: int, reduce_motion=False):
        super().__init__()
        self.setObjectName("Screen")
        self.renderer = renderer
        self.theme, self.body_px = theme, body_px
        self.pack: ContentPack | None = None
        self.section_id: str | None = None
        self.scroll_positions: dict[str, int] = {}
        self._documents = DocumentCache()
        self._queue: list[str] = []
        self._append_timer = QTimer(self, interval=0, singleShot=False)
        self._append_timer.timeout.connect(self._append_piece)
        self.browser = SectionBrowser(reduce_motion)
        self.browser.sectionLinkClicked.connect(self.sectionLinkClicked)
        self.previous_button = big_button("Previous", name="PreviousSection")
        self.next_button = big_button("Next", name="NextSection")
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        nav = QHBoxLayout()
        nav.setContentsMargins(24, 8, 24, 8)
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.browser, 1)
        layout.addLayout(nav)
        renderer.pieceReady.connect(self._piece_ready)

    # -- showing ---------------------------------------------------------------------
    def show_section(self, pack: ContentPack, section_id: str) -> None:
        self.remember_scroll()
        self._append_timer.stop()
        self._queue.clear()
        self.pack, self.section_id = pack, section_id
        key = self._cache_key()
        document = self._documents.get(key)
        if document is None:
            document = self._new_document()
            pieces = self.renderer.cached(section_key(pack, section_id))
            if pieces is None and len(pack.section(section_id).body) <= SMALL_SECTION_CHARS:
                pieces = self.renderer.render_now(pack, section_id)
            if pieces is None:
                document.setHtml(f"<p>{pack.ui.get('loading', 'Loading…')}</p>")
                document.complete = False
                self.renderer.request(pack, section_id)
            else:
                self._fill(document, pieces)
            self._documents.put(key, document, keep=self.browser.document())
        self.browser.setDocument(document)
        self.browser.center_column()
        self.browser.verticalScrollBar().setValue(self.scroll_positions.get(section_id, 0))
        index = [s.id for s in pack.sections].index(section_id)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(pack.sections) - 1)

    def _fill(self, document: SafeDocument, pieces: list[str]) -> None:
        document.setHtml(pieces[0] if pieces else "")
        self._queue = list(pieces[1:])
        document.complete = not self._queue
        if self._queue:
            self._append_timer.start()

    def _piece_ready(self, key: str, index: int, html: str) -> None:
        if self.pack is None or key != section_key(self.pack, self.section_id):
            return
        document = self.browser.document()
        if index == 0:
            document.setHtml(html)
            self.browser.center_column()
        else:
            self._queue.append(html)
            self._append_timer.start()

    def _append_piece(self) -> None:
        if not self._queue:
            self._append_timer.stop()
            self.browser.document().complete = True
            return
        cursor = QTextCursor(self.browser.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(self._queue.pop(0))

    def is_complete(self) -> bool:
        return getattr(self.browser.document(), "complete", False) and not self._queue

    def _new_document(self) -> SafeDocument:
        document = SafeDocument(self.pack.root, self.body_px * 30, self)
        document.setDefaultStyleSheet(document_css(self.theme, self.body_px))
        font = document.defaultFont()
        font.setFamily("Noto Sans")
        font.setPixelSize(self.body_px)
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        return document

    def _cache_key(self) -> tuple:
        return (self.pack.lang, self.section_id, self.theme.name, self.body_px, id(self.pack))

    # -- state -----------------------------------------------------------------------
    def remember_scroll(self) -> None:
        if self.section_id is not None:
            self.scroll_positions[self.section_id] = self.browser.verticalScrollBar().value()

    def set_look(self, theme: Theme, body_px: int) -> None:
        self.theme, self.body_px = theme, body_px
        self._documents.clear(keep=self.browser.document())
        if self.pack is not None and self.section_id is not None:
            self.show_section(self.pack, self.section_id)

    def forget(self) -> None:
        """Drop patient state (scroll positions) and cached documents, e.g. on idle reset."""
        self.scroll_positions.clear()
        self._documents.clear(keep=self.browser.document())
