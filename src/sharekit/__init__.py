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
    from sharekit.images import ShareImage, share_image
    from sharekit.inspect_page import InspectReport, inspect_url
    from sharekit.model import Article, Author, Image
    from sharekit.remote import RemoteImage, fetch_image
    from sharekit.schema import record_schema
    from sharekit.slug import slugify, unique_slug
    from sharekit.websub import PingResult, ping_hubs

__all__ = [
    "Article",
    "Author",
    "CardRef",
    "Image",
    "InputError",
    "InspectReport",
    "NetworkError",
    "PingResult",
    "RemoteImage",
    "RenderError",
    "ShareImage",
    "SharekitError",
    "Site",
    "__version__",
    "card_ref",
    "fetch_image",
    "inspect_url",
    "load_article",
    "load_articles",
    "load_site",
    "ping_hubs",
    "record_schema",
    "share_image",
    "slugify",
    "unique_slug",
]

# public name -> the module that defines it
_LAZY = {
    "Article": "sharekit.model",
    "Author": "sharekit.model",
    "CardRef": "sharekit.cardref",
    "Image": "sharekit.model",
    "InspectReport": "sharekit.inspect_page",
    "PingResult": "sharekit.websub",
    "RemoteImage": "sharekit.remote",
    "ShareImage": "sharekit.images",
    "Site": "sharekit.config",
    "card_ref": "sharekit.cardref",
    "fetch_image": "sharekit.remote",
    "inspect_url": "sharekit.inspect_page",
    "load_article": "sharekit._io",
    "load_articles": "sharekit._io",
    "load_site": "sharekit.config",
    "ping_hubs": "sharekit.websub",
    "record_schema": "sharekit.schema",
    "share_image": "sharekit.images",
    "slugify": "sharekit.slug",
    "unique_slug": "sharekit.slug",
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
