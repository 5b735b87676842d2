"""Share links for every network, and the "Share it on..." block (SPEC 2.5).

:func:`share_links` makes one typed :class:`ShareLink` per network, in the
order of ``[share] networks`` (empty: every network of the table in
:mod:`sharekit.networks._table`, which builds each URL). :func:`render_share_block`
turns them into an accessible HTML block: real ``<a href>`` links that work
with JavaScript off, and a small optional inline script that adds what only a
script can do (copy link, the Web Share API, the KakaoTalk SDK button).

Every value goes into a URL through ``quote(value, safe="")``: a space is
``%20`` (never ``+``, which mail and SMS apps show literally), and an empty
parameter is left out. Parsing a produced URL gives the article's URL and
text back exactly. Each network's URL format and its source are in
docs/share.md.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from sharekit.card._chain import share_image
from sharekit.config import NETWORK_IDS, Site, UtmConfig
from sharekit.errors import InputError
from sharekit.model import Article
from sharekit.networks._table import ALIASES, BY_ID, RETIRED, Network, Shared, encode
from sharekit.share import _html as _share_html
from sharekit.share._types import ShareLink
from sharekit.text import _validate as v

__all__ = ["ShareLink", "render_share_block", "share_links", "tag_url"]

CAMPAIGN_FIELDS = ("slug", "id", "section", "lang", "year", "month", "day")
_PLACEHOLDER = re.compile(r"{([^{}]*)}")


def tag_url(url: str, params: Sequence[tuple[str, str]]) -> str:
    """``url`` with ``params`` set in its query: existing ones of the same name replaced.

    Other parameters keep their exact spelling and order, the fragment stays,
    and an empty value is left out.
    """
    parts = urlsplit(url)
    names = {name for name, _ in params}
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and unquote_plus(pair.split("=", 1)[0]) not in names
    ]
    added = [f"{encode(name)}={encode(value)}" for name, value in params if value]
    return urlunsplit(parts._replace(query="&".join(kept + added)))


def _utm_config(site: Site, utm: bool | None) -> UtmConfig | None:
    if utm is None:
        return site.share.utm
    if utm:
        return site.share.utm or UtmConfig()
    return None


def _campaign(template: str, article: Article, source: str | None) -> str:
    published = article.published
    values = {
        "slug": article.slug,
        "id": article.id,
        "section": article.section,
        "lang": article.lang,
        "year": f"{published.year:04d}" if published else "",
        "month": f"{published.month:02d}" if published else "",
        "day": f"{published.day:02d}" if published else "",
    }

    def replace(match: re.Match[str]) -> str:
        name = match[1]
        if name not in values:
            known = ", ".join("{" + f + "}" for f in CAMPAIGN_FIELDS)
            raise InputError(
                source, "share.utm.campaign", f"unknown placeholder {{{name}}}; use {known}"
            )
        return values[name]

    return _PLACEHOLDER.sub(replace, template)


def _networks(site: Site, networks: Sequence[str] | str | None) -> tuple[Network, ...]:
    if isinstance(networks, str):
        networks = [n.strip() for n in networks.split(",") if n.strip()]
    chosen: Sequence[str] = networks or site.share.networks or NETWORK_IDS
    source, field = ("option", "networks") if networks else (site.source, "share.networks")
    for name in chosen:
        if name not in NETWORK_IDS:
            close = [ALIASES[name.lower()]] if name.lower() in ALIASES else []
            close += difflib.get_close_matches(name.lower(), NETWORK_IDS, n=1, cutoff=0.0)
            dead = RETIRED.get(name.lower())
            why = f" ({dead}, not offered)" if dead else ""
            raise InputError(
                source,
                field,
                f'unknown network {v.show(name)}{why}; did you mean "{close[0]}"?',
            )
    return tuple(BY_ID[name] for name in dict.fromkeys(chosen))  # a repeat once, first kept


def _target(site: Site) -> str:
    target = site.share.target
    if target and target.startswith("_") and target.lower() not in _share_html.TARGET_KEYWORDS:
        raise InputError(
            site.source,
            "share.target",
            f"expected _blank, _self, _parent, _top or a window name, got {v.show(target)}",
        )
    return target


def share_links(
    article: Article,
    site: Site,
    *,
    networks: Sequence[str] | str | None = None,
    utm: bool | None = None,
) -> list[ShareLink]:
    """The share links of ``article``, one per network, in display order.

    ``networks``: ids (a list, or ``"a,b,c"``) in the order wanted; None or
    empty takes ``[share] networks``, and when that is empty every network.
    ``utm``: True or False forces UTM tagging on or off; None follows the
    configuration (on when ``[share] utm`` is present).
    """
    article = article.with_site(site)
    site = article.site
    chosen = _networks(site, networks)
    config = _utm_config(site, utm)
    campaign = _campaign(config.campaign, article, site.source) if config else ""

    def shared(network: str) -> str:
        if config is None:
            return article.url
        return tag_url(
            article.url,
            [("utm_source", network), ("utm_medium", config.medium), ("utm_campaign", campaign)],
        )

    image = share_image(article) if any(n.image for n in chosen) else None
    image_url = image.url if image else None
    via = site.twitter.removeprefix("@")
    links = []
    for network in chosen:
        u = shared(network.id)
        # The record's social.<network> text and image, where the link carries them (SPEC 7.5).
        override = article.social_for(network.id)
        own_image = override.image.url if override.image is not None else None
        values = Shared(
            url=u,
            title=override.title or article.title,
            description=override.description or article.description,
            image=(own_image or image_url) if network.image else image_url,
            via=via,
            instance=site.share.mastodon_instance,
        )
        links.append(
            ShareLink(
                network=network.id,
                label=network.label,
                url=network.build_url(values) if network.build_url else None,
                shared_url=u,
                needs_js=network.script_only,
                needs_app_id=network.needs_app_key,
                app_only=network.app_only,
                available=not network.needs_app_key or bool(site.share.kakao_app_key),
            )
        )
    return links


def render_share_block(
    article: Article,
    site: Site,
    *,
    networks: Sequence[str] | str | None = None,
    utm: bool | None = None,
    style: bool = True,
    script: bool = True,
) -> str:
    """The "Share it on..." block as an HTML fragment.

    Links are plain ``<a href>`` (they work with JavaScript off); the copy,
    Web Share and KakaoTalk buttons sit in ``<template>`` elements that the
    optional inline script fills in when the browser can do them.
    ``style=False`` leaves out the ``<style>`` element (for a site that ships
    the CSS itself: :data:`sharekit.share._html.CSS`); ``script=False`` the
    script, and with it those buttons.
    """
    article = article.with_site(site)
    site = article.site
    links = share_links(article, site, networks=networks, utm=utm)
    if not script:
        links = [link for link in links if not link.needs_js]
    return _share_html.render(
        links,
        title=article.title,
        lang=article.lang or site.lang,
        heading=site.share.heading,
        heading_lang=site.lang,
        target=_target(site),
        kakao_app_key=site.share.kakao_app_key,
        block_id=_share_html.block_id(article.id, [link.network for link in links]),
        style=style,
        script=script,
    )
