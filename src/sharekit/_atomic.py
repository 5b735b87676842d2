"""The one writer of outputs: atomic, change-aware, and an OS error is an input error.

Readers never see half a file; equal bytes are not rewritten; a path that
cannot be written (a file where a folder should be, no permission, a full
disk) is an :class:`InputError` naming it (exit 2), never an internal error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sharekit.errors import InputError


def cannot_write(path: Path, error: OSError) -> InputError:
    return InputError(str(path), None, f"cannot write: {error.strerror or error}")


def make_folder(path: Path) -> None:
    """``mkdir -p`` that names the path when it cannot."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(path, error) from error


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically; False (nothing touched) when equal.

    An unchanged file keeps its mtime, so re-publishing changes nothing a web
    server or a sync tool would notice. The temporary file lives in the same
    folder, is fsynced, then replaces the target with os.replace: a crash
    leaves the old file or the new one, never a mix.
    """
    try:
        return _replace(path, data)
    except OSError as error:
        raise cannot_write(path, error) from error


def _replace(path: Path, data: bytes) -> bool:
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
