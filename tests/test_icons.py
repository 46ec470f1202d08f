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


def test_a_clinic_photo_icon_is_drawn_whole_and_centred_in_its_square(qapp, tmp_path):
    """A clinic's own picture (a wide PNG) as an icon keeps its shape, centred."""
    from PySide6.QtCore import Qt

    wide = QImage(200, 100, QImage.Format.Format_RGB32)
    wide.fill(Qt.GlobalColor.red)
    (tmp_path / "images").mkdir()
    wide.save(str(tmp_path / "images" / "logo.png"))
    image = icons.icon_pixmap("images/logo.png", "#000000", 40, tmp_path, ratio=1.0).toImage()
    assert (image.width(), image.height()) == (40, 40)
    assert image.pixelColor(20, 20).red() > 200  # the middle is the picture
    assert image.pixelColor(20, 2).alpha() == 0  # above and below it: nothing
    assert image.pixelColor(20, 37).alpha() == 0


def test_an_icon_painted_into_a_button_is_the_engine_drawing(qapp):
    """What a button paints is the same drawing, at its own size, and a copy draws alike."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter, QPixmap

    icon = icons.icon("home", "#000000")
    canvas = QPixmap(32, 32)
    canvas.fill()
    painter = QPainter(canvas)
    icon.paint(painter, QRect(0, 0, 32, 32))
    painter.end()
    drawn = canvas.toImage()
    assert any(drawn.pixelColor(x, y).lightness() < 100 for x in range(32) for y in range(32))
    copy = QIcon(icon)  # Qt copies share the engine; a detached copy clones it
    copy.addPixmap(QPixmap())  # detaches: the engine is cloned
    assert same_image(
        copy.pixmap(QSize(32, 32), 1.0).toImage(), icon.pixmap(QSize(32, 32), 1.0).toImage()
    )


def test_a_packs_hostile_svg_icon_is_still_inspected_and_not_drawn(qapp, tmp_path, caplog):
    """Only the application's own icons skip the budget's inspection: a pack's SVG that
    nests <use> elements into billions of shapes is refused, drawn as nothing."""
    pack = tmp_path / "pack"
    pack.mkdir()
    layers = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, 12):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(10))
        layers.append(f'<g id="l{level}">{uses}</g>')
    bomb = '<svg xmlns="http://www.w3.org/2000/svg"><defs>' + "".join(layers) + "</defs>"
    (pack / "bomb.svg").write_text(bomb + '<use href="#l11"/></svg>', encoding="utf-8")
    pixmap = icons.icon_pixmap("bomb.svg", "#000000", 48, pack, ratio=1.0)
    assert pixmap.toImage().pixelColor(24, 24).alpha() == 0  # nothing drawn
    assert "bomb.svg is not drawn" in caplog.text and "elements" in caplog.text
