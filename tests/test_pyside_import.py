"""PySide6's import hook answers its question without reading each new module's source."""

from __future__ import annotations

import linecache
import sys

import pytest

import kiosk.ui  # noqa: F401 - importing the Qt layer turns the scan off
from kiosk.ui import pyside_import


@pytest.fixture
def new_module(tmp_path, monkeypatch):
    """Import a module written for the test, as an import statement does (through the
    import hook PySide6 puts in builtins), under a name no test used before."""
    monkeypatch.syspath_prepend(str(tmp_path))
    made = []

    def make(name: str, source: str):
        (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
        made.append(name)
        return __import__(name)

    yield make
    for name in made:
        sys.modules.pop(name, None)


def lines_kept(module) -> list[str]:
    return linecache.cache.get(module.__file__, (None, None, []))[2]


def test_an_import_after_pyside_leaves_no_source_lines_in_memory(new_module):
    module = new_module(
        "kiosk_test_uses_qt", "from PySide6.QtCore import QTimer\n" + "x = 1\n" * 500
    )
    assert lines_kept(module) == []


def test_pyside_still_learns_which_modules_use_it(new_module):
    """Modules that hold a PySide6 class switch with PySide's features; the rest are left
    alone, as PySide's own scan decided (here without reading their source)."""
    from PySide6.support import feature

    uses = new_module("kiosk_test_holds_qt", "from PySide6.QtCore import QTimer\n")
    plain = new_module("kiosk_test_plain", "# PySide6 named in a comment only\nimport json\n")
    assert feature.pyside_feature_dict[uses.__name__] == 0
    assert feature.pyside_feature_dict[plain.__name__] == -1


def test_what_counts_as_holding_pyside(new_module):
    assert pyside_import.holds_pyside(new_module("kiosk_test_module", "import PySide6.QtGui\n"))
    assert pyside_import.holds_pyside(
        new_module("kiosk_test_function", "from PySide6.QtCore import qVersion\n")
    )
    assert not pyside_import.holds_pyside(
        new_module("kiosk_test_string", "WORDS = 'from PySide6 import QtCore'\n")
    )


def test_a_pyside_without_the_scan_is_left_as_it_is(monkeypatch):
    from PySide6.support import feature

    monkeypatch.delattr(feature, "_mod_uses_pyside")
    assert pyside_import.skip_source_scan() is False
