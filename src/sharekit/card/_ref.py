"""Where an article's card will be, and what it is, without Pillow or rendering.

Meta, feeds, share links and publish all point at the card through
:func:`card_ref`; :func:`sharekit.render_card` gives the same values when it
draws it, so a URL never changes after the fact.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharekit._version import __version__
from sharekit.card._formats import AUTO_DEFAULT, AUTO_FORMATS, FORMATS
from sharekit.config import Site, apply_flags, card_size
from sharekit.model import Article
from sharekit.text._clean import iri_to_uri

__all__ = [
    "CardRef",
    "card_article",
    "card_format",
    "card_inputs",
    "card_ref",
    "with_card_flags",
]


@dataclass(frozen=True, slots=True)
class CardRef:
    """A card's place in the output tree (``path``, relative) and its public ``url``."""

    path: str
    url: str
    media_type: str
    width: int
    height: int
    alt: str

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def card_format(template: str, format: str) -> str:
    """The image format: an explicit one, else by template (PNG for flat cards, JPEG for photos)."""
    if format != "auto":
        return format
    if template in AUTO_FORMATS:
        return AUTO_FORMATS[template]
    from sharekit.card.layout import load_layout

    return load_layout(template).format or AUTO_DEFAULT  # a user layout may declare its format


def _font_files(fonts: tuple[str, ...]) -> list[list[Any]]:
    files = []
    for font in fonts:
        try:
            size = Path(font).stat().st_size
        except OSError:
            size = -1
        files.append([Path(font).name, size])
    return files


def card_inputs(article: Article) -> dict[str, Any]:
    """The canonical inputs of a card: what it draws and how (for hashed names and caches)."""
    site = article.site
    image = article.image
    image_key: Any = None
    if image is not None:
        image_key = image.url or str(image.path)
        if image.path is not None:
            try:
                stat = image.path.stat()
                image_key = [image_key, stat.st_size, stat.st_mtime_ns]
            except OSError:
                pass
        if image.focus is not None:  # only then, so names made before focus existed stay
            image_key = [image_key, list(image.focus)]
    card = dataclasses.asdict(site.card)
    if not card["use_social_title"]:
        del card["use_social_title"]  # likewise: off is how every earlier card was drawn
    del card["ratios"]  # which sizes publish writes, not what a card draws (SPEC 8.5)
    return {
        "title": article.title,
        "section": article.section,
        "authors": list(article.author_names),
        "published": article.published.isoformat() if article.published else None,
        "lang": article.lang,
        "image": image_key,
        "site": {"name": site.name, "logo": site.logo},
        "card": card,
        "fonts": _font_files(site.card.fonts),
        "version": __version__,
    }


def card_article(article: Article) -> Article:
    """``article`` as its card draws it.

    With ``[card] use_social_title``, ``social.facebook``'s title and image
    stand in for the record's: the card is the ``og:image`` that Facebook and
    every other ``og:`` reader shows, next to that override's ``og:title``.
    """
    if not article.site.card.use_social_title:
        return article
    override = article.social.get("facebook")
    if override is None:
        return article
    changes: dict[str, Any] = {}
    if override.title:
        changes["title"] = override.title
    if override.image is not None:
        changes["image"] = override.image
    return dataclasses.replace(article, **changes) if changes else article


def with_card_flags(
    article: Article,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
) -> Article:
    """``article`` with the card flags laid over its site's ``[card]`` table.

    The one place the card flags apply: card_ref, render_card and the preview
    take them through here (None: from the configuration).
    """
    if template is None and size is None and format is None:
        return article
    flags = {"template": template, "size": size, "format": format}
    return dataclasses.replace(article, site=apply_flags(article.site, card=flags))


def card_ref(
    article: Article,
    site: Site | None = None,
    *,
    template: str | None = None,
    size: str | None = None,
    format: str | None = None,
) -> CardRef:
    """Say where the article's card will be and what it is, without rendering it.

    ``template``, ``size`` and ``format`` override ``[card]`` (None: from the
    configuration). The path is ``articles/SLUG/card.EXT``, or
    ``card-HASH.EXT`` with ``[card] hashed_names``.
    """
    article = card_article(
        with_card_flags(article.with_site(site), template=template, size=size, format=format)
    )
    site = article.site
    fmt = FORMATS[card_format(site.card.template, site.card.format)]
    width, height = card_size(site.card.size)
    name = "card"
    if site.card.hashed_names:
        canonical = json.dumps(
            card_inputs(article), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        name = "card-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
    path = f"articles/{article.slug}/{name}.{fmt.extension}"
    alt = f"{article.title} — {site.name}" if site.name else article.title
    return CardRef(
        path=path,
        url=iri_to_uri(f"{site.base_url}/{path}"),
        media_type=fmt.media_type,
        width=width,
        height=height,
        alt=alt,
    )
