"""sharekit: one article record in; slugs, metadata, cards, feeds and share links out.

Every public name is importable from here. Names load on first use, so
``import sharekit`` stays cheap and Pillow, feedgen/lxml and requests load
only with the capability that needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sharekit._version import __version__ as __version__
from sharekit.errors import (
    InputError as InputError,
)
from sharekit.errors import (
    NetworkError as NetworkError,
)
from sharekit.errors import (
    RenderError as RenderError,
)
from sharekit.errors import (
    SharekitError as SharekitError,
)

if TYPE_CHECKING:  # `X as X`: explicit re-exports for type checkers
    from sharekit._cardref import CardRef as CardRef
    from sharekit._cardref import card_ref as card_ref
    from sharekit._cardurl import card_url as card_url
    from sharekit._images import ShareImage as ShareImage
    from sharekit._images import share_image as share_image
    from sharekit._inspect import InspectReport as InspectReport
    from sharekit._inspect import inspect_url as inspect_url
    from sharekit._io import count_records as count_records
    from sharekit._io import load_article as load_article
    from sharekit._io import load_articles as load_articles
    from sharekit._judge import Finding as Finding
    from sharekit._judge import Findings as Findings
    from sharekit._lint import lint_article as lint_article
    from sharekit._meta import Tag as Tag
    from sharekit._meta import meta_tags as meta_tags
    from sharekit._meta import render_head as render_head
    from sharekit._preview import render_preview as render_preview
    from sharekit._publish import (
        ArticleResult as ArticleResult,
    )
    from sharekit._publish import (
        PublishReport as PublishReport,
    )
    from sharekit._publish import (
        publish as publish,
    )
    from sharekit._remote import RemoteImage as RemoteImage
    from sharekit._remote import fetch_image as fetch_image
    from sharekit._schema import record_schema as record_schema
    from sharekit._share import (
        ShareLink as ShareLink,
    )
    from sharekit._share import (
        render_share_block as render_share_block,
    )
    from sharekit._share import (
        share_links as share_links,
    )
    from sharekit._sitemap import build_sitemap as build_sitemap
    from sharekit._sitemap import sitemap_robots as sitemap_robots
    from sharekit._slug import slugify as slugify
    from sharekit._slug import unique_slug as unique_slug
    from sharekit._sources import Skipped as Skipped
    from sharekit._syndicate import IndexNowResult as IndexNowResult
    from sharekit._syndicate import PostResult as PostResult
    from sharekit._syndicate import syndicate as syndicate
    from sharekit._websub import PingResult as PingResult
    from sharekit._websub import ping_hubs as ping_hubs
    from sharekit.card import Card as Card
    from sharekit.card import render_card as render_card
    from sharekit.config import Site as Site
    from sharekit.config import load_site as load_site
    from sharekit.feed import (
        FeedStore as FeedStore,
    )
    from sharekit.feed import (
        build_feed as build_feed,
    )
    from sharekit.feed import (
        update_feed as update_feed,
    )
    from sharekit.model import Article as Article
    from sharekit.model import Author as Author
    from sharekit.model import Image as Image


# Public name -> the module that defines it: the one list of the public surface.
_LAZY = {
    "Article": "sharekit.model",
    "ArticleResult": "sharekit._publish",
    "Author": "sharekit.model",
    "Card": "sharekit.card",
    "CardRef": "sharekit._cardref",
    "FeedStore": "sharekit.feed",
    "Finding": "sharekit._judge",
    "Findings": "sharekit._judge",
    "Image": "sharekit.model",
    "IndexNowResult": "sharekit._syndicate",
    "InspectReport": "sharekit._inspect",
    "PingResult": "sharekit._websub",
    "PostResult": "sharekit._syndicate",
    "PublishReport": "sharekit._publish",
    "RemoteImage": "sharekit._remote",
    "ShareImage": "sharekit._images",
    "ShareLink": "sharekit._share",
    "Site": "sharekit.config",
    "Skipped": "sharekit._sources",
    "Tag": "sharekit._meta",
    "build_feed": "sharekit.feed",
    "build_sitemap": "sharekit._sitemap",
    "card_ref": "sharekit._cardref",
    "card_url": "sharekit._cardurl",
    "count_records": "sharekit._io",
    "fetch_image": "sharekit._remote",
    "inspect_url": "sharekit._inspect",
    "lint_article": "sharekit._lint",
    "load_article": "sharekit._io",
    "load_articles": "sharekit._io",
    "load_site": "sharekit.config",
    "meta_tags": "sharekit._meta",
    "ping_hubs": "sharekit._websub",
    "publish": "sharekit._publish",
    "record_schema": "sharekit._schema",
    "render_card": "sharekit.card",
    "render_head": "sharekit._meta",
    "render_preview": "sharekit._preview",
    "render_share_block": "sharekit._share",
    "share_image": "sharekit._images",
    "share_links": "sharekit._share",
    "sitemap_robots": "sharekit._sitemap",
    "slugify": "sharekit._slug",
    "syndicate": "sharekit._syndicate",
    "unique_slug": "sharekit._slug",
    "update_feed": "sharekit.feed",
}


_EAGER = ("InputError", "NetworkError", "RenderError", "SharekitError", "__version__")
__all__ = sorted((*_EAGER, *_LAZY))  # derived, so it cannot drift from _LAZY


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sharekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
