"""A full-screen, touch-friendly patient education kiosk."""

__version__ = "0.1.0"
