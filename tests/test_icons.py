"""Icons are drawn for the screen's pixel ratio: sharp on a 200% tablet, never scaled up."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage

from kiosk.ui import icons


def same_image(first: QImage, second: QImage) -> bool:
    convert = QImage.Format.Format_ARGB32_Premultiplied
    return first.convertToFormat(convert) == second.convertToFormat(convert)


def test_a_pixmap_for_a_200_percent_screen_has_twice_the_pixels(qapp):
    pixmap = icons.icon_pixmap("brain", "#1F6F78", 48, ratio=2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert (pixmap.width(), pixmap.height()) == (96, 96)
    assert pixmap.deviceIndependentSize().toSize() == QSize(48, 48)
    # drawn at 96 device pixels, not a 48 px drawing blown up
    sharp = icons.icon_pixmap("brain", "#1F6F78", 96, ratio=1.0).toImage()
    assert same_image(pixmap.toImage(), sharp)
    blown_up = icons.icon_pixmap("brain", "#1F6F78", 48, ratio=1.0).toImage().scaled(96, 96)
    assert not same_image(pixmap.toImage(), blown_up)


def test_a_button_icon_is_drawn_at_the_size_and_ratio_asked(qapp):
    icon = icons.icon("home", "#000000")
    for ratio in (1.0, 1.5, 2.0):
        pixmap = icon.pixmap(QSize(32, 32), ratio)
        assert pixmap.width() == round(32 * ratio)
        assert same_image(
            pixmap.toImage(), icons.icon_pixmap("home", "#000000", 32, ratio=ratio).toImage()
        )


def test_a_disabled_icon_is_greyed(qapp):
    icon = icons.icon("home", "#000000")
    normal = icon.pixmap(QSize(32, 32), 1.0, QIcon.Mode.Normal).toImage()
    disabled = icon.pixmap(QSize(32, 32), 1.0, QIcon.Mode.Disabled).toImage()
    alphas = [
        (normal.pixelColor(x, y).alpha(), disabled.pixelColor(x, y).alpha())
        for x in range(32)
        for y in range(32)
    ]
    strongest = max(alphas)
    assert strongest[0] == 255 and strongest[1] < 160
