"""Minisign signatures for content packs, read and written with py-minisign.

A clinic signs a pack with the standard ``minisign -Sm PACK.tar.gz`` (or ``kiosk
pack sign``) and puts the public key (``RW...``) in the ``content_public_key``
setting. Every failure is a ``SignatureProblem`` whose text is one line a person
can act on.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import os
from pathlib import Path

import minisign

from kiosk.fleet.packs import signature_path

PASSWORD_ENV = "KIOSK_PACK_PASSWORD"


class SignatureProblem(Exception):
    """The pack cannot be trusted; the message says why in one line."""


def key_line(text: str) -> str:
    """The ``RW...`` line of a public key setting, which may hold a whole ``minisign.pub``."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return next((line for line in lines if not line.startswith("untrusted comment:")), "")


def public_key(text: str) -> minisign.PublicKey:
    line = key_line(text)
    if not line:
        raise SignatureProblem("no content_public_key is set: every pack is refused")
    try:
        return minisign.PublicKey.from_base64(line)
    except (minisign.Error, ValueError) as exc:
        raise SignatureProblem(
            f"content_public_key is not a minisign public key (RW...): {exc}"
        ) from None


def key_id(base64_line: str | bytes) -> str:
    """The key id minisign shows, from a public key or a signature's second line.

    Both start with two bytes of algorithm, then the 8-byte key id (shown as a
    little-endian number in hex), as minisign's documented format says.
    """
    try:
        raw = base64.b64decode(base64_line, validate=True)
    except (binascii.Error, ValueError):
        return "?"
    return raw[2:10][::-1].hex().upper()


def verify(pack: Path, key_text: str) -> str:
    """Check ``pack`` against ``PACK.minisig`` and the key; return the trusted comment."""
    key = public_key(key_text)
    sig_file = signature_path(pack)
    if not sig_file.is_file():
        raise SignatureProblem(f"{pack.name} is not signed (no {sig_file.name} beside it)")
    try:
        signature = minisign.Signature.from_bytes(sig_file.read_bytes())
    except (minisign.Error, ValueError, OSError) as exc:
        raise SignatureProblem(f"{sig_file.name} is not a minisign signature ({exc})") from None
    signed_by = key_id(sig_file.read_bytes().splitlines()[1])
    expected = key_id(key_line(key_text))
    if signed_by != expected:
        raise SignatureProblem(
            f"{pack.name} is signed by another key ({signed_by}, not {expected})"
        )
    try:
        with pack.open("rb") as data:
            key.verify(data, signature)
    except minisign.VerifyError:
        raise SignatureProblem(
            f"{pack.name} does not match its signature (changed, or not completely copied)"
        ) from None
    except OSError as exc:
        raise SignatureProblem(f"{pack.name} cannot be read: {exc}") from None
    return signature.trusted_comment


def sign(pack: Path, secret_key: Path, password: str | None = None) -> Path:
    """Write ``PACK.minisig`` as ``minisign -Sm`` does (BLAKE2b pre-hashed, trusted comment)."""
    try:
        with minisign.SecretKey.from_file(secret_key) as key:
            if key.is_encrypted():
                if password is None:
                    password = os.environ.get(PASSWORD_ENV)
                if password is None:
                    password = getpass.getpass(f"Password for {secret_key}: ")
                key.decrypt(password)
            with pack.open("rb") as data:
                comment = f"timestamp:{int(os.path.getmtime(pack))}\tfile:{pack.name}\thashed"
                signature = key.sign(data, trusted_comment=comment)
    except (minisign.Error, ValueError) as exc:
        raise SignatureProblem(f"cannot sign with {secret_key}: {exc}") from None
    out = signature_path(pack)
    out.write_bytes(bytes(signature) + b"\n")
    return out
