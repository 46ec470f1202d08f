"""The staff PIN: stored only as a salted scrypt hash, checked with a lockout after wrong tries.

A stored hash looks like ``scrypt$16384$8$1$<salt base64>$<hash base64>``.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from kiosk.atomic import write_atomically
from kiosk.textfiles import read_limited

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

CheckResult = Literal["ok", "wrong", "locked", "no-pin", "damaged"]
MAX_LOCKOUT_BYTES = 1024
log = logging.getLogger(__name__)


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
    """Checks PIN entries; after ``max_attempts`` wrong ones in a row it locks for a while.

    With a ``lockout_file`` the count of wrong tries and the end of a lock are kept in it
    (atomically), so restarting the kiosk does not give five more tries. ``clock`` is wall
    time for that reason; a lock never lasts longer than ``lock_seconds`` from now, whatever
    the file or a clock change says. ``damaged`` (the reason the PIN store cannot be used)
    makes every check fail: no PIN opens a kiosk whose PIN cannot be read.
    """

    def __init__(
        self,
        stored_hash: str | None,
        max_attempts: int = 5,
        lock_seconds: float = 60,
        clock: Callable[[], float] = time.time,
        *,
        lockout_file: Path | None = None,
        damaged: str = "",
    ) -> None:
        self.stored_hash = stored_hash or ""
        self.max_attempts = max_attempts
        self.lock_seconds = lock_seconds
        self.damaged = damaged
        self.lockout_file = lockout_file
        self._clock = clock
        self._wrong_in_a_row = 0
        self._locked_until: float | None = None
        if lockout_file is not None:
            self._load()

    @property
    def required(self) -> bool:
        """True when the staff gesture must go through the PIN pad."""
        return bool(self.stored_hash or self.damaged)

    def check(self, pin: str) -> CheckResult:
        if self.damaged:
            return "damaged"
        if not self.stored_hash:
            return "no-pin"
        if self.locked_for() > 0:
            return "locked"
        if verify_pin(pin, self.stored_hash):
            if self._wrong_in_a_row:
                self._wrong_in_a_row = 0
                self._save()
            return "ok"
        self._wrong_in_a_row += 1
        if self._wrong_in_a_row >= self.max_attempts:
            self._wrong_in_a_row = 0
            self._locked_until = self._clock() + self.lock_seconds
            self._save()
            return "locked"
        self._save()
        return "wrong"

    def locked_for(self) -> float:
        """Seconds until PIN entry is allowed again; 0 when it is allowed now."""
        if self._locked_until is None:
            return 0.0
        now = self._clock()
        left = self._locked_until - now
        if left <= 0:
            self._locked_until = None
            return 0.0
        if left > self.lock_seconds:  # the clock went back, or the file was edited
            self._locked_until = now + self.lock_seconds
            left = self.lock_seconds
        return left

    @property
    def attempts_left(self) -> int:
        if self.locked_for() > 0:
            return 0
        return self.max_attempts - self._wrong_in_a_row

    def _load(self) -> None:
        assert self.lockout_file is not None
        try:
            raw = read_limited(self.lockout_file, MAX_LOCKOUT_BYTES)
        except FileNotFoundError:
            return
        except OSError as exc:
            self._lock_because(f"cannot be read ({exc.strerror or exc})")
            return
        try:
            if raw is None:
                raise ValueError(f"larger than {MAX_LOCKOUT_BYTES} bytes")
            data = tomllib.loads(raw.decode("utf-8"))
            wrong = data.get("wrong_in_a_row", 0)
            until = data.get("locked_until")
            if isinstance(wrong, bool) or not isinstance(wrong, int) or wrong < 0:
                raise ValueError("wrong_in_a_row")
            if until is not None and (
                isinstance(until, bool) or not isinstance(until, int | float)
            ):
                raise ValueError("locked_until")
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
            self._lock_because("is damaged")
            return
        self._wrong_in_a_row = min(wrong, self.max_attempts - 1)
        self._locked_until = float(until) if until is not None else None
        self.locked_for()  # drops a lock that is over, shortens one that is too long

    def _lock_because(self, why: str) -> None:
        """A lockout file that cannot be read counts as a lock (fail closed, and bounded)."""
        log.warning(
            "the PIN lockout file %s %s; PIN entry waits %s s",
            self.lockout_file,
            why,
            self.lock_seconds,
        )
        self._locked_until = self._clock() + self.lock_seconds

    def _save(self) -> None:
        if self.lockout_file is None:
            return
        lines = [
            "# Wrong staff PIN tries, kept across restarts. Written by the kiosk.",
            f"wrong_in_a_row = {self._wrong_in_a_row}",
        ]
        if self._locked_until is not None:
            lines.append(f"locked_until = {self._locked_until!r}")
        try:
            write_atomically(self.lockout_file, "\n".join(lines) + "\n", private=True)
        except OSError as exc:  # the lock still holds in memory
            log.warning("cannot save the PIN lockout in %s: %s", self.lockout_file, exc)
