"""Kiosk settings: one typed schema, a loader that reads them in layers, and the `config` and
`set-pin` commands."""

from kiosk.settings.locations import default_config_path
from kiosk.settings.schema import OPTIONS, Option, Settings
from kiosk.settings.store import load_settings

__all__ = ["OPTIONS", "Option", "Settings", "default_config_path", "load_settings"]
