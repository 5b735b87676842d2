"""The feed store: ``.sharekit/store.sqlite`` in the output root.

It holds the authoritative entries (so a rewrite never re-parses XML) and,
for each feed file it serves, the file's path relative to the root, its
format, its filter (section, tag, author) and its URL. Writers serialise
with an exclusive ``flock`` on ``.sharekit/store.lock`` plus SQLite
transactions; feed files are replaced atomically (temp file in the same
folder, fsync, ``os.replace``) and only when their bytes change.

Typical use by a publisher (all of it under one lock)::

    with FeedStore(out_dir) as store:
        store.register_site_feeds(site, sections=["World"])
        items = store.upsert(articles, site, lengths={card_url: 48213})
        written = store.write_feeds(site, touched=items)   # -> ping hubs for these
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path, PurePosixPath
from types import TracebackType

from sharekit._atomic import make_folder, write_bytes_if_changed
from sharekit._slug import section_key
from sharekit.config import FEED_FORMATS, Site
from sharekit.errors import InputError, RenderError
from sharekit.feed._item import (
    DEFAULT_NAMES,
    FeedFilter,
    Item,
    feed_meta,
    format_of,
    items_from_articles,
)
from sharekit.model import Article

__all__ = ["STORE_DIR", "FeedFile", "FeedStore", "render"]

STORE_DIR = ".sharekit"
STORE_NAME = "store.sqlite"
SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feed_entries (
    id TEXT PRIMARY KEY,
    published_key TEXT NOT NULL,      -- UTC, fixed width: sorts as text
    section_key TEXT NOT NULL,        -- slug.section_key(section)
    slug TEXT NOT NULL,
    data TEXT NOT NULL                -- the Item as JSON
);
CREATE INDEX IF NOT EXISTS feed_entries_newest ON feed_entries (published_key DESC, id);
CREATE INDEX IF NOT EXISTS feed_entries_section
    ON feed_entries (section_key, published_key DESC, id);
CREATE TABLE IF NOT EXISTS feed_entry_tags (
    tag_key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tag_key, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_entry_tags_id ON feed_entry_tags (id);
CREATE TABLE IF NOT EXISTS feed_entry_authors (
    author_key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (author_key, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_entry_authors_id ON feed_entry_authors (id);
CREATE TABLE IF NOT EXISTS feed_files (
    path TEXT PRIMARY KEY,            -- relative to the root, POSIX separators
    format TEXT NOT NULL,
    section TEXT, tag TEXT, author TEXT,
    url TEXT                          -- NULL: [publish] base_url + "/" + path
);
"""


@dataclass(frozen=True, slots=True)
class FeedFile:
    """A feed file the store serves."""

    path: str
    format: str
    filter: FeedFilter
    url: str | None = None


def _published_key(item: Item) -> str:
    return item.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def render(
    items: Sequence[Item],
    site: Site,
    format: str,
    *,
    url: str | None = None,
    name: str | None = None,
    filter: FeedFilter | None = None,
) -> bytes:
    """The bytes of one feed of ``items`` (already ordered and cut); see :func:`feed_meta`."""
    from sharekit.feed._jsonfeed import build_json
    from sharekit.feed._xml import build_xml

    newest = items[0] if items else None
    info = feed_meta(site, format, url=url, name=name, filter=filter, newest=newest)
    if format == "json":
        return build_json(items, info)
    return build_xml(items, info, format)


