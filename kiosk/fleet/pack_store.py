"""Installed content packs in the data folder: install, roll back, and which one is active.

``install`` takes the same road for ``kiosk pack install`` and for a pack that
arrives in the inbox of a running kiosk: verify the signature against the key,
unpack into a fresh staging folder, check the content, move it beside the other
versions, then switch by replacing ``state.json`` in one atomic step. The active
and the previous version are kept; anything that goes wrong before the switch
leaves the active content exactly as it was.

    packs/
      state.json             {"active": {...}, "previous": {...}, "seen": [sha256, ...]}
      versions/2026.03.01-0300-1a2b3c4d5e6f/   one unpacked pack each
      staging/               unpacking in progress (emptied on every install)
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import platformdirs

from kiosk.problems import Severity

log = logging.getLogger(__name__)
SEEN_LIMIT = 200


def default_root() -> Path:
    return platformdirs.user_data_path("kiosk", appauthor=False) / "packs"


class Installed(NamedTuple):
    version: str
    sha256: str
    folder: str  # name inside versions/
    installed: str
    created: str = ""  # when the pack was made (its manifest)


class PackStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()
        self.versions = self.root / "versions"
        self.state_file = self.root / "state.json"

    # -- state ----------------------------------------------------------------------------
    def _state(self) -> dict:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.error("%s cannot be read (%s); using the bundled content", self.state_file, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def _write_state(self, state: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".state-", dir=self.root)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(state, stream, indent=2)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.state_file)

    def _entry(self, name: str) -> Installed | None:
        data = self._state().get(name)
        try:
            return Installed(**data) if data else None
        except TypeError:
            return None

    def active(self) -> Installed | None:
        return self._entry("active")

    def previous(self) -> Installed | None:
        return self._entry("previous")

    def folder(self, entry: Installed | None) -> Path | None:
        if entry is None:
            return None
        path = self.versions / entry.folder
        return path if path.is_dir() else None

    def active_content(self) -> Path | None:
        """The active pack's content folder, or None (then the kiosk uses its usual content)."""
        return self.folder(self.active())

    def seen(self, sha256: str) -> bool:
        """True for a pack installed here before (an inbox never re-installs it)."""
        return sha256 in self._state().get("seen", [])

    # -- changes --------------------------------------------------------------------------
    def install(self, pack: Path, key_text: str) -> Installed:
        """Verify, stage, check and switch to ``pack``; raise PackProblem or SignatureProblem."""
        from kiosk.content.check import check_folder, shown_problem  # not needed at start-up
        from kiosk.fleet import packs, signing
        from kiosk.fleet.packs import PackProblem

        signing.verify(pack, key_text)
        digest = packs.sha256_of(pack)
        current = self.active()
        if current is not None and current.sha256 == digest and self.folder(current):
            return current
        staging = self.root / "staging"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            manifest = packs.unpack(pack, staging)
            report = check_folder(staging)
            errors = [p for p in report.problems if p.severity == Severity.ERROR]
            if errors:
                first = shown_problem(errors[0])
                raise PackProblem(
                    f"{pack.name} fails the content check ({len(errors)} errors; first: {first})"
                )
            entry = Installed(
                manifest.version,
                digest,
                f"{_safe_name(manifest.version)}-{digest[:12]}",
                datetime.now(UTC).replace(microsecond=0).isoformat(),
                manifest.created,
            )
            self.versions.mkdir(parents=True, exist_ok=True)
            target = self.versions / entry.folder
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        state = self._state()
        if current is not None and current.folder != entry.folder:
            state["previous"] = current._asdict()
        state["active"] = entry._asdict()
        state["seen"] = ([s for s in state.get("seen", []) if s != digest] + [digest])[-SEEN_LIMIT:]
        self._write_state(state)
        self._remove_unused()
        log.info("content pack %s (sha256 %s) is now active", entry.version, digest)
        return entry

    def rollback(self) -> Installed:
        previous, current = self.previous(), self.active()
        if previous is None or self.folder(previous) is None:
            from kiosk.fleet.packs import PackProblem

            raise PackProblem("there is no previous pack to go back to")
        state = self._state()
        state["active"] = previous._asdict()
        state["previous"] = current._asdict() if current is not None else None
        self._write_state(state)
        log.info("content pack rolled back to %s", previous.version)
        return previous

    def _remove_unused(self) -> None:
        keep = {e.folder for e in (self.active(), self.previous()) if e is not None}
        for folder in self.versions.iterdir():
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)


def _safe_name(version: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in ".-_" else "_" for c in version)[:40]
    return cleaned.strip(".") or "pack"
