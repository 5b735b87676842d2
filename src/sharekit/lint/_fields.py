"""Lint rules for the record fields of SPEC 7.5: access, translations, social, image.focus.

Offline like the rest of lint (no network: whether a translation on another
site links back is for ``sharekit inspect``, which fetches pages). An
author's ``fediverse`` handle is checked when the record loads (a bad one is
an input error); whether Mastodon credits it depends on the author's own
server ("allowed sites"), which no offline check can see.
"""

from __future__ import annotations

from sharekit.card._chain import card_takes_social
from sharekit.images._judge import Finding
from sharekit.meta._tags import LIMITS
from sharekit.model import Article
from sharekit.networks._table import BY_ID, Shared

__all__ = ["depth_findings"]

# Networks whose page tags read an override: og:* (Facebook and every og reader), twitter:*.
_TAG_READERS = {"facebook", "x"}


def _link_reads(network: str) -> set[str]:
    """Which of title, description and image the network's share link carries."""
    build = BY_ID[network].build_url
    if build is None:
        return set()
    marks = {"title": "\x01T", "description": "\x01D", "image": "\x01I"}
    url = build(
        Shared(
            url="u",
            title=marks["title"],
            description=marks["description"],
            image=marks["image"],
            via="",
            instance="",
        )
    )
    return {name for name, mark in marks.items() if "%01" + mark[1] in url}


def _social(article: Article) -> list[Finding]:
    found: list[Finding] = []
    for network, override in article.social.items():
        given = {
            name
            for name, value in (
                ("title", override.title),
                ("description", override.description),
                ("image", override.image),
            )
            if value
        }
        read = _link_reads(network) | (given if network in _TAG_READERS else set())
        unused = sorted(given - read)
        if unused:
            label = BY_ID[network].label
            found.append(
                Finding(
                    "warning",
                    "social-override-unused",
                    f"nothing {label} shows reads social.{network}'s {' and '.join(unused)} "
                    "(it takes og:* from the page: use social.facebook)",
                    f"social.{network}",
                )
            )
        limit = LIMITS["twitter:title"]
        if network == "x" and limit is not None and len(override.title) > limit:
            found.append(
                Finding(
                    "warning",
                    "social-title-too-long",
                    f"social.x.title is {len(override.title)} characters: X cuts it at {limit}",
                    "social.x.title",
                )
            )
        image = override.image
        if network in _TAG_READERS and image is not None and not (image.width and image.height):
            found.append(
                Finding(
                    "warning",
                    "social-image-size-unknown",
                    f"social.{network}.image is remote and its size is unknown: give width and "
                    "height (Facebook may show no image on the first share without them)",
                    f"social.{network}.image",
                )
            )
    return found


def _translations(article: Article) -> list[Finding]:
    site = article.site
    if not article.translations:
        return []
    found: list[Finding] = []
    alternates = article.alternates()
    explicit = any(lang == "x-default" for lang, _ in article.translations)
    primary = site.lang.lower().split("-")[0]
    if not explicit and not any(
        lang.lower().split("-")[0] == primary for lang, _ in alternates[:-1]
    ):
        found.append(
            Finding(
                "warning",
                "translations-x-default",
                f"no version is in [site] lang ({site.lang}) and the record names no x-default: "
                "x-default is this article's own URL, which its translations cannot agree on "
                "(give translations.x-default)",
                "translations",
            )
        )
    urls: dict[str, str] = {}
    for lang, url in alternates[:-1]:
        if url in urls:
            found.append(
                Finding(
                    "warning",
                    "translations-same-url",
                    f"{urls[url]} and {lang} point at the same URL {url}: "
                    "each language version needs its own page",
                    f"translations.{lang}",
                )
            )
        urls.setdefault(url, lang)
    return found


def depth_findings(article: Article) -> list[Finding]:
    """The findings of SPEC 7.5's fields for ``article`` under its effective site."""
    site = article.site
    found: list[Finding] = []
    if article.access in ("paywalled", "metered") and not site.paywall_selector:
        found.append(
            Finding(
                "warning",
                "paywall-selector-missing",
                f"access is {article.access} but [site] paywall_selector is not set: the JSON-LD "
                "has no hasPart, and Google may take the hidden text for cloaking; feeds, "
                "posts and the preview carry the description only (SPEC 8.4)",
                "access",
            )
        )
    found += _translations(article)
    found += _social(article)
    image = article.image
    if image is not None and image.focus is not None:
        # A layout file may draw the photo too: only the branded card surely does not.
        drawn = site.card.enabled and site.card.template != "branded"
        replaced = card_takes_social(site) and "facebook" in article.social
        if not drawn or (replaced and article.social["facebook"].image is not None):
            found.append(
                Finding(
                    "warning",
                    "image-focus-unused",
                    "image.focus is used only by the photo and split cards "
                    "(set [card] template); the platforms crop a plain image at its centre",
                    "image.focus",
                )
            )
    return found
