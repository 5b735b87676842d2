"""The SQLite dialect: the store of a local output, ``OUT/.sharekit/store.sqlite``.

Standard-library ``sqlite3``, one connection. What it says for the shared
statements (:mod:`sharekit.store._sql`): transactions are ``BEGIN
IMMEDIATE`` (concurrent writers wait for each other, up to 60 s, instead of
failing on an upgrade from reader to writer); the writer lock is an
exclusive ``flock`` of ``.sharekit/store.lock`` (the kernel drops it when
its holder dies), under which commits are ``synchronous=FULL``; the file is
in write-ahead-log mode whoever opens it first; every ``sqlite3.Error``
becomes an :class:`InputError` naming the file (exit 2, one line).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from sharekit.errors import InputError
from sharekit.out._atomic import LINK_REFUSED, cannot_write, make_folder
from sharekit.store._schema import TABLE_COLUMNS
from sharekit.store._sql import Cursor, SQLStore

__all__ = ["STORE_DIR", "STORE_NAME", "SQLiteStore"]

STORE_DIR = ".sharekit"  # in the output folder
STORE_NAME = "store.sqlite"
_LOCK_NAME = "store.lock"

# Publish's commit cost and crash safety are measured in WAL (see _prepare); a file
# system where SQLite cannot keep it (no shared memory: some network mounts)
# answers the PRAGMA with the mode it kept and raises nothing.
_JOURNAL_MODE = "wal"
_BUSY_SECONDS = 60  # how long a connection waits for another holding the file

_SQLITE_IOERR, _SQLITE_FULL = 10, 13  # primary result codes (the low byte of extended ones)


def _disk_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return info.f_bavail * info.f_frsize < 64 * 1024  # less than a few SQLite pages


class SQLiteStore(SQLStore):
    """The store in ``ROOT/.sharekit/store.sqlite``, opened (created, migrated) at once."""

    SPELLING: ClassVar[Mapping[str, str]] = {
        "key": "TEXT",
        "without_rowid": " WITHOUT ROWID",
        "registered": "",
    }
    # writers wait for each other (up to the busy timeout) instead of failing on an
    # upgrade from reader to writer
    BEGIN = ("BEGIN IMMEDIATE",)
    FEED_ORDER = "rowid"  # SQLite numbers rows in the order they were inserted
    FRESH_START = "move the file away to start a new store"
    driver_errors = (sqlite3.Error,)

    def __init__(self, root: str | Path) -> None:
        self.folder = Path(root).absolute() / STORE_DIR
        self.path = self.folder / STORE_NAME
        self.name = str(self.path)
        make_folder(self.folder, root=self.folder.parent)
        for name in (STORE_NAME, f"{STORE_NAME}-wal", f"{STORE_NAME}-shm", _LOCK_NAME):
            # SQLite follows links: the store (and its log) would be written elsewhere
            if (self.folder / name).is_symlink():
                raise InputError(str(self.folder / name), None, f"cannot write: {LINK_REFUSED}")
        try:
            self._db = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as error:
            raise self.error(error) from error
        try:
            self._open()
        except BaseException:
            self._db.close()
            raise

    def error(self, error: Exception) -> InputError:
        """A SQLite error as sharekit says it: the file, and what SQLite found.

        A full disk often reaches SQLite as a write failure ("disk I/O error",
        in WAL the shared-memory file cannot grow): then the free space says why.
        """
        code = getattr(error, "sqlite_errorcode", 0) or 0
        if code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR) and _disk_full(self.folder):
            return InputError(self.name, None, f"cannot write: No space left on device ({error})")
        return InputError(self.name, None, f"cannot use the store: {error}")

    def _execute(self, sql: str, args: Sequence[object] = ()) -> Cursor:
        return self._db.execute(sql, args)

    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.executemany(sql, rows)

    def _in_transaction(self) -> bool:
        return self._db.in_transaction  # SQLite may have rolled back already

    def _has_table(self, name: str) -> bool:
        return bool(
            self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
            ).fetchone()
        )

    def _columns(self) -> dict[str, set[str]]:
        have = {}
        for table in TABLE_COLUMNS:
            columns = {str(row[1]) for row in self._db.execute(f"PRAGMA table_info({table})")}
            if columns:
                have[table] = columns
        return have

    def _switch_journal_mode(self) -> str:
        """``PRAGMA journal_mode=WAL``, retried while another connection holds the file.

        Several processes opening a new store at once all ask for the switch; it
        needs the file to itself, and SQLite answers "database is locked" at
        once rather than waiting out the busy timeout (it would deadlock), so
        the loser asks again. The mode it answers is checked by the caller.
        """
        deadline = time.monotonic() + _BUSY_SECONDS
        while True:
            try:
                (mode,) = self._db.execute(f"PRAGMA journal_mode={_JOURNAL_MODE}").fetchone()
                return str(mode)
            except sqlite3.OperationalError as error:
                busy = "locked" in str(error) or "busy" in str(error)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _prepare(self) -> None:
        # Write-ahead log, whoever opens the file first. Publish commits twice
        # per article (claim, record_files): 0.06 ms a pair in WAL with
        # synchronous=NORMAL, 4 to 7 ms in the rollback journal with FULL (300
        # pairs, this machine). Feeds lose nothing by it: bench/feeds.py's
        # update_feed of 1 article into 10,000 entries took a median 11 ms in
        # WAL, 14 ms in the rollback journal, runs of 11 to 16 ms in both.
        # NORMAL: a commit is atomic and survives a crash of the process; a
        # power cut may lose the last ones, which publish redoes (the digest
        # is confirmed last). Under the writer lock it is FULL (see lock).
        mode = self._switch_journal_mode()
        if mode.lower() != _JOURNAL_MODE:
            raise InputError(
                self.name,
                None,
                f"cannot use the store: SQLite kept journal mode {mode!r} instead of"
                f" {_JOURNAL_MODE!r} (put --out on a local file system)",
            )
        self._synchronous("NORMAL")

    def _synchronous(self, level: str) -> None:
        self._db.execute(f"PRAGMA synchronous={level}")

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        path = self.folder / _LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise cannot_write(path, error) from error
        try:
            try:
                import fcntl
            except ImportError:  # no flock (Windows): SQLite's own locking still serialises rows
                pass
            else:
                fcntl.flock(fd, fcntl.LOCK_EX)
            # Feed files are written from what is committed under the lock: a
            # commit must be on disk before them, or after a power cut the next
            # writer would rewrite the feeds without the lost entries.
            try:
                self._synchronous("FULL")
            except sqlite3.Error as error:
                raise self.error(error) from error
            try:
                yield
            finally:
                with contextlib.suppress(sqlite3.Error):  # FULL left on is only slower
                    self._synchronous("NORMAL")
        finally:
            os.close(fd)  # releases the flock
