"""Atomic, change-aware writes: readers never see half a file; equal bytes are not rewritten."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically; False (nothing touched) when equal.

    An unchanged file keeps its mtime, so re-publishing changes nothing a web
    server or a sync tool would notice. The temporary file lives in the same
    folder, is fsynced, then replaces the target with os.replace: a crash
    leaves the old file or the new one, never a mix.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(mode)
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    # No fsync of the folder: after a power cut the rename may be lost, which
    # leaves the previous file, whole; the next publish writes it again.
    return True
