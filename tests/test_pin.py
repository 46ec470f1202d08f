"""The staff PIN: hashing, checking, and the lockout after wrong tries."""

from __future__ import annotations

import pytest

from kiosk.pin import PinGuard, hash_pin, is_pin_hash, verify_pin


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("2468")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_hash_has_the_documented_shape(stored):
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(salt) == 24  # 16 bytes in base64
    assert "2468" not in stored
    assert is_pin_hash(stored)


def test_same_pin_gets_a_new_salt_each_time(stored):
    other = hash_pin("2468")
    assert other != stored
    assert verify_pin("2468", other)


def test_verify_ok_and_wrong(stored):
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("", stored)
    assert not verify_pin("24680", stored)


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "2468",
        "scrypt$16384$8$1$abc",
        "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$16383$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
        "scrypt$16384$8$1$not base64!$AAAAAAAAAAAAAAAAAAAAAA==",
        None,
        12345,
    ],
)
def test_malformed_stored_hash_is_false_not_an_exception(malformed):
    assert verify_pin("2468", malformed) is False
    assert not is_pin_hash(malformed)


def test_guard_without_a_hash_says_no_pin():
    assert PinGuard("").check("1234") == "no-pin"
    assert PinGuard(None).check("1234") == "no-pin"


def test_guard_accepts_the_right_pin_and_resets_the_count(stored):
    guard = PinGuard(stored)
    assert guard.check("0000") == "wrong"
    assert guard.attempts_left == 4
    assert guard.check("2468") == "ok"
    assert guard.attempts_left == 5


def test_guard_locks_after_five_wrong_and_unlocks_when_time_passes(stored):
    clock = FakeClock()
    guard = PinGuard(stored, max_attempts=5, lock_seconds=60, clock=clock)
    assert [guard.check("0000") for _ in range(4)] == ["wrong"] * 4
    assert guard.attempts_left == 1
    assert guard.check("0000") == "locked"
    assert guard.locked_for() == 60
    assert guard.attempts_left == 0
    assert guard.check("2468") == "locked"  # even the right PIN waits
    clock.now += 59.5
    assert guard.locked_for() == pytest.approx(0.5)
    assert guard.check("2468") == "locked"
    clock.now += 0.5
    assert guard.locked_for() == 0
    assert guard.attempts_left == 5
    assert guard.check("2468") == "ok"


def test_guard_counts_wrong_tries_again_after_a_lock(stored):
    clock = FakeClock()
    guard = PinGuard(stored, max_attempts=2, lock_seconds=10, clock=clock)
    assert [guard.check("1"), guard.check("2")] == ["wrong", "locked"]
    clock.now += 10
    assert [guard.check("1"), guard.check("2")] == ["wrong", "locked"]


def test_guard_with_a_malformed_hash_never_opens():
    guard = PinGuard("not-a-hash")
    assert guard.check("1234") == "wrong"
