"""Where the staff PIN's hash is kept: its own small file beside the settings file.

A hand edit of ``kiosk.toml`` (a stray quote, a wrong type, the file deleted) cannot
lose the PIN, because the hash is not in it. ``pin.toml`` is written only by
``kiosk set-pin``, atomically and readable by its owner only. When it exists but
cannot be used, the PIN is still required and no PIN opens the staff menu: the pad
says the store is damaged and names the command that repairs it (fail closed).

Kiosks set up before the store existed kept ``pin_hash`` in ``kiosk.toml``; that
value is still honoured when there is no store, and ``kiosk set-pin`` moves it.
"""

from __future__ import annotations

import logging
import re
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from kiosk.atomic import write_atomically
from kiosk.pin import PinGuard, is_pin_hash
from kiosk.textfiles import read_limited

STORE_NAME = "pin.toml"
LOCKOUT_NAME = "pin-lockout.toml"
MAX_STORE_BYTES = 4096  # a hash is about 100 bytes; anything much bigger is not ours
LEGACY_KEY = "pin_hash"
log = logging.getLogger(__name__)
_LEGACY_LINE = re.compile(r"""^\s*["']?pin_hash["']?\s*=\s*["']([^"'\n]*)["']""", re.MULTILINE)


def store_path(settings_path: Path) -> Path:
    """The PIN store that goes with a settings file (its folder's ``pin.toml``)."""
    return Path(settings_path).absolute().parent / STORE_NAME


class PinStatus(NamedTuple):
    """What the kiosk knows about its PIN: the hash, or why the store cannot be used."""

    store: Path
    hash: str = ""
    damaged: str = ""  # why the store cannot be used; "" when it can
    legacy: Path | None = None  # the settings file the hash still lives in, if not moved yet
    repair: str = "kiosk set-pin"  # the command that writes this store

    @property
    def required(self) -> bool:
        """True when the staff gesture must ask for a PIN (a PIN is set, or the store is
        damaged: then no PIN opens it until the store is repaired)."""
        return bool(self.hash or self.damaged)

    @property
    def lockout_file(self) -> Path:
        return self.store.with_name(LOCKOUT_NAME)

    def damaged_message(self) -> str:
        if not self.damaged:
            return ""
        return (
            f"The PIN store {self.store} is damaged ({self.damaged}). Repair it with: {self.repair}"
        )

    def guard(self, clock: Callable[[], float] = time.time) -> PinGuard:
        """The PIN checker for this store, with its lockout kept beside it (wall ``clock``)."""
        return PinGuard(
            self.hash, clock=clock, lockout_file=self.lockout_file, damaged=self.damaged_message()
        )


def read_pin_status(
    store: Path, legacy: Sequence[tuple[Path, object]] = (), repair: str = "kiosk set-pin"
) -> PinStatus:
    """Read the PIN store; without one, fall back to a ``pin_hash`` from the settings files
    (``legacy``: (file, value) pairs, most specific first). Never raises."""
    store = Path(store)
    try:
        raw = read_limited(store, MAX_STORE_BYTES)
    except FileNotFoundError:
        return _legacy_status(store, legacy, repair)
    except OSError as exc:
        return PinStatus(store, damaged=f"cannot be read: {exc.strerror or exc}", repair=repair)
    if raw is None:
        return PinStatus(store, damaged=f"larger than {MAX_STORE_BYTES} bytes", repair=repair)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return PinStatus(store, damaged="not a file written by `kiosk set-pin`", repair=repair)
    stored = data.get(LEGACY_KEY)
    if not isinstance(stored, str) or not is_pin_hash(stored):
        return PinStatus(store, damaged="it holds no PIN hash", repair=repair)
    return PinStatus(store, hash=stored, repair=repair)


def _legacy_status(store: Path, legacy: Sequence[tuple[Path, object]], repair: str) -> PinStatus:
    for path, value in legacy:
        if value is None or value == "":
            continue
        if isinstance(value, str) and is_pin_hash(value):
            return PinStatus(store, hash=value, legacy=path, repair=repair)
        # A PIN someone meant to set but that no PIN matches: keep the staff exit shut.
        reason = f"pin_hash in {path} is not a hash made by `kiosk set-pin`"
        return PinStatus(store, damaged=reason, legacy=path, repair=repair)
    return PinStatus(store, repair=repair)


def legacy_pin_in_text(text: str) -> str | None:
    """A ``pin_hash = "..."`` line in settings text that is not valid TOML (so a typo
    elsewhere in an old-style file does not drop its PIN); None when there is none."""
    found = _LEGACY_LINE.search(text)
    return found.group(1) if found else None


def write_pin_store(store: Path, pin_hash: str) -> None:
    """Write the hash to the store atomically, readable by its owner only. Raises OSError."""
    if not is_pin_hash(pin_hash):
        raise ValueError("not a PIN hash made by hash_pin")
    text = (
        "# The kiosk's staff PIN, as a salted hash. Written by `kiosk set-pin`;"
        " do not edit by hand.\n"
        f'{LEGACY_KEY} = "{pin_hash}"\n'
    )
    write_atomically(store, text, private=True)


def keep_legacy_pin(status: PinStatus) -> None:
    """Copy a PIN still kept in a settings file into its store, so that from now on a hand
    edit of that file cannot lose it. Logs; never raises."""
    if status.legacy is None or not status.hash or status.store.exists():
        return
    try:
        write_pin_store(status.store, status.hash)
    except OSError as exc:
        log.warning("cannot copy the staff PIN from %s to %s: %s", status.legacy, status.store, exc)
        return
    log.info("copied the staff PIN from %s to %s", status.legacy, status.store)
