"""Bluesky's rich-text facets (app.bsky.richtext.facet): a link over each URL of a
post and a tag over each ``#tag``, indexed in UTF-8 bytes as the lexicon says.

Mastodon, Telegram and Threads find links and hashtags in the text themselves;
LinkedIn's commentary spells them its own way (:mod:`._linkedin`).
"""

from __future__ import annotations

import re
from typing import Any

from sharekit.syndication._service import URLS

__all__ = ["TAGS", "facets"]

# A hashtag as Bluesky's own clients find it: after a space or the start, not only
# digits, trailing punctuation left out, at most 64 graphemes (the tag's maxGraphemes).
TAGS = re.compile(r"(?:^|(?<=\s))[#＃]((?!\d+\b)[^\s#＃]*[^\s#＃.,;:!?)\]'’”]+)")
_TAG_MAX = 64


def facets(text: str) -> list[dict[str, Any]]:
    """The link and tag facets of ``text``, in the order they appear."""
    from sharekit.text._truncate import graphemes

    found: list[tuple[int, int, dict[str, Any]]] = []
    for match in URLS.finditer(text):
        found.append(
            (*_bytes(text, match.start(), match.end()), _feature("link", uri=match.group()))
        )
    for match in TAGS.finditer(text):
        tag = match.group(1)
        if len(graphemes(tag)) > _TAG_MAX or _inside(match.start(), found, text):
            continue
        found.append((*_bytes(text, match.start(), match.end()), _feature("tag", tag=tag)))
    found.sort(key=lambda item: item[0])
    return [
        {"index": {"byteStart": start, "byteEnd": end}, "features": [feature]}
        for start, end, feature in found
    ]


def _bytes(text: str, start: int, end: int) -> tuple[int, int]:
    """Character offsets as UTF-8 byte offsets (a facet's index)."""
    head = len(text[:start].encode("utf-8"))
    return head, head + len(text[start:end].encode("utf-8"))


def _inside(start: int, found: list[tuple[int, int, dict[str, Any]]], text: str) -> bool:
    """A ``#`` inside a link already found (a URL's fragment)."""
    at = len(text[:start].encode("utf-8"))
    return any(begin <= at < end for begin, end, _ in found)


def _feature(kind: str, **values: str) -> dict[str, Any]:
    return {"$type": f"app.bsky.richtext.facet#{kind}", **values}
