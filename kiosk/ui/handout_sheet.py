"""The printed handout, painted once for both a printer and a PDF.

Clinic name and logo, the date, the title, the checklist or key points with empty
boxes to tick by hand, the QR code with a line on how to scan it, and the front
desk's message, all in the patient's language. Long lists go on to a second page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from kiosk.content.handout import Handout, payload, qr_code
from kiosk.ui.qr import paint_qr
from kiosk.ui.theme import FONT_FAMILY

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    PageDevice = QPdfWriter | QPrinter  # both tell their resolution; QPagedPaintDevice does not

MARGIN_MM = 15
QR_MM = 55  # a printed code this size scans easily, even a long text one
LOGO_MM = 16
PDF_DPI = 300
_KEEP_ASPECT = Qt.AspectRatioMode.KeepAspectRatio


@dataclass(frozen=True)
class Sheet:
    handout: Handout
    payload: str  # what the QR code holds
    clinic_name: str
    logo: Path | None
    front_desk: str
    scan_hint: str
    day: date


def make_sheet(settings, pack, page: Handout, day: date) -> Sheet:
    """The handout of one page in the pack's language, with the clinic's settings."""
    return Sheet(
        handout=page,
        payload=payload(page, settings.handout_url),
        clinic_name=settings.text_for("clinic_name", pack.lang),
        logo=settings.logo,
        front_desk=settings.text_for("front_desk_message", pack.lang) or pack.ui["unwell"],
        scan_hint=pack.ui["scan_link"] if settings.handout_url else pack.ui["scan_text"],
        day=day,
    )


def layout() -> QPageLayout:
    """US Letter, portrait, with the handout's margins (A4 printers shrink it to fit)."""
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.Letter),
        QPageLayout.Orientation.Portrait,
        margins,
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(sheet: Sheet, path: Path) -> None:
    """Write the handout as a PDF; OSError when the file cannot be written."""
    Path(path).open("wb").close()  # Qt would only warn; this names the reason
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(layout())
    writer.setTitle(f"{sheet.handout.title} · {sheet.clinic_name}")
    writer.setCreator("kiosk")
    paint(writer, sheet)


def paint(device: PageDevice, sheet: Sheet) -> bool:
    """Paint the handout on a PDF writer or printer; False when the device cannot be painted."""
    painter = QPainter()
    if not painter.begin(device):
        return False
    try:
        _Painter(painter, device, sheet).run()
    finally:
        painter.end()
    return True


class _Painter:
    def __init__(self, painter: QPainter, device: PageDevice, sheet: Sheet) -> None:
        self.p, self.device, self.sheet = painter, device, sheet
        rect = device.pageLayout().paintRectPixels(device.resolution())
        self.width, self.height = rect.width(), rect.height()
        self.mm = device.resolution() / 25.4
        self.y = 0.0

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(points)
        font.setBold(bold)
        self.p.setFont(font)
        return font

    def text(self, text: str, points: float, bold=False, left=0.0, width=None, flags=0) -> float:
        """Draw wrapped text at self.y; returns its height."""
        font = self.font(points, bold)
        width = (width if width is not None else self.width) - left
        flags |= int(Qt.TextFlag.TextWordWrap)
        box = QFontMetricsF(font, self.device).boundingRect(QRectF(0, 0, width, 1e6), flags, text)
        self.p.drawText(QRectF(left, self.y, width, box.height()), flags, text)
        return box.height()

    def run(self) -> None:
        sheet, mm = self.sheet, self.mm
        self.p.setPen(QColor("black"))
        self._header()
        self.y += 4 * mm
        self.y += self.text(sheet.handout.title, 20, bold=True) + 5 * mm
        qr_side = QR_MM * mm
        footer = self._footer_height()
        box = 5 * mm
        for item in sheet.handout.items:
            height = self._measure(item, 14, self.width - box - 4 * mm)
            if self.y + height > self.height - footer and self.y > 0:
                self.device.newPage()  # a long list goes on to the next page
                self.y = 0.0
            pen = QPen(QColor("black"))
            pen.setWidthF(0.35 * mm)
            self.p.setPen(pen)
            self.p.drawRect(QRectF(0, self.y + 0.6 * mm, box, box))
            self.p.setPen(QColor("black"))
            self.y += self.text(item, 14, left=box + 4 * mm) + 3 * mm
        if self.y + qr_side + 6 * mm > self.height - footer:
            self.device.newPage()
            self.y = 0.0
        self._qr(self.height - footer - qr_side)
        self._footer(footer)

    def _measure(self, text: str, points: float, width: float) -> float:
        font = QFont(FONT_FAMILY)
        font.setPointSizeF(points)
        metrics = QFontMetricsF(font, self.device)
        flags = int(Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text).height()

    def _header(self) -> None:
        mm, sheet = self.mm, self.sheet
        left = 0.0
        if sheet.logo is not None:
            reader = QImageReader(str(sheet.logo))
            size = reader.size()
            if size.isValid() and size.height() > 0:
                height = LOGO_MM * mm
                width = min(height * size.width() / size.height(), 60 * mm)
                reader.setScaledSize(size.scaled(int(width), int(height), _KEEP_ASPECT))
                image = reader.read()
                if not image.isNull():
                    self.p.drawImage(QRectF(0, 0, width, height), image)
                    left = width + 5 * mm
        day = QLocale(self.sheet.handout.lang).toString(
            QDate(sheet.day.year, sheet.day.month, sheet.day.day), QLocale.FormatType.LongFormat
        )
        right = 70 * mm
        name_height = self.text(
            sheet.clinic_name, 16, bold=True, left=left, width=self.width - right
        )
        self.text(day, 11, left=self.width - right, flags=int(Qt.AlignmentFlag.AlignRight))
        self.y = max(name_height, LOGO_MM * mm if left else 0.0) + 2 * mm
        pen = QPen(QColor("black"))
        pen.setWidthF(0.5 * mm)
        self.p.setPen(pen)
        self.p.drawLine(0, int(self.y), int(self.width), int(self.y))
        self.p.setPen(QColor("black"))

    def _qr(self, top: float) -> None:
        mm, side = self.mm, QR_MM * self.mm
        paint_qr(self.p, QRectF(0, top, side, side), qr_code(self.sheet.payload))
        self.y = top + side / 2 - 8 * mm
        self.text(self.sheet.scan_hint, 13, left=side + 6 * mm)

    def _footer_height(self) -> float:
        return self._measure(self.sheet.front_desk, 13, self.width - 8 * self.mm) + 10 * self.mm

    def _footer(self, height: float) -> None:
        mm = self.mm
        top = self.height - height + 4 * mm
        pen = QPen(QColor("black"))
        pen.setWidthF(0.35 * mm)
        self.p.setPen(pen)
        self.p.drawRect(QRectF(0, top, self.width, height - 4 * mm))
        self.p.setPen(QColor("black"))
        self.y = top + 3 * mm
        self.text(self.sheet.front_desk, 13, bold=True, left=4 * mm, width=self.width - 4 * mm)
