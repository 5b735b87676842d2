"""What the store keeps, one small interface per concern, and the rows that travel in and out.

:class:`Store` combines them: :class:`Locking` (the connection, its
transactions and the writer lock), :class:`Registry` (the published ids,
their slugs, digests and files), :class:`Objects` (what a remote output
holds), :class:`Feeds` (the feed files served and their entries),
:class:`Sitemaps` (each entry's ``<url>`` element) and :class:`Ledger`
(syndication: IndexNow's queue and the posts), :class:`Moves` (the URL each
id publishes under and the ones it left: redirects). Everything crosses the
interface as plain data (strings, numbers, the small frozen rows below): the
store knows nothing of the feed's or the record's types.

Each method is atomic on its own; :meth:`Locking.transaction` makes several
one. Errors of the storage are sharekit errors naming :attr:`Locking.name`.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Self

__all__ = [
    "Entry",
    "FeedRow",
    "Feeds",
    "Ledger",
    "Locking",
    "Moves",
    "Objects",
    "Post",
    "Registry",
    "SitemapUrl",
    "Sitemaps",
    "Store",
]


@dataclass(frozen=True, slots=True)
class Post:
    """One article's post to one syndication target (SPEC 7.4), as the store keeps it.

    ``status``: ``queued`` (not tried yet, or waiting until ``not_before``),
    ``posting`` (claimed by the run ``claim`` since ``updated``), ``posted``,
    ``failed`` (tried again next run), ``unknown`` (SPEC 8.7: the service may
    have posted it; never retried until an operator resolves it).
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
    not_before: str = ""  # not posted before this time ("" : at once)
    claim: str = ""  # "HOST PID" of the run posting it


@dataclass(frozen=True, slots=True)
class Entry:
    """A feed entry as the store keeps it: what it is found and ordered by, and its data.

    ``data`` is the entry as its owner wrote it (JSON text), kept and handed
    back unread. Sections, tags and author names match case-insensitively
    (sections by :func:`~sharekit.text._slug.section_key`, their folder name).
    """

    id: str
    published: datetime  # aware: entries come back newest first, then by id
    data: str
    section: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # names
    slug: str = ""


@dataclass(frozen=True, slots=True)
class FeedRow:
    """A feed file served: its path relative to the output (POSIX separators), its
    format, the entries it shows (one section, tag or author, or all: None) and its
    own URL (None: ``[publish] base_url`` + ``/`` + path at each write)."""

    path: str
    format: str
    section: str | None = None
    tag: str | None = None
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    """An entry's sitemap ``<url>`` element, kept beside the entry (by its id): writing
    the sitemaps of 10,000 entries then reads 10,000 short strings, parses none."""

    id: str
    published: datetime
    section: str
    lastmod: str  # W3C datetime, UTC
    element: str  # "" when the entry's URL cannot be in a sitemap


class Locking(abc.ABC):
    """The connection: transactions, the writer lock, closing. Use it as a context manager."""

    name: str  # what errors name: the file, or the database URL without its password
    # SPEC 8.2: the output the registry's digests and files and the objects are of
    # (store._open.output_key); "" for the SQLite file, which lives in its one out
    output: str = ""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
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
        """The exclusive writer lock, until the block ends (not reentrant): held across
        transactions and the files written from them (the feeds), one writer at a time."""

    @abc.abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """All of the block or none of it; a transaction inside one joins it."""


class Registry(abc.ABC):
    """The published registry: the slug each article id owns (in every output), the
    digest and files of its last publish into the store's :attr:`Locking.output`."""

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


class Objects(abc.ABC):
    """The objects of a remote output (:attr:`Locking.output`): path -> sha256 of the
    bytes last written there."""

    @abc.abstractmethod
    def object_digests(self, paths: Sequence[str]) -> dict[str, str]:
        """The sha256 recorded for each of ``paths`` that has one."""

    @abc.abstractmethod
    def record_objects(self, digests: Sequence[tuple[str, str]]) -> None:
        """Record (path, sha256) of objects just written (replacing older records)."""


