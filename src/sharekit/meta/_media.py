"""Open Graph and X tags of the article's video and audio (SPEC 8.5).

``og:video`` is the file when the record has one, else the player page
(``og:video:type`` ``text/html``), as Facebook's sharing debugger reads
them; ``og:audio`` the audio file. With a video ``embed_url`` the X card is
a ``player`` card: X plays ``twitter:player`` (an https page that can be
framed) at ``twitter:player:width`` x ``height``, both required.
"""

from __future__ import annotations

from typing import Literal

from sharekit.model import Article

__all__ = ["PLAYER_SIZE", "media_tags", "player_tags", "x_card"]

PLAYER_SIZE = (1280, 720)  # X requires a player size; a video without one is shown 16:9

MetaTag = tuple[Literal["property", "name"], str, str]


def media_tags(article: Article) -> list[MetaTag]:
    """``og:video:*`` and ``og:audio:*`` as ``(attribute, name, content)``."""
    tags: list[MetaTag] = []
    video = article.video
    if video is not None:
        url = video.url or video.embed_url
        kind = video.type if video.url else "text/html"
        tags.append(("property", "og:video", url))
        if url.startswith("https://"):
            tags.append(("property", "og:video:secure_url", url))
        if kind:
            tags.append(("property", "og:video:type", kind))
        if video.width and video.height:
            tags.append(("property", "og:video:width", str(video.width)))
            tags.append(("property", "og:video:height", str(video.height)))
    audio = article.audio
    if audio is not None:
        tags.append(("property", "og:audio", audio.url))
        if audio.url.startswith("https://"):
            tags.append(("property", "og:audio:secure_url", audio.url))
        if audio.type:
            tags.append(("property", "og:audio:type", audio.type))
    return tags


def x_card(article: Article, default: str) -> str:
    """``twitter:card``: ``player`` for a video with a player page, else ``default``."""
    return "player" if article.video is not None and article.video.embed_url else default


def player_tags(article: Article) -> list[MetaTag]:
    """``twitter:player*`` of a player card ([] for any other card)."""
    video = article.video
    if video is None or not video.embed_url:
        return []
    width, height = (video.width, video.height) if video.width and video.height else PLAYER_SIZE
    tags: list[MetaTag] = [
        ("name", "twitter:player", video.embed_url),
        ("name", "twitter:player:width", str(width)),
        ("name", "twitter:player:height", str(height)),
    ]
    if video.url and video.type:
        tags.append(("name", "twitter:player:stream", video.url))
        tags.append(("name", "twitter:player:stream:content_type", video.type))
    return tags
