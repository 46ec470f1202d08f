"""The one place that knows where bundled files live, from a source checkout or a frozen build.

PyInstaller 6 unpacks data next to the executable in ``_internal/`` and points
``sys._MEIPASS`` at it; a source checkout keeps them beside the package. Nothing
here depends on the working directory.
"""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder that holds content/, assets/ and the kiosk package."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def content_dir() -> Path:
    return bundle_root() / "content"


def assets_dir() -> Path:
    return bundle_root() / "assets"


def icons_dir() -> Path:
    return assets_dir() / "icons"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def bundled_settings() -> Path:
    """A clinic's settings file built into the bundle (or beside content/ in a checkout)."""
    return bundle_root() / "kiosk.toml"


def icon_path(name: str, pack_root: Path | None = None) -> Path | None:
    """An icon by name from the bundled set, or an image file inside a content pack."""
    if not name:
        return None
    if pack_root is not None and ("/" in name or "." in name):
        candidate = (pack_root / name).resolve()
        if candidate.is_file() and candidate.is_relative_to(pack_root.resolve()):
            return candidate
        return None
    candidate = icons_dir() / f"{name}.svg"
    return candidate if candidate.is_file() else None


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