class FeedStore:
    """The entries and feed files of one output root; use it as a context manager.

    ``with FeedStore(root) as store:`` creates ``ROOT/.sharekit/store.sqlite``
    if needed and holds the writer lock until the block ends; every method
    below needs it.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).absolute()
        self.path = self.root / STORE_DIR / STORE_NAME
        self._db: sqlite3.Connection | None = None
        self._lock_fd: int | None = None
        self._new: set[str] = set()

    @classmethod
    def find(cls, folder: str | Path) -> FeedStore | None:
        """The store in ``folder`` or the nearest folder above it that has one."""
        start = Path(folder).absolute()
        for directory in (start, *start.parents):
            if (directory / STORE_DIR / STORE_NAME).is_file():
                return cls(directory)
        return None

    # --- lock and connection ----------------------------------------------

    def __enter__(self) -> FeedStore:
        make_folder(self.root / STORE_DIR)
        self._lock_fd = os.open(self.root / STORE_DIR / "store.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl

            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        except ImportError:  # no flock (Windows): SQLite's own locking still serialises rows
            pass
        try:
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            # The journal mode is the file's: rollback (synchronous=FULL) for a store
            # only feeds use, measured cheaper here than WAL, whose checkpoint on the
            # last close costs ~6 ms; WAL once publish, which commits per article,
            # has switched the file. Both keep every commit atomic.
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO store_meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )
        except sqlite3.Error as error:
            self.__exit__(None, None, None)
            raise RenderError(f"{self.path}: cannot open the feed store: {error}") from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("use the FeedStore inside a `with` block")
        return self._db

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- feed files ---------------------------------------------------------

    def relative(self, file: str | Path) -> str:
        """``file`` as the store names it: relative to the root, POSIX separators."""
        path = Path(file)
        path = path if path.is_absolute() else self.root / path
        try:
            return PurePosixPath(*path.absolute().relative_to(self.root).parts).as_posix()
        except ValueError:
            raise InputError(
                str(file), None, f"is outside the feed store's root {self.root}"
            ) from None

    def feeds(self) -> list[FeedFile]:
        rows = self.db.execute("SELECT path, format, section, tag, author, url FROM feed_files")
        return [FeedFile(p, f, FeedFilter(s, t, a), u) for p, f, s, t, a, u in rows]

    def feed(self, file: str | Path) -> FeedFile | None:
        rel = self.relative(file)
        return next((f for f in self.feeds() if f.path == rel), None)

    def url_of(self, site: Site, file: str | Path) -> str | None:
        """The public URL of a served feed file (its registered URL, else base URL + path)."""
        feed = self.feed(file)
        if feed is None:
            return None
        return feed.url or (f"{site.base_url}/{feed.path}" if site.base_url else None)

    def register(
        self,
        file: str | Path,
        format: str | None = None,
        *,
        section: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        url: str | None = None,
    ) -> FeedFile:
        """Serve ``file`` (relative to the root, or absolute inside it) from now on.

        ``format`` defaults to one read from the name (``atom.xml``/``*.atom``
        Atom, ``*.json`` JSON Feed, other ``*.xml``/``*.rss`` RSS). ``url`` is
        the feed's own address; None: ``[publish] base_url`` + ``/`` + path at
        each write. Registering a file again with the same settings is a no-op;
        with other settings it is an error.
        """
        rel = self.relative(file)
        fmt = format_of(PurePosixPath(rel).name, format)
        wanted = FeedFile(rel, fmt, FeedFilter(section, tag, author), url)
        current = self.feed(rel)
        if current is not None:
            if (current.format, current.filter) != (wanted.format, wanted.filter) or (
                url is not None and url != current.url
            ):
                raise InputError(
                    rel, None, f"the feed store already serves it as {_describe(current)}"
                )
            return current
        with self._transaction() as db:
            db.execute(
                "INSERT INTO feed_files VALUES (?, ?, ?, ?, ?, ?)",
                (rel, fmt, section, tag, author, url),
            )
        self._new.add(rel)
        return wanted

    def register_site_feeds(self, site: Site, sections: Iterable[str] = ()) -> list[FeedFile]:
        """Register publish's feeds: ``feed.xml``, ``atom.xml``, ``feed.json`` (those in
        ``[feed] formats``) and, with ``[feed] sections``, the same under
        ``sections/KEY/`` for each of ``sections``, KEY its :func:`section_key`.
        Sections with the same key share the folder first registered for it."""
        files = [self.register(DEFAULT_NAMES[fmt], fmt) for fmt in site.feed.formats]
        if site.feed.sections:
            names = {
                section_key(f.filter.section): f.filter.section
                for f in self.feeds()
                if f.filter.section
            }
            for section in dict.fromkeys(s for s in sections if s):
                key = section_key(section)
                name = names.setdefault(key, section)  # the name the folder was first made for
                files += [
                    self.register(f"sections/{key}/{DEFAULT_NAMES[fmt]}", fmt, section=name)
                    for fmt in site.feed.formats
                ]
        return files

    # --- entries ------------------------------------------------------------

    def upsert(
        self, articles: Iterable[Article], site: Site, *, lengths: Mapping[str, int] | None = None
    ) -> list[Item]:
        """Add or replace (by id) the entries of ``articles``; those without
        ``published`` are left out with a warning. Returns every entry touched:
        the new ones and the versions they replaced (for :meth:`write_feeds`)."""
        items = items_from_articles(articles, site, lengths)
        touched: list[Item] = list(items)
        with self._transaction() as db:
            for item in items:
                row = db.execute(
                    "SELECT data FROM feed_entries WHERE id = ?", (item.id,)
                ).fetchone()
                if row is not None:
                    touched.append(Item.from_json(json.loads(row[0])))
                    db.execute("DELETE FROM feed_entry_tags WHERE id = ?", (item.id,))
                    db.execute("DELETE FROM feed_entry_authors WHERE id = ?", (item.id,))
                db.execute(
                    "INSERT OR REPLACE INTO feed_entries VALUES (?, ?, ?, ?, ?)",
                    (item.id, _published_key(item), section_key(item.section), item.slug,
                     json.dumps(item.to_json(), ensure_ascii=False)),
                )  # fmt: skip
                db.executemany(
                    "INSERT OR IGNORE INTO feed_entry_tags VALUES (?, ?)",
                    [(tag.casefold(), item.id) for tag in item.tags],
                )
                db.executemany(
                    "INSERT OR IGNORE INTO feed_entry_authors VALUES (?, ?)",
                    [(author[0].casefold(), item.id) for author in item.authors],
                )
        return touched

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM feed_entries").fetchone()[0])

    def items(self, filter: FeedFilter | None = None, limit: int | None = None) -> list[Item]:
        """The newest entries matching ``filter`` (by published, then id), at most ``limit``."""
        sql = "SELECT data FROM feed_entries e WHERE 1"
        args: list[object] = []
        filter = filter or FeedFilter()
        if filter.section is not None:
            sql += " AND e.section_key = ?"
            args.append(section_key(filter.section))
        if filter.tag is not None:
            sql += (
                " AND EXISTS (SELECT 1 FROM feed_entry_tags t WHERE t.id = e.id AND t.tag_key = ?)"
            )
            args.append(filter.tag.casefold())
        if filter.author is not None:
            sql += (
                " AND EXISTS (SELECT 1 FROM feed_entry_authors a"
                " WHERE a.id = e.id AND a.author_key = ?)"
            )
            args.append(filter.author.casefold())
        sql += " ORDER BY e.published_key DESC, e.id"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [Item.from_json(json.loads(data)) for (data,) in self.db.execute(sql, args)]

    def write_feeds(self, site: Site, *, touched: Sequence[Item] | None = None) -> list[Path]:
        """Rewrite the feed files whose filter matches an entry of ``touched`` (None:
        all of them), plus any registered since the store was opened, each with
        its newest ``[feed] max_items``. Returns the files whose bytes changed
        (the ones a WebSub hub should hear about)."""
        written = []
        newest: dict[FeedFilter, list[Item]] = {}  # formats of one filter share the query
        for feed in self.feeds():
            if not (
                touched is None
                or feed.path in self._new
                or any(feed.filter.matches(item) for item in touched)
            ):
                continue
            if feed.filter not in newest:
                newest[feed.filter] = self.items(feed.filter, site.feed.max_items)
            items = newest[feed.filter]
            data = render(
                items, site, feed.format, url=feed.url, name=feed.path, filter=feed.filter
            )
            target = self.root / feed.path
            for stale in target.parent.glob(f".{target.name}.*.tmp"):  # a killed writer's
                stale.unlink(missing_ok=True)
            if write_bytes_if_changed(target, data):
                written.append(target)
            self._new.discard(feed.path)
        return written


def _describe(feed: FeedFile) -> str:
    parts = [feed.format]
    for key in ("section", "tag", "author"):
        value = getattr(feed.filter, key)
        if value is not None:
            parts.append(f"{key} {value!r}")
    if feed.url:
        parts.append(f"at {feed.url}")
    return ", ".join(parts)


assert set(DEFAULT_NAMES) == set(FEED_FORMATS)
