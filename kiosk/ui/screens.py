"""The names of the window's screens and of the ways a finger swipes."""

from __future__ import annotations

from enum import StrEnum


class Screen(StrEnum):
    HOME = "home"
    SECTION = "section"
    WALKTHROUGH = "walkthrough"
    TAKEHOME = "takehome"


class SwipeDirection(StrEnum):
    """The direction the finger moved."""

    LEFT = "left"
    RIGHT = "right"
