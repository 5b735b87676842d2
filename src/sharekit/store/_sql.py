"""The store in SQL: every statement written once, for SQLite and PostgreSQL alike.

:class:`SQLStore` implements :class:`~sharekit.store._interface.Store`
over a dialect, its subclass (:mod:`~sharekit.store._sqlite`,
:mod:`~sharekit.store._postgres`), which says only what differs: how to
connect and run a statement (SQLite's ``?`` placeholders are the ones
written here), what begins a transaction so that writers queue, whether a
transaction is still open, the writer lock, which driver errors become
which sharekit error, how to read the tables a database has, and its
spelling of the one migration history (:mod:`~sharekit.store._schema`).
The SQL itself is the part both databases speak: ``INSERT ... ON
CONFLICT`` (SQLite 3.24 and later), ``IN`` lists, ``UNION ALL``,
``LIMIT``.

Every driver error a method meets is translated once, by :func:`translated`,
into the dialect's sharekit error naming the store (exit 2, or 3 for a
server that cannot be reached).
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, Concatenate, ParamSpec, Protocol, TypeVar

from sharekit.errors import InputError, SharekitError
from sharekit.store._interface import Entry, FeedRow, Post, SitemapUrl, Store
from sharekit.store._schema import SCHEMA_VERSION, TABLE_COLUMNS, migration
from sharekit.text._slug import section_key, unique_slug

__all__ = ["Cursor", "SQLStore", "is_numbered", "published_key", "translated"]

# Keys per ``IN (...)`` list: under the 999 variables of SQLite before 3.32.
_CHUNK = 500

POST_COLUMNS = (
    "article_id, target, status, published, payload, post_id, post_url, attempts, error, updated,"
    " not_before, claim"
)


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


def published_key(published: datetime) -> str:
    """An entry's sort key: UTC, fixed width, so it sorts as text in both databases."""
    return published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def is_numbered(slug: str, base: str) -> bool:
    """True for ``base-N``: a slug publish gave this id because ``base`` was taken."""
    head, _, number = slug.rpartition("-")
    return head == base and number.isdigit()


P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="SQLStore")


