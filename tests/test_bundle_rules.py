"""The bundle's rules (scripts/bundle_rules.py, scripts/slim_icu.py): what stays out of the
one-folder app, and ICU's data repacked without what the kiosk never uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import bundle_rules as rules
from scripts.slim_icu import repack

QT = "PySide6/Qt"
HYPHENATION = {"en", "es"}


@pytest.mark.parametrize(
    ("dest", "unwanted"),
    [
        (f"{QT}/plugins/platforms/libqxcb.so", False),
        (f"{QT}/plugins/platforms/libqwayland.so", False),
        (f"{QT}/plugins/platforms/libqeglfs.so", True),
        (f"{QT}/plugins/platforms/qwindows.dll", False),
        (f"{QT}/plugins/imageformats/libqsvg.so", False),
        (f"{QT}/plugins/imageformats/libqtiff.so", True),
        (f"{QT}/plugins/texttospeech/libqtexttospeech_speechd.so", False),
        (f"{QT}/plugins/texttospeech/libqtexttospeech_mock.so", True),
        (f"{QT}/plugins/platformthemes/libqgtk3.so", True),
        (f"{QT}/plugins/styles/libqmodernwindowsstyle.so", False),
        (f"{QT}/plugins/tls/libqopensslbackend.so", True),
        (f"{QT}/lib/libQt6Quick.so.6", True),
        (f"{QT}/lib/libQt6Widgets.so.6", False),
        (f"{QT}/lib/libQt6TextToSpeech.so.6", False),
        (f"{QT}/lib/QtQml.framework/Versions/A/QtQml", True),
        (f"{QT}/translations/qtbase_de.qm", True),
        (f"{QT}/plugins/printsupport/libcupsprintersupport.so", False),
        ("libavcodec.so.61", True),
        ("opengl32sw.dll", True),
        ("libcups.so.2", True),
        ("pyphen/dictionaries/hyph_en_US.dic", False),
        ("pyphen/dictionaries/hyph_es.dic", False),
        ("pyphen/dictionaries/README_hyph_es.txt", False),
        ("pyphen/dictionaries/hyph_de_DE.dic", True),
        ("nacl/_sodium.abi3.so", False),
    ],
)
def test_what_stays_out(dest, unwanted):
    assert rules.unwanted(dest, HYPHENATION) is unwanted


def test_plugin_and_module_names():
    assert rules.plugin_name("libqxcb.so") == "xcb"
    assert rules.plugin_name("qwindows.dll") == "windows"
    assert rules.plugin_name("libqtexttospeech_sapi.dylib") == "sapi"
    assert rules.plugin_name("libcomposeplatforminputcontextplugin.so") == "compose"
    assert rules.qt_module_name("libQt6Quick.so.6") == "Quick"
    assert rules.qt_module_name("Qt6Gui.dll") == "Gui"
    assert rules.qt_module_name("libpython3.11.so") is None


def test_tree_leaves_out_litter_and_the_executables_icons(tmp_path):
    for name in ("app-icon.svg", "app-icon.ico", "app-icon.icns", "notes.md~", ".DS_Store"):
        (tmp_path / name).write_text("x")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_text("x")
    assert list(rules.tree(tmp_path, "assets")) == [(str(tmp_path / "app-icon.svg"), "assets")]


def test_languages_of_the_bundled_content():
    content = Path(__file__).resolve().parent.parent / "content"
    assert rules.languages(content) >= {"en", "es"}


def test_libraries_nothing_loads_are_unreachable():
    binaries = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),  # only the dropped GTK plugin used it
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("libxcb.so.1", "/src/libxcb.so.1", "BINARY"),
    ]
    links = {
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libqxcb.so": ["libxcb.so.1", "libQt6Gui.so.6"],
    }
    imports = lambda src: [(name, None) for name in links.get(src, [])]  # noqa: E731
    assert rules.unreachable(binaries, imports) == {"libgtk-3.so.0"}


def icu_package(items: dict[str, bytes]) -> bytes:
    """A tiny ICU common-data package: header, table of contents, names, 16-byte aligned data."""
    header = bytearray(32)
    header[0:2] = (32).to_bytes(2, "little")
    header[2:4] = b"\xda\x27"
    header[12:16] = b"CmnD"
    names = b"".join(name.encode() + b"\0" for name in items)
    names_at = 4 + 8 * len(items)
    data_at = (names_at + len(names) + 15) // 16 * 16
    table, body, name_pos = b"", b"", names_at
    for name, data in items.items():
        table += name_pos.to_bytes(4, "little") + (data_at + len(body)).to_bytes(4, "little")
        name_pos += len(name) + 1
        body += data + b"\0" * (-len(data) % 16)
    head = len(items).to_bytes(4, "little") + table + names
    return bytes(header) + head + b"\0" * (data_at - len(head)) + body


def test_icu_repack_keeps_what_the_kiosk_uses_in_order():
    kept = {"icudt73l/coll/root.res": b"R" * 20, "icudt73l/en.res": b"E" * 7}
    dropped = {"icudt73l/brkitr/word.brk": b"B" * 40, "icudt73l/coll/de.res": b"D" * 5}
    items = dict(sorted({**kept, **dropped}.items()))
    package, count_kept, count = repack(icu_package(items))
    assert (count_kept, count) == (2, 4)
    assert package == icu_package(dict(sorted(kept.items())))
    assert repack(b"\x20\x00not icu data at all" + bytes(32)) is None


@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf (binutils)")
def test_direct_needs_are_a_files_own_links_not_the_tree_below():
    import PySide6

    extension = next(Path(PySide6.__file__).parent.glob("QtCore.abi3.so"))
    needs = [name for name, _ in rules.direct_needs(str(extension))]
    assert "libQt6Core.so.6" in needs
    assert not any(name.startswith("libicu") for name in needs), "ICU is libQt6Core's, not ours"
