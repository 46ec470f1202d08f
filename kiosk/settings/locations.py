"""Where settings files are: the clinic's file built into the app, the user's file, `--config`."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from kiosk import resources

FILE_NAME = "kiosk.toml"


def default_config_path() -> Path:
    """The user's settings file (``~/.config/kiosk/kiosk.toml`` on Linux)."""
    return platformdirs.user_config_path("kiosk", appauthor=False) / FILE_NAME


def layer_paths(config: Path | None) -> list[Path]:
    """The settings files the kiosk reads, least specific first: the bundled file (a clinic's
    build), the user's file, then ``--config``. The same file is listed once."""
    candidates = [resources.bundled_settings(), default_config_path()]
    if config is not None:
        candidates.append(Path(config))
    layers: list[Path] = []
    for path in candidates:
        key = path.absolute().resolve()
        layers = [layer for layer in layers if layer.absolute().resolve() != key]
        layers.append(path)
    return layers


def specific_path(config: Path | None) -> Path:
    """The most specific settings file: the one `kiosk set-pin` puts the PIN store beside."""
    return Path(config) if config is not None else default_config_path()
