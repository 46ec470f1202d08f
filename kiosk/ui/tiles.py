"""The home screen's grid of section tiles: a list model and a delegate that paints cards.

A view with a delegate, rather than a widget per tile, keeps a pack of thousands of
sections as quick to show as a pack of twelve.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QScroller,
    QStyledItemDelegate,
    QWidget,
)

from kiosk.content.model import ContentPack
from kiosk.ui import icons
from kiosk.ui.gestures import make_flickable
from kiosk.ui.theme import Theme

SECTION_ID = Qt.ItemDataRole.UserRole
ICON = Qt.ItemDataRole.UserRole + 1
SUMMARY = Qt.ItemDataRole.UserRole + 2
MIN_TILE_WIDTH = 340
TILE_WIDTH_EM = 14.5  # larger text makes wider tiles, so fewer columns, not cut titles
MAX_TITLE_LINES = 4  # a longer title ends in an ellipsis
SUMMARY_LINES = 3
SPACING = 16
PADDING = 18


class TileModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.pack: ContentPack | None = None

    def set_pack(self, pack: ContentPack | None) -> None:
        self.beginResetModel()
        self.pack = pack
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt's API
        if (parent is not None and parent.isValid()) or self.pack is None:
            return 0
        return len(self.pack.sections)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or self.pack is None:
            return None
        section = self.pack.sections[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return section.title
        if role in (SUMMARY, Qt.ItemDataRole.AccessibleDescriptionRole):
            return section.summary
        if role == SECTION_ID:
            return section.id
        if role == ICON:
            return section.icon
        return None


class TileDelegate(QStyledItemDelegate):
    def __init__(self, theme: Theme, body_px: int, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.body_px = body_px
        self.tile_size = QSize(MIN_TILE_WIDTH, 160)
        self.title_lines = 2  # the longest title's line count, set by the grid's layout
        self.pack_root: Path | None = None

    def fonts(self) -> tuple[QFont, QFont]:
        title = QFont("Noto Sans")
        title.setPixelSize(round(self.body_px * 1.1))
        title.setBold(True)
        summary = QFont("Noto Sans")
        summary.setPixelSize(round(self.body_px * 0.9))
        return title, summary

    def tile_height(self) -> int:
        title, summary = self.fonts()
        lines = (
            QFontMetrics(title).lineSpacing() * self.title_lines
            + QFontMetrics(summary).lineSpacing() * SUMMARY_LINES
        )
        return max(lines + 2 * PADDING + 8, self.icon_px() + 2 * PADDING)

    def min_tile_width(self) -> int:
        return max(MIN_TILE_WIDTH, round(self.body_px * TILE_WIDTH_EM))

    def text_width(self, tile_width: int) -> int:
        """Room for a tile's words (as paint() lays them out) in a tile this wide."""
        return tile_width - SPACING - 3 * PADDING - self.icon_px() - 4

    def title_lines_needed(self, titles: list[str], tile_width: int) -> int:
        metrics = QFontMetrics(self.fonts()[0])
        width = self.text_width(tile_width)
        needed = 1
        for title in titles:
            lines = _elide_lines(title, metrics, width, MAX_TITLE_LINES + 1).count("\n") + 1
            needed = max(needed, min(lines, MAX_TITLE_LINES))
            if needed == MAX_TITLE_LINES:
                break
        return needed

    def icon_px(self) -> int:
        return round(self.body_px * 2.4)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's API
        return self.tile_size

    def tile_texts(
        self, rect: QRect, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[str, QRect, str, QRect]:
        """Title and summary as a card inside `rect` shows them: lines broken, "…" where cut."""
        text_left = rect.left() + 2 * PADDING + self.icon_px() - 1
        text_rect = QRect(
            text_left,
            rect.top() + PADDING,
            rect.right() - PADDING - text_left,
            rect.height() - 2 * PADDING,
        )
        title_font, summary_font = self.fonts()
        title_metrics, summary_metrics = QFontMetrics(title_font), QFontMetrics(summary_font)
        width = text_rect.width() - 4
        title = _elide_lines(index.data() or "", title_metrics, width, self.title_lines)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        used = title_metrics.boundingRect(text_rect, flags, title).height()
        summary_rect = text_rect.adjusted(0, used + 6, 0, 0)
        lines = max(1, summary_rect.height() // summary_metrics.lineSpacing())
        summary = _elide_lines(index.data(SUMMARY) or "", summary_metrics, width, lines)
        return title, text_rect, summary, summary_rect

    def paint(self, painter: QPainter, option, index: QModelIndex | QPersistentModelIndex) -> None:
        theme = self.theme
        rect = option.rect.adjusted(SPACING // 2, SPACING // 2, -SPACING // 2, -SPACING // 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # from the grid, not option.state: that is a QStyle flag, and making PySide's QStyle
        # type (7 ms) can wait until a screen after the home screen needs it
        view = self.parent()
        focused = isinstance(view, TileGrid) and view.shows_focus_on(index)
        pressed = isinstance(view, TileGrid) and index.row() == view.pressed_row
        painter.setPen(QPen(QColor(theme.focus if focused else theme.border), 4 if focused else 2))
        painter.setBrush(QColor(theme.button if pressed else theme.surface))
        painter.drawRoundedRect(rect, 18, 18)
        icon_px = self.icon_px()
        icon_rect = QRect(rect.left() + PADDING, rect.top() + PADDING, icon_px, icon_px)
        pixmap = icons.icon_pixmap(
            index.data(ICON),
            theme.icon_colour,
            icon_px,
            self.pack_root,
        )
        painter.drawPixmap(icon_rect, pixmap)
        title_text, text_rect, summary, summary_rect = self.tile_texts(rect, index)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop  # lines are already broken
        title_font, summary_font = self.fonts()
        painter.setFont(title_font)
        painter.setPen(QColor(theme.text))
        painter.drawText(text_rect, flags, title_text)
        painter.setFont(summary_font)
        painter.setPen(QColor(theme.muted))
        painter.drawText(summary_rect, flags, summary)
        painter.restore()


def _elide_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> str:
    """Word-wrap text into at most `lines` lines, ending with an ellipsis when it is cut."""
    words, out, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
            if len(out) == lines:
                break
    if len(out) < lines and current:
        out.append(current)
    if len(out) == lines and " ".join(out) != " ".join(words):
        out[-1] = metrics.elidedText(out[-1] + " …", Qt.TextElideMode.ElideRight, width)
    # a word longer than the whole line (a long compound, a code) is cut with "…" too
    out = [
        metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
        if metrics.horizontalAdvance(line) > width
        else line
        for line in out
    ]
    return "\n".join(out)


class TileGrid(QListView):
    """The flickable grid of tiles; tapping a tile or pressing Enter opens its section."""

    sectionChosen = Signal(str)

    def __init__(self, theme: Theme, body_px: int, reduce_motion: bool = False, parent=None):
        super().__init__(parent)
        self.setObjectName("Tiles")
        # A viewport made in Python, not by Qt: wrapping a widget Qt made makes PySide look up
        # every widget class once (about 11 ms), which can then wait until after the first frame
        viewport = QWidget()
        viewport.setBackgroundRole(QPalette.ColorRole.Base)  # as Qt's own viewport
        self.setViewport(viewport)
        self.tile_model = TileModel(self)
        self.pressed_row = -1  # the tile under a finger or mouse button, drawn pressed
        self.delegate = TileDelegate(theme, body_px, self)
        self._title_lines_key: tuple | None = None
        self._laid_out: tuple | None = None  # what the last layout was made for
        self.setModel(self.tile_model)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName("Sections")
        scroller = make_flickable(self, reduce_motion)
        scroller.stateChanged.connect(self._scrolling)  # a flick, not a tap: not pressed
        self.clicked.connect(self._open)

    def set_pack(self, pack: ContentPack | None) -> None:
        self.delegate.pack_root = pack.root if pack else None
        self.tile_model.set_pack(pack)
        self._laid_out = None
        self._layout_tiles()

    def set_look(self, theme: Theme, body_px: int) -> None:
        self.delegate.theme = theme
        self.delegate.body_px = body_px
        self._layout_tiles()

    def _layout_tiles(self) -> None:
        if not self.isVisible():  # laid out for real once shown at its final width
            return
        scrollbar = self.verticalScrollBar()
        width = self.width() - 2 * self.frameWidth() - max(scrollbar.sizeHint().width(), 16) - 2
        columns = max(1, width // (self.delegate.min_tile_width() + SPACING))
        tile_width = max(1, width) // columns
        pack = self.tile_model.pack
        key = (id(pack), tile_width, self.delegate.body_px)
        if key != self._title_lines_key:  # measuring thousands of titles takes a moment
            titles = [section.title for section in pack.sections] if pack else []
            self.delegate.title_lines = self.delegate.title_lines_needed(titles, tile_width)
            self._title_lines_key = key
        self.delegate.tile_size = QSize(tile_width, self.delegate.tile_height())
        laid_out = (key, self.delegate.tile_size.height(), self.viewport().width())
        if laid_out == self._laid_out:  # shown and resized to the same width: laid out already
            self.viewport().update()  # the theme may have changed
            return
        self._laid_out = laid_out
        self.setGridSize(self.delegate.tile_size)
        self.doItemsLayout()  # 20,000 tiles take a moment: once per width

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().resizeEvent(event)
        self._layout_tiles()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's API
        super().showEvent(event)
        self._layout_tiles()

    def shows_focus_on(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        """True when `index` is the tile the keyboard is on (as Qt marks an item's focus)."""
        has_focus = self.hasFocus() or self.viewport().hasFocus()
        return has_focus and index.row() == self.currentIndex().row() and index.isValid()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's API
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._set_pressed(self.indexAt(event.position().toPoint()).row())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's API
        self._set_pressed(-1)
        super().mouseReleaseEvent(event)

    def _scrolling(self, state: QScroller.State) -> None:
        if state in (QScroller.State.Dragging, QScroller.State.Scrolling):
            self._set_pressed(-1)

    def _set_pressed(self, row: int) -> None:
        if row != self.pressed_row:
            for changed in (self.pressed_row, row):
                if changed >= 0:
                    self.viewport().update(self.visualRect(self.tile_model.index(changed)))
            self.pressed_row = row

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's API
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in keys and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def layout_problems(self) -> list[str]:
        """Titles the tiles cannot show whole (cut with "…"), for the layout audit."""
        tile = QRect(0, 0, self.delegate.tile_size.width(), self.delegate.tile_size.height())
        rect = tile.adjusted(SPACING // 2, SPACING // 2, -SPACING // 2, -SPACING // 2)
        problems = []
        for row in range(self.tile_model.rowCount()):
            index = self.tile_model.index(row)
            shown = self.delegate.tile_texts(rect, index)[0]
            whole = " ".join((index.data() or "").split())
            if " ".join(shown.split()) != whole:
                problems.append(
                    f'tile title cut off: "{whole}" shows as "{" ".join(shown.split())}"'
                )
        return problems

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sectionChosen.emit(index.data(SECTION_ID))