class Feeds(abc.ABC):
    """The feed files served and the feed entries."""

    @abc.abstractmethod
    def feeds(self) -> list[FeedRow]:
        """Every feed file served, in the order they were registered."""

    @abc.abstractmethod
    def add_feed(self, feed: FeedRow) -> None:
        """Serve one more feed file (its path not served yet)."""

    @abc.abstractmethod
    def upsert_entries(self, entries: Sequence[Entry]) -> list[str]:
        """Add or replace (by id) these entries (the last of an id wins); returns the
        data of the versions they replaced."""

    @abc.abstractmethod
    def entries(
        self,
        *,
        section: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        limit: int | None = None,
    ) -> list[str]:
        """The data of the newest entries (by published, then id as bytes) of this
        section, tag and author (None: any), at most ``limit``."""

    @abc.abstractmethod
    def entry_count(self) -> int:
        """How many feed entries the store holds."""


class Sitemaps(abc.ABC):
    """Each entry's sitemap ``<url>`` element (SPEC 7.4)."""

    @abc.abstractmethod
    def upsert_sitemap_urls(self, urls: Sequence[SitemapUrl]) -> None:
        """Add or replace (by id) these elements (the last of an id wins)."""

    @abc.abstractmethod
    def sitemap_urls(self) -> list[tuple[str, str, str]]:
        """Every ``(section key, lastmod, <url> element)``, oldest first (published, id)."""

    @abc.abstractmethod
    def sitemap_count(self) -> int:
        """How many entries have their ``<url>`` element stored."""


class Ledger(abc.ABC):
    """Syndication (SPEC 7.4): IndexNow's queue, and the posts per article and target."""

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
    def open_posts(self, since: str) -> list[Post]:
        """Every post not ``posted`` of an article published (or due) since ``since``
        ("": all); by published, article id, target. The caller decides what is due."""

    @abc.abstractmethod
    def take_post(self, post: Post, now: str, claim: str) -> bool:
        """Mark ``post`` ``posting`` by ``claim`` if its row is still as it was read
        (same status and ``updated``); False when another run changed it first.
        Atomic: one claimant wins."""

    @abc.abstractmethod
    def finish_post(self, post: Post) -> None:
        """Store the outcome of a post (status, ids, attempts, error, updated, not_before,
        claim)."""

    @abc.abstractmethod
    def posted_since(self, target: str, since: str) -> list[str]:
        """When each post to ``target`` made since ``since`` was recorded, oldest first
        (a service's pace)."""

    @abc.abstractmethod
    def posts(self, article_id: str | None = None) -> list[Post]:
        """Every post (of one article), by article id and target."""


class Moves(abc.ABC):
    """The URL each id publishes under and the URLs it left (SPEC 8.4 redirects)."""

    @abc.abstractmethod
    def note_url(self, article_id: str, url: str) -> str | None:
        """Record the id's URL; the URL it had before when that changed (it now
        redirects), else None. A URL an id comes back to is live again."""

    @abc.abstractmethod
    def known_url(self, article_id: str) -> str | None:
        """The URL the id last published under (None: none recorded)."""

    @abc.abstractmethod
    def redirects(self) -> list[tuple[str, str]]:
        """Every (old URL, the id's URL now) pair, by old URL; none to a URL that is
        some article's own."""


class Store(Locking, Registry, Objects, Feeds, Sitemaps, Ledger, Moves):
    """What publish, the feeds and syndication keep between runs, for one output.

    One implementation speaks SQL (:mod:`sharekit.store._sql`) through two
    dialects: the SQLite file of a local output, or a PostgreSQL database
    shared by publishers.
    """

    # SPEC 8.2 (serve hook v2): replayed deliveries, and versions older than the published one

    @abc.abstractmethod
    def remember_delivery(self, delivery: str, now: str, forget_before: str) -> bool:
        """Keep a publish hook's delivery id (ISO times): False when it was kept already.
        Ids seen before ``forget_before`` are dropped (their timestamps are refused anyway)."""

    @abc.abstractmethod
    def forget_delivery(self, delivery: str) -> None:
        """Drop a delivery id whose publish failed for a reason the sender should retry."""

    @abc.abstractmethod
    def entry_data(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored feed entries' data (JSON text) of these ids, by id."""
