"""Atomic, change-aware writes: readers never see half a file; equal bytes are not rewritten."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless it already holds exactly that.

    Returns True when the file was written. An unchanged file keeps its mtime,
    so re-publishing changes nothing a web server or a sync tool would notice.
    The temporary file lives in the same folder, is fsynced, then replaces the
    target with os.replace: a crash leaves the old file or the new one, never
    a mix.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
