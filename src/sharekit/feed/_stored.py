"""The feed's types as the store keeps them, and files written the way the store tracks them.

The store (:mod:`sharekit.store`) knows nothing of :class:`Item`,
:class:`FeedFile` or :class:`FeedFilter`: an entry goes in as an
:class:`~sharekit.store.Entry` (its keys and its JSON text) and comes back
as that text, a feed file as a :class:`~sharekit.store.FeedRow`. This
module converts both ways, so the feeds and the sitemaps speak their own
types. An entry that does not read back is a corrupt store, named as such.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sharekit.errors import InputError
from sharekit.feed._item import FeedFile, FeedFilter, Item
from sharekit.store._interface import Entry, FeedRow

if TYPE_CHECKING:
    from sharekit.out._output import Output
    from sharekit.store._interface import Store

__all__ = [
    "entry_of",
    "feed_file_of",
    "feed_row_of",
    "item_of",
    "stored_feeds",
    "stored_items",
    "upsert_items",
    "write_files",
]


def entry_of(item: Item) -> Entry:
    """The entry as the store keeps it: its keys, and the item as JSON text."""
    return Entry(
        item.id,
        item.published,
        json.dumps(item.to_json(), ensure_ascii=False),
        item.section,
        item.tags,
        tuple(author[0] for author in item.authors),
        item.slug,
    )


def item_of(store: Store, data: str) -> Item:
    """A stored entry; one that does not read back is a corrupt store, not a bug."""
    try:
        return Item.from_json(json.loads(data))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        raise InputError(
            store.name, None, f"corrupt store: a feed entry does not read back ({error!r:.80})"
        ) from None


def upsert_items(store: Store, items: Sequence[Item]) -> list[Item]:
    """Add or replace (by id) these entries; returns the versions they replaced.

    One transaction: a replaced version that does not read back leaves the
    store as it was."""
    with store.transaction():
        replaced = store.upsert_entries([entry_of(item) for item in items])
        return [item_of(store, data) for data in replaced]


def stored_items(
    store: Store, filter: FeedFilter | None = None, limit: int | None = None
) -> list[Item]:
    """The newest entries matching ``filter`` (by published, then id), at most ``limit``."""
    where = filter or FeedFilter()
    found = store.entries(section=where.section, tag=where.tag, author=where.author, limit=limit)
    return [item_of(store, data) for data in found]


def feed_row_of(feed: FeedFile) -> FeedRow:
    where = feed.filter
    return FeedRow(feed.path, feed.format, where.section, where.tag, where.author, feed.url)


def feed_file_of(row: FeedRow) -> FeedFile:
    return FeedFile(row.path, row.format, FeedFilter(row.section, row.tag, row.author), row.url)


def stored_feeds(store: Store) -> list[FeedFile]:
    """Every feed file the store serves, in the order they were registered."""
    return [feed_file_of(row) for row in store.feeds()]


def write_files(store: Store, out: Output, files: Mapping[str, bytes]) -> list[str]:
    """Write each of ``files`` (name in ``out``: bytes) unless those bytes are there
    already; returns the names written.

    A remote ``out`` compares with the sha256 the store recorded at the last
    write (no request to the bucket) and records the new one.
    """
    from sharekit.out._output import media_type, sha256

    known = store.object_digests(list(files)) if out.remote else {}
    written = []
    for name, data in files.items():
        if out.write(name, data, media_type(name), known.get(name)):
            written.append(name)
            if out.remote:
                store.record_objects([(name, sha256(data))])
    return written
