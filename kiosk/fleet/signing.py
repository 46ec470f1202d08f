"""Minisign signatures for content packs: minisign's documented format, Ed25519 by PyNaCl.

A clinic signs a pack with the standard ``minisign -Sm PACK.tar.gz`` (or ``kiosk
pack sign``) and puts the public key (``RW...``) in the ``content_public_key``
setting. The format (https://jedisct1.github.io/minisign/):

- public key: base64 of ``"Ed"``, an 8-byte key id and the 32-byte Ed25519 key;
- ``PACK.minisig``: an untrusted comment line; base64 of the algorithm (``"ED"``:
  the signature covers the file's BLAKE2b-512, ``"Ed"``: the file itself), the key
  id and the 64-byte signature; a trusted comment line; base64 of the global
  signature over the signature and the trusted comment;
- secret key: base64 of ``"Ed"``, the KDF (``"Sc"`` scrypt, or none), ``"B2"``, a
  salt, the scrypt limits, then the key id, secret key and a BLAKE2b-256 checksum,
  XORed with the scrypt stream when the key has a password.

PyNaCl (libsodium, as minisign itself uses) does the Ed25519 and scrypt. Every
failure is a ``SignatureProblem`` whose text is one line a person can act on.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import os
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.pwhash import scrypt
from nacl.signing import SigningKey, VerifyKey

from kiosk.fleet.packs import signature_path

PASSWORD_ENV = "KIOSK_PACK_PASSWORD"
UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "


class SignatureProblem(Exception):
    """The pack cannot be trusted; the message says why in one line."""


def _decode(text: str | bytes, length: int, problem: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise SignatureProblem(problem)
    return raw


def key_line(text: str) -> str:
    """The ``RW...`` line of a public key setting, which may hold a whole ``minisign.pub``."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return next((line for line in lines if not line.startswith(UNTRUSTED.strip())), "")


def key_id(raw: bytes) -> str:
    """The key id as minisign shows it: the 8 bytes as a little-endian number in hex."""
    return raw[2:10][::-1].hex().upper()


def public_key(text: str) -> bytes:
    """The 42 bytes of the ``content_public_key`` setting: ``Ed``, key id, Ed25519 key."""
    line = key_line(text)
    if not line:
        raise SignatureProblem("no content_public_key is set: every pack is refused")
    raw = _decode(line, 42, "content_public_key is not a minisign public key (RW...)")
    if raw[:2] != b"Ed":
        raise SignatureProblem("content_public_key is not a minisign Ed25519 public key")
    return raw


def _blake2b(pack: Path) -> bytes:
    digest = hashlib.blake2b(digest_size=64)
    with pack.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def verify(pack: Path, key_text: str) -> str:
    """Check ``pack`` against ``PACK.minisig`` and the key; return the trusted comment."""
    key = public_key(key_text)
    sig_file = signature_path(pack)
    if not sig_file.is_file():
        raise SignatureProblem(f"{pack.name} is not signed (no {sig_file.name} beside it)")
    lines = sig_file.read_text(encoding="utf-8", errors="replace").splitlines()
    if len(lines) < 4 or not lines[2].startswith(TRUSTED):
        raise SignatureProblem(f"{sig_file.name} is not a minisign signature")
    bad = f"{sig_file.name} is not a minisign signature"
    signature = _decode(lines[1], 74, bad)
    if key_id(signature) != key_id(key):
        raise SignatureProblem(
            f"{pack.name} is signed by another key ({key_id(signature)}, not {key_id(key)})"
        )
    if signature[:2] not in (b"ED", b"Ed"):
        raise SignatureProblem(f"{sig_file.name} uses an unknown signature algorithm")
    trusted = lines[2][len(TRUSTED) :].encode()
    verifier = VerifyKey(key[10:])
    try:
        message = _blake2b(pack) if signature[:2] == b"ED" else pack.read_bytes()
        verifier.verify(message, signature[10:])
        verifier.verify(signature[10:] + trusted, _decode(lines[3], 64, bad))
    except BadSignatureError:
        raise SignatureProblem(
            f"{pack.name} does not match its signature (changed, or not completely copied)"
        ) from None
    except OSError as exc:
        raise SignatureProblem(f"{pack.name} cannot be read: {exc}") from None
    return trusted.decode()


def _secret_key(path: Path, password: str | None) -> tuple[bytes, bytes]:
    """(key id, 64-byte Ed25519 secret key) from a minisign secret key file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    raw = _decode(lines[1] if len(lines) > 1 else "", 158, f"{path} is not a minisign secret key")
    if raw[:2] != b"Ed" or raw[4:6] != b"B2":
        raise SignatureProblem(f"{path} is not a minisign Ed25519 secret key")
    keynum = raw[54:158]
    if raw[2:4] == b"Sc":
        if password is None:
            password = os.environ.get(PASSWORD_ENV)
        if password is None:
            password = getpass.getpass(f"Password for {path}: ")
        opslimit = int.from_bytes(raw[38:46], "little")
        memlimit = int.from_bytes(raw[46:54], "little")
        stream = scrypt.kdf(104, password.encode(), raw[6:38], opslimit, memlimit)
        keynum = bytes(a ^ b for a, b in zip(keynum, stream, strict=True))
    elif raw[2:4] != b"\0\0":
        raise SignatureProblem(f"{path} uses an unknown key derivation")
    kid, secret, checksum = keynum[:8], keynum[8:72], keynum[72:]
    unchecked = raw[2:4] == b"\0\0" and checksum == bytes(32)  # minisign -W leaves it empty
    if not unchecked and hashlib.blake2b(b"Ed" + kid + secret, digest_size=32).digest() != checksum:
        raise SignatureProblem(f"wrong password for {path}")
    return kid, secret


def sign(pack: Path, secret_key: Path, password: str | None = None) -> Path:
    """Write ``PACK.minisig`` as ``minisign -Sm`` does (BLAKE2b pre-hashed, trusted comment)."""
    kid, secret = _secret_key(secret_key, password)
    signer = SigningKey(secret[:32])
    signature = signer.sign(_blake2b(pack)).signature
    trusted = f"timestamp:{int(os.path.getmtime(pack))}\tfile:{pack.name}\thashed"
    global_signature = signer.sign(signature + trusted.encode()).signature
    out = signature_path(pack)
    out.write_text(
        f"{UNTRUSTED}signature from kiosk pack sign\n"
        f"{base64.b64encode(b'ED' + kid + signature).decode()}\n"
        f"{TRUSTED}{trusted}\n"
        f"{base64.b64encode(global_signature).decode()}\n",
        encoding="utf-8",
    )
    return out
