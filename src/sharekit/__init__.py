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
    from sharekit.card import Card, render_card
    from sharekit.cardref import CardRef, card_ref
    from sharekit.config import Site, load_site
    from sharekit.feed import FeedStore, build_feed, update_feed
    from sharekit.images import ShareImage, share_image
    from sharekit.inspect_page import InspectReport, inspect_url
    from sharekit.lint import Finding, lint_article
    from sharekit.meta import Tag, meta_tags, render_head
    from sharekit.model import Article, Author, Image
    from sharekit.preview import render_preview
    from sharekit.publish import ArticleResult, PublishReport, publish
    from sharekit.remote import RemoteImage, fetch_image
    from sharekit.schema import record_schema
    from sharekit.share import ShareLink, render_share_block, share_links
    from sharekit.slug import slugify, unique_slug
    from sharekit.websub import PingResult, ping_hubs


__all__ = [
    "Article",
    "ArticleResult",
    "Author",
    "Card",
    "CardRef",
    "FeedStore",
    "Finding",
    "Image",
    "InputError",
    "InspectReport",
    "NetworkError",
    "PingResult",
    "PublishReport",
    "RemoteImage",
    "RenderError",
    "ShareImage",
    "ShareLink",
    "SharekitError",
    "Site",
    "Tag",
    "__version__",
    "build_feed",
    "card_ref",
    "fetch_image",
    "inspect_url",
    "lint_article",
    "load_article",
    "load_articles",
    "load_site",
    "meta_tags",
    "ping_hubs",
    "publish",
    "record_schema",
    "render_card",
    "render_head",
    "render_preview",
    "render_share_block",
    "share_image",
    "share_links",
    "slugify",
    "unique_slug",
    "update_feed",
]

# public name -> the module that defines it
_LAZY = {
    "Article": "sharekit.model",
    "ArticleResult": "sharekit.publish",
    "Author": "sharekit.model",
    "Card": "sharekit.card",
    "CardRef": "sharekit.cardref",
    "FeedStore": "sharekit.feed",
    "Finding": "sharekit.lint",
    "Image": "sharekit.model",
    "InspectReport": "sharekit.inspect_page",
    "PingResult": "sharekit.websub",
    "PublishReport": "sharekit.publish",
    "RemoteImage": "sharekit.remote",
    "ShareImage": "sharekit.images",
    "ShareLink": "sharekit.share",
    "Site": "sharekit.config",
    "Tag": "sharekit.meta",
    "build_feed": "sharekit.feed",
    "card_ref": "sharekit.cardref",
    "fetch_image": "sharekit.remote",
    "inspect_url": "sharekit.inspect_page",
    "lint_article": "sharekit.lint",
    "load_article": "sharekit._io",
    "load_articles": "sharekit._io",
    "load_site": "sharekit.config",
    "meta_tags": "sharekit.meta",
    "ping_hubs": "sharekit.websub",
    "publish": "sharekit.publish",
    "record_schema": "sharekit.schema",
    "render_card": "sharekit.card",
    "render_head": "sharekit.meta",
    "render_preview": "sharekit.preview",
    "render_share_block": "sharekit.share",
    "share_image": "sharekit.images",
    "share_links": "sharekit.share",
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
