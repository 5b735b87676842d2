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

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sharekit.errors import InputError
from sharekit.store._interface import Entry, FeedRow, Post, SitemapUrl
from sharekit.store._sqlbase import Cursor, SQLBase, translated
from sharekit.text._slug import section_key, unique_slug

__all__ = ["Cursor", "SQLStore", "is_numbered", "published_key", "translated"]

POST_COLUMNS = (
    "article_id, target, status, published, payload, post_id, post_url, attempts, error, updated,"
    " not_before, claim"
)


def published_key(published: datetime) -> str:
    """An entry's sort key: UTC, fixed width, so it sorts as text in both databases."""
    return published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def is_numbered(slug: str, base: str) -> bool:
    """True for ``base-N``: a slug publish gave this id because ``base`` was taken."""
    head, _, number = slug.rpartition("-")
    return head == base and number.isdigit()


class SQLStore(SQLBase):
    """The store's statements; a subclass (the dialect) connects, then calls :meth:`_open`."""

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
