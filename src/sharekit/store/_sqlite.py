"""The store of an output root: the published registry and the feed entries, one owner.

:class:`Store` is what publish and the feeds ask of it: the slug each article
id owns and the digest and files of its last publish; the feed files served
and the feed entries. :class:`SQLiteStore` keeps them in
``ROOT/.sharekit/store.sqlite`` (standard-library ``sqlite3``), the only
code that speaks SQLite: one connection, one transaction helper, one writer
lock, a versioned schema with its migrations, and every ``sqlite3.Error``
turned into an :class:`InputError` naming the file (exit 2, one line). A
PostgreSQL store (SPEC 7.7) implements the same :class:`Store`.
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from sharekit.errors import InputError
from sharekit.out._atomic import LINK_REFUSED, cannot_write, make_folder
from sharekit.text._slug import section_key, unique_slug

if TYPE_CHECKING:
    from sharekit.feed._item import FeedFile, FeedFilter, Item

__all__ = [
    "SCHEMA_VERSION",
    "STORE_DIR",
    "STORE_NAME",
    "Post",
    "SQLiteStore",
    "Store",
]

STORE_DIR = ".sharekit"
STORE_NAME = "store.sqlite"


@dataclass(frozen=True, slots=True)
class Post:
    """One article's post to one syndication target (SPEC 7.4), as the store keeps it.

    ``status``: ``queued`` (not tried yet), ``posting`` (claimed by a run
    since ``updated``), ``posted``, ``failed`` (tried again next run).
    ``payload`` is what gets posted (JSON text: headline, URL, card path),
    kept so a retry needs no record. Times are UTC ISO 8601 text (sorts as
    text). No secret is ever part of it.
    """

    article_id: str
    target: str
    status: str
    published: str
    payload: str
    post_id: str = ""
    post_url: str = ""
    attempts: int = 0
    error: str = ""
    updated: str = ""


class Store(abc.ABC):
    """What publish and the feeds keep between runs, for one output root.

    Each method is atomic on its own; :meth:`transaction` makes several one.
    :meth:`lock` is the writer lock held across transactions and the files
    written from them (the feed files): writers of feeds take it, one at a
    time. Errors of the storage are :class:`InputError` naming :attr:`name`.
    Use a store as a context manager, or call :meth:`close`.
    """

    name: str  # what errors name: the file, or the database

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @abc.abstractmethod
    def lock(self) -> contextlib.AbstractContextManager[None]:
        """The exclusive writer lock, until the block ends (not reentrant)."""

    @abc.abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """All of the block or none of it; a transaction inside one joins it."""

    # --- the published registry: id -> slug, digest, files ----------------------

    @abc.abstractmethod
    def claim(self, article_id: str, wanted: str) -> tuple[str, str | None]:
        """The slug this id publishes under, and the slug it had before if that changed.

        Two ids never share a folder: a slug taken by another id gets the next
        free ``-2``, ``-3``; an id keeps the numbered slug it was given. A new
        slug forgets the stored digest. Concurrent claims are serialised.
        """

    @abc.abstractmethod
    def stored(self, article_id: str) -> tuple[str | None, list[str]]:
        """The digest and files of the id's last confirmed publish (None, [] if none)."""

    @abc.abstractmethod
    def record_files(self, article_id: str, files: list[str]) -> None:
        """The files an article now has; its digest stays unset until :meth:`confirm`,
        so a run stopped before its feed entry is in redoes it."""

    @abc.abstractmethod
    def confirm(self, digests: Sequence[tuple[str, str]]) -> None:
        """Mark these (id, digest) pairs done: their files and feed entries are written."""

    # --- objects of a remote output: path -> sha256 of the bytes last written -----

    @abc.abstractmethod
    def object_digests(self, paths: Sequence[str]) -> dict[str, str]:
        """The sha256 recorded for each of ``paths`` that has one."""

    @abc.abstractmethod
    def record_objects(self, digests: Sequence[tuple[str, str]]) -> None:
        """Record (path, sha256) of objects just written (replacing older records)."""

    # --- feeds: the files served and the entries -------------------------------

    @abc.abstractmethod
    def feeds(self) -> list[FeedFile]:
        """Every feed file served, in the order they were registered."""

    @abc.abstractmethod
    def add_feed(self, feed: FeedFile) -> None:
        """Serve one more feed file (its path not served yet)."""

    @abc.abstractmethod
    def upsert_entries(self, items: Sequence[Item]) -> list[Item]:
        """Add or replace (by id) these entries; returns the versions they replaced."""

    @abc.abstractmethod
    def items(self, filter: FeedFilter | None = None, limit: int | None = None) -> list[Item]:
        """The newest entries matching ``filter`` (by published, then id), at most ``limit``."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many feed entries the store holds."""

    # --- sitemaps (SPEC 7.4): each entry's <url> element, kept beside it ---------------

    @abc.abstractmethod
    def upsert_sitemap_urls(self, urls: Sequence[tuple[Item, str, str]]) -> None:
        """Add or replace (by the item's id) its ``(item, lastmod, <url> element)``."""

    @abc.abstractmethod
    def sitemap_urls(self) -> list[tuple[str, str, str]]:
        """Every ``(section key, lastmod, <url> element)``, oldest first (published, id)."""

    @abc.abstractmethod
    def sitemap_count(self) -> int:
        """How many entries have their ``<url>`` element stored."""

    # --- syndication (SPEC 7.4): IndexNow's queue, the posts -------------------------

    @abc.abstractmethod
    def queue_indexnow(self, urls: Sequence[str]) -> None:
        """Add URLs to submit to IndexNow (one row per URL: a repeat is a no-op)."""

    @abc.abstractmethod
    def indexnow_queue(self, limit: int) -> list[str]:
        """The oldest ``limit`` queued URLs (by time queued, then URL)."""

    @abc.abstractmethod
    def indexnow_sent(self, urls: Sequence[str]) -> None:
        """Forget these URLs: IndexNow accepted them."""

    @abc.abstractmethod
    def queue_posts(self, posts: Sequence[Post]) -> list[Post]:
        """Add these posts unless the (article, target) pair has one already (an edit
        never posts again); returns the ones added."""

    @abc.abstractmethod
    def due_posts(self, published_since: str, stale_before: str) -> list[Post]:
        """Posts to try now: ``queued`` or ``failed``, or ``posting`` since before
        ``stale_before`` (a run that died), of articles published since
        ``published_since``; by published, article id, target."""

    @abc.abstractmethod
    def claim_post(self, article_id: str, target: str, now: str, stale_before: str) -> bool:
        """Mark the post ``posting`` if it is due (see :meth:`due_posts`); False when
        another run has it or it is posted. Atomic: one claimant wins."""

    @abc.abstractmethod
    def finish_post(self, post: Post) -> None:
        """Store the outcome of a claimed post (status, ids, attempts, error, updated)."""

    @abc.abstractmethod
    def posts(self, article_id: str | None = None) -> list[Post]:
        """Every post (of one article), by article id and target."""

    # --- what both backends read back: bad data is a corrupt store, not a bug ----------

    def _files(self, article_id: str, text: str | None) -> list[str]:
        """An article's stored files (JSON text): a list of paths, or a corrupt store."""
        try:
            files = json.loads(text or "[]")
        except ValueError:
            files = None
        if not isinstance(files, list) or not all(isinstance(name, str) for name in files):
            raise InputError(
                self.name,
                None,
                f"corrupt store: the files of id {article_id!r} are not a JSON list of paths",
            )
        return files

    def _item(self, data: str) -> Item:
        """A stored feed entry; one that does not read back is a corrupt store, not a bug."""
        from sharekit.feed._item import Item

        try:
            return Item.from_json(json.loads(data))
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
            raise InputError(
                self.name, None, f"corrupt store: a feed entry does not read back ({error!r:.80})"
            ) from None


