"""What a kiosk in a fleet adds to the window, wired in one place: keep-alives for systemd and
the built-in watchdog, the nightly restart, signed content packs from the inbox and the
metrics file."""

from __future__ import annotations

from pathlib import Path

from kiosk import resources
from kiosk.fleet.pack_store import PackStore
from kiosk.settings import Settings
from kiosk.ui import qt_app
from kiosk.ui.keepalive import KeepAlive
from kiosk.ui.nightly import NightlyRestart
from kiosk.ui.pack_inbox import PackInbox


class Fleet:
    def __init__(
        self,
        window,
        settings: Settings,
        *,
        follow_packs: bool = True,
        store: PackStore | None = None,
    ) -> None:
        self.window = window
        self.store = store or PackStore()
        self.keepalive = KeepAlive(qt_app.app())
        self.nightly = NightlyRestart(
            window, window.kiosk_mode.idle, settings.restart_at, settings.idle_seconds
        )
        self.health = None
        if settings.metrics_file:
            from kiosk.ui.health import HealthFile  # prometheus_client only when asked for

            self.health = HealthFile(window, Path(settings.path).parent / settings.metrics_file)
        self.inbox = None
        if follow_packs:  # not when staff chose a folder with --content
            self.inbox = PackInbox(
                window,
                settings.content_inbox,
                str(settings.content_public_key),
                self.store,
                self.show_content,
                shown=window.library.root,
            )
        if self.health is not None:
            self._content_shown()
            if window.kiosk_mode.watcher is not None:
                window.kiosk_mode.watcher.reloaded.connect(self._content_shown)
            if self.inbox is not None:
                self.inbox.refused.connect(self.health.pack_refused)
            self.health.start()
        if self.inbox is not None:
            self.inbox.start()
        self.keepalive.start(window)

    def content_version(self) -> tuple[str, str]:
        """The version of the content shown and when its pack was made ("" if not a pack)."""
        root = self.window.library.root
        active = self.store.active()
        if active is not None and root == self.store.folder(active):
            return active.version, active.created
        return ("bundled" if root == resources.content_dir() else "local folder"), ""

    def _content_shown(self) -> None:
        if self.health is not None:  # connected only when there is a health file
            self.health.content_shown(*self.content_version())

    def show_content(self, folder: Path) -> None:
        """Switch to another content folder, at the home screen (now, or when it gets there)."""
        mode = self.window.kiosk_mode
        mode.content_root = folder
        if mode.watcher is not None:
            mode.watcher.switch_to(folder)
        else:
            from kiosk.ui.kiosk_mode.content_watcher import ContentWatcher

            mode.watcher = ContentWatcher(self.window, folder, mode.settings.default_language)
            if self.health is not None:
                mode.watcher.reloaded.connect(self._content_shown)
            mode.watcher.switch_to(folder)

    def stop(self) -> None:
        if self.health is not None:
            self.health.stop()
            self.health.write()
        if self.inbox is not None:
            self.inbox.stop()
        self.nightly.stop()
        self.keepalive.stop()
