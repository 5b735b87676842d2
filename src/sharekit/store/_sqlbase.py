"""The ground every statement of the store stands on (:mod:`sharekit.store._sql`).

:class:`SQLBase` holds what a dialect must say (connecting, running a
statement, what begins a transaction, its errors, its tables), opening a
store (the schema version and the one migration history,
:mod:`~sharekit.store._schema`), nested transactions and ``IN`` lists in
chunks; :func:`translated` turns a driver's error into the dialect's
sharekit error naming the store (exit 2, or 3 for a server that cannot be
reached). The statements themselves are :class:`~sharekit.store._sql.SQLStore`'s.
"""

from __future__ import annotations

import abc
import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Concatenate, ParamSpec, Protocol, TypeVar

from sharekit.errors import InputError, SharekitError
from sharekit.store._interface import Store
from sharekit.store._schema import SCHEMA_VERSION, TABLE_COLUMNS, migration

__all__ = ["Cursor", "SQLBase", "translated"]

# Keys per ``IN (...)`` list: under the 999 variables of SQLite before 3.32.
_CHUNK = 500

_ADD_COLUMN = re.compile(r"ALTER TABLE (\w+) ADD COLUMN (\w+)")


def _added_before(statement: str, have: Mapping[str, set[str]]) -> bool:
    """An ``ADD COLUMN`` whose column is there (SQLite has no ``IF NOT EXISTS`` for it):
    so every step can run again, as the CREATE steps can."""
    match = _ADD_COLUMN.match(statement)
    return match is not None and match[2] in have.get(match[1], set())


class Cursor(Protocol):
    """What both drivers' cursors give back."""

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...  # None: the statement returns no rows

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="SQLBase")


def translated(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """The method with a driver error raised as the store's sharekit error."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except self.driver_errors as error:
            raise self.error(error) from error

    return functools.wraps(method)(wrapper)


class SQLBase(Store):
    """What every statement stands on: the dialect's part, opening and migrating, transactions."""

    SPELLING: ClassVar[Mapping[str, str]]  # the migration history's placeholders (_schema)
    BEGIN: ClassVar[tuple[str, ...]]  # what begins a write transaction, writers one at a time
    FEED_ORDER: ClassVar[str]  # the column that orders feed files as they were registered
    FRESH_START: ClassVar[str]  # what to do about another program's tables
    driver_errors: tuple[type[Exception], ...]  # the driver's errors, translated by error()
    _depth = 0  # transactions open, the outer one is begun and committed

    # --- what a dialect says -------------------------------------------------------

    @abc.abstractmethod
    def error(self, error: Exception) -> SharekitError:
        """A driver error as sharekit says it, on one line, naming the store."""

    @abc.abstractmethod
    def _execute(self, sql: str, args: Sequence[object] = ()) -> Cursor:
        """Run one statement (``?`` placeholders)."""

    @abc.abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """Run one statement for each of ``rows``."""

    def _in_transaction(self) -> bool:
        """False when the database has ended the transaction itself (SQLite may, on an
        error); True when it cannot tell (then a rollback's own error is ignored)."""
        return True

    @abc.abstractmethod
    def _has_table(self, name: str) -> bool: ...

    @abc.abstractmethod
    def _columns(self) -> dict[str, set[str]]:
        """The columns of each table of TABLE_COLUMNS the database has."""

    def _prepare(self) -> None:
        """What the connection needs before the schema is read (nothing by default)."""

    @classmethod
    def migration(cls, step: int) -> tuple[str, ...]:
        """The statements of one migration step, in this dialect."""
        return migration(step, cls.SPELLING)

    # --- opening: the schema version and its migrations ----------------------------

    @translated
    def _open(self) -> None:
        self._prepare()
        self._check_tables(present_only=True)  # before a migration writes to them
        if self._version() < SCHEMA_VERSION:
            with self.transaction():  # a writer at a time: each step runs once
                have = self._columns()
                for step in range(self._version(), SCHEMA_VERSION):
                    for statement in self.migration(step):
                        if not _added_before(statement, have):
                            self._execute(statement)
                self._execute(
                    "INSERT INTO store_meta VALUES ('schema_version', ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(SCHEMA_VERSION),),
                )
        self._check_tables()

    def _check_tables(self, *, present_only: bool = False) -> None:
        """Refuse a store whose tables are not the ones sharekit made (another program's)."""
        have = self._columns()
        for table, wanted in TABLE_COLUMNS.items():
            columns = have.get(table, set())
            if present_only and not columns:
                continue
            if not wanted <= columns:
                missing = ", ".join(sorted(wanted - columns))
                raise InputError(
                    self.name,
                    None,
                    f"not a sharekit store: table {table} lacks {missing} ({self.FRESH_START})",
                )

    def _version(self) -> int:
        """The store's schema version; a newer one than this code knows is refused."""
        if not self._has_table("store_meta"):
            return 0
        row = self._execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            return 0
        try:
            version = int(row[0])
        except ValueError:
            raise InputError(self.name, None, f"not a schema version: {row[0]!r}") from None
        if version > SCHEMA_VERSION:
            raise InputError(
                self.name,
                None,
                f"schema version {version} is newer than this sharekit ({SCHEMA_VERSION});"
                " upgrade sharekit",
            )
        return version

    # --- transactions --------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            for statement in self.BEGIN:
                self._execute(statement)
        except self.driver_errors as error:
            self._rollback()
            raise self.error(error) from error
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        try:
            self._execute("COMMIT")
        except self.driver_errors as error:
            self._rollback()
            raise self.error(error) from error

    def _rollback(self) -> None:
        """Roll back the open transaction; never raises (a lost connection lost it)."""
        if self._in_transaction():
            with contextlib.suppress(*self.driver_errors):
                self._execute("ROLLBACK")

    def _for_keys(self, sql: str, keys: Sequence[str], first: tuple[str, ...] = ()) -> list[Any]:
        """``sql`` run for each chunk of ``keys``, its ``{keys}`` the chunk's placeholders
        (after the arguments ``first``); the rows, of a SELECT."""
        rows: list[Any] = []
        for start in range(0, len(keys), _CHUNK):
            chunk = tuple(keys[start : start + _CHUNK])
            cursor = self._execute(sql.format(keys=", ".join("?" * len(chunk))), first + chunk)
            if cursor.description is not None:
                rows += cursor.fetchall()
        return rows
