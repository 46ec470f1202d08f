"""The Qt layer: the window, its screens and kiosk mode. Nothing outside it but the app entry
imports PySide6 (ruff's banned-api rule in pyproject.toml).

Importing it imports PySide6 and turns off its import hook's source scan
(kiosk/ui/pyside_import.py) before any module of the layer is imported."""

from kiosk.ui.pyside_import import skip_source_scan

skip_source_scan()
