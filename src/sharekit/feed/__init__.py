"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1, built from records or kept in a store.

* :func:`build_feed` makes one feed from records (and writes it to ``path``
  when given); nothing is stored.
* :func:`update_feed` adds or replaces records in the feed store that serves
  a file (``.sharekit/store.sqlite`` in its folder or the nearest one above)
  and rewrites every feed file of that store whose filter they match.
* :class:`FeedStore` is the lower level publish uses (see ``_store``).

RSS and Atom are built by feedgen (its defects are worked around in
``_xml``); JSON Feed is ours. Every string is XML-safe before it reaches a
builder, a feed's own dates are its newest entry's ``updated`` (stable
bytes), and records without ``published`` are left out with a warning.

Wing (layer 7): also owns the sitemaps (``_sitemap``). May import: card
(the image chain), images, net (WebSub), store, out, config, model, text,
errors.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.feed._item import (
    DEFAULT_NAMES,
    FeedFilter,
    FeedMeta,
    Item,
    format_of,
    item_from_article,
    items_from_articles,
    xml_safe,
)
from sharekit.feed._store import FeedFile, FeedStore, render
from sharekit.model import Article

__all__ = [
    "DEFAULT_NAMES",
    "FeedFile",
    "FeedFilter",
    "FeedMeta",
    "FeedStore",
    "Item",
    "announce",
    "build_feed",
    "item_from_article",
    "update_feed",
    "xml_safe",
]


def build_feed(
    articles: Iterable[Article],
    site: Site,
    *,
    format: str | None = None,
    url: str | None = None,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    lengths: Mapping[str, int] | None = None,
    path: str | Path | None = None,
) -> bytes:
    """One feed (``rss``, ``atom`` or ``json``) of the newest ``[feed] max_items`` records.

    ``format`` None: from ``path``'s name when given (``atom.xml`` or
    ``*.atom`` Atom, ``*.json`` JSON Feed, other ``*.xml``/``*.rss`` RSS: the
    rule :func:`update_feed` uses), else ``rss``. ``url`` is the feed's own
    address (``rel=self``, ``feed_url``); default ``[publish] base_url``
    (else ``[site] url``) + ``/`` + ``path``'s name. Without a path, or with
    neither URL configured (the newest entry's origin stands in), the name
    is ``feed.xml`` (``atom.xml``, ``feed.json``). ``section``, ``tag`` and
    ``author`` keep only the matching records (case-insensitive). A later
    record with the same ``id`` replaces an earlier one. ``lengths`` maps
    image URLs to byte sizes: an image gets an enclosure only when its
    length is known.

    With ``path``, the feed is also written there (atomically; equal bytes
    already there are left alone). Nothing is stored: the file is stateless,
    unlike :func:`update_feed`'s. A path that cannot be written is an
    :class:`InputError` naming it.
    """
    target = None if path is None else Path(path)
    if target is None:
        format = format_of("", "rss" if format is None else format)
    else:
        format = format_of(target.name, format)
        if url is None and site.base_url:
            url = f"{site.base_url}/{target.name}"
    wanted = FeedFilter(section, tag, author)
    items = items_from_articles(articles, site, lengths)
    items = [item for item in items if wanted.matches(item)][: site.feed.max_items]
    data = render(items, site, format, url=url, filter=wanted)
    if target is not None:
        from sharekit.out._atomic import write_bytes_if_changed

        write_bytes_if_changed(target, data)
    return data


def update_feed(
    file: str | Path,
    articles: Iterable[Article],
    site: Site,
    *,
    format: str | None = None,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    url: str | None = None,
    lengths: Mapping[str, int] | None = None,
) -> list[Path]:
    """Add or replace ``articles`` in the store serving ``file``; rewrite its feeds.

    The store is found in ``file``'s folder or the nearest folder above that
    has one, or created in ``file``'s folder when ``file`` does not exist
    yet. A new ``file`` is registered (format from ``format``, else its
    name; ``section``/``tag``/``author``/``url`` only apply then). Every feed
    file of the store whose filter the records match (before or after the
    change) is rewritten with its newest ``[feed] max_items``, atomically
    and only when its bytes change. Returns the files rewritten: the ones
    to announce to WebSub hubs.
    """
    path = Path(file).absolute()
    articles = list(articles)
    store = FeedStore.find(path.parent)
    if store is None:
        if path.exists():
            raise InputError(
                str(file),
                None,
                "exists but no feed store serves it (files from `sharekit feed -o` are "
                "stateless); give a new file name, or one in a folder with .sharekit/store.sqlite",
            )
        store = FeedStore(path.parent)
    with store:
        current = store.feed(path)
        if current is None:
            if path.exists():
                raise InputError(
                    str(file), None, f"exists but the feed store {store.path} does not serve it"
                )
            store.register(path, format, section=section, tag=tag, author=author, url=url)
        elif format is not None and format_of("", format) != current.format:
            raise InputError(
                str(file), "format", f"the feed store serves it as {current.format}, not {format}"
            )
        touched = store.upsert(articles, site, lengths=lengths)
        written = store.write_feeds(site, touched=touched)
        urls = [url for url in map(functools.partial(store.url_of, site), written) if url]
    announce(urls, site)  # after the lock is released: pings never hold up other writers
    return written


def announce(feed_urls: Sequence[str], site: Site) -> None:
    """Tell the ``[feed] hubs`` (WebSub) that these feeds changed.

    Bounded by ``[network] timeout`` in total and never raises: a hub that is
    down is logged, and the feeds are already written.
    """
    if not site.feed.hubs or not feed_urls:
        return
    from sharekit.net._websub import ping_hubs

    ping_hubs(site.feed.hubs, feed_urls, site)
