"""Helpers for the content pack tests: the real minisign tool, keys and packs made with it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.fleet import packs

MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(
    MINISIGN is None, reason="the minisign tool is not installed (apt-get install minisign)"
)


class Keys:
    """A minisign key pair made by the minisign tool, without a password."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.public = folder / "minisign.pub"
        self.secret = folder / "minisign.key"
        subprocess.run(
            [MINISIGN, "-G", "-W", "-p", str(self.public), "-s", str(self.secret)],
            check=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )

    @property
    def key_line(self) -> str:
        return self.public.read_text().splitlines()[1]

    def sign(self, pack: Path) -> Path:
        subprocess.run(
            [MINISIGN, "-S", "-s", str(self.secret), "-m", str(pack)],
            check=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )
        return pack.with_name(pack.name + ".minisig")


def content_copy(folder: Path, title: str | None = None) -> Path:
    """The bundled content, copied; ``title`` changes the first English section's title."""
    shutil.copytree(resources.content_dir(), folder)
    if title:
        first = sorted((folder / "en").glob("*.md"))[0]
        text = first.read_text(encoding="utf-8")
        start = text.index("\ntitle:") + len("\ntitle:")
        end = text.index("\n", start)
        first.write_text(text[:start] + f" {title}" + text[end:], encoding="utf-8")
    return folder


def make_pack(tmp_path: Path, keys: Keys | None, version: str, title: str | None = None) -> Path:
    content = content_copy(tmp_path / f"content-{version}", title)
    pack = tmp_path / f"pack-{version}.tar.gz"
    packs.create(content, pack, version)
    if keys is not None:
        keys.sign(pack)
    return pack
