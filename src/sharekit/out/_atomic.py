"""The one writer of outputs: atomic, change-aware, and an OS error is an input error.

Readers never see half a file; equal bytes are not rewritten; a path that
cannot be written (a file where a folder should be, no permission, a full
disk) is an :class:`InputError` naming it (exit 2), never an internal error.

Given the output ``root``, nothing is written, read or removed outside it:
every folder below the root is opened with ``O_NOFOLLOW`` relative to its
parent (``openat``), so a symbolic link already inside the output
(``out/articles/foo -> /elsewhere``, a linked feed file) is refused, never
followed, and cannot be swapped in between a check and the write. The root
itself may be a link: that one is the caller's choice.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath

from sharekit.errors import InputError

__all__ = ["cannot_write", "make_folder", "remove_file", "write_bytes_if_changed"]

LINK_REFUSED = "is a symbolic link; publish never writes through links inside its output folder"
# openat and friends: every POSIX system; elsewhere (Windows) each component is lstat-checked
_DIR_FD = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def cannot_write(path: Path | str, error: OSError) -> InputError:
    return InputError(str(path), None, f"cannot write: {error.strerror or error}")


def _refused(path: Path | str, what: str) -> InputError:
    return InputError(str(path), None, f"cannot write: {what}")


def _parts(root: Path, path: Path) -> tuple[str, ...]:
    """``path`` below ``root`` as names; a path that climbs out is refused."""
    try:
        parts = PurePath(path).relative_to(root).parts
    except ValueError:
        raise _refused(path, f"is outside the output folder {root}") from None
    if any(part in ("..", ".", "") for part in parts):
        raise _refused(path, f"is outside the output folder {root}")
    return parts


def make_folder(path: Path, *, root: Path | None = None) -> None:
    """``mkdir -p`` that names the path when it cannot; below ``root`` it follows no link."""
    if root is None:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where the folder should be
            raise cannot_write(path, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))) from None
        except OSError as error:
            raise cannot_write(path, error) from error
        return
    try:
        with _folder(root, _parts(root, path), create=True):
            pass
    except OSError as error:
        raise cannot_write(path, error) from error


@contextlib.contextmanager
def _folder(root: Path, parts: tuple[str, ...], *, create: bool) -> Iterator[int | None]:
    """An fd of the folder ``root/parts``, opened one link-free step at a time.

    Yields None where there is no ``openat`` (then each step is lstat-checked),
    and None when ``create`` is false and a folder does not exist.
    """
    if not _DIR_FD:
        current = root
        for part in parts:
            current = current / part
            if current.is_symlink():
                raise _refused(current, LINK_REFUSED)
            if create:
                make_folder(current)
            elif not current.is_dir():
                yield None
                return
        yield None
        return
    try:
        fd = os.open(root, os.O_RDONLY | _DIRECTORY)
    except FileNotFoundError:
        if not create:
            yield None
            return
        make_folder(root)
        fd = os.open(root, os.O_RDONLY | _DIRECTORY)
    except OSError as error:
        raise cannot_write(root, error) from error
    current = root
    try:
        for part in parts:
            current = current / part
            try:
                child = _open_child(part, fd, create=create)
            except FileNotFoundError:
                if create:
                    raise
                yield None
                return
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    info = os.stat(part, dir_fd=fd, follow_symlinks=False)
                    if stat.S_ISLNK(info.st_mode):
                        raise _refused(current, LINK_REFUSED) from None
                    raise _refused(current, "is a file where a folder should be") from None
                raise cannot_write(current, error) from error
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _open_child(name: str, fd: int, *, create: bool) -> int:
    """The folder ``name`` in the folder ``fd``, not a link; made first if missing."""
    flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW
    try:
        return os.open(name, flags, dir_fd=fd)
    except FileNotFoundError:
        if not create:
            raise
    with contextlib.suppress(FileExistsError):  # a concurrent publisher made it
        os.mkdir(name, 0o777, dir_fd=fd)
    return os.open(name, flags, dir_fd=fd)


def write_bytes_if_changed(path: Path, data: bytes, *, root: Path | None = None) -> bool:
    """Replace ``path`` with ``data`` atomically; False (nothing touched) when equal.

    An unchanged file keeps its mtime, so re-publishing changes nothing a web
    server or a sync tool would notice. The temporary file lives in the same
    folder, is fsynced, then replaces the target with a rename: a crash
    leaves the old file or the new one, never a mix. With ``root`` (the
    output folder) no link below it is followed and ``path`` must be a
    regular file or absent; without it, ``path``'s folder is made as given
    and a link at ``path`` is replaced, not written through.
    """
    strict = root is not None
    parts: tuple[str, ...]
    if root is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where the folder should be
            raise cannot_write(path, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))) from None
        except OSError as error:
            raise cannot_write(path, error) from error
        root, parts = path.parent, (path.name,)
    else:
        parts = _parts(root, path)
        if not parts:
            raise _refused(path, "is the output folder itself")
    try:
        with _folder(root, parts[:-1], create=True) as fd:
            return _replace(path, parts[-1], fd, data, strict=strict)
    except OSError as error:
        raise cannot_write(path, error) from error


def _replace(path: Path, name: str, fd: int | None, data: bytes, *, strict: bool) -> bool:
    folder = path.parent
    where = {"dir_fd": fd} if fd is not None else {}
    target: str | Path = name if fd is not None else path
    try:
        info = os.stat(target, follow_symlinks=False, **where)
    except FileNotFoundError:
        info = None
    mode = 0o644
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            if strict:
                raise _refused(path, LINK_REFUSED)
        elif not stat.S_ISREG(info.st_mode):
            raise _refused(path, "exists and is not a regular file")
        else:
            mode = info.st_mode & 0o777
            if info.st_size == len(data) and _read(target, where) == data:
                return False
    temp = f".{name}.{secrets.token_hex(4)}.tmp"  # feed writers clear `.NAME.*.tmp` of killed runs
    temp_target: str | Path = temp if fd is not None else folder / temp
    handle = os.open(temp_target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, **where)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), mode)
        if fd is not None:
            os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)
        else:
            os.replace(temp_target, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_target, **where)
        raise
    # No fsync of the folder: after a power cut the rename may be lost, which
    # leaves the previous file, whole; the next publish writes it again.
    return True


def _read(target: str | Path, where: dict[str, int]) -> bytes:
    handle = os.open(target, os.O_RDONLY | _NOFOLLOW | _NONBLOCK, **where)
    with os.fdopen(handle, "rb") as stream:
        return stream.read()


def remove_file(path: Path, *, root: Path) -> None:
    """Delete ``path`` below ``root`` if it is there; never through a link, never a folder."""
    parts = _parts(root, path)
    if not parts:
        return
    try:
        with _folder(root, parts[:-1], create=False) as fd:
            if fd is None and _DIR_FD:
                return  # its folder is gone: so is the file
            where = {"dir_fd": fd} if fd is not None else {}
            target: str | Path = parts[-1] if fd is not None else path
            with contextlib.suppress(FileNotFoundError):
                info = os.stat(target, follow_symlinks=False, **where)
                if stat.S_ISDIR(info.st_mode):
                    return
                os.unlink(target, **where)
    except OSError as error:
        raise cannot_write(path, error) from error


def remove_stale_temporaries(path: Path, *, root: Path) -> None:
    """Delete ``.NAME.*.tmp`` files a killed writer of ``path`` left, inside ``root`` only."""
    parts = _parts(root, path)
    if not parts or not _DIR_FD:
        return
    prefix = f".{parts[-1]}."
    try:
        with _folder(root, parts[:-1], create=False) as fd:
            if fd is None:
                return
            for entry in os.listdir(fd):
                if entry.startswith(prefix) and entry.endswith(".tmp"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry, dir_fd=fd)
    except OSError as error:
        raise cannot_write(path, error) from error