def is_numbered(slug: str, base: str) -> bool:
    """True for ``base-N``: a slug publish gave this id because ``base`` was taken."""
    head, _, number = slug.rpartition("-")
    return head == base and number.isdigit()


# --- SQLite -----------------------------------------------------------------------

# Each step takes the schema from version N (its index) to N + 1; SCHEMA_VERSION
# is the number of steps. Before version 2 the file had two owners that made
# their tables on their own: feeds wrote store_meta "1" with the feed tables,
# publish the `published` table and no version. So a store without store_meta
# is version 0 (it may hold `published`), and every step is IF NOT EXISTS.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1: the feed entries with their tag and author keys, and the feed files
        "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS feed_entries (
            id TEXT PRIMARY KEY,
            published_key TEXT NOT NULL,      -- UTC, fixed width: sorts as text
            section_key TEXT NOT NULL,        -- slug.section_key(section)
            slug TEXT NOT NULL,
            data TEXT NOT NULL                -- the Item as JSON
        )""",
        "CREATE INDEX IF NOT EXISTS feed_entries_newest ON feed_entries (published_key DESC, id)",
        "CREATE INDEX IF NOT EXISTS feed_entries_section"
        " ON feed_entries (section_key, published_key DESC, id)",
        "CREATE TABLE IF NOT EXISTS feed_entry_tags ("
        " tag_key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tag_key, id)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS feed_entry_tags_id ON feed_entry_tags (id)",
        "CREATE TABLE IF NOT EXISTS feed_entry_authors ("
        " author_key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (author_key, id)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS feed_entry_authors_id ON feed_entry_authors (id)",
        """CREATE TABLE IF NOT EXISTS feed_files (
            path TEXT PRIMARY KEY,            -- relative to the root, POSIX separators
            format TEXT NOT NULL,
            section TEXT, tag TEXT, author TEXT,
            url TEXT                          -- NULL: [publish] base_url + "/" + path
        )""",
    ),
    (  # 1 -> 2: the published registry, until now made by publish alone
        "CREATE TABLE IF NOT EXISTS published ("
        " id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, digest TEXT, files TEXT)",
    ),
    (  # 2 -> 3: SPEC 7.4: sitemap elements, IndexNow's queue and the posts per target
        """CREATE TABLE IF NOT EXISTS sitemap_urls (
            id TEXT PRIMARY KEY,              -- the feed entry's id
            published_key TEXT NOT NULL,      -- as feed_entries: sorts as text
            section_key TEXT NOT NULL,
            lastmod TEXT NOT NULL,            -- W3C datetime, UTC
            element TEXT NOT NULL             -- the <url> element, ready to write
        )""",
        "CREATE INDEX IF NOT EXISTS sitemap_urls_oldest ON sitemap_urls (published_key, id)",
        "CREATE TABLE IF NOT EXISTS indexnow_queue ( url TEXT PRIMARY KEY, queued TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS posts (
            article_id TEXT NOT NULL,
            target TEXT NOT NULL,             -- mastodon, bluesky, telegram
            status TEXT NOT NULL,             -- queued, posting, posted, failed
            published TEXT NOT NULL,          -- the article's, UTC ISO 8601
            payload TEXT NOT NULL,            -- JSON: what is posted (never a secret)
            post_id TEXT NOT NULL DEFAULT '',
            post_url TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL,            -- UTC ISO 8601
            PRIMARY KEY (article_id, target)
        )""",
        "CREATE INDEX IF NOT EXISTS posts_due ON posts (status, published)",
    ),
    (  # 3 -> 4: every slug an id was given stays its own (its folder may still be there)
        "CREATE TABLE IF NOT EXISTS slug_owners (slug TEXT PRIMARY KEY, id TEXT NOT NULL)",
        "INSERT OR IGNORE INTO slug_owners (slug, id) SELECT slug, id FROM published",
    ),
    (  # 4 -> 5: the sha256 of each object written to a remote output (SPEC 7.7), so an
        # unchanged object is known without listing or reading the bucket
        "CREATE TABLE IF NOT EXISTS objects (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)

# The columns sharekit reads, per table: a file without them is some other program's.
TABLE_COLUMNS = {
    "store_meta": {"key", "value"},
    "feed_entries": {"id", "published_key", "section_key", "slug", "data"},
    "feed_entry_tags": {"tag_key", "id"},
    "feed_entry_authors": {"author_key", "id"},
    "feed_files": {"path", "format", "section", "tag", "author", "url"},
    "published": {"id", "slug", "digest", "files"},
    "slug_owners": {"slug", "id"},
    "sitemap_urls": {"id", "published_key", "section_key", "lastmod", "element"},
    "indexnow_queue": {"url", "queued"},
    "posts": {"article_id", "target", "status", "published", "payload", "post_id", "post_url"},
    "objects": {"path", "sha256"},
}

# Publish's commit cost and crash safety are measured in WAL (see _open); a file
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


P = ParamSpec("P")
R = TypeVar("R")


def _translated(
    method: Callable[Concatenate[SQLiteStore, P], R],
) -> Callable[Concatenate[SQLiteStore, P], R]:
    """The method with a ``sqlite3.Error`` raised as the store's :class:`InputError`."""

    def wrapper(self: SQLiteStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            raise self.error(error) from error

    return functools.wraps(method)(wrapper)


def published_key(item: Item) -> str:
    """The entry's sort key: UTC, fixed width, so it sorts as text in both backends."""
    return item.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class SQLiteStore(Store):
    """The store in ``ROOT/.sharekit/store.sqlite``, opened (created, migrated) at once.

    The lock is an exclusive ``flock`` of ``.sharekit/store.lock``: the
    kernel drops it when its holder dies. Transactions are ``BEGIN
    IMMEDIATE``: concurrent writers wait for each other (up to 60 s) instead
    of failing on an upgrade from reader to writer.
    """

    def __init__(self, root: str | Path) -> None:
        self.folder = Path(root).absolute() / STORE_DIR
        self.path = self.folder / STORE_NAME
        self.name = str(self.path)
        self._depth = 0  # transactions open, the outer one is BEGIN ... COMMIT
        make_folder(self.folder, root=self.folder.parent)
        for name in (STORE_NAME, f"{STORE_NAME}-wal", f"{STORE_NAME}-shm", "store.lock"):
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

    def error(self, error: sqlite3.Error) -> InputError:
        """A SQLite error as sharekit says it: the file, and what SQLite found.

        A full disk often reaches SQLite as a write failure ("disk I/O error",
        in WAL the shared-memory file cannot grow): then the free space says why.
        """
        code = getattr(error, "sqlite_errorcode", 0) or 0
        if code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR) and _disk_full(self.folder):
            return InputError(self.name, None, f"cannot write: No space left on device ({error})")
        return InputError(self.name, None, f"cannot use the store: {error}")

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

    @_translated
    def _open(self) -> None:
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
        if str(mode).lower() != _JOURNAL_MODE:
            raise InputError(
                self.name,
                None,
                f"cannot use the store: SQLite kept journal mode {mode!r} instead of"
                f" {_JOURNAL_MODE!r} (put --out on a local file system)",
            )
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._check_tables(present_only=True)  # before a migration writes to them
        if self._version() < SCHEMA_VERSION:
            with self.transaction():  # a writer at a time: each step runs once
                version = self._version()
                for step in _MIGRATIONS[version:]:
                    for statement in step:
                        self._db.execute(statement)
                self._db.execute(
                    "INSERT OR REPLACE INTO store_meta VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        self._check_tables()

    def _check_tables(self, *, present_only: bool = False) -> None:
        """Refuse a file whose tables are not the ones sharekit made (another program's)."""
        for table, wanted in TABLE_COLUMNS.items():
            have = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            if present_only and not have:
                continue
            if not wanted <= have:
                missing = ", ".join(sorted(wanted - have))
                raise InputError(
                    self.name,
                    None,
                    f"not a sharekit store: table {table} lacks {missing}"
                    " (move the file away to start a new store)",
                )

    def _version(self) -> int:
        """The file's schema version; a newer one than this code knows is refused."""
        if not self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'"
        ).fetchone():
            return 0
        row = self._db.execute(
            "SELECT value FROM store_meta WHERE key = 'schema_version'"
        ).fetchone()
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

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        path = self.folder / "store.lock"
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
                self._db.execute("PRAGMA synchronous=FULL")
            except sqlite3.Error as error:
                raise self.error(error) from error
            try:
                yield
            finally:
                with contextlib.suppress(sqlite3.Error):  # FULL left on is only slower
                    self._db.execute("PRAGMA synchronous=NORMAL")
        finally:
            os.close(fd)  # releases the flock

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
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self.error(error) from error
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            if self._db.in_transaction:  # SQLite may have rolled back already
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            raise self.error(error) from error

    # --- the published registry ----------------------------------------------------

    @_translated
    def claim(self, article_id: str, wanted: str) -> tuple[str, str | None]:
        with self.transaction():
            row = self._db.execute(
                "SELECT slug FROM published WHERE id = ?", (article_id,)
            ).fetchone()
            known = row[0] if row else None
            if known is not None and (known == wanted or is_numbered(known, wanted)):
                return known, None
            # A slug is taken while another id publishes under it, and for good
            # once another id ever did: that id's folder may still be there.
            # "wanted-*" is a range of each slug index (bytewise in both backends):
            # a LIKE with ESCAPE scans the whole table, once per new id, which
            # made a 100,000-article backfill quadratic in the coordinator
            taken = {
                slug
                for table in ("published", "slug_owners")
                for (slug,) in self._db.execute(
                    f"SELECT slug FROM {table} WHERE (slug = ? OR (slug >= ? AND slug < ?))"
                    " AND id != ?",
                    (wanted, wanted + "-", wanted + ".", article_id),
                )
            }
            slug = unique_slug(wanted, taken)
            self._db.execute(
                "INSERT INTO published (id, slug) VALUES (?, ?)"
                " ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, digest = NULL",
                (article_id, slug),
            )
            self._db.execute(
                "INSERT OR IGNORE INTO slug_owners (slug, id) VALUES (?, ?)", (slug, article_id)
            )
        return slug, known

    @_translated
    def stored(self, article_id: str) -> tuple[str | None, list[str]]:
        row = self._db.execute(
            "SELECT digest, files FROM published WHERE id = ?", (article_id,)
        ).fetchone()
        if not row:
            return None, []
        return row[0], self._files(article_id, row[1])

    @_translated
    def record_files(self, article_id: str, files: list[str]) -> None:
        self._db.execute(
            "UPDATE published SET digest = NULL, files = ? WHERE id = ?",
            (json.dumps(files), article_id),
        )

    @_translated
    def confirm(self, digests: Sequence[tuple[str, str]]) -> None:
        with self.transaction():
            self._db.executemany(
                "UPDATE published SET digest = ? WHERE id = ?",
                [(digest, article_id) for article_id, digest in digests],
            )

    # --- objects -----------------------------------------------------------------------

    @_translated
    def object_digests(self, paths: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for path in dict.fromkeys(paths):
            row = self._db.execute("SELECT sha256 FROM objects WHERE path = ?", (path,)).fetchone()
            if row is not None:
                found[path] = row[0]
        return found

    @_translated
    def record_objects(self, digests: Sequence[tuple[str, str]]) -> None:
        if digests:
            with self.transaction():
                self._db.executemany("INSERT OR REPLACE INTO objects VALUES (?, ?)", digests)

    # --- feeds -----------------------------------------------------------------------

    @_translated
    def feeds(self) -> list[FeedFile]:
        from sharekit.feed._item import FeedFile, FeedFilter

        rows = self._db.execute(
            "SELECT path, format, section, tag, author, url FROM feed_files"
        ).fetchall()
        return [FeedFile(p, f, FeedFilter(s, t, a), u) for p, f, s, t, a, u in rows]

    @_translated
    def add_feed(self, feed: FeedFile) -> None:
        where = feed.filter
        self._db.execute(
            "INSERT INTO feed_files VALUES (?, ?, ?, ?, ?, ?)",
            (feed.path, feed.format, where.section, where.tag, where.author, feed.url),
        )

    @_translated
    def upsert_entries(self, items: Sequence[Item]) -> list[Item]:
        replaced = []
        with self.transaction():
            db = self._db
            for item in items:
                row = db.execute(
                    "SELECT data FROM feed_entries WHERE id = ?", (item.id,)
                ).fetchone()
                if row is not None:
                    replaced.append(self._item(row[0]))
                    db.execute("DELETE FROM feed_entry_tags WHERE id = ?", (item.id,))
                    db.execute("DELETE FROM feed_entry_authors WHERE id = ?", (item.id,))
                db.execute(
                    "INSERT OR REPLACE INTO feed_entries VALUES (?, ?, ?, ?, ?)",
                    (
                        item.id,
                        published_key(item),
                        section_key(item.section),
                        item.slug,
                        json.dumps(item.to_json(), ensure_ascii=False),
                    ),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO feed_entry_tags VALUES (?, ?)",
                    [(tag.casefold(), item.id) for tag in item.tags],
                )
                db.executemany(
                    "INSERT OR IGNORE INTO feed_entry_authors VALUES (?, ?)",
                    [(author[0].casefold(), item.id) for author in item.authors],
                )
        return replaced

    @_translated
    def items(self, filter: FeedFilter | None = None, limit: int | None = None) -> list[Item]:
        sql = "SELECT data FROM feed_entries e WHERE 1"
        args: list[object] = []
        if filter is not None and filter.section is not None:
            sql += " AND e.section_key = ?"
            args.append(section_key(filter.section))
        if filter is not None and filter.tag is not None:
            sql += (
                " AND EXISTS (SELECT 1 FROM feed_entry_tags t WHERE t.id = e.id AND t.tag_key = ?)"
            )
            args.append(filter.tag.casefold())
        if filter is not None and filter.author is not None:
            sql += (
                " AND EXISTS (SELECT 1 FROM feed_entry_authors a"
                " WHERE a.id = e.id AND a.author_key = ?)"
            )
            args.append(filter.author.casefold())
        sql += " ORDER BY e.published_key DESC, e.id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        rows = self._db.execute(sql, args).fetchall()
        return [self._item(data) for (data,) in rows]

    @_translated
    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM feed_entries").fetchone()[0])

    # --- sitemaps ----------------------------------------------------------------------

    @_translated
    def upsert_sitemap_urls(self, urls: Sequence[tuple[Item, str, str]]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT INTO sitemap_urls VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " published_key = excluded.published_key, section_key = excluded.section_key,"
                " lastmod = excluded.lastmod, element = excluded.element",
                [
                    (item.id, published_key(item), section_key(item.section), lastmod, element)
                    for item, lastmod, element in urls
                ],
            )

    @_translated
    def sitemap_urls(self) -> list[tuple[str, str, str]]:
        return self._db.execute(
            "SELECT section_key, lastmod, element FROM sitemap_urls ORDER BY published_key, id"
        ).fetchall()

    @_translated
    def sitemap_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM sitemap_urls").fetchone()[0])

    # --- syndication -------------------------------------------------------------------

    @_translated
    def queue_indexnow(self, urls: Sequence[str]) -> None:
        now = datetime.now(UTC).isoformat()
        with self.transaction():
            self._db.executemany(
                "INSERT INTO indexnow_queue (url, queued) VALUES (?, ?)"
                " ON CONFLICT (url) DO NOTHING",
                [(url, now) for url in dict.fromkeys(urls)],
            )

    @_translated
    def indexnow_queue(self, limit: int) -> list[str]:
        rows = self._db.execute(
            "SELECT url FROM indexnow_queue ORDER BY queued, url LIMIT ?", (limit,)
        )
        return [url for (url,) in rows]

    @_translated
    def indexnow_sent(self, urls: Sequence[str]) -> None:
        with self.transaction():
            self._db.executemany("DELETE FROM indexnow_queue WHERE url = ?", [(u,) for u in urls])

    _POST_COLUMNS = (
        "article_id, target, status, published, payload,"
        " post_id, post_url, attempts, error, updated"
    )

    @_translated
    def queue_posts(self, posts: Sequence[Post]) -> list[Post]:
        added = []
        with self.transaction():
            for post in posts:
                cursor = self._db.execute(
                    f"INSERT INTO posts ({self._POST_COLUMNS})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (article_id, target) DO NOTHING",
                    dataclasses.astuple(post),
                )
                if cursor.rowcount == 1:
                    added.append(post)
        return added

    @_translated
    def due_posts(self, published_since: str, stale_before: str) -> list[Post]:
        rows = self._db.execute(
            f"SELECT {self._POST_COLUMNS} FROM posts WHERE published >= ?"
            " AND (status IN ('queued', 'failed') OR (status = 'posting' AND updated < ?))"
            " ORDER BY published, article_id, target",
            (published_since, stale_before),
        )
        return [Post(*row) for row in rows]

    @_translated
    def claim_post(self, article_id: str, target: str, now: str, stale_before: str) -> bool:
        with self.transaction():
            cursor = self._db.execute(
                "UPDATE posts SET status = 'posting', updated = ?"
                " WHERE article_id = ? AND target = ?"
                " AND (status IN ('queued', 'failed') OR (status = 'posting' AND updated < ?))",
                (now, article_id, target, stale_before),
            )
            return cursor.rowcount == 1

    @_translated
    def finish_post(self, post: Post) -> None:
        with self.transaction():
            self._db.execute(
                "UPDATE posts SET status = ?, post_id = ?, post_url = ?, attempts = ?,"
                " error = ?, updated = ? WHERE article_id = ? AND target = ?",
                (
                    post.status,
                    post.post_id,
                    post.post_url,
                    post.attempts,
                    post.error,
                    post.updated,
                    post.article_id,
                    post.target,
                ),
            )

    @_translated
    def posts(self, article_id: str | None = None) -> list[Post]:
        sql = f"SELECT {self._POST_COLUMNS} FROM posts"
        args: tuple[str, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ?"
            args = (article_id,)
        rows = self._db.execute(sql + " ORDER BY article_id, target", args)
        return [Post(*row) for row in rows]


# --- which store ----------------------------------------------------------------------

STORE_SCHEMES = ("postgresql", "postgres")
