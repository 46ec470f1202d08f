"""Kiosk mode: everything that makes the window safe to leave alone in a lobby (idle reset
and attract screen, lockdown, the staff exit, crash safety, content reload), wired by the
coordinator. The screens never import it (ruff's banned-api rule in kiosk/ui/ruff.toml):
kiosk mode drives the window through its public methods and signals."""

from kiosk.ui.kiosk_mode.coordinator import KioskMode, KioskTimings

__all__ = ["KioskMode", "KioskTimings"]
