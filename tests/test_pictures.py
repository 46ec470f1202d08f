"""Pictures and SVGs measured against the budget from their first bytes, before any decoder."""

from __future__ import annotations

import struct

import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.content import pictures
from kiosk.content.budget import BUDGET
from kiosk.content.pictures import inspect, svg_problem
from tests.helpers import nested_use_svg, solid_png

USES = BUDGET.max_svg_uses
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">%s</svg>'


@pytest.mark.parametrize("fmt", ["PNG", "JPG", "BMP", "WEBP"])
def test_the_size_comes_from_the_header(qapp, tmp_path, fmt):
    image = QImage(123, 45, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    path = tmp_path / f"picture.{fmt.lower()}"
    assert image.save(str(path), fmt)
    found = inspect(path)
    assert found.size == (123, 45)
    assert found.decodable and found.problem is None


def test_a_gif_size_comes_from_its_header(tmp_path):
    path = tmp_path / "moving.gif"
    path.write_bytes(b"GIF89a" + struct.pack("<HH", 123, 45) + b"\0" * 20)
    assert inspect(path).size == (123, 45)


def test_a_huge_png_is_never_decoded_and_named_with_the_limit(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(solid_png(8000, 8000))
    found = inspect(path)
    assert not found.decodable
    assert found.problem.startswith("picture huge.png is 8000×8000 (64.0 million pixels)")
    assert f"{BUDGET.max_picture_pixels / 1e6:.1f} million" in found.problem


def test_a_huge_jpeg_is_decoded_scaled_down(tmp_path):
    # a JPEG header of 9000x6000; Qt's JPEG decoder scales while decoding
    header = b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\0" * 9
    header += b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 6000, 9000, 1) + b"\x01\x11\x00"
    path = tmp_path / "camera.jpg"
    path.write_bytes(header)
    found = inspect(path)
    assert found.size == (9000, 6000) and found.decodable
    assert "shown scaled down" in found.problem
    width, height = found.scaled_size(0)
    assert width * height <= BUDGET.max_picture_pixels


def test_the_shown_size_fits_the_column():
    found = pictures.Inspection("png", (3000, 1000))
    assert found.scaled_size(600) == (600, 200)
    assert pictures.Inspection("png", (300, 100)).scaled_size(600) == (300, 100)


def test_a_file_that_is_not_a_picture_is_not_decoded(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("hello")
    found = inspect(path)
    assert not found.decodable and "not a picture" in found.problem


def test_a_damaged_png_is_not_decoded(tmp_path):
    path = tmp_path / "cut.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    assert not inspect(path).decodable


def test_a_plain_svg_passes():
    assert svg_problem(SVG % b'<circle cx="5" cy="5" r="4"/><use href="#a"/>') is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (nested_use_svg(), "more than 5,000 elements once its <use> references are followed"),
        (
            SVG % (b'<use href="#x"/>' * (BUDGET.max_svg_uses + 1)),
            f"over the limit of {BUDGET.max_svg_uses}",
        ),
        (SVG % (b"<g/>" * 6000), "more than 5,000 elements, the limit"),
        (SVG % b'<g id="a"><use href="#a"/></g>', "once its <use> references are followed"),
        (SVG % b'<image href="/etc/secret.png"/>', "refers to another file"),
        (SVG % b'<rect style="fill: url(file:///x.svg#g)"/>', "url()"),
        (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "entities"),
        (b"<svg><g>", "not valid XML"),
        (b"<html/>", "not an SVG"),
    ],
)
def test_a_hostile_svg_is_refused_with_its_reason(body, reason):
    assert reason in svg_problem(body)


def test_an_over_budget_svg_file_is_not_decodable(tmp_path):
    path = tmp_path / "icon.svg"
    path.write_bytes(nested_use_svg())
    found = inspect(path)
    assert not found.decodable
    assert found.problem.startswith("SVG icon.svg draws more than")
