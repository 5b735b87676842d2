"""The store's tables: one migration history for SQLite and PostgreSQL.

Each step takes the schema from version N (its index) to N + 1;
SCHEMA_VERSION is the number of steps, and means the same tables in both
databases. Before version 2 the SQLite file had two owners that made their
tables on their own: feeds wrote store_meta "1" with the feed tables,
publish the `published` table and no version. So a store without
store_meta is version 0 (it may hold `published`), and every step is
IF NOT EXISTS (an ``ALTER TABLE ... ADD COLUMN`` runs only where the column is
missing: :func:`sharekit.store._sql._added_before`).

Where the databases differ, a statement names the difference and each
dialect spells it (:attr:`sharekit.store._sql.SQLStore.SPELLING`):

``{key}``
    text compared as bytes: ids, slugs, keys and the fixed-width UTC times
    feeds sort by. SQLite compares text bytewise; PostgreSQL needs
    ``COLLATE "C"``, or feeds would sort by the database's locale.
``{without_rowid}``
    SQLite's table option for tables that are all key (none in PostgreSQL).
``{registered}``
    the column that keeps the order feed files were registered in: SQLite
    keeps it in the rowid, PostgreSQL in an identity column.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "TABLE_COLUMNS", "migration"]

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1: the feed entries with their tag and author keys, and the feed files
        "CREATE TABLE IF NOT EXISTS store_meta (key {key} PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE IF NOT EXISTS feed_entries (
            id {key} PRIMARY KEY,
            published_key {key} NOT NULL,     -- UTC, fixed width: sorts as text
            section_key {key} NOT NULL,       -- text._slug.section_key(section)
            slug TEXT NOT NULL,
            data TEXT NOT NULL                -- the entry as its owner wrote it (JSON)
        )""",
        "CREATE INDEX IF NOT EXISTS feed_entries_newest ON feed_entries (published_key DESC, id)",
        "CREATE INDEX IF NOT EXISTS feed_entries_section"
        " ON feed_entries (section_key, published_key DESC, id)",
        "CREATE TABLE IF NOT EXISTS feed_entry_tags (tag_key {key} NOT NULL,"
        " id {key} NOT NULL, PRIMARY KEY (tag_key, id)){without_rowid}",
        "CREATE INDEX IF NOT EXISTS feed_entry_tags_id ON feed_entry_tags (id)",
        "CREATE TABLE IF NOT EXISTS feed_entry_authors (author_key {key} NOT NULL,"
        " id {key} NOT NULL, PRIMARY KEY (author_key, id)){without_rowid}",
        "CREATE INDEX IF NOT EXISTS feed_entry_authors_id ON feed_entry_authors (id)",
        """CREATE TABLE IF NOT EXISTS feed_files ({registered}
            path {key} PRIMARY KEY,           -- relative to the root, POSIX separators
            format TEXT NOT NULL,
            section TEXT, tag TEXT, author TEXT,
            url TEXT                          -- NULL: [publish] base_url + "/" + path
        )""",
    ),
    (  # 1 -> 2: the published registry, until now made by publish alone
        "CREATE TABLE IF NOT EXISTS published (id {key} PRIMARY KEY,"
        " slug {key} NOT NULL UNIQUE, digest TEXT, files TEXT)",
    ),
    (  # 2 -> 3: SPEC 7.4: sitemap elements, IndexNow's queue and the posts per target
        """CREATE TABLE IF NOT EXISTS sitemap_urls (
            id {key} PRIMARY KEY,             -- the feed entry's id
            published_key {key} NOT NULL,     -- as feed_entries: sorts as text
            section_key {key} NOT NULL,
            lastmod TEXT NOT NULL,            -- W3C datetime, UTC
            element TEXT NOT NULL             -- the <url> element, ready to write
        )""",
        "CREATE INDEX IF NOT EXISTS sitemap_urls_oldest ON sitemap_urls (published_key, id)",
        "CREATE TABLE IF NOT EXISTS indexnow_queue (url {key} PRIMARY KEY, queued {key} NOT NULL)",
        """CREATE TABLE IF NOT EXISTS posts (
            article_id {key} NOT NULL,
            target {key} NOT NULL,            -- mastodon, bluesky, telegram
            status TEXT NOT NULL,             -- queued, posting, posted, failed
            published {key} NOT NULL,         -- the article's, UTC ISO 8601
            payload TEXT NOT NULL,            -- JSON: what is posted (never a secret)
            post_id TEXT NOT NULL DEFAULT '',
            post_url TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT NOT NULL DEFAULT '',
            updated {key} NOT NULL,           -- UTC ISO 8601
            PRIMARY KEY (article_id, target)
        )""",
        "CREATE INDEX IF NOT EXISTS posts_due ON posts (status, published)",
    ),
    (  # 3 -> 4: every slug an id was given stays its own (its folder may still be there)
        "CREATE TABLE IF NOT EXISTS slug_owners (slug {key} PRIMARY KEY, id {key} NOT NULL)",
        # WHERE true: SQLite would read ON CONFLICT as a join's ON without it
        "INSERT INTO slug_owners (slug, id) SELECT slug, id FROM published WHERE true"
        " ON CONFLICT (slug) DO NOTHING",
    ),
    (  # 4 -> 5: the sha256 of each object written to a remote output (SPEC 7.7), so an
        # unchanged object is known without listing or reading the bucket
        "CREATE TABLE IF NOT EXISTS objects (path {key} PRIMARY KEY, sha256 TEXT NOT NULL)",
    ),
    (  # 5 -> 6 (SPEC 8.4, redirects): the URL each id publishes under, and every URL an
        # id has left, which redirects to the id's URL of the day (never a chain)
        "CREATE TABLE IF NOT EXISTS article_urls (id {key} PRIMARY KEY, url {key} NOT NULL)",
        "CREATE TABLE IF NOT EXISTS redirects (old_url {key} PRIMARY KEY, id {key} NOT NULL)",
    ),
    (  # 6 -> 7: SPEC 8.7: a post waits until not_before (a delay, syndicate_at, a 429's
        # Retry-After, a service's pace); claim names the run that is posting it (host and
        # process), so a run that was killed is known at once on that host
        "ALTER TABLE posts ADD COLUMN not_before {key} NOT NULL DEFAULT ''",
        "ALTER TABLE posts ADD COLUMN claim TEXT NOT NULL DEFAULT ''",
    ),
    (  # 7 -> 8: SPEC 8.2 (serve hook v2): the delivery ids the publish hook has taken, so a
        # replayed delivery is refused by every server sharing the store, across restarts
        "CREATE TABLE IF NOT EXISTS hook_deliveries (delivery {key} PRIMARY KEY,"
        " seen TEXT NOT NULL)",
    ),
    # SPEC 8.2 (issue 27): the store knows what it wrote per output. `out` is the output's
    # key (store._open.output_key): "" for the SQLite file, which lives in its one out;
    # the folder or URL for a shared database. A database store's rows from before
    # had no out: they stay under "" and its outs are written once more in full
    # (a rewrite, never a skip: a new bucket used to get nothing, reported "unchanged").
    # `published` keeps the slug each id owns, for every out; its digest and files,
    # and `objects`, are read no more.
    (  # 8 -> 9
        "CREATE TABLE IF NOT EXISTS written (out {key} NOT NULL, id {key} NOT NULL,"
        " digest TEXT, files TEXT, PRIMARY KEY (out, id)){without_rowid}",
        "INSERT INTO written (out, id, digest, files) SELECT '', id, digest, files"
        " FROM published WHERE files IS NOT NULL ON CONFLICT (out, id) DO NOTHING",
        "CREATE TABLE IF NOT EXISTS out_objects (out {key} NOT NULL, path {key} NOT NULL,"
        " sha256 TEXT NOT NULL, PRIMARY KEY (out, path)){without_rowid}",
        "INSERT INTO out_objects (out, path, sha256) SELECT '', path, sha256 FROM objects"
        " WHERE true ON CONFLICT (out, path) DO NOTHING",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# The columns sharekit reads, per table: a store without them is some other program's.
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
    # SPEC 8.4 (redirects)
    "article_urls": {"id", "url"},
    "redirects": {"old_url", "id"},
    "hook_deliveries": {"delivery", "seen"},  # SPEC 8.2 (serve hook v2)
    "written": {"out", "id", "digest", "files"},
    "out_objects": {"out", "path", "sha256"},
}


def migration(step: int, spelling: Mapping[str, str]) -> tuple[str, ...]:
    """The statements that take version ``step`` to ``step + 1``, in a dialect's spelling."""
    return tuple(statement.format_map(spelling) for statement in MIGRATIONS[step])
