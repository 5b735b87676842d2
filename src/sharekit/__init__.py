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
    from sharekit.card import Card as Card
    from sharekit.card import render_card as render_card
    from sharekit.card._chain import share_image as share_image
    from sharekit.card._ref import CardRef as CardRef
    from sharekit.card._ref import card_ref as card_ref
    from sharekit.card._token import card_url as card_url
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
    from sharekit.feed._sitemap import build_sitemap as build_sitemap
    from sharekit.feed._sitemap import sitemap_robots as sitemap_robots
    from sharekit.images._files import ShareImage as ShareImage
    from sharekit.images._judge import Finding as Finding
    from sharekit.images._judge import Findings as Findings
    from sharekit.lint._rules import lint_article as lint_article
    from sharekit.meta._tags import Tag as Tag
    from sharekit.meta._tags import meta_tags as meta_tags
    from sharekit.meta._tags import render_head as render_head
    from sharekit.model import Article as Article
    from sharekit.model import Author as Author
    from sharekit.model import Image as Image
    from sharekit.net._download import RemoteImage as RemoteImage
    from sharekit.net._download import fetch_image as fetch_image
    from sharekit.net._inspect import InspectReport as InspectReport
    from sharekit.net._inspect import inspect_url as inspect_url
    from sharekit.net._websub import PingResult as PingResult
    from sharekit.net._websub import ping_hubs as ping_hubs
    from sharekit.preview._page import render_preview as render_preview
    from sharekit.publishing._report import (
        ArticleResult as ArticleResult,
    )
    from sharekit.publishing._report import (
        PublishReport as PublishReport,
    )
    from sharekit.publishing._run import (
        publish as publish,
    )
    from sharekit.records._frontmatter import Skipped as Skipped
    from sharekit.records._io import count_records as count_records
    from sharekit.records._io import load_article as load_article
    from sharekit.records._io import load_articles as load_articles
    from sharekit.records._schema import record_schema as record_schema
    from sharekit.records._site import SiteReport as SiteReport  # SPEC 8.3
    from sharekit.records._site import load_site_at as load_site_at
    from sharekit.records._site import site_report as site_report
    from sharekit.share._links import (
        ShareLink as ShareLink,
    )
    from sharekit.share._links import (
        render_share_block as render_share_block,
    )
    from sharekit.share._links import (
        share_links as share_links,
    )
    from sharekit.syndication._operator import resolve_post as resolve_post  # SPEC 8.7
    from sharekit.syndication._operator import (  # SPEC 8.7
        syndication_status as syndication_status,
    )
    from sharekit.syndication._results import IndexNowResult as IndexNowResult
    from sharekit.syndication._results import PostResult as PostResult
    from sharekit.syndication._run import syndicate as syndicate
    from sharekit.text._slug import slugify as slugify
    from sharekit.text._slug import unique_slug as unique_slug


# Public name -> the module that defines it: the one list of the public surface.
_LAZY = {
    "Article": "sharekit.model",
    "ArticleResult": "sharekit.publishing._report",
    "Author": "sharekit.model",
    "Card": "sharekit.card",
    "CardRef": "sharekit.card._ref",
    "FeedStore": "sharekit.feed",
    "Finding": "sharekit.images._judge",
    "Findings": "sharekit.images._judge",
    "Image": "sharekit.model",
    "IndexNowResult": "sharekit.syndication._results",
    "InspectReport": "sharekit.net._inspect",
    "PingResult": "sharekit.net._websub",
    "PostResult": "sharekit.syndication._results",
    "PublishReport": "sharekit.publishing._report",
    "RemoteImage": "sharekit.net._download",
    "ShareImage": "sharekit.images._files",
    "ShareLink": "sharekit.share._links",
    "Site": "sharekit.config",
    "Skipped": "sharekit.records._frontmatter",
    "Tag": "sharekit.meta._tags",
    "build_feed": "sharekit.feed",
    "build_sitemap": "sharekit.feed._sitemap",
    "card_ref": "sharekit.card._ref",
    "card_url": "sharekit.card._token",
    "count_records": "sharekit.records._io",
    "fetch_image": "sharekit.net._download",
    "inspect_url": "sharekit.net._inspect",
    "lint_article": "sharekit.lint._rules",
    "load_article": "sharekit.records._io",
    "load_articles": "sharekit.records._io",
    "load_site": "sharekit.config",
    "meta_tags": "sharekit.meta._tags",
    "ping_hubs": "sharekit.net._websub",
    "publish": "sharekit.publishing._run",
    "record_schema": "sharekit.records._schema",
    "render_card": "sharekit.card",
    "render_head": "sharekit.meta._tags",
    "render_preview": "sharekit.preview._page",
    "render_share_block": "sharekit.share._links",
    "share_image": "sharekit.card._chain",
    "share_links": "sharekit.share._links",
    "sitemap_robots": "sharekit.feed._sitemap",
    "slugify": "sharekit.text._slug",
    "syndicate": "sharekit.syndication._run",
    "syndication_status": "sharekit.syndication._operator",  # SPEC 8.7
    "resolve_post": "sharekit.syndication._operator",  # SPEC 8.7
    "unique_slug": "sharekit.text._slug",
    "update_feed": "sharekit.feed",
    # SPEC 8.3 (sites as they are)
    "SiteReport": "sharekit.records._site",
    "load_site_at": "sharekit.records._site",
    "site_report": "sharekit.records._site",
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
