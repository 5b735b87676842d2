"""The store in a PostgreSQL database (SPEC 7.7): the same tables and guarantees as SQLite.

Several publishers on several machines share one database: every write
transaction takes one transaction-level advisory lock (what ``BEGIN
IMMEDIATE`` is to SQLite: writers queue instead of racing on a slug), and
:meth:`PostgresStore.lock` is a session-level advisory lock instead of
``flock`` (the server drops it when its holder's connection dies, as the
kernel drops a flock). The schema carries the same version numbers as the
SQLite one, with its own migration steps; a newer schema is refused.

psycopg (3) is imported here only, and this module only when a store URL
names PostgreSQL: ``pip install sharekit[postgres]``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urlsplit, urlunsplit

from sharekit.errors import InputError, NetworkError, SharekitError
from sharekit.store._sqlite import (
    SCHEMA_VERSION,
    TABLE_COLUMNS,
    Post,
    Store,
    is_numbered,
    published_key,
)
from sharekit.text._slug import section_key, unique_slug

if TYPE_CHECKING:
    import psycopg

    from sharekit.feed._item import FeedFile, FeedFilter, Item

__all__ = ["PG_MIGRATIONS", "PostgresStore", "redacted"]

# Advisory lock keys (any bigint; these spell "skwrite" and "sklock" in ASCII):
# one for write transactions, one for the writer lock held across them.
_TRANSACTION_KEY = 0x736B7772697465
_WRITER_KEY = 0x736B6C6F636B

# The SQLite steps, spoken in PostgreSQL: the version numbers mean the same
# tables in both. Text that SQLite compares bytewise (keys, ids, the
# fixed-width UTC times) is COLLATE "C" here, so feeds sort the same whatever
# the database's locale. feed_files gets a column for the registration
# order that SQLite keeps in its rowid.
PG_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1: the feed entries with their tag and author keys, and the feed files
        'CREATE TABLE IF NOT EXISTS store_meta (key TEXT COLLATE "C" PRIMARY KEY,'
        " value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS feed_entries (
            id TEXT COLLATE "C" PRIMARY KEY,
            published_key TEXT COLLATE "C" NOT NULL,
            section_key TEXT COLLATE "C" NOT NULL,
            slug TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS feed_entries_newest ON feed_entries (published_key DESC, id)",
        "CREATE INDEX IF NOT EXISTS feed_entries_section"
        " ON feed_entries (section_key, published_key DESC, id)",
        'CREATE TABLE IF NOT EXISTS feed_entry_tags (tag_key TEXT COLLATE "C" NOT NULL,'
        ' id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (tag_key, id))',
        "CREATE INDEX IF NOT EXISTS feed_entry_tags_id ON feed_entry_tags (id)",
        'CREATE TABLE IF NOT EXISTS feed_entry_authors (author_key TEXT COLLATE "C" NOT NULL,'
        ' id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (author_key, id))',
        "CREATE INDEX IF NOT EXISTS feed_entry_authors_id ON feed_entry_authors (id)",
        """CREATE TABLE IF NOT EXISTS feed_files (
            n BIGINT GENERATED ALWAYS AS IDENTITY,
            path TEXT COLLATE "C" PRIMARY KEY,
            format TEXT NOT NULL,
            section TEXT, tag TEXT, author TEXT,
            url TEXT
        )""",
    ),
    (  # 1 -> 2: the published registry
        'CREATE TABLE IF NOT EXISTS published (id TEXT COLLATE "C" PRIMARY KEY,'
        ' slug TEXT COLLATE "C" NOT NULL UNIQUE, digest TEXT, files TEXT)',
    ),
    (  # 2 -> 3: SPEC 7.4: sitemap elements, IndexNow's queue and the posts per target
        """CREATE TABLE IF NOT EXISTS sitemap_urls (
            id TEXT COLLATE "C" PRIMARY KEY,
            published_key TEXT COLLATE "C" NOT NULL,
            section_key TEXT COLLATE "C" NOT NULL,
            lastmod TEXT NOT NULL,
            element TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS sitemap_urls_oldest ON sitemap_urls (published_key, id)",
        'CREATE TABLE IF NOT EXISTS indexnow_queue (url TEXT COLLATE "C" PRIMARY KEY,'
        ' queued TEXT COLLATE "C" NOT NULL)',
        """CREATE TABLE IF NOT EXISTS posts (
            article_id TEXT COLLATE "C" NOT NULL,
            target TEXT COLLATE "C" NOT NULL,
            status TEXT NOT NULL,
            published TEXT COLLATE "C" NOT NULL,
            payload TEXT NOT NULL,
            post_id TEXT NOT NULL DEFAULT '',
            post_url TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT NOT NULL DEFAULT '',
            updated TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (article_id, target)
        )""",
        "CREATE INDEX IF NOT EXISTS posts_due ON posts (status, published)",
    ),
    (  # 3 -> 4: every slug an id was given stays its own (its folder may still be there)
        'CREATE TABLE IF NOT EXISTS slug_owners (slug TEXT COLLATE "C" PRIMARY KEY,'
        ' id TEXT COLLATE "C" NOT NULL)',
        "INSERT INTO slug_owners (slug, id) SELECT slug, id FROM published"
        " ON CONFLICT (slug) DO NOTHING",
    ),
    (  # 4 -> 5: the sha256 of each object written to a remote output
        'CREATE TABLE IF NOT EXISTS objects (path TEXT COLLATE "C" PRIMARY KEY,'
        " sha256 TEXT NOT NULL)",
    ),
)
assert len(PG_MIGRATIONS) == SCHEMA_VERSION, "a SQLite migration without its PostgreSQL step"

