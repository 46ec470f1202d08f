"""One patient's visit: everything a patient can change, in one object.

The screens read the session and ask for changes through its holder in the Qt layer
(`kiosk.ui.session_holder`); the idle reset replaces it whole with a fresh one made from
the settings, so nothing a patient changed can carry over to the next patient. Whatever
a later feature lets a patient change (answers, volume) gets a field here, and the reset
forgets it without being told.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

VOLUME_STEPS = 3  # quiet, medium, loud (Section 508 §402: volume back to the default after use)


class SessionDefaults(Protocol):
    """The settings a fresh session starts from."""

    @property
    def default_language(self) -> str: ...

    @property
    def default_text_size(self) -> int: ...

    @property
    def high_contrast(self) -> bool: ...


@dataclass(frozen=True)
class PatientSession:
    language: str
    text_step: int  # 1-based step into the text sizes
    high_contrast: bool
    history: tuple[str, ...] = ()  # section ids opened since home, for "back"
    scroll_positions: Mapping[str, int] = field(default_factory=dict)  # section id -> pixels
    home_scroll: int = 0  # how far the tile grid is scrolled
    walkthrough_step: int = 0  # the step shown; len(steps) is the summary
    ticked: frozenset[str] = frozenset()  # checklist items ticked
    speaking: bool = False  # the kiosk is reading aloud for this patient
    spoken_guidance: bool = False  # a keypad was used: controls and headings are spoken
    volume_step: int = 2  # 1 to VOLUME_STEPS: the next patient starts at the default again
    summary_reached: bool = False  # this run of the walkthrough has shown its summary
    answers: Mapping[str, int] = field(default_factory=dict)  # question id -> answer tapped
    helpful: frozenset[str] = frozenset()  # sections this patient said were helpful or not
    handout: str | None = None  # the "Take this home" page shown: "walkthrough" or a section id

    @classmethod
    def fresh(cls, defaults: SessionDefaults, languages: Iterable[str]) -> PatientSession:
        """The session a new patient starts with: the settings' defaults, nothing else."""
        available = list(languages)
        language = defaults.default_language
        if language not in available:
            language = available[0] if available else language
        return cls(
            language=language,
            text_step=int(defaults.default_text_size),
            high_contrast=bool(defaults.high_contrast),
        )
