"""The one place that knows where bundled files live, from a source checkout or a frozen build.

PyInstaller 6 unpacks data next to the executable in ``_internal/`` and points
``sys._MEIPASS`` at it; a source checkout keeps them beside the package. Nothing
here depends on the working directory.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from pathlib import Path

MAX_LINK_HOPS = 40  # as the kernel's own limit for a path's symbolic links


def bundle_root() -> Path:
    """The folder that holds content/, assets/ and the kiosk package."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return _checkout_root()


@functools.cache
def _checkout_root() -> Path:
    # resolved once: every icon and asset looked up asks, and resolve() asks the file system
    return Path(__file__).resolve().parent.parent


def content_dir() -> Path:
    return bundle_root() / "content"


def assets_dir() -> Path:
    return bundle_root() / "assets"


def icons_dir() -> Path:
    return assets_dir() / "icons"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def style_sheet_path() -> Path:
    """The application style sheet template (filled with a theme's colours by kiosk.ui.theme)."""
    return assets_dir() / "styles" / "kiosk.qss"


def bundled_settings() -> Path:
    """A clinic's settings file built into the bundle (or beside content/ in a checkout)."""
    return bundle_root() / "kiosk.toml"


def icon_path(name: str, pack_root: Path | None = None) -> Path | None:
    """An icon by name from the bundled set, or an image file inside a content pack.

    A bundled icon's name is a plain word ("heart"): anything with a separator or a dot is
    a pack's file, looked for inside the pack (and nowhere, without one)."""
    if not name:
        return None
    if "/" in name or "\\" in name or "." in name:
        return file_inside(pack_root, name) if pack_root is not None else None
    candidate = icons_dir() / f"{name}.svg"
    return candidate if candidate.is_file() else None


def is_bundled_icon(path: Path) -> bool:
    """True for an SVG of the bundled icon set (part of the application, like its code)."""
    return path.suffix == ".svg" and path.parent == icons_dir()


def file_inside(root: Path, path: str | Path) -> Path | None:
    """The real file `path` names (relative to root, or absolute) when it lies inside root.

    Unlike Path.resolve(), this never looks at anything outside root: each part of the path
    is checked with lstat from root down, each symbolic link's target is worked out as text
    first, and a path or link that leads out of root is refused before the file system is
    asked about the place it leads to. None for anything outside, missing or not a file.
    """
    try:
        base = Path(os.path.realpath(root))
        wanted = Path(os.path.normpath(base / path))
    except (OSError, ValueError):  # a NUL byte, a name too long
        return None
    if not wanted.is_relative_to(base):
        return None
    todo, current, hops, mode = list(wanted.relative_to(base).parts), base, 0, None
    while todo:
        part = todo.pop(0)
        candidate = current.parent if part == ".." else current / part
        if not candidate.is_relative_to(base):
            return None
        try:
            mode = os.lstat(candidate).st_mode
            if stat.S_ISLNK(mode):
                hops += 1
                target = Path(os.path.normpath(current / os.readlink(candidate)))
                if hops > MAX_LINK_HOPS or not target.is_relative_to(base):
                    return None
                todo[:0] = target.relative_to(base).parts
                current, mode = base, None
                continue
        except (OSError, ValueError):
            return None
        current = candidate
    return current if mode is not None and stat.S_ISREG(mode) else None


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def kiosk_command(args: list[str]) -> list[str]:
    """The command that starts this kiosk again with `args` (the package, or the frozen app)."""
    if is_frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "kiosk", *args]