P = ParamSpec("P")
R = TypeVar("R")


def redacted(url: str) -> str:
    """The URL without its password: what errors and logs may show."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}@{host}", parts.path, parts.query, ""))


def _translated(
    method: Callable[Concatenate[PostgresStore, P], R],
) -> Callable[Concatenate[PostgresStore, P], R]:
    """The method with a psycopg error raised as a sharekit error naming the store."""

    def wrapper(self: PostgresStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        import psycopg

        try:
            return method(self, *args, **kwargs)
        except psycopg.Error as error:
            raise self.error(error) from error

    return functools.wraps(method)(wrapper)


class PostgresStore(Store):
    """The store in the PostgreSQL database at ``url`` (``postgresql://...``), opened,
    created and migrated at once. One connection; errors name the URL without its
    password: a server that cannot be reached (or was lost) is a
    :class:`NetworkError` (exit 3), anything else an :class:`InputError` (exit 2).
    """

    def __init__(self, url: str, *, connect_timeout: float = 10) -> None:
        self.url = url
        self.name = redacted(url)
        self._depth = 0
        try:
            import psycopg
        except ImportError:
            raise InputError(
                self.name,
                None,
                "a PostgreSQL store needs psycopg: pip install 'sharekit[postgres]'",
            ) from None
        try:
            self._db: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(
                url,
                autocommit=True,  # transactions are explicit, as in the SQLite store
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

        text = " ".join(str(error).split()) or type(error).__name__
        if isinstance(error, psycopg.OperationalError) and not isinstance(
            error, psycopg.errors.LockNotAvailable
        ):
            return NetworkError(self.name, f"cannot reach the store: {text}")
        return InputError(self.name, None, f"cannot use the store: {text}")

    @_translated
    def _open(self) -> None:
        self._check_tables(present_only=True)  # before a migration writes to them
        if self._version() < SCHEMA_VERSION:
            with self.transaction():  # a writer at a time: each step runs once
                version = self._version()
                for step in PG_MIGRATIONS[version:]:
                    for statement in step:
                        self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO store_meta VALUES ('schema_version', %s)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(SCHEMA_VERSION),),
                )
        self._check_tables()

    def _check_tables(self, *, present_only: bool = False) -> None:
        """Refuse a database whose tables are not the ones sharekit made (another
        program's tables of the same names, in the schema the URL's search_path finds)."""
        rows = self._db.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ANY(%s)",
            (list(TABLE_COLUMNS),),
        ).fetchall()
        have: dict[str, set[str]] = {}
        for table, column in rows:
            have.setdefault(str(table), set()).add(str(column))
        for table, wanted in TABLE_COLUMNS.items():
            columns = have.get(table, set())
            if present_only and not columns:
                continue
            if not wanted <= columns:
                missing = ", ".join(sorted(wanted - columns))
                raise InputError(
                    self.name,
                    None,
                    f"not a sharekit store: table {table} lacks {missing}"
                    " (use another database or schema for a new store)",
                )

    def _version(self) -> int:
        """The database's schema version; a newer one than this code knows is refused."""
        row = self._db.execute("SELECT to_regclass('store_meta') IS NOT NULL").fetchone()
        if not row or not row[0]:
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

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        import psycopg

        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self._db.execute("BEGIN")
            # writers one at a time, as BEGIN IMMEDIATE in SQLite: two claims
            # of one slug queue instead of one failing on the UNIQUE index
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_TRANSACTION_KEY,))
        except psycopg.Error as error:
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
            self._db.execute("COMMIT")
        except psycopg.Error as error:
            self._rollback()
            raise self.error(error) from error

    def _rollback(self) -> None:
        import psycopg

        with contextlib.suppress(psycopg.Error):
            self._db.execute("ROLLBACK")

    # --- the published registry ----------------------------------------------------

    @_translated
    def claim(self, article_id: str, wanted: str) -> tuple[str, str | None]:
        with self.transaction():
            row = self._db.execute(
                "SELECT slug FROM published WHERE id = %s", (article_id,)
            ).fetchone()
            known = row[0] if row else None
            if known is not None and (known == wanted or is_numbered(known, wanted)):
                return known, None
            # A slug is taken while another id publishes under it, and for good once
            # another id ever did (slug_owners). "wanted-*" as a range of each slug
            # index (bytewise: COLLATE "C"): a LIKE with ESCAPE scans the whole
            # table, once per new id, which made a 100,000-article backfill
            # quadratic in the coordinator. Both tables in one statement: one
            # round trip to the server.
            where = "(slug = %s OR (slug >= %s AND slug < %s)) AND id != %s"
            bounds = (wanted, wanted + "-", wanted + ".", article_id)
            taken = {
                slug
                for (slug,) in self._db.execute(
                    f"SELECT slug FROM published WHERE {where}"
                    f" UNION ALL SELECT slug FROM slug_owners WHERE {where}",
                    bounds + bounds,
                )
            }
            slug = unique_slug(wanted, taken)
            self._db.execute(
                "INSERT INTO published (id, slug) VALUES (%s, %s)"
                " ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, digest = NULL",
                (article_id, slug),
            )
            self._db.execute(
                "INSERT INTO slug_owners (slug, id) VALUES (%s, %s) ON CONFLICT (slug) DO NOTHING",
                (slug, article_id),
            )
        return slug, known

    @_translated
    def stored(self, article_id: str) -> tuple[str | None, list[str]]:
        row = self._db.execute(
            "SELECT digest, files FROM published WHERE id = %s", (article_id,)
        ).fetchone()
        if not row:
            return None, []
        return row[0], self._files(article_id, row[1])

    @_translated
    def record_files(self, article_id: str, files: list[str]) -> None:
        self._db.execute(
            "UPDATE published SET digest = NULL, files = %s WHERE id = %s",
            (json.dumps(files), article_id),
        )

    @_translated
    def confirm(self, digests: Sequence[tuple[str, str]]) -> None:
        if not digests:
            return
        with self.transaction():
            self._db.cursor().executemany(
                "UPDATE published SET digest = %s WHERE id = %s",
                [(digest, article_id) for article_id, digest in digests],
            )

    # --- objects -----------------------------------------------------------------------

    @_translated
    def object_digests(self, paths: Sequence[str]) -> dict[str, str]:
        if not paths:
            return {}
        rows = self._db.execute(
            "SELECT path, sha256 FROM objects WHERE path = ANY(%s)", (list(paths),)
        ).fetchall()
        return {str(path): str(digest) for path, digest in rows}

    @_translated
    def record_objects(self, digests: Sequence[tuple[str, str]]) -> None:
        if digests:
            with self.transaction():
                self._db.cursor().executemany(
                    "INSERT INTO objects VALUES (%s, %s)"
                    " ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256",
                    list(dict(digests).items()),  # one row per path: the last digest wins
                )

    # --- feeds -----------------------------------------------------------------------

    @_translated
    def feeds(self) -> list[FeedFile]:
        from sharekit.feed._item import FeedFile, FeedFilter

        rows = self._db.execute(
            "SELECT path, format, section, tag, author, url FROM feed_files ORDER BY n"
        ).fetchall()
        return [FeedFile(p, f, FeedFilter(s, t, a), u) for p, f, s, t, a, u in rows]

    @_translated
    def add_feed(self, feed: FeedFile) -> None:
        where = feed.filter
        self._db.execute(
            "INSERT INTO feed_files (path, format, section, tag, author, url)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            (feed.path, feed.format, where.section, where.tag, where.author, feed.url),
        )

    @_translated
    def upsert_entries(self, items: Sequence[Item]) -> list[Item]:
        if not items:
            return []
        latest = {item.id: item for item in items}  # the last of an id wins, as in SQLite
        ids = list(latest)
        with self.transaction():
            db = self._db
            replaced = [
                self._item(data)
                for (data,) in db.execute(
                    "SELECT data FROM feed_entries WHERE id = ANY(%s)", (ids,)
                ).fetchall()
            ]
            db.execute("DELETE FROM feed_entry_tags WHERE id = ANY(%s)", (ids,))
            db.execute("DELETE FROM feed_entry_authors WHERE id = ANY(%s)", (ids,))
            cursor = db.cursor()
            cursor.executemany(
                "INSERT INTO feed_entries VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE"
                " SET published_key = excluded.published_key,"
                " section_key = excluded.section_key, slug = excluded.slug, data = excluded.data",
                [
                    (
                        item.id,
                        published_key(item),
                        section_key(item.section),
                        item.slug,
                        json.dumps(item.to_json(), ensure_ascii=False),
                    )
                    for item in latest.values()
                ],
            )
            cursor.executemany(
                "INSERT INTO feed_entry_tags VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [(tag.casefold(), item.id) for item in latest.values() for tag in item.tags],
            )
            cursor.executemany(
                "INSERT INTO feed_entry_authors VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [
                    (author[0].casefold(), item.id)
                    for item in latest.values()
                    for author in item.authors
                ],
            )
        return replaced

    @_translated
    def items(self, filter: FeedFilter | None = None, limit: int | None = None) -> list[Item]:
        sql = "SELECT data FROM feed_entries e WHERE TRUE"
        args: list[object] = []
        if filter is not None and filter.section is not None:
            sql += " AND e.section_key = %s"
            args.append(section_key(filter.section))
        if filter is not None and filter.tag is not None:
            sql += (
                " AND EXISTS (SELECT 1 FROM feed_entry_tags t WHERE t.id = e.id AND t.tag_key = %s)"
            )
            args.append(filter.tag.casefold())
        if filter is not None and filter.author is not None:
            sql += (
                " AND EXISTS (SELECT 1 FROM feed_entry_authors a"
                " WHERE a.id = e.id AND a.author_key = %s)"
            )
            args.append(filter.author.casefold())
        sql += " ORDER BY e.published_key DESC, e.id"
        if limit is not None:
            sql += " LIMIT %s"
            args.append(limit)
        rows = self._db.execute(sql, args).fetchall()
        return [self._item(data) for (data,) in rows]

    @_translated
    def count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM feed_entries").fetchone()
        return int(row[0]) if row else 0

    # --- sitemaps ----------------------------------------------------------------------

    @_translated
    def upsert_sitemap_urls(self, urls: Sequence[tuple[Item, str, str]]) -> None:
        if not urls:
            return
        rows = {  # one row per id: the last wins, as in SQLite
            item.id: (item.id, published_key(item), section_key(item.section), lastmod, element)
            for item, lastmod, element in urls
        }
        with self.transaction():
            self._db.cursor().executemany(
                "INSERT INTO sitemap_urls VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE"
                " SET published_key = excluded.published_key, section_key = excluded.section_key,"
                " lastmod = excluded.lastmod, element = excluded.element",
                list(rows.values()),
            )

    @_translated
    def sitemap_urls(self) -> list[tuple[str, str, str]]:
        rows = self._db.execute(
            "SELECT section_key, lastmod, element FROM sitemap_urls ORDER BY published_key, id"
        ).fetchall()
        return [(str(key), str(lastmod), str(element)) for key, lastmod, element in rows]

    @_translated
    def sitemap_count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM sitemap_urls").fetchone()
        return int(row[0]) if row else 0

    # --- syndication -------------------------------------------------------------------

    @_translated
    def queue_indexnow(self, urls: Sequence[str]) -> None:
        if not urls:
            return
        now = datetime.now(UTC).isoformat()
        with self.transaction():
            self._db.cursor().executemany(
                "INSERT INTO indexnow_queue (url, queued) VALUES (%s, %s)"
                " ON CONFLICT (url) DO NOTHING",
                [(url, now) for url in dict.fromkeys(urls)],
            )

    @_translated
    def indexnow_queue(self, limit: int) -> list[str]:
        rows = self._db.execute(
            "SELECT url FROM indexnow_queue ORDER BY queued, url LIMIT %s", (limit,)
        ).fetchall()
        return [str(url) for (url,) in rows]

    @_translated
    def indexnow_sent(self, urls: Sequence[str]) -> None:
        if urls:
            with self.transaction():
                self._db.execute("DELETE FROM indexnow_queue WHERE url = ANY(%s)", (list(urls),))

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
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (article_id, target) DO NOTHING",
                    dataclasses.astuple(post),
                )
                if cursor.rowcount == 1:
                    added.append(post)
        return added

    @_translated
    def due_posts(self, published_since: str, stale_before: str) -> list[Post]:
        rows = self._db.execute(
            f"SELECT {self._POST_COLUMNS} FROM posts WHERE published >= %s"
            " AND (status IN ('queued', 'failed') OR (status = 'posting' AND updated < %s))"
            " ORDER BY published, article_id, target",
            (published_since, stale_before),
        ).fetchall()
        return [Post(*row) for row in rows]

    @_translated
    def claim_post(self, article_id: str, target: str, now: str, stale_before: str) -> bool:
        with self.transaction():
            cursor = self._db.execute(
                "UPDATE posts SET status = 'posting', updated = %s"
                " WHERE article_id = %s AND target = %s"
                " AND (status IN ('queued', 'failed') OR (status = 'posting' AND updated < %s))",
                (now, article_id, target, stale_before),
            )
            return cursor.rowcount == 1

    @_translated
    def finish_post(self, post: Post) -> None:
        with self.transaction():
            self._db.execute(
                "UPDATE posts SET status = %s, post_id = %s, post_url = %s, attempts = %s,"
                " error = %s, updated = %s WHERE article_id = %s AND target = %s",
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
            sql += " WHERE article_id = %s"
            args = (article_id,)
        rows = self._db.execute(sql + " ORDER BY article_id, target", args).fetchall()
        return [Post(*row) for row in rows]
