"""Painting a QR code crisply at any size: one filled path, dark on white, with its quiet zone."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def paint_qr(painter: QPainter, rect: QRectF, qr) -> None:
    """Paint a segno QR code, square and centred in rect, white quiet zone included."""
    matrix = qr.matrix
    count = len(matrix) + 2 * QUIET_ZONE
    side = min(rect.width(), rect.height())
    module = side / count
    left = rect.left() + (rect.width() - side) / 2
    top = rect.top() + (rect.height() - side) / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(QRectF(left, top, side, side), QColor("white"))
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            path.addRect(
                QRectF(
                    left + (start + QUIET_ZONE) * module,
                    top + (y + QUIET_ZONE) * module,
                    (x - start) * module,
                    module,
                )
            )
    painter.fillPath(path, QColor("black"))
    painter.restore()
