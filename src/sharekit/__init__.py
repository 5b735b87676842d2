"""sharekit: one article record in; slugs, metadata, cards, feeds and share links out.

Every public name is importable from here. Names load on first use, so
``import sharekit`` stays cheap and Pillow, feedgen/lxml and requests load
only with the capability that needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sharekit._version import __version__
from sharekit.errors import InputError, NetworkError, RenderError, SharekitError

if TYPE_CHECKING:
    from sharekit._io import load_article, load_articles
    from sharekit.cardref import CardRef, card_ref
    from sharekit.config import Site, load_site
    from sharekit.feed import FeedStore, build_feed, update_feed
    from sharekit.images import ShareImage, share_image
    from sharekit.model import Article, Author, Image
    from sharekit.schema import record_schema
    from sharekit.slug import slugify, unique_slug

__all__ = [
    "Article",
    "Author",
    "CardRef",
    "FeedStore",
    "Image",
    "InputError",
    "NetworkError",
    "RenderError",
    "ShareImage",
    "SharekitError",
    "Site",
    "__version__",
    "build_feed",
    "card_ref",
    "load_article",
    "load_articles",
    "load_site",
    "record_schema",
    "share_image",
    "slugify",
    "unique_slug",
    "update_feed",
]

# public name -> the module that defines it
_LAZY = {
    "Article": "sharekit.model",
    "Author": "sharekit.model",
    "CardRef": "sharekit.cardref",
    "FeedStore": "sharekit.feed",
    "Image": "sharekit.model",
    "ShareImage": "sharekit.images",
    "Site": "sharekit.config",
    "build_feed": "sharekit.feed",
    "card_ref": "sharekit.cardref",
    "load_article": "sharekit._io",
    "load_articles": "sharekit._io",
    "load_site": "sharekit.config",
    "record_schema": "sharekit.schema",
    "share_image": "sharekit.images",
    "slugify": "sharekit.slug",
    "unique_slug": "sharekit.slug",
    "update_feed": "sharekit.feed",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sharekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
