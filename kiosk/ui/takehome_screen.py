"""'Take this home': a large QR code of the page, a line on how to scan it, and Print."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.handout import Handout, qr_code
from kiosk.ui.handout_sheet import Sheet, make_sheet
from kiosk.ui.widgets import big_button, nav_row, wrapped_label

if TYPE_CHECKING:
    import segno  # loaded with the first QR code, not with the window

log = logging.getLogger(__name__)
MAX_QR_PX = 560


class QrView(QWidget):
    """A QR code as large as the space allows, square, dark on white."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("QrCode")
        self.qr: segno.QRCode | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 240)

    def set_text(self, text: str) -> None:
        self.qr = qr_code(text)
        self.setAccessibleName(text.splitlines()[0] if text else "")
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's API
        return QSize(MAX_QR_PX, MAX_QR_PX)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's API
        if self.qr is None:
            return
        from kiosk.ui.qr import paint_qr

        side = min(self.width(), self.height(), MAX_QR_PX)
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        paint_qr(painter, rect, self.qr)
        painter.end()


class TakeHomeScreen(QWidget):
    backRequested = Signal()
    printed = Signal(str)  # the handout's key, when it went to the printer

    def __init__(self, settings) -> None:
        super().__init__()
        self.setObjectName("Screen")
        self.settings = settings
        self.sheet: Sheet | None = None
        self.printer_for = None  # name -> QPrinter or None; tests hand in a PDF printer
        self.title = wrapped_label(name="Heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_view = QrView()
        self.hint = wrapped_label(name="ScanHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = wrapped_label(name="PrintStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.hide()
        self.back_button = big_button("Back", name="TakeHomeBack")
        self.print_button = big_button("Print", primary=True, name="PrintHandout")
        self.print_button.setVisible(bool(settings.printer))
        # the screen's main action: Print when there is a printer, else back to the page
        self.back_button.setProperty("primary", not settings.printer)
        self.back_button.clicked.connect(self.backRequested)
        self.print_button.clicked.connect(self.print_handout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.qr_view, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.status)
        layout.addLayout(nav_row(self.back_button, self.print_button))

    def show_handout(self, pack, page: Handout) -> None:
        ui = pack.ui
        self.pack = pack
        self.sheet = make_sheet(self.settings, pack, page, date.today())
        self.title.setText(page.title)
        self.qr_view.set_text(self.sheet.payload)
        self.hint.setText(self.sheet.scan_hint)
        self.status.hide()
        self.back_button.setText(ui["back"])
        self.back_button.setAccessibleName(ui["back"])
        self.back_button.setAccessibleDescription(page.title)  # where Back leads
        self.print_button.setText(ui["print"])
        self.print_button.setAccessibleName(ui["print"])
        self.print_button.setAccessibleDescription(page.title)
        self.print_button.setEnabled(True)

    def print_handout(self) -> None:
        if self.sheet is None:
            return
        from kiosk.ui import printing  # QtPrintSupport loads on the first print, not at start

        find = self.printer_for or printing.find_printer
        try:
            printer = find(self.settings.printer)
            reason = printing.print_sheet(self.sheet, printer)
        except Exception as exc:  # a driver's failure must not reach the patient
            log.exception("printing failed")
            reason = f"{type(exc).__name__}: {exc}"
        if reason is None:
            self._say(self.pack.ui["printing"])
            self.print_button.setEnabled(False)  # one copy a visit to this screen
            self.printed.emit(self.sheet.handout.key)
        else:
            log.warning("handout not printed on %r: %s", self.settings.printer, reason)
            self._say(self.pack.ui["printer_missing"])

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.show()
