"""systemd's notify protocol: addresses, the keep-alive interval, and datagrams that arrive."""

from __future__ import annotations

import os
import socket

import pytest

from kiosk.fleet.notify import Notifier, keepalive_seconds, socket_address

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")


def listening_socket(tmp_path, abstract: bool) -> tuple[socket.socket, str]:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if abstract:
        name = f"kiosk-test-{os.getpid()}-{tmp_path.name}"
        listener.bind("\0" + name)
        address = "@" + name
    else:
        address = str(tmp_path / "notify.sock")
        listener.bind(address)
    listener.settimeout(5)
    return listener, address


def test_addresses_abstract_path_or_none():
    assert socket_address({"NOTIFY_SOCKET": "@name"}) == "\0name"
    assert socket_address({"NOTIFY_SOCKET": "/run/systemd/notify"}) == "/run/systemd/notify"
    assert socket_address({}) is None


def test_an_address_that_is_not_a_unix_socket_is_refused_with_a_warning(caplog):
    assert socket_address({"NOTIFY_SOCKET": "vsock:2:1234"}) is None
    assert "not a Unix socket path" in caplog.text


def test_keepalives_at_half_of_watchdog_usec_and_only_for_the_named_pid():
    assert keepalive_seconds({"WATCHDOG_USEC": "2000000"}) == 1.0
    assert keepalive_seconds({"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "41"}, pid=41) == 1.0
    assert keepalive_seconds({"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "41"}, pid=42) is None
    assert keepalive_seconds({"WATCHDOG_USEC": "0"}) is None
    assert keepalive_seconds({"WATCHDOG_USEC": "soon"}) is None
    assert keepalive_seconds({}) is None


@pytest.mark.parametrize("abstract", [True, False], ids=["abstract", "path"])
def test_ready_and_keepalive_datagrams_arrive(tmp_path, abstract):
    listener, address = listening_socket(tmp_path, abstract)
    notifier = Notifier({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "4000000"})
    try:
        assert notifier.keepalive_seconds == 2.0
        assert notifier.ready() and notifier.keepalive() and notifier.stopping()
        assert [listener.recv(64) for _ in range(3)] == [b"READY=1", b"WATCHDOG=1", b"STOPPING=1"]
    finally:
        notifier.close()
        listener.close()


def test_without_notify_socket_nothing_is_sent():
    notifier = Notifier({})
    assert not notifier.enabled
    assert notifier.keepalive_seconds is None
    assert not notifier.ready()


def test_a_socket_nobody_listens_on_is_logged_once_and_never_raises(tmp_path, caplog):
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert not notifier.ready()
    assert not notifier.keepalive()
    notifier.close()
    assert caplog.text.count("cannot notify systemd") == 1
