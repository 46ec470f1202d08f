"""systemd's notify protocol: one datagram on the Unix socket named by ``NOTIFY_SOCKET``.

``READY=1`` tells systemd a ``Type=notify`` service has started; ``WATCHDOG=1`` is
the keep-alive a service with ``WatchdogSec=`` must send at least every
``WATCHDOG_USEC`` microseconds (systemd suggests every half of it). A name that
starts with ``@`` is in Linux's abstract namespace. Without ``NOTIFY_SOCKET``
every call does nothing, so the kiosk runs the same outside systemd.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


def socket_address(env: Mapping[str, str] = os.environ) -> str | None:
    """The address to send to, or None when not started by systemd with a notify socket."""
    name = env.get("NOTIFY_SOCKET", "")
    if name.startswith("@"):
        return "\0" + name[1:]
    if name.startswith("/"):
        return name
    if name:
        log.warning("NOTIFY_SOCKET=%r is not a Unix socket path; not notifying systemd", name)
    return None


def keepalive_seconds(env: Mapping[str, str] = os.environ, pid: int | None = None) -> float | None:
    """How often to send ``WATCHDOG=1`` (half of ``WATCHDOG_USEC``), or None when not asked.

    ``WATCHDOG_PID``, when set, names the one process systemd expects keep-alives from.
    """
    usec = env.get("WATCHDOG_USEC", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    expected = env.get("WATCHDOG_PID", "")
    if expected and expected != str(pid if pid is not None else os.getpid()):
        return None
    return int(usec) / 2_000_000


class Notifier:
    """Sends notify messages; never raises, since a missing systemd must not stop a kiosk."""

    def __init__(self, env: Mapping[str, str] = os.environ) -> None:
        self.address = socket_address(env)
        self.keepalive_seconds = keepalive_seconds(env) if self.address else None
        self._socket: socket.socket | None = None
        self._failed = False

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def send(self, message: str) -> bool:
        if self.address is None:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self._socket.sendto(message.encode(), self.address)
        except OSError as exc:
            if not self._failed:  # once, not every keep-alive
                log.warning("cannot notify systemd at %r: %s", self.address, exc)
            self._failed = True
            return False
        self._failed = False
        return True

    def ready(self) -> bool:
        return self.send("READY=1")

    def keepalive(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
