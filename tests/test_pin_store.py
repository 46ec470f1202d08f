"""The PIN store beside the settings file: written privately and atomically, read so that
anything wrong with it keeps the staff exit shut, and the PIN lockout kept beside it."""

from __future__ import annotations

import os
import stat

import pytest

from kiosk.pin import hash_pin
from kiosk.pin_store import (
    keep_legacy_pin,
    legacy_pin_in_text,
    read_pin_status,
    store_path,
    write_pin_store,
)


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("2468")


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_store_lives_beside_the_settings_file(tmp_path):
    assert store_path(tmp_path / "kiosk.toml") == tmp_path / "pin.toml"


def test_no_store_and_no_old_pin_means_no_pin(tmp_path):
    status = read_pin_status(tmp_path / "pin.toml")
    assert (status.hash, status.damaged, status.required) == ("", "", False)
    assert status.guard().check("1234") == "no-pin"


def test_a_written_store_reads_back_and_is_private(tmp_path, stored):
    store = tmp_path / "deeper" / "pin.toml"
    write_pin_store(store, stored)
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    status = read_pin_status(store)
    assert status.hash == stored and status.required and not status.damaged
    assert status.guard().check("2468") == "ok"
    assert [p.name for p in store.parent.iterdir()] == ["pin.toml"]  # no temporary left


def test_only_a_real_hash_is_written(tmp_path):
    with pytest.raises(ValueError):
        write_pin_store(tmp_path / "pin.toml", "2468")
    assert not (tmp_path / "pin.toml").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'pin_hash = "scrypt$broken',
        b'pin_hash = "2468"\n',
        b"pin_hash = 2468\n",
        b"\xff\xfe\x00",
        b"x" * 5000,
    ],
    ids=["empty", "not-toml", "not-a-hash", "wrong-type", "not-utf8", "huge"],
)
def test_a_damaged_store_requires_a_pin_that_nothing_matches(tmp_path, content, stored):
    store = tmp_path / "pin.toml"
    store.write_bytes(content)
    status = read_pin_status(store, [(tmp_path / "kiosk.toml", stored)])  # old PIN ignored
    assert status.required
    assert status.hash == ""
    message = status.damaged_message()
    assert str(store) in message and "damaged" in message and "kiosk set-pin" in message
    guard = status.guard()
    assert guard.required
    assert guard.check("2468") == "damaged"
    assert guard.check("") == "damaged"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes: POSIX")
def test_a_named_pipe_for_a_store_is_damaged_at_once(tmp_path):
    """Opening a named pipe waits for a writer: the kiosk would never start."""
    os.mkfifo(tmp_path / "pin.toml")
    status = read_pin_status(tmp_path / "pin.toml")
    assert status.required and "named pipe" in status.damaged


def test_an_unreadable_store_is_damaged(tmp_path):
    (tmp_path / "pin.toml").mkdir()
    status = read_pin_status(tmp_path / "pin.toml", repair="kiosk set-pin --config /x.toml")
    assert status.required
    assert "cannot be read" in status.damaged
    assert status.damaged_message().endswith("Repair it with: kiosk set-pin --config /x.toml")


def test_the_store_wins_over_an_old_pin_in_the_settings_file(tmp_path, stored):
    write_pin_store(tmp_path / "pin.toml", stored)
    status = read_pin_status(tmp_path / "pin.toml", [(tmp_path / "kiosk.toml", hash_pin("1"))])
    assert status.hash == stored and status.legacy is None


def test_an_old_pin_is_copied_into_the_store_at_start(tmp_path, stored):
    settings_file = tmp_path / "kiosk.toml"
    status = read_pin_status(tmp_path / "pin.toml", [(settings_file, stored)])
    assert status.hash == stored and status.legacy == settings_file
    keep_legacy_pin(status)
    assert read_pin_status(tmp_path / "pin.toml").hash == stored
    assert stat.S_IMODE((tmp_path / "pin.toml").stat().st_mode) == 0o600


def test_an_old_pin_line_is_found_in_a_broken_file():
    assert legacy_pin_in_text('clinic_name = "A\npin_hash = "scrypt$1$2"\n') == "scrypt$1$2"
    assert legacy_pin_in_text('clinic_name = "A"\n') is None


def test_the_lockout_survives_a_restart(tmp_path, stored):
    write_pin_store(tmp_path / "pin.toml", stored)
    clock = FakeClock()
    first = read_pin_status(tmp_path / "pin.toml").guard(clock)
    assert [first.check("0000") for _ in range(5)] == ["wrong"] * 4 + ["locked"]
    assert stat.S_IMODE((tmp_path / "pin-lockout.toml").stat().st_mode) == 0o600

    # the kiosk restarts: a new guard reads the same store
    second = read_pin_status(tmp_path / "pin.toml").guard(clock)
    assert second.locked_for() == 60
    assert second.check("2468") == "locked"
    clock.now += 60
    assert second.check("2468") == "ok"


def test_wrong_tries_count_across_a_restart(tmp_path, stored):
    lockout = tmp_path / "pin-lockout.toml"
    from kiosk.pin import PinGuard

    clock = FakeClock()
    guard = PinGuard(stored, clock=clock, lockout_file=lockout)
    assert [guard.check("0") for _ in range(3)] == ["wrong"] * 3
    again = PinGuard(stored, clock=clock, lockout_file=lockout)
    assert again.attempts_left == 2
    assert [again.check("0"), again.check("0")] == ["wrong", "locked"]
    assert again.check("2468") == "locked"
    clock.now += 60
    assert again.check("2468") == "ok"
    assert PinGuard(stored, clock=clock, lockout_file=lockout).attempts_left == 5


@pytest.mark.parametrize(
    "content", [b"locked_until = = 3", b"wrong_in_a_row = -1", b"\xff", b'locked_until = "soon"']
)
def test_a_damaged_lockout_file_locks_once_for_the_lock_time(tmp_path, stored, content):
    lockout = tmp_path / "pin-lockout.toml"
    lockout.write_bytes(content)
    from kiosk.pin import PinGuard

    clock = FakeClock()
    guard = PinGuard(stored, clock=clock, lockout_file=lockout)
    assert guard.locked_for() == 60
    clock.now += 60
    assert guard.check("2468") == "ok"


def test_a_lock_in_the_far_future_lasts_at_most_the_lock_time(tmp_path, stored):
    from kiosk.pin import PinGuard

    lockout = tmp_path / "pin-lockout.toml"
    lockout.write_text("wrong_in_a_row = 0\nlocked_until = 99999999999.0\n", encoding="utf-8")
    clock = FakeClock()
    guard = PinGuard(stored, clock=clock, lockout_file=lockout)
    assert guard.locked_for() == 60
    clock.now += 60
    assert guard.check("2468") == "ok"


def test_a_lockout_that_cannot_be_saved_still_holds_in_memory(tmp_path, stored):
    from kiosk.pin import PinGuard

    (tmp_path / "pin-lockout.toml").mkdir()  # cannot be read, cannot be replaced
    clock = FakeClock()
    guard = PinGuard(
        stored, max_attempts=2, clock=clock, lockout_file=tmp_path / "pin-lockout.toml"
    )
    clock.now += 60  # the unreadable file's lock is over
    assert [guard.check("0"), guard.check("0")] == ["wrong", "locked"]
    assert guard.locked_for() == 60
