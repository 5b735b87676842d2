"""Podcast feeds (SPEC 8.5): ``podcasts/SHOW.xml``, RSS 2.0 with Apple's ``itunes:``
and Podcasting 2.0's ``podcast:`` namespaces, one per ``[podcast.SHOW]``.

Built on feedgen's podcast extension (``feedgen.ext.podcast``) for what it
gets right: ``itunes:author``, ``itunes:owner``, ``itunes:category`` with
subcategories, ``itunes:type`` and, per episode, ``itunes:duration``,
``itunes:season``, ``itunes:episode``, ``itunes:episodeType``. Worked around
here, where it is not right (each pinned by a test in tests/feed/test_podcast.py):

1. ``itunes:explicit`` takes only ``yes``/``no``/``clean``; Apple's current
   spec and the W3C validator want ``true``/``false`` (``InvalidTrueFalse``):
   our extension writes the element itself.
2. ``itunes_image`` drops a URL not ending in ``.jpg``/``.png`` without a
   word (it builds a ValueError and never raises it), so artwork at
   ``.jpeg`` or with a query string vanished: our extension writes
   ``itunes:image`` itself.
3. There is no Podcasting 2.0 support: our extension adds ``podcast:guid``
   (UUIDv5 of the feed URL without its scheme and trailing slashes, in the
   namespace the spec fixes), ``podcast:locked``, and per episode
   ``podcast:transcript``, ``podcast:chapters``, ``podcast:season`` and
   ``podcast:episode``.
4. ``itunes_category("News", "Daily News")`` (its documented string form)
   takes the subcategory as ``replace`` and empties the categories set
   before it: we pass every category in one call, as dicts.

The entries are the feed store's (:class:`~sharekit.feed._item.Item`): those
whose ``podcast`` names the show and that have an audio file with a type
and a length (an enclosure without them is refused by Apple; lint says so).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sharekit.config import PodcastShow, Site
from sharekit.errors import RenderError
from sharekit.feed._item import GENERATOR, Item, newest_updated, xml_safe

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["PODCAST_NS", "build_podcast", "episodes_of", "podcast_guid", "podcast_path"]

log = logging.getLogger("sharekit")

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Podcasting 2.0's namespace for podcast:guid (docs/1.0.md, "guid").
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_path(show: str) -> str:
    """The feed's file in the output tree."""
    return f"podcasts/{show}.xml"


def podcast_guid(feed_url: str) -> str:
    """``podcast:guid``: UUIDv5 of the feed URL with its scheme and trailing slashes removed."""
    name = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, name))


def episodes_of(items: Sequence[Item], show: str) -> list[Item]:
    """The show's episodes among ``items`` (order kept): audio with a type and a length."""
    found = []
    for item in items:
        if item.media.get("episode", {}).get("show") != show:
            continue
        audio = item.media.get("audio") or {}
        if audio.get("type") and audio.get("length"):
            found.append(item)
        else:
            log.warning(
                "%s: left out of podcast %s: its audio needs a type and a length", item.source, show
            )
    return found


@dataclass
class _Channel:
    show: PodcastShow
    guid: str
    artwork: str
    owner_email: str


class _PodcastExtension:
    """Channel-level ``itunes:`` and ``podcast:`` elements feedgen does not write right."""

    channel: _Channel

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss: _Element) -> _Element:
        from lxml import etree

        channel = rss.find("channel")
        assert channel is not None
        show = self.channel.show
        if self.channel.artwork:  # defect 2
            etree.SubElement(channel, f"{{{ITUNES_NS}}}image", href=self.channel.artwork)
        explicit = etree.SubElement(channel, f"{{{ITUNES_NS}}}explicit")  # defect 1
        explicit.text = "true" if show.explicit else "false"
        etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.channel.guid  # defect 3
        if self.channel.owner_email:
            locked = etree.SubElement(channel, f"{{{PODCAST_NS}}}locked")
            locked.set("owner", self.channel.owner_email)
            locked.text = "no"
        return rss

    def extend_atom(self, feed: _Element) -> _Element:
        return feed


