"""The image a share shows: the card when enabled, else the hero image, else the default.

One chain for every capability (meta, feeds, share links, publish, the
preview); the card's URL comes from :func:`~sharekit.card._ref.card_ref`, or
its signed URL on ``sharekit serve`` when ``[serve] base_url`` is set.
"""

from __future__ import annotations

from sharekit.card._ref import card_ref
from sharekit.card._token import card_url
from sharekit.config import Site
from sharekit.images._files import ShareImage, hero_image, media_type_of, site_asset
from sharekit.model import Article

__all__ = ["card_takes_social", "network_image", "share_image"]


def share_image(article: Article, site: Site | None = None) -> ShareImage | None:
    """The image shares show: the card when enabled, else the hero image, else the default.

    With ``[serve] base_url`` the card's URL is its signed URL on the service
    (:func:`sharekit.card_url`), so og:image, twitter:image, JSON-LD, feeds
    and share links all point there. ``site`` None: the article's own.
    """
    article = article.with_site(site)
    site = article.site
    if site.card.enabled:
        ref = card_ref(article)
        url = ref.url
        if site.serve.base_url:  # rendered on first request by `sharekit serve` (SPEC 7.6)
            url = card_url(article)
        return ShareImage(
            url=url,
            kind="card",
            media_type=ref.media_type,
            width=ref.width,
            height=ref.height,
            alt=ref.alt,
            output_path=ref.path,
        )
    return hero_image(article) or site_asset(site, site.default_image, "default", alt=article.title)


def card_takes_social(site: Site) -> bool:
    """``[card] use_social_title``: the card draws ``social.facebook``'s title and image."""
    return site.card.enabled and site.card.use_social_title


def network_image(article: Article, network: str) -> ShareImage | None:
    """The image ``network`` shows: its ``social`` override's, else :func:`share_image`.

    ``facebook``'s override is ``og:image`` unless the card draws it
    (:func:`card_takes_social`): then the card stays the image, with that photo in it.
    """
    override = article.social_for(network).image
    if override is None or not override.url:
        return share_image(article)
    if network == "facebook" and card_takes_social(article.site):
        return share_image(article)
    return ShareImage(
        url=override.url,
        kind="social",
        media_type=media_type_of(override.url),
        width=override.width,
        height=override.height,
        alt=override.alt or article.social_for(network).title or article.title,
    )