def translated(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """The method with a driver error raised as the store's sharekit error."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except self.driver_errors as error:
            raise self.error(error) from error

    return functools.wraps(method)(wrapper)


class SQLStore(Store):
    """The store's statements; a subclass (the dialect) connects, then calls :meth:`_open`."""

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

    # --- the published registry ----------------------------------------------------

    @translated
    def claim(self, article_id: str, wanted: str) -> tuple[str, str | None]:
        with self.transaction():
            row = self._execute("SELECT slug FROM published WHERE id = ?", (article_id,)).fetchone()
            known = row[0] if row else None
            if known is not None and (known == wanted or is_numbered(known, wanted)):
                return known, None
            # A slug is taken while another id publishes under it, and for good once
            # another id ever did (slug_owners: its folder may still be there).
            # "wanted-*" is a range of each slug index (bytewise in both databases): a
            # LIKE with ESCAPE scans the whole table, once per new id, which made a
            # 100,000-article backfill quadratic. Both tables in one statement: one
            # round trip to a server.
            where = "(slug = ? OR (slug >= ? AND slug < ?)) AND id != ?"
            bounds = (wanted, wanted + "-", wanted + ".", article_id)
            rows = self._execute(
                f"SELECT slug FROM published WHERE {where}"
                f" UNION ALL SELECT slug FROM slug_owners WHERE {where}",
                bounds + bounds,
            ).fetchall()
            slug = unique_slug(wanted, {taken for (taken,) in rows})
            self._execute(
                "INSERT INTO published (id, slug) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, digest = NULL",
                (article_id, slug),
            )
            self._execute(
                "INSERT INTO slug_owners (slug, id) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING",
                (slug, article_id),
            )
            # a new slug is new files in every output
            self._execute("UPDATE written SET digest = NULL WHERE id = ?", (article_id,))
        return slug, known

    @translated
    def stored(self, article_id: str) -> tuple[str | None, list[str]]:
        row = self._execute(
            "SELECT digest, files FROM written WHERE out = ? AND id = ?", (self.output, article_id)
        ).fetchone()
        if not row:
            return None, []
        return row[0], self._files(article_id, row[1])

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

    @translated
    def record_files(self, article_id: str, files: list[str]) -> None:
        self._execute(
            "INSERT INTO written (out, id, digest, files) VALUES (?, ?, NULL, ?)"
            " ON CONFLICT (out, id) DO UPDATE SET digest = NULL, files = excluded.files",
            (self.output, article_id, json.dumps(files)),
        )

    @translated
    def confirm(self, digests: Sequence[tuple[str, str]]) -> None:
        if digests:
            with self.transaction():
                self._executemany(
                    "UPDATE written SET digest = ? WHERE out = ? AND id = ?",
                    [(digest, self.output, article_id) for article_id, digest in digests],
                )

    # --- objects -------------------------------------------------------------------

    @translated
    def object_digests(self, paths: Sequence[str]) -> dict[str, str]:
        rows = self._for_keys(
            "SELECT path, sha256 FROM out_objects WHERE out = ? AND path IN ({keys})",
            list(dict.fromkeys(paths)),
            (self.output,),
        )
        return {str(path): str(digest) for path, digest in rows}

    @translated
    def record_objects(self, digests: Sequence[tuple[str, str]]) -> None:
        if digests:
            with self.transaction():
                self._executemany(
                    "INSERT INTO out_objects (out, path, sha256) VALUES (?, ?, ?)"
                    " ON CONFLICT (out, path) DO UPDATE SET sha256 = excluded.sha256",
                    # one row per path: the last digest wins
                    [(self.output, path, sha) for path, sha in dict(digests).items()],
                )

    # --- feeds: the files and the entries ------------------------------------------

    @translated
    def feeds(self) -> list[FeedRow]:
        rows = self._execute(
            "SELECT path, format, section, tag, author, url FROM feed_files"
            f" ORDER BY {self.FEED_ORDER}"
        ).fetchall()
        return [FeedRow(*row) for row in rows]

    @translated
    def add_feed(self, feed: FeedRow) -> None:
        self._execute(
            "INSERT INTO feed_files (path, format, section, tag, author, url)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (feed.path, feed.format, feed.section, feed.tag, feed.author, feed.url),
        )

    @translated
    def upsert_entries(self, entries: Sequence[Entry]) -> list[str]:
        latest = {entry.id: entry for entry in entries}  # the last of an id wins
        ids = list(latest)
        if not ids:
            return []
        with self.transaction():
            before = dict(
                self._for_keys("SELECT id, data FROM feed_entries WHERE id IN ({keys})", ids)
            )
            self._for_keys("DELETE FROM feed_entry_tags WHERE id IN ({keys})", ids)
            self._for_keys("DELETE FROM feed_entry_authors WHERE id IN ({keys})", ids)
            self._executemany(
                "INSERT INTO feed_entries (id, published_key, section_key, slug, data)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " published_key = excluded.published_key, section_key = excluded.section_key,"
                " slug = excluded.slug, data = excluded.data",
                [
                    (e.id, published_key(e.published), section_key(e.section), e.slug, e.data)
                    for e in latest.values()
                ],
            )
            self._executemany(
                "INSERT INTO feed_entry_tags (tag_key, id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(tag.casefold(), e.id) for e in latest.values() for tag in e.tags],
            )
            self._executemany(
                "INSERT INTO feed_entry_authors (author_key, id) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                [(name.casefold(), e.id) for e in latest.values() for name in e.authors],
            )
        return [str(before[id]) for id in ids if id in before]

    @translated
    def entries(
        self,
        *,
        section: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        limit: int | None = None,
    ) -> list[str]:
        conditions = []
        args: list[object] = []
        if section is not None:
            conditions.append("e.section_key = ?")
            args.append(section_key(section))
        if tag is not None:
            conditions.append(
                "EXISTS (SELECT 1 FROM feed_entry_tags t WHERE t.id = e.id AND t.tag_key = ?)"
            )
            args.append(tag.casefold())
        if author is not None:
            conditions.append(
                "EXISTS (SELECT 1 FROM feed_entry_authors a WHERE a.id = e.id AND a.author_key = ?)"
            )
            args.append(author.casefold())
        sql = "SELECT data FROM feed_entries e"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += " ORDER BY e.published_key DESC, e.id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [str(data) for (data,) in self._execute(sql, args).fetchall()]

    @translated
    def entry_count(self) -> int:
        return int(self._execute("SELECT count(*) FROM feed_entries").fetchone()[0])

    # --- sitemaps ------------------------------------------------------------------

    @translated
    def upsert_sitemap_urls(self, urls: Sequence[SitemapUrl]) -> None:
        rows = {  # one row per id: the last wins
            url.id: (
                url.id,
                published_key(url.published),
                section_key(url.section),
                url.lastmod,
                url.element,
            )
            for url in urls
        }
        if rows:
            with self.transaction():
                self._executemany(
                    "INSERT INTO sitemap_urls (id, published_key, section_key, lastmod, element)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                    " published_key = excluded.published_key, section_key = excluded.section_key,"
                    " lastmod = excluded.lastmod, element = excluded.element",
                    list(rows.values()),
                )

    @translated
    def sitemap_urls(self) -> list[tuple[str, str, str]]:
        rows = self._execute(
            "SELECT section_key, lastmod, element FROM sitemap_urls ORDER BY published_key, id"
        ).fetchall()
        return [(str(key), str(lastmod), str(element)) for key, lastmod, element in rows]

    @translated
    def sitemap_count(self) -> int:
        return int(self._execute("SELECT count(*) FROM sitemap_urls").fetchone()[0])

    # --- syndication: IndexNow's queue, the posts ------------------------------------

    @translated
    def queue_indexnow(self, urls: Sequence[str]) -> None:
        if urls:
            now = datetime.now(UTC).isoformat()
            with self.transaction():
                self._executemany(
                    "INSERT INTO indexnow_queue (url, queued) VALUES (?, ?)"
                    " ON CONFLICT (url) DO NOTHING",
                    [(url, now) for url in dict.fromkeys(urls)],
                )

    @translated
    def indexnow_queue(self, limit: int) -> list[str]:
        rows = self._execute(
            "SELECT url FROM indexnow_queue ORDER BY queued, url LIMIT ?", (limit,)
        ).fetchall()
        return [str(url) for (url,) in rows]

    @translated
    def indexnow_sent(self, urls: Sequence[str]) -> None:
        if urls:
            with self.transaction():
                self._for_keys("DELETE FROM indexnow_queue WHERE url IN ({keys})", urls)

    @translated
    def queue_posts(self, posts: Sequence[Post]) -> list[Post]:
        added = []
        with self.transaction():
            for post in posts:
                cursor = self._execute(
                    f"INSERT INTO posts ({POST_COLUMNS}) VALUES ({', '.join('?' * 12)})"
                    " ON CONFLICT (article_id, target) DO NOTHING",
                    dataclasses.astuple(post),
                )
                if cursor.rowcount == 1:
                    added.append(post)
        return added

    @translated
    def open_posts(self, since: str) -> list[Post]:
        rows = self._execute(
            f"SELECT {POST_COLUMNS} FROM posts WHERE status <> 'posted'"
            " AND (published >= ? OR not_before >= ?) ORDER BY published, article_id, target",
            (since, since),
        ).fetchall()
        return [Post(*row) for row in rows]

    @translated
    def take_post(self, post: Post, now: str, claim: str) -> bool:
        with self.transaction():
            cursor = self._execute(
                "UPDATE posts SET status = 'posting', updated = ?, claim = ?"
                " WHERE article_id = ? AND target = ? AND status = ? AND updated = ?",
                (now, claim, post.article_id, post.target, post.status, post.updated),
            )
            return cursor.rowcount == 1

    @translated
    def finish_post(self, post: Post) -> None:
        with self.transaction():
            self._execute(
                "UPDATE posts SET status = ?, post_id = ?, post_url = ?, attempts = ?,"
                " error = ?, updated = ?, not_before = ?, claim = ?"
                " WHERE article_id = ? AND target = ?",
                (
                    post.status,
                    post.post_id,
                    post.post_url,
                    post.attempts,
                    post.error,
                    post.updated,
                    post.not_before,
                    post.claim,
                    post.article_id,
                    post.target,
                ),
            )

    @translated
    def posted_since(self, target: str, since: str) -> list[str]:
        rows = self._execute(
            "SELECT updated FROM posts WHERE target = ? AND status = 'posted' AND updated >= ?"
            " ORDER BY updated",
            (target, since),
        ).fetchall()
        return [str(updated) for (updated,) in rows]

    @translated
    def posts(self, article_id: str | None = None) -> list[Post]:
        sql = f"SELECT {POST_COLUMNS} FROM posts"
        args: tuple[str, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ?"
            args = (article_id,)
        rows = self._execute(sql + " ORDER BY article_id, target", args).fetchall()
        return [Post(*row) for row in rows]

    # --- moves (SPEC 8.4): the URL of each id, the URLs it left --------------------

    @translated
    def note_url(self, article_id: str, url: str) -> str | None:
        if self.known_url(article_id) == url:
            return None  # the common case, read without a write transaction (no commit)
        with self.transaction():
            row = self._execute("SELECT url FROM article_urls WHERE id = ?", (article_id,))
            known = row.fetchone()
            if known is not None and known[0] == url:
                return None
            self._execute(
                "INSERT INTO article_urls (id, url) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET url = excluded.url",
                (article_id, url),
            )
            self._execute("DELETE FROM redirects WHERE old_url = ?", (url,))
            if known is None:
                return None
            self._execute(
                "INSERT INTO redirects (old_url, id) VALUES (?, ?)"
                " ON CONFLICT (old_url) DO UPDATE SET id = excluded.id",
                (known[0], article_id),
            )
        return str(known[0])

    @translated
    def known_url(self, article_id: str) -> str | None:
        row = self._execute("SELECT url FROM article_urls WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    @translated
    def redirects(self) -> list[tuple[str, str]]:
        rows = self._execute(
            "SELECT r.old_url, a.url FROM redirects r JOIN article_urls a ON a.id = r.id"
            " WHERE r.old_url != a.url AND r.old_url NOT IN (SELECT url FROM article_urls)"
            " ORDER BY r.old_url"
        ).fetchall()
        return [(str(old), str(new)) for old, new in rows]

    # --- SPEC 8.2 (serve hook v2): deliveries taken, and the versions published ---

    @translated
    def remember_delivery(self, delivery: str, now: str, forget_before: str) -> bool:
        with self.transaction():
            self._execute("DELETE FROM hook_deliveries WHERE seen < ?", (forget_before,))
            cursor = self._execute(
                "INSERT INTO hook_deliveries (delivery, seen) VALUES (?, ?)"
                " ON CONFLICT (delivery) DO NOTHING",
                (delivery, now),
            )
            return cursor.rowcount == 1

    @translated
    def forget_delivery(self, delivery: str) -> None:
        with self.transaction():
            self._execute("DELETE FROM hook_deliveries WHERE delivery = ?", (delivery,))

    @translated
    def entry_data(self, ids: Sequence[str]) -> dict[str, str]:
        rows = self._for_keys("SELECT id, data FROM feed_entries WHERE id IN ({keys})", ids)
        return {str(id): str(data) for id, data in rows}
