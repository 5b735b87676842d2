"""The card LRU and the HTTP validators of a card (ETag, If-None-Match, Cache-Control)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

__all__ = [
    "CACHE_CONTROL",
    "CACHE_CONTROL_BYTES",
    "PROVISIONAL_CACHE_CONTROL",
    "CardCache",
    "etag_of",
    "matches",
]

# A token names its card's inputs for ever: a CDN and a browser may keep it as long.
CACHE_CONTROL = "public, max-age=31536000, immutable"
CACHE_CONTROL_BYTES = CACHE_CONTROL.encode("ascii")
# A photo card drawn without its hero (not fetchable yet, SPEC 8.2): shared caches
# keep it a minute, then ask again; the service never keeps it.
PROVISIONAL_CACHE_CONTROL = "public, max-age=60"


class CardCache:
    """An LRU of encoded cards bounded by their total bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple[str, str], tuple[bytes, str]] = OrderedDict()

    def get(self, key: tuple[str, str]) -> tuple[bytes, str] | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: tuple[str, str], data: bytes, etag: str) -> None:
        if len(data) > self.max_bytes or key in self._items:
            return
        self._items[key] = (data, etag)
        self.size += len(data)
        while self.size > self.max_bytes:
            _, (old, _) = self._items.popitem(last=False)
            self.size -= len(old)


def etag_of(data: bytes) -> str:
    """A strong ETag: a hash of the card's bytes."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 13.1.2: weak comparison against each listed tag, or ``*``."""
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False
