"""The Qt side of the patient session: holds the current one and says when it changes."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.session import PatientSession


class SessionHolder(QObject):
    """Screens read `session` and change it only through `update`; the reset calls `replace`."""

    changed = Signal(str)  # the name of a field that now has another value
    sessionReplaced = Signal(object)  # the new PatientSession

    def __init__(self, session: PatientSession, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session

    @property
    def session(self) -> PatientSession:
        return self._session

    def update(self, **changes: Any) -> None:
        """Set fields of the session; `changed` names each one whose value is different."""
        old = self._session
        self._session = dataclasses.replace(old, **changes)
        for name in changes:
            if getattr(self._session, name) != getattr(old, name):
                self.changed.emit(name)

    def replace(self, session: PatientSession) -> None:
        self._session = session
        self.sessionReplaced.emit(session)
