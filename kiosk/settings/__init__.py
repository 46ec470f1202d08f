"""Kiosk settings: one schema, a forgiving loader, and the `config` / `set-pin` commands."""

from kiosk.settings.schema import OPTIONS, Option
from kiosk.settings.store import Settings, default_config_path, load_settings

__all__ = ["OPTIONS", "Option", "Settings", "default_config_path", "load_settings"]
