"""Finding bundled files from a source checkout and from a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk import resources

REPO = Path(__file__).resolve().parent.parent


def test_a_source_checkout_finds_its_files():
    assert resources.bundle_root() == REPO
    assert resources.content_dir() == REPO / "content"
    assert (resources.content_dir() / "en").is_dir()
    assert resources.assets_dir().is_dir()
    assert resources.icons_dir().is_dir()
    assert any(resources.icons_dir().glob("*.svg"))
    assert resources.fonts_dir().is_dir()
    assert any(resources.fonts_dir().glob("*.ttf"))
    assert not resources.is_frozen()
    assert resources.kiosk_command(["--windowed"]) == [sys.executable, "-m", "kiosk", "--windowed"]


def test_nothing_depends_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resources.content_dir() == REPO / "content"
    assert resources.icon_path("home") == REPO / "assets" / "icons" / "home.svg"


def test_a_frozen_build_looks_in_its_bundle(tmp_path, monkeypatch):
    bundle = tmp_path / "_internal"
    (bundle / "assets" / "icons").mkdir(parents=True)
    (bundle / "assets" / "icons" / "home.svg").write_text("<svg/>")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert resources.bundle_root() == bundle
    assert resources.content_dir() == bundle / "content"
    assert resources.assets_dir() == bundle / "assets"
    assert resources.icons_dir() == bundle / "assets" / "icons"
    assert resources.fonts_dir() == bundle / "assets" / "fonts"
    assert resources.icon_path("home") == bundle / "assets" / "icons" / "home.svg"
    assert resources.icon_path("clipboard") is None  # only what the bundle holds
    assert resources.is_frozen()
    assert resources.kiosk_command(["--windowed"]) == [sys.executable, "--windowed"]


def test_bundled_icons_by_name():
    assert resources.icon_path("") is None
    assert resources.icon_path("no-such-icon") is None
    assert resources.icon_path("home").is_file()
    assert resources.is_bundled_icon(resources.icon_path("home"))
    # a content folder pointed at the icon set makes its pictures no less content
    assert not resources.is_bundled_icon(resources.icons_dir() / "photo.png")
    assert not resources.is_bundled_icon(REPO / "content" / "en" / "home.svg")


@pytest.mark.parametrize(
    "name", ["../styles/kiosk", "../../content/en/welcome", "..\\..\\x", "/etc/hostname", ".home"]
)
def test_a_bundled_icons_name_never_leads_out_of_the_icon_set(name, tmp_path):
    """Bundled icons are drawn without the content budget's inspection, so a name from
    content (an icon: line) that is not a plain word finds nothing without a pack."""
    (tmp_path / "x.svg").write_text("<svg/>", encoding="utf-8")
    assert resources.icon_path(name) is None


@pytest.fixture
def pack(tmp_path):
    root = tmp_path / "pack"
    (root / "pictures").mkdir(parents=True)
    (root / "pictures" / "ours.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"png")
    return root


def test_a_pack_icon_is_a_file_inside_the_pack(pack):
    assert resources.icon_path("pictures/ours.png", pack) == (pack / "pictures/ours.png").resolve()
    assert resources.icon_path("pictures/missing.png", pack) is None
    assert resources.icon_path("../secret.png", pack) is None  # never outside the pack
    assert resources.icon_path("home", pack) == REPO / "assets" / "icons" / "home.svg"


# -- files inside a content folder -------------------------------------------------------
@pytest.fixture
def linked_pack(tmp_path):
    root = tmp_path / "pack"
    (root / "images").mkdir(parents=True)
    (root / "images" / "inside.png").write_bytes(b"x")
    (tmp_path / "outside.png").write_bytes(b"x")
    (root / "images" / "out.png").symlink_to(tmp_path / "outside.png")
    (root / "images" / "in.png").symlink_to("inside.png")
    (root / "linked-folder").symlink_to(root / "images")
    (root / "away").symlink_to(tmp_path)
    (root / "loop.png").symlink_to("loop.png")
    return root


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("images/inside.png", "images/inside.png"),
        ("images/in.png", "images/inside.png"),  # a link that stays inside
        ("linked-folder/inside.png", "images/inside.png"),
        ("images/../images/inside.png", "images/inside.png"),
        ("images/out.png", None),  # a link out of the folder
        ("away/outside.png", None),  # through a linked folder out of it
        ("../outside.png", None),
        ("images", None),  # a folder is not a picture
        ("images/missing.png", None),
        ("loop.png", None),
        ("bad\0name.png", None),
    ],
)
def test_file_inside_finds_only_files_in_the_folder(linked_pack, name, found):
    expected = None if found is None else linked_pack / found
    assert resources.file_inside(linked_pack, name) == expected


def test_an_absolute_path_counts_only_inside_the_folder(linked_pack, tmp_path):
    inside = linked_pack / "images" / "inside.png"
    assert resources.file_inside(linked_pack, inside) == inside
    assert resources.file_inside(linked_pack, tmp_path / "outside.png") is None
