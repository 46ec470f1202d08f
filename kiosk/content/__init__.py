"""The content layer: loading, checking and rendering content folders. No Qt here."""

from kiosk.content.loader import load_library
from kiosk.content.model import ContentPack, Library, Section, Stage, Step, Walkthrough

__all__ = ["ContentPack", "Library", "Section", "Stage", "Step", "Walkthrough", "load_library"]
