"""Content pack archives: ``kiosk pack create`` writes one, ``unpack`` opens one safely.

A pack is a ``.tar.gz`` of a content folder with ``kiosk-pack.json`` at its root:
the pack's version, when it was made and the sha256 of every file. Unpacking
uses tarfile's ``data`` filter, so no member can land outside the staging
folder, be a link or a device, or carry odd permissions; sizes and counts are
bounded before anything is written.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

MANIFEST = "kiosk-pack.json"
FORMAT = 1
MAX_FILES = 5_000
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
SKIPPED_NAMES = {"Thumbs.db", "desktop.ini"}


class PackProblem(Exception):
    """The pack is refused; the message says why in one line."""


@dataclass(frozen=True)
class Manifest:
    version: str
    created: str
    files: dict[str, str]  # relative path -> sha256

    def to_json(self) -> str:
        data = {"format": FORMAT, "version": self.version, "created": self.created}
        return json.dumps({**data, "files": self.files}, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise PackProblem(f"{MANIFEST} has format {data.get('format')!r}, not {FORMAT}")
            files = data["files"]
            if not isinstance(files, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in files.items()
            ):
                raise PackProblem(f"{MANIFEST}: files must map paths to sha256 values")
            return cls(str(data["version"]), str(data["created"]), dict(files))
        except (json.JSONDecodeError, KeyError, AttributeError, TypeError) as exc:
            raise PackProblem(f"{MANIFEST} is not a pack manifest ({exc})") from None


def signature_path(pack: Path) -> Path:
    """Where minisign puts a pack's signature: ``PACK.tar.gz.minisig``."""
    return pack.with_name(pack.name + ".minisig")


def sha256_of(path: Path) -> str:
    import hashlib  # here: OpenSSL (3 MiB) loads when a pack arrives, not in every kiosk

    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_files(root: Path) -> list[Path]:
    """The files a pack carries: everything but hidden files and folders and OS clutter."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.name in SKIPPED_NAMES:
            continue
        if path.is_symlink():
            raise PackProblem(f"{path}: links cannot go into a pack; copy the file instead")
        if path.is_file():
            found.append(path)
    return found


def default_version(now: datetime) -> str:
    return now.strftime("%Y.%m.%d-%H%M")


def create(root: Path, out: Path, version: str | None = None) -> Manifest:
    """Write the pack of content folder ``root`` to ``out`` (atomically); check it first."""
    now = datetime.now(UTC).replace(microsecond=0)
    files = content_files(root)
    if not files:
        raise PackProblem(f"{root} holds no content files")
    manifest = Manifest(
        version or default_version(now),
        now.isoformat(),
        {path.relative_to(root).as_posix(): sha256_of(path) for path in files},
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".pack-", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, manifest.to_json().encode(), now)
            for path in files:
                info = archive.gettarinfo(str(path), path.relative_to(root).as_posix())
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o644
                with path.open("rb") as stream:
                    archive.addfile(info, stream)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, when: datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(when.timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def unpack(pack: Path, staging: Path) -> Manifest:
    """Unpack into the empty folder ``staging`` and prove every file against the manifest."""
    try:
        with tarfile.open(pack, mode="r:gz") as archive:
            members = _bounded_members(archive, pack.name)
            archive.extractall(staging, members=members, filter="data")
    except tarfile.FilterError as exc:
        raise PackProblem(f"{pack.name} holds an unsafe entry: {exc}") from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise PackProblem(f"{pack.name} is damaged or incomplete: {exc}") from None
    manifest_file = staging / MANIFEST
    if not manifest_file.is_file():
        raise PackProblem(f"{pack.name} has no {MANIFEST}: make packs with 'kiosk pack create'")
    manifest = Manifest.from_json(manifest_file.read_text(encoding="utf-8", errors="replace"))
    manifest_file.unlink()
    present = {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()}
    if present != set(manifest.files):
        extra = sorted(present - set(manifest.files)) or sorted(set(manifest.files) - present)
        raise PackProblem(f"{pack.name}: files differ from its manifest ({extra[0]})")
    for name, expected in manifest.files.items():
        if sha256_of(staging / name) != expected:
            raise PackProblem(f"{pack.name}: {name} does not match its sha256 in the manifest")
    return manifest


def _bounded_members(archive: tarfile.TarFile, name: str) -> list[tarfile.TarInfo]:
    members, total = [], 0
    for member in archive:
        members.append(member)
        total += member.size
        if len(members) > MAX_FILES:
            raise PackProblem(f"{name}: more than {MAX_FILES} entries")
        if total > MAX_UNPACKED_BYTES:
            raise PackProblem(f"{name}: more than {MAX_UNPACKED_BYTES >> 20} MB unpacked")
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or "\\" in member.name:
            raise PackProblem(f"{name} holds an unsafe entry: {member.name} leaves the pack")
        if not (member.isfile() or member.isdir()):
            raise PackProblem(f"{name}: {member.name} is not a plain file or folder")
    return members
