"""A section: big calm text in a flickable column, with Previous and Next at the end."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from typing import cast

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QFontMetrics, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QVBoxLayout, QWidget

from kiosk.content.model import ContentPack
from kiosk.content.render import SECTION_SCHEME
from kiosk.ui.documents import DocumentCache, SafeDocument, SectionRenderer, section_key
from kiosk.ui.gestures import make_flickable
from kiosk.ui.more_below import MoreBelow
from kiosk.ui.session_holder import SessionHolder
from kiosk.ui.theme import Theme, document_css
from kiosk.ui.timers import named_timer
from kiosk.ui.widgets import big_button, nav_row, wrapped_label

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
            fragment = f"#{url.fragment()}" if url.fragment() else ""
            self.sectionLinkClicked.emit(url.path() + fragment)  # 'other.md#heading'
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
    takeHomeRequested = Signal(str)  # the section's id
    helpfulAnswered = Signal(str, bool)  # the section's id, yes; once a section a patient

    def __init__(
        self,
        sessions: SessionHolder,
        renderer: SectionRenderer,
        theme: Theme,
        body_px: int,
        reduce_motion=False,
    ):
        super().__init__()
        self.setObjectName("Screen")
        self.sessions = sessions
        self.renderer = renderer
        self.theme, self.body_px = theme, body_px
        self.pack: ContentPack | None = None
        self.section_id: str | None = None  # the section shown, not patient state
        self._documents = DocumentCache()
        self._queue: list[str] = []
        self._waiting = False  # the shown page is still being rendered in the background
        self._next_piece = 0  # index of the next piece the shown page expects from it
        self._append_timer = named_timer(self, "section-append", 0)
        self._append_timer.timeout.connect(self._append_piece)
        self.browser = SectionBrowser(reduce_motion)
        self.browser.sectionLinkClicked.connect(self.sectionLinkClicked)
        # PySide makes the Python types of Qt's text frame formats on first use (about 4 ms of
        # enums): now, as this screen is built in idle time, not on the first tap
        self.browser.center_column()
        self.previous_button = big_button("Previous", name="PreviousSection")
        self.next_button = big_button("Next", name="NextSection")
        for button in (self.previous_button, self.next_button):
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # the other one stays where it was
            button.setSizePolicy(policy)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.take_home_button = big_button("Take this home", name="TakeHome")
        self.take_home_button.clicked.connect(
            lambda: self.takeHomeRequested.emit(self.section_id or "")
        )
        self.helpful_label = wrapped_label(name="HelpfulQuestion")
        self.helpful_yes = big_button("Yes", name="HelpfulYes")
        self.helpful_no = big_button("No", name="HelpfulNo")
        self.helpful_yes.clicked.connect(lambda: self._helpful(True))
        self.helpful_no.clicked.connect(lambda: self._helpful(False))
        helpful = QHBoxLayout()
        helpful.setContentsMargins(24, 8, 24, 0)
        helpful.setSpacing(16)
        helpful.addStretch(1)
        helpful.addWidget(self.helpful_label)
        helpful.addWidget(self.helpful_yes)
        helpful.addWidget(self.helpful_no)
        helpful.addStretch(1)
        nav = nav_row(self.previous_button, self.next_button)
        nav.insertWidget(2, self.take_home_button)
        nav.insertStretch(3, 1)  # Previous, space, Take this home, space, Next
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.browser, 1)
        self.more_below = MoreBelow(self.browser, theme)
        layout.addLayout(helpful)
        layout.addLayout(nav)
        sessions.sessionReplaced.connect(self.forget)
        renderer.pieceReady.connect(self._piece_ready)
        renderer.finished.connect(self._render_finished)

    # -- showing ---------------------------------------------------------------------
    def show_section(self, pack: ContentPack, section_id: str) -> None:
        self.remember_scroll()
        self._append_timer.stop()
        self._queue.clear()
        self._waiting = False
        self.pack, self.section_id = pack, section_id
        key = self._cache_key()
        document = self._documents.get(key)
        if document is not None and not document.complete:
            # left while it was still arriving: its missing pieces went by, so build it anew
            stale = self._documents.pop(key)
            if stale is not None and stale is not self.browser.document():
                stale.deleteLater()
            document = None
        if document is None:
            document = self._new_document()
            pieces = self.renderer.cached(section_key(pack, section_id))
            section = pack.section(section_id)
            if pieces is None and section is not None and len(section.body) <= SMALL_SECTION_CHARS:
                pieces = self.renderer.render_now(pack, section_id)
            if pieces is None:
                document.setHtml(f"<p>{html.escape(pack.ui['loading'])}</p>")
                document.complete = False
                self._waiting, self._next_piece = True, 0
                self.renderer.request(pack, section_id)
            else:
                self._fill(document, pieces)
            self._documents.put(key, document, keep=self.browser.document())
        self._set_document(document)
        self.browser.verticalScrollBar().setValue(self.scroll_positions.get(section_id, 0))
        index = [s.id for s in pack.sections].index(section_id)
        # at the ends there is nowhere to go: no button, rather than one that does nothing
        self.previous_button.setVisible(index > 0)
        self.next_button.setVisible(index < len(pack.sections) - 1)
        self._describe_buttons(index)
        self._show_helpful()

    def _show_helpful(self) -> None:
        """'Was this helpful?' with Yes and No, or the thanks once this patient has answered."""
        ui = self._pack().ui
        self.take_home_button.setText(ui["take_home"])
        self.take_home_button.setAccessibleName(ui["take_home"])
        self.take_home_button.setAccessibleDescription(ui["take_home"])
        self.helpful_yes.setText(ui["helpful_yes"])
        self.helpful_no.setText(ui["helpful_no"])
        for button in (self.helpful_yes, self.helpful_no):
            button.setAccessibleName(button.text())
            button.setAccessibleDescription(ui["helpful"])
        answered = self.section_id in self.sessions.session.helpful
        self.helpful_label.setText(ui["helpful_thanks"] if answered else ui["helpful"])
        self.helpful_yes.setVisible(not answered)
        self.helpful_no.setVisible(not answered)

    def _helpful(self, yes: bool) -> None:
        section_id = self.section_id
        if section_id is None or section_id in self.sessions.session.helpful:
            return
        self.sessions.update(helpful=self.sessions.session.helpful | {section_id})
        self._show_helpful()
        self.helpfulAnswered.emit(section_id, yes)

    def _describe_buttons(self, index: int) -> None:
        """Previous and Next are named in the pack's words and say which section they open."""
        sections = self._pack().sections
        for button, target in ((self.previous_button, index - 1), (self.next_button, index + 1)):
            button.setAccessibleName(button.text())
            inside = 0 <= target < len(sections)
            button.setAccessibleDescription(sections[target].title if inside else button.text())

    def _pack(self) -> ContentPack:
        """The pack of the section shown (the page is only drawn once one is)."""
        if self.pack is None:
            raise RuntimeError("no section has been shown yet")
        return self.pack

    def _shown_document(self) -> SafeDocument:
        """The browser's document while a section is arriving: always one of ours."""
        return cast(SafeDocument, self.browser.document())

    def _set_document(self, document: SafeDocument) -> None:
        old = self.browser.document()
        ours = old is not document and old.parent() is self  # the browser deletes its own
        self.browser.setDocument(document)
        self.browser.center_column()
        if ours and not self._documents.holds(old):
            old.deleteLater()  # dropped from the cache while it was shown

    def _fill(self, document: SafeDocument, pieces: list[str]) -> None:
        if not pieces:  # the renderer gave up on it
            not_shown = self._pack().ui["not_shown"]
            pieces = [f"<p>{html.escape(not_shown)}</p>"]
        document.setHtml(pieces[0])
        self._queue = list(pieces[1:])
        document.complete = not self._queue
        if self._queue:
            self._append_timer.start()

    def _showing(self, key: str) -> bool:
        return (
            self.pack is not None
            and self.section_id is not None
            and key == section_key(self.pack, self.section_id)
        )

    def _piece_ready(self, key: str, index: int, piece: str) -> None:
        if not self._waiting or not self._showing(key) or index != self._next_piece:
            return  # another page's, or pieces missed while another page was shown
        self._next_piece += 1
        if index == 0:
            self.browser.document().setHtml(piece)
            self.browser.center_column()
        else:
            self._queue.append(piece)
            self._append_timer.start()

    def _render_finished(self, key: str) -> None:
        if not self._waiting or not self._showing(key):
            return
        self._waiting = False
        pieces = self.renderer.cached(key) or []
        document = self._shown_document()
        if not pieces or self._next_piece < len(pieces):
            # it was already being rendered when the page was opened: show it from the cache
            self._queue.clear()
            self._fill(document, pieces)
            self.browser.center_column()
        elif not self._queue:
            document.complete = True

    def _append_piece(self) -> None:
        if not self._queue:
            self._append_timer.stop()
            if not self._waiting:
                self._shown_document().complete = True
            return
        cursor = QTextCursor(self.browser.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(self._queue.pop(0))

    def is_complete(self) -> bool:
        return getattr(self.browser.document(), "complete", False) and not self._queue

    def _new_document(self) -> SafeDocument:
        document = SafeDocument(self._pack().root, self.body_px * 30, self)
        document.setDefaultStyleSheet(document_css(self.theme, self.body_px))
        font = document.defaultFont()
        font.setFamily("Noto Sans")
        font.setPixelSize(self.body_px)
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        return document

    def _cache_key(self) -> tuple:
        return (id(self.pack), self.section_id, self.theme.name, self.body_px)

    # -- state -----------------------------------------------------------------------
    @property
    def scroll_positions(self) -> Mapping[str, int]:
        return self.sessions.session.scroll_positions

    def remember_scroll(self) -> None:
        if self.section_id is not None:
            value = self.browser.verticalScrollBar().value()
            positions = {**self.scroll_positions, self.section_id: value}
            self.sessions.update(scroll_positions=positions)

    def set_look(self, theme: Theme, body_px: int) -> None:
        self.theme, self.body_px = theme, body_px
        self.more_below.set_theme(theme)
        self._documents.clear(keep=self.browser.document())
        if self.pack is not None and self.section_id is not None:
            self.show_section(self.pack, self.section_id)

    def forget(self, *_session) -> None:
        """Drop the cached documents and what is shown (a new session, or new content)."""
        self._documents.clear(keep=self.browser.document())
        self.section_id = None  # so leaving the page afterwards remembers no scroll position
