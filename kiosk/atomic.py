"""Writing a small file so that a reader sees the old version or the new one, never half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600  # owner read and write only


def write_atomically(path: Path, text: str, *, private: bool = False, durable: bool = True) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    ``private`` gives the file owner-only permissions (0600) from its first byte; otherwise
    an existing file keeps its permissions. ``durable=False`` skips waiting for the disk, for
    a cache that is checked when read and rebuilt when broken (a power cut soon after may
    leave it empty or cut short). Creates the folder. Raises OSError.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        if private:
            os.chmod(temporary, PRIVATE_MODE)
        elif path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
