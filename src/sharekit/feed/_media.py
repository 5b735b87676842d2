"""An entry's video and audio in every feed format (SPEC 8.5).

:func:`media_of` keeps what the feeds need of a record's ``video``,
``audio`` and podcast episode in the entry (:attr:`Item.media`, plain JSON,
so a rewrite from the store has it). The formats read it here:

* RSS 2.0: one ``<enclosure>`` per item (RSS allows one; podcast apps play
  it): the audio when it has a type and a length, else the image as before;
  Media RSS ``<media:content>`` for the video and the audio besides, with
  ``medium``, ``duration``, size and ``<media:thumbnail>``.
* Atom: a ``link rel="enclosure"`` for each of them (length when known).
* JSON Feed: ``attachments`` (``url``, ``mime_type``, ``size_in_bytes``,
  ``duration_in_seconds``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharekit.model import Article

if TYPE_CHECKING:
    from lxml.etree import _Element

    from sharekit.feed._item import Item

__all__ = ["attachments", "enclosures", "media_content", "media_of"]

MEDIA_NS = "http://search.yahoo.com/mrss/"


def _present(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", ())}


def media_of(article: Article) -> dict[str, Any]:
    """The entry's media as JSON data ({} without any: stored entries stay as they were)."""
    media: dict[str, Any] = {}
    video, audio, episode = article.video, article.audio, article.episode
    if video is not None:
        media["video"] = _present(
            {
                "url": video.url,
                "type": video.type,
                "width": video.width,
                "height": video.height,
                "duration": video.duration,
                "thumbnail": video.thumbnail,
                "embed_url": video.embed_url,
            }
        )
    if audio is not None:
        media["audio"] = _present(
            {
                "url": audio.url,
                "type": audio.type,
                "length": audio.length,
                "duration": audio.duration,
            }
        )
    if episode is not None:
        media["episode"] = _present(
            {
                "show": episode.show,
                "number": episode.number,
                "season": episode.season,
                "type": episode.type,
                "transcript": list(episode.transcript) if episode.transcript else None,
                "chapters": episode.chapters,
            }
        )
    return media


def enclosures(item: Item, format: str) -> list[dict[str, str]]:
    """The entry's enclosure links (feedgen's link dicts): RSS one, Atom each."""
    found = []
    audio = item.media.get("audio")
    if audio and audio.get("type") and (audio.get("length") or format == "atom"):
        found.append(_link(audio["url"], audio["type"], audio.get("length")))
    video = item.media.get("video")
    if format == "atom" and video and video.get("url") and video.get("type"):
        found.append(_link(video["url"], video["type"], None))
    if item.image_length and item.image_type:
        found.append(_link(item.image_url, item.image_type, item.image_length))
    return found[:1] if format == "rss" else found


def _link(url: str, media_type: str, length: int | None) -> dict[str, str]:
    link = {"href": url, "rel": "enclosure", "type": media_type}
    if length:
        link["length"] = str(length)
    return link


def media_content(entry: _Element, item: Item) -> None:
    """``<media:content>`` of the entry's video and audio (after the image's)."""
    from lxml import etree

    for medium in ("video", "audio"):
        data = item.media.get(medium)
        if not data or not data.get("url"):
            continue
        content = etree.SubElement(entry, f"{{{MEDIA_NS}}}content", url=data["url"])
        content.set("medium", medium)
        if data.get("type"):
            content.set("type", data["type"])
        if data.get("length"):
            content.set("fileSize", str(data["length"]))
        if data.get("duration"):
            content.set("duration", str(data["duration"]))
        if data.get("width") and data.get("height"):
            content.set("width", str(data["width"]))
            content.set("height", str(data["height"]))
        if data.get("thumbnail"):
            etree.SubElement(content, f"{{{MEDIA_NS}}}thumbnail", url=data["thumbnail"])
        if data.get("embed_url"):
            etree.SubElement(content, f"{{{MEDIA_NS}}}player", url=data["embed_url"])


def attachments(item: Item) -> list[dict[str, Any]]:
    """JSON Feed 1.1 ``attachments`` of the entry's audio and video files."""
    found = []
    for medium in ("audio", "video"):
        data = item.media.get(medium)
        if not data or not data.get("url") or not data.get("type"):
            continue  # the spec requires url and mime_type
        attachment: dict[str, Any] = {"url": data["url"], "mime_type": data["type"]}
        if data.get("length"):
            attachment["size_in_bytes"] = data["length"]
        if data.get("duration"):
            attachment["duration_in_seconds"] = data["duration"]
        found.append(attachment)
    return found
