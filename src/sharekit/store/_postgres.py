"""The PostgreSQL dialect (SPEC 7.7): the same tables and guarantees as SQLite, shared.

Several publishers on several machines share one database: every write
transaction takes one transaction-level advisory lock (what ``BEGIN
IMMEDIATE`` is to SQLite: writers queue instead of racing on a slug), and
:meth:`PostgresStore.lock` is a session-level advisory lock instead of
``flock`` (the server drops it when its holder's connection dies, as the
kernel drops a flock). Keys are ``COLLATE "C"`` and feed files keep their
registration order in an identity column (see :mod:`sharekit.store._schema`).
A server that cannot be reached (or was lost) is a :class:`NetworkError`
(exit 3), anything else an :class:`InputError` (exit 2), each naming the URL
without its password.

psycopg (3) is imported here only, and this module only when a store URL
names PostgreSQL: ``pip install sharekit[postgres]``.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from sharekit.errors import InputError, NetworkError, SharekitError, redact
from sharekit.store._schema import TABLE_COLUMNS
from sharekit.store._sql import Cursor, SQLStore

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresStore", "redacted"]

# Advisory lock keys (any bigint; these spell "skwrite" and "sklock" in ASCII):
# one for write transactions, one for the writer lock held across them.
_TRANSACTION_KEY = 0x736B7772697465
_WRITER_KEY = 0x736B6C6F636B


def redacted(url: str) -> str:
    """The URL without its password (in the user part or a ``password=`` parameter):
    what errors and logs may show. A URL that cannot be split loses what could be one."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return redact(url)
    if password is not None:
        host = parts.netloc.rpartition("@")[2]
        user = parts.username or ""
        url = urlunsplit((parts.scheme, f"{user}@{host}", parts.path, parts.query, ""))
    return redact(url)


# A server that answers but refuses what the URL asks is the operator's configuration
# (bad input, exit 2), not an outage (exit 3): libpq says so only in its message.
_CONFIGURATION = (
    "does not exist",  # database or role
    "sslmode",
    "invalid connection option",
    "invalid integer value",
    "invalid port",
    "password authentication failed",
    "no password supplied",
    "does not support ssl",
    "no pg_hba.conf entry",
    "invalid value for parameter",
)


@functools.lru_cache(maxsize=512)
def _placeholders(sql: str) -> str:
    """The shared statements' ``?`` as psycopg's ``%s`` (no statement holds a literal ? or %)."""
    return sql.replace("?", "%s")


class PostgresStore(SQLStore):
    """The store in the PostgreSQL database at ``url`` (``postgresql://...``), opened,
    created and migrated at once. One connection."""

    SPELLING: ClassVar[Mapping[str, str]] = {
        "key": 'TEXT COLLATE "C"',
        "without_rowid": "",
        "registered": "n BIGINT GENERATED ALWAYS AS IDENTITY,",
    }
    # writers one at a time, as BEGIN IMMEDIATE in SQLite: two claims of one slug
    # queue instead of one failing on the UNIQUE index
    BEGIN = ("BEGIN", f"SELECT pg_advisory_xact_lock({_TRANSACTION_KEY})")
    FEED_ORDER = "n"
    FRESH_START = "use another database or schema for a new store"

    def __init__(self, url: str, *, connect_timeout: float = 10) -> None:
        self.url = url
        self.name = redacted(url)
        try:
            import psycopg
        except ImportError:
            raise InputError(
                self.name,
                None,
                "a PostgreSQL store needs psycopg: pip install 'sharekit[postgres]'",
            ) from None
        self.driver_errors = (psycopg.Error,)
        try:
            self._db: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(
                url,
                autocommit=True,  # transactions are explicit, as in SQLite
                connect_timeout=max(1, round(connect_timeout)),
                application_name="sharekit",
            )
        except psycopg.Error as error:
            raise self.error(error) from error
        except ValueError as error:  # psycopg's parse of a malformed URL
            raise InputError(self.name, None, f"not a PostgreSQL URL: {error}") from None
        try:
            self._open()
        except BaseException:
            self._db.close()
            raise

    def error(self, error: Exception) -> SharekitError:
        """A psycopg error as sharekit says it, on one line."""
        import psycopg

        text = redact(" ".join(str(error).split()) or type(error).__name__)
        if (
            isinstance(error, psycopg.OperationalError)
            and not isinstance(error, psycopg.errors.LockNotAvailable)
            and not any(sign in text.lower() for sign in _CONFIGURATION)
        ):
            return NetworkError(self.name, f"cannot reach the store: {text}")
        return InputError(self.name, None, f"cannot use the store: {text}")

    def _execute(self, sql: str, args: Sequence[object] = ()) -> Cursor:
        # no arguments: no placeholders to read
        return self._db.execute(_placeholders(sql), args or None)

    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.cursor().executemany(_placeholders(sql), rows)

    def _has_table(self, name: str) -> bool:
        row = self._db.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
        return bool(row and row[0])

    def _columns(self) -> dict[str, set[str]]:
        """Of the tables in the schema the URL's search_path finds first."""
        rows = self._db.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ANY(%s)",
            (list(TABLE_COLUMNS),),
        ).fetchall()
        have: dict[str, set[str]] = {}
        for table, column in rows:
            have.setdefault(str(table), set()).add(str(column))
        return have

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        import psycopg

        try:
            self._db.execute("SELECT pg_advisory_lock(%s)", (_WRITER_KEY,))
        except psycopg.Error as error:
            raise self.error(error) from error
        try:
            yield
        finally:
            # a lost connection has lost the lock with it: nothing to release
            with contextlib.suppress(psycopg.Error):
                self._db.execute("SELECT pg_advisory_unlock(%s)", (_WRITER_KEY,))
