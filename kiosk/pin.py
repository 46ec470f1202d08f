"""The staff PIN: stored only as a salted scrypt hash, checked with a lockout after wrong tries.

A stored hash looks like ``scrypt$16384$8$1$<salt base64>$<hash base64>``.
"""

from __future__ import annotations

import base64
import binascii
import os
import time
from collections.abc import Callable
from typing import Literal

SCHEME = "scrypt"
COST_N = 2**14
BLOCK_SIZE_R = 8
PARALLEL_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
# A hand-edited hash must not make the kiosk spend minutes or gigabytes on one tap.
MAX_COST_N = 2**16
MAX_BLOCK_SIZE_R = 8
MAX_PARALLEL_P = 4

CheckResult = Literal["ok", "wrong", "locked", "no-pin"]


def hash_pin(pin: str) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(pin, salt, COST_N, BLOCK_SIZE_R, PARALLEL_P, HASH_BYTES)
    return "$".join(
        [SCHEME, str(COST_N), str(BLOCK_SIZE_R), str(PARALLEL_P), _b64(salt), _b64(digest)]
    )


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches ``stored``; False for anything malformed. Never raises."""
    parsed = _parse(stored)
    if parsed is None or not isinstance(pin, str):
        return False
    n, r, p, salt, expected = parsed
    try:
        digest = _scrypt(pin, salt, n, r, p, len(expected))
    except (ValueError, MemoryError, UnicodeError):
        return False
    import hmac  # OpenSSL loads only when a PIN is checked, not at start

    return hmac.compare_digest(digest, expected)


def is_pin_hash(stored: str) -> bool:
    """True when ``stored`` has the shape written by ``hash_pin``."""
    return _parse(stored) is not None


def _parse(stored: object) -> tuple[int, int, int, bytes, bytes] | None:
    if not isinstance(stored, str):
        return None
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    cost_ok = 2 <= n <= MAX_COST_N and n & (n - 1) == 0
    if not (cost_ok and 1 <= r <= MAX_BLOCK_SIZE_R and 1 <= p <= MAX_PARALLEL_P):
        return None
    if len(salt) < 8 or not 16 <= len(expected) <= 64:
        return None
    return n, r, p, salt, expected


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    memory = 128 * r * (n + p + 2) + 1024 * 1024  # what OpenSSL needs, plus headroom
    import hashlib

    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=memory, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class PinGuard:
    """Checks PIN entries; after ``max_attempts`` wrong ones in a row it locks for a while."""

    def __init__(
        self,
        stored_hash: str,
        max_attempts: int = 5,
        lock_seconds: float = 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stored_hash = stored_hash or ""
        self.max_attempts = max_attempts
        self.lock_seconds = lock_seconds
        self._clock = clock
        self._wrong_in_a_row = 0
        self._locked_until: float | None = None

    def check(self, pin: str) -> CheckResult:
        if not self.stored_hash:
            return "no-pin"
        if self.locked_for() > 0:
            return "locked"
        if verify_pin(pin, self.stored_hash):
            self._wrong_in_a_row = 0
            return "ok"
        self._wrong_in_a_row += 1
        if self._wrong_in_a_row >= self.max_attempts:
            self._wrong_in_a_row = 0
            self._locked_until = self._clock() + self.lock_seconds
            return "locked"
        return "wrong"

    def locked_for(self) -> float:
        """Seconds until PIN entry is allowed again; 0 when it is allowed now."""
        if self._locked_until is None:
            return 0.0
        left = self._locked_until - self._clock()
        if left <= 0:
            self._locked_until = None
            return 0.0
        return left

    @property
    def attempts_left(self) -> int:
        if self.locked_for() > 0:
            return 0
        return self.max_attempts - self._wrong_in_a_row
