"""The feed store: the feed files an output serves, and their entries, kept in its store.

The store (:mod:`sharekit.store`, ``.sharekit/store.sqlite`` of a local
output, or a PostgreSQL database) holds the authoritative entries (so a
rewrite never re-parses XML) and, for each feed file it serves, the file's
path relative to the output, its format, its filter (section, tag, author)
and its URL. Writers serialise on the store's writer lock (an exclusive
``flock`` of ``.sharekit/store.lock``) plus its transactions; feed files
are replaced atomically (temp file in the same folder, fsync,
``os.replace``) and only when their bytes change.

Typical use by a publisher (all of it under one lock)::

    with FeedStore(out_dir) as store:
        store.register_site_feeds(site, sections=["World"])
        items = store.upsert(articles, site, lengths={card_url: 48213})
        written = store.write_feeds(site, touched=items)   # -> ping hubs for these
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from types import TracebackType

from sharekit.config import FEED_FORMATS, Site
from sharekit.errors import InputError
from sharekit.feed._item import (
    DEFAULT_NAMES,
    FeedFile,
    FeedFilter,
    Item,
    feed_meta,
    format_of,
    items_from_articles,
)
from sharekit.feed._stored import (
    feed_row_of,
    stored_feeds,
    stored_items,
    upsert_items,
    write_files,
)
from sharekit.model import Article
from sharekit.out._atomic import remove_stale_temporaries
from sharekit.out._output import LocalOutput, Output
from sharekit.store._interface import Store
from sharekit.store._sqlite import STORE_DIR, STORE_NAME, SQLiteStore
from sharekit.text._slug import section_key

__all__ = ["STORE_DIR", "FeedFile", "FeedStore", "render"]


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
    """The feed files and entries of one output; use it as a context manager.

    ``with FeedStore(out) as store:`` opens the store of ``out`` (a folder:
    ``OUT/.sharekit/store.sqlite``, created if needed) and holds its writer
    lock until the block ends; every method below needs it. Publish passes
    its :class:`~sharekit.out._output.Output` and the ``store`` it already
    has open: that one is locked for the block and left open.
    """

    def __init__(self, out: Output | str | Path, *, store: Store | None = None) -> None:
        if not isinstance(out, Output):  # a folder: the public `FeedStore(out_dir)`
            out = LocalOutput(Path(out).absolute())
        self.out = out
        # where files are named from (a remote out's is a name only: its files are
        # objects named relative to it)
        self.root = Path(out.url).absolute()
        self.path = self.root / STORE_DIR / STORE_NAME
        self._given = store
        self._store: Store | None = None
        self._held: contextlib.ExitStack | None = None
        self._new: set[str] = set()

    @classmethod
    def find(cls, folder: str | Path) -> FeedStore | None:
        """The store in ``folder`` or the nearest folder above it that has one."""
        start = Path(folder).absolute()
        for directory in (start, *start.parents):
            if (directory / STORE_DIR / STORE_NAME).is_file():
                return cls(directory)
        return None

    # --- lock and store -----------------------------------------------------

    def __enter__(self) -> FeedStore:
        with contextlib.ExitStack() as held:
            store = self._given
            if store is None:
                store = held.enter_context(SQLiteStore(self.root))
            held.enter_context(store.lock())
            self._held = held.pop_all()
        self._store = store
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._store = None
        if self._held is not None:
            self._held.close()  # the lock, then the store if this block opened it
            self._held = None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("use the FeedStore inside a `with` block")
        return self._store

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
        return stored_feeds(self.store)

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
        self.store.add_feed(feed_row_of(wanted))
        self._new.add(rel)
        return wanted

    def register_site_feeds(
        self, site: Site, sections: Iterable[str] = (), native: Collection[str] = ()
    ) -> list[FeedFile]:
        """Register publish's feeds: ``feed.xml``, ``atom.xml``, ``feed.json`` (those in
        ``[feed] formats``) and, with ``[feed] sections``, the same under
        ``sections/KEY/`` for each of ``sections``, KEY its :func:`section_key`.
        Sections with the same key share the folder first registered for it; the
        folders of ``native`` sections keep their letters (``[slug] unicode``, SPEC 8.4)."""
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
                folder = section_key(name, allow_unicode=name in native)
                files += [
                    self.register(f"sections/{folder}/{DEFAULT_NAMES[fmt]}", fmt, section=name)
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
        from sharekit.feed._sitemap import sitemap_elements

        items = items_from_articles(articles, site, lengths)
        replaced = upsert_items(self.store, items)
        # each entry's sitemap <url> is kept beside it: writing the sitemaps of 10,000
        # entries then reads 10,000 short strings instead of parsing every entry
        self.store.upsert_sitemap_urls(sitemap_elements(items))
        return [*items, *replaced]

    def count(self) -> int:
        return self.store.entry_count()

    def items(self, filter: FeedFilter | None = None, limit: int | None = None) -> list[Item]:
        """The newest entries matching ``filter`` (by published, then id), at most ``limit``."""
        return stored_items(self.store, filter, limit)

    def _shown(self, filter: FeedFilter, limit: int) -> list[Item]:
        """The newest ``limit`` entries of ``filter`` a feed shows: entries kept out of
        the feeds (SPEC 8.4, ``exclude``) are stored for the sitemaps, and skipped here."""
        wanted = limit
        while True:
            found = self.items(filter, wanted)
            shown = [item for item in found if "feeds" not in item.hidden]
            if len(shown) >= limit or len(found) < wanted:
                return shown[:limit]
            wanted += limit + len(found) - len(shown)

    def write_feeds(self, site: Site, *, touched: Sequence[Item] | None = None) -> list[Path]:
        """Rewrite the feed files whose filter matches an entry of ``touched`` (None:
        all of them), plus any registered since the store was opened, each with
        its newest ``[feed] max_items``. Returns the files whose bytes changed
        (the ones a WebSub hub should hear about)."""
        written = []
        newest: dict[FeedFilter, list[Item]] = {}  # formats of one filter share the query
        feeds = self.feeds()
        # SPEC 8.2: a feed file this out never got (a new bucket or folder sharing the
        # store) is written whatever was touched
        missing = self._missing([feed.path for feed in feeds]) if touched is not None else set()
        for feed in feeds:
            if not (
                touched is None
                or feed.path in self._new
                or feed.path in missing
                or any(feed.filter.matches(item) for item in touched)
            ):
                continue
            if feed.filter not in newest:
                newest[feed.filter] = self._shown(feed.filter, site.feed.max_items)
            items = newest[feed.filter]
            data = render(
                items, site, feed.format, url=feed.url, name=feed.path, filter=feed.filter
            )
            if not self.out.remote:  # a killed writer's
                remove_stale_temporaries(self.root / feed.path, root=self.root)
            for name in write_files(self.store, self.out, {feed.path: data}):
                written.append(Path(name) if self.out.remote else self.root / name)
            self._new.discard(feed.path)
        return written

    def _missing(self, paths: list[str]) -> set[str]:
        """The feed files not in this out: by the store's record for a remote one
        (no request), on disk for a folder."""
        if self.out.remote:
            return set(paths) - set(self.store.object_digests(paths))
        return {path for path in paths if not self.out.present(path)}


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