class _EpisodeExtension:
    """Episode-level ``podcast:`` elements (defect 3)."""

    item: Item

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, entry: _Element) -> _Element:
        from lxml import etree

        episode = self.item.media.get("episode", {})
        transcript = episode.get("transcript")
        if transcript:
            element = etree.SubElement(entry, f"{{{PODCAST_NS}}}transcript", url=transcript[0])
            element.set("type", transcript[1])
        if episode.get("chapters"):
            element = etree.SubElement(entry, f"{{{PODCAST_NS}}}chapters", url=episode["chapters"])
            element.set("type", "application/json+chapters")
        if episode.get("season"):
            etree.SubElement(entry, f"{{{PODCAST_NS}}}season").text = str(episode["season"])
        if episode.get("number"):
            etree.SubElement(entry, f"{{{PODCAST_NS}}}episode").text = str(episode["number"])
        return entry

    def extend_atom(self, entry: _Element) -> _Element:
        return entry


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _episode(fg: Any, item: Item, show: PodcastShow) -> None:
    audio = item.media["audio"]
    episode = item.media.get("episode", {})
    fe = fg.add_entry(order="append")
    fe.title(item.title)
    fe.link(href=item.url)
    fe.guid(item.id, permalink=item.id == item.url)
    fe.published(item.published)
    fe.description(_html_escape(item.summary or item.title))
    fe.enclosure(audio["url"], str(audio["length"]), audio["type"])
    fe.podcast.itunes_author(", ".join(a[0] for a in item.authors) or show.author or None)
    if audio.get("duration"):
        fe.podcast.itunes_duration(int(audio["duration"]))
    if episode.get("season"):
        fe.podcast.itunes_season(int(episode["season"]))
    if episode.get("number"):
        fe.podcast.itunes_episode(int(episode["number"]))
    fe.podcast.itunes_episode_type(episode.get("type", "full"))
    fe.sharekit_podcast.item = item


def build_podcast(
    items: Sequence[Item], show: PodcastShow, site: Site, feed_url: str, artwork: str
) -> bytes:
    """The podcast RSS of ``show`` with the episodes among ``items`` (newest first),
    at most ``show.max_items``; ``artwork`` is the show's square image URL."""
    from feedgen.feed import FeedGenerator

    episodes = episodes_of(items, show.name)[: show.max_items]
    title = xml_safe(show.title or site.feed.title or site.name or show.name)
    link = show.link or (site.url.rstrip("/") + "/" if site.url else feed_url)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("sharekit_podcast", _PodcastExtension, _EpisodeExtension)
    fg.sharekit_podcast.channel = _Channel(show, podcast_guid(feed_url), artwork, show.owner_email)
    fg.title(title)
    fg.description(xml_safe(show.description or site.feed.description or title))
    fg.language(show.language or site.lang)
    fg.generator(*GENERATOR)
    fg.lastBuildDate(newest_updated(episodes))
    fg.link(href=feed_url, rel="self", type="application/rss+xml")
    fg.link(href=link, rel="alternate")  # last: the RSS <link> (feed._xml's own defect 4)
    if show.copyright:
        fg.copyright(xml_safe(show.copyright))
    if artwork:
        fg.image(url=artwork, title=title, link=link)
    author = show.author or site.name
    if author:
        fg.podcast.itunes_author(xml_safe(author))
    if show.owner_name and show.owner_email:
        fg.podcast.itunes_owner(name=xml_safe(show.owner_name), email=show.owner_email)
    if show.description:
        fg.podcast.itunes_summary(xml_safe(show.description))
    if show.categories:  # defect 4: one call with dicts (a string and a sub resets the list)
        fg.podcast.itunes_category(
            [{"cat": cat, **({"sub": sub} if sub else {})} for cat, sub in show.categories]
        )
    fg.podcast.itunes_type(show.type)
    for item in episodes:
        _episode(fg, item, show)
    try:
        data: bytes = fg.rss_str(pretty=True, encoding="UTF-8")
    except (ValueError, TypeError) as error:  # a bug: every input should be safe by now
        raise RenderError(f"cannot build the podcast feed {show.name}: {error}") from error
    return data
