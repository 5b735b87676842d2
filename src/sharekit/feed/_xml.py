"""RSS 2.0 and Atom 1.0 through feedgen, with its known defects worked around.

feedgen 1.0.0 is used as released (no fork). Its defects, and what we do
(each pinned by a test in tests/feed/test_feed.py that fails once upstream fixes it):

1. Atom entry ``<link>`` elements lose every attribute but ``href`` (issues
   #135, #143), so a link plus an enclosure is two rel-less links, the W3C
   validator's DuplicateAtomLink. Our entry extension puts ``rel``, ``type``
   and ``length`` back on the elements feedgen built.
2. Content type ``"CDATA"`` is written as an Atom MIME type (PR #123): we
   never pass it; HTML goes in escaped, ``type="html"`` in Atom.
3. ``add_entry`` prepends by default: we pass ``order="append"``.
4. The RSS channel ``<link>`` is whichever ``fg.link()`` ran last, so it can
   point at the feed itself: we add the self link first, the home page last.
5. ``rel="hub"`` is never written to RSS: our feed extension adds
   ``atom:link rel="hub"`` to the channel.
6. Authors without an email vanish from RSS (``<author>`` wants an email):
   RSS gets one ``dc:creator`` per author instead, never ``<author>`` too.
7. Naive datetimes raise: entries are made aware before they get here.
8. Characters XML cannot carry raise only when the whole feed is serialised,
   so one bad entry kills the feed: every string is passed through
   :func:`~sharekit.feed._item.xml_safe` first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sharekit.errors import RenderError
from sharekit.feed._item import FeedMeta, Item, newest_updated
from sharekit.feed._media import enclosures, media_content

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["build_xml"]

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"


def _html_escape(text: str) -> str:
    # RSS <description> is HTML to every reader: plain text goes in escaped.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _FeedExtension:
    """Feed-level fixes, run by feedgen while it builds the root element."""

    meta: FeedMeta

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS, "dc": DC_NS}

    def extend_rss(self, rss: _Element) -> _Element:
        from lxml import etree

        channel = rss.find("channel")
        assert channel is not None
        anchor = channel.find(f"{{{ATOM_NS}}}link")
        position = channel.index(anchor) + 1 if anchor is not None else len(channel)
        for offset, hub in enumerate(self.meta.hubs):  # defect 5
            link = etree.Element(f"{{{ATOM_NS}}}link", href=hub, rel="hub")
            channel.insert(position + offset, link)
        return rss

    def extend_atom(self, feed: _Element) -> _Element:
        return feed


class _EntryExtension:
    """Entry-level fixes and additions, run by feedgen after it builds each entry."""

    item: Item
    links: list[dict[str, str]]

    def extend_ns(self) -> dict[str, str]:
        return {}

    def _media(self, entry: _Element) -> None:
        from lxml import etree

        item = self.item
        if not item.image_url:
            return
        media = etree.SubElement(entry, f"{{{MEDIA_NS}}}content", url=item.image_url)
        media.set("medium", "image")
        if item.image_type:
            media.set("type", item.image_type)
        if item.image_width and item.image_height:
            media.set("width", str(item.image_width))
            media.set("height", str(item.image_height))
        if item.image_length:
            media.set("fileSize", str(item.image_length))

    def _media_files(self, entry: _Element) -> None:
        if self.item.media:  # SPEC 8.5: video and audio
            media_content(entry, self.item)

    def extend_rss(self, entry: _Element) -> _Element:
        from lxml import etree

        for name, _url, _email in self.item.authors:  # defect 6
            etree.SubElement(entry, f"{{{DC_NS}}}creator").text = name
        self._media(entry)
        self._media_files(entry)
        return entry

    def extend_atom(self, entry: _Element) -> _Element:
        for element, data in zip(entry.iterfind("link"), self.links, strict=False):  # defect 1
            for key in ("rel", "type", "hreflang", "length"):
                if data.get(key) and element.get(key) is None:
                    element.set(key, data[key])
        self._media(entry)
        self._media_files(entry)
        return entry


def _add_entry(fg: Any, item: Item, format: str) -> None:
    fe = fg.add_entry(order="append")  # defect 3
    fe.title(item.title)
    links = []
    if format == "atom":  # RSS has one <link> per item, JSON Feed no alternates (docs/feeds.md)
        # Before the entry's own link: feedparser takes the last text/html alternate as the link.
        links += [
            {"href": url, "rel": "alternate", "type": "text/html", "hreflang": lang}
            for lang, url in item.translations
        ]
    links.append({"href": item.url, "rel": "alternate", "type": "text/html"})
    links += enclosures(item, format)  # SPEC 8.5: the audio first, then video and image
    fe.link(links)
    fe.sharekit.item = item
    fe.sharekit.links = links
    fe.published(item.published)
    categories = item.categories
    if categories:
        fe.category([{"term": term} for term in categories])
    if format == "rss":
        fe.guid(item.id, permalink=item.id == item.url)
        if item.content_html:
            fe.content(item.content_html)  # content:encoded, escaped (defect 2: no CDATA)
        if item.summary:
            fe.description(_html_escape(item.summary))
    else:
        fe.id(item.atom_id)
        fe.updated(item.updated)  # RSS items have no such element
        authors = []
        for name, url, email in item.authors:
            author = {"name": name}
            if url:
                author["uri"] = url
            if email:
                author["email"] = email
            authors.append(author)
        if authors:
            fe.author(authors)
        if item.content_html:
            fe.content(item.content_html, type="html")
        if item.summary:
            fe.summary(item.summary, type="text")


def build_xml(items: Sequence[Item], meta: FeedMeta, format: str) -> bytes:
    """An RSS 2.0 (``format="rss"``) or Atom 1.0 document of ``items``, in that order."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.register_extension("sharekit", _FeedExtension, _EntryExtension)
    fg.sharekit.meta = meta
    fg.title(meta.title)
    fg.description(meta.description)
    fg.language(meta.language)
    fg.generator(*meta.generator)
    fg.updated(newest_updated(items))
    if format == "atom":
        fg.id(meta.self_url)
        fg.author({"name": meta.author or meta.title})
        links = [{"href": meta.self_url, "rel": "self", "type": "application/atom+xml"}]
        links += [{"href": hub, "rel": "hub"} for hub in meta.hubs]
        fg.link(links)
        if meta.icon:
            fg.icon(meta.icon)
    else:
        fg.link(href=meta.self_url, rel="self", type="application/rss+xml")
    fg.link(href=meta.link, rel="alternate", type="text/html")  # last: RSS <link> (defect 4)
    if meta.logo:
        fg.logo(meta.logo)
    for item in items:
        _add_entry(fg, item, format)
    try:
        if format == "atom":
            data: bytes = fg.atom_str(pretty=True, encoding="UTF-8")
        else:
            data = fg.rss_str(pretty=True, encoding="UTF-8")
    except (ValueError, TypeError) as error:  # a bug: every input should be safe by now
        raise RenderError(f"cannot build the {format} feed: {error}") from error
    if format == "rss" and _needs_hex_references(items, meta):
        data = _PLAIN_TEXT.sub(_hex_references, data)
    return data


# RSS has no text type: the RSS Best Practices Profile (and the W3C validator's
# CharacterData warning) wants "&" and "<" in plain-text elements written as
# hexadecimal references, which tells readers the text is not HTML. The parsed
# text is the same either way.
_PLAIN_TEXT = re.compile(rb"<(title|category|dc:creator)>([^<]*)</\1>")


def _hex_references(match: re.Match[bytes]) -> bytes:
    text = match.group(2).replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")
    return b"<%s>%s</%s>" % (match.group(1), text, match.group(1))


def _needs_hex_references(items: Sequence[Item], meta: FeedMeta) -> bool:
    texts = [meta.title, *(t for item in items for t in (item.title, *item.categories))]
    texts += (a[0] for item in items for a in item.authors)
    return any("&" in text or "<" in text for text in texts)
