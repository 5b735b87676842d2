"""Share links for every network, and the "Share it on..." block (SPEC 2.5).

:func:`share_links` makes one typed :class:`ShareLink` per network, in the
order of ``[share] networks`` (empty: all of :data:`NETWORK_IDS`).
:func:`render_share_block` turns them into an accessible HTML block: real
``<a href>`` links that work with JavaScript off, and a small optional inline
script that adds what only a script can do (copy link, the Web Share API,
the KakaoTalk SDK button).

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
from dataclasses import dataclass
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from sharekit import _share_html
from sharekit import _validate as v
from sharekit._images import share_image
from sharekit.config import NETWORK_IDS, Site, UtmConfig
from sharekit.errors import InputError
from sharekit.model import Article

__all__ = ["NETWORK_LABELS", "ShareLink", "render_share_block", "share_links", "tag_url"]

NETWORK_LABELS = {
    "facebook": "Facebook", "x": "X", "linkedin": "LinkedIn", "reddit": "Reddit",
    "whatsapp": "WhatsApp", "telegram": "Telegram", "email": "Email", "pinterest": "Pinterest",
    "hackernews": "Hacker News", "bluesky": "Bluesky", "threads": "Threads",
    "mastodon": "Mastodon", "tumblr": "Tumblr", "flipboard": "Flipboard", "line": "LINE",
    "kakaotalk": "KakaoTalk", "naver": "Naver", "band": "BAND", "vk": "VK", "weibo": "Weibo",
    "sms": "SMS", "copy": "Copy link", "webshare": "Share…",
}  # fmt: skip
# Networks that work only through a script in the page.
SCRIPT_ONLY = frozenset({"copy", "webshare", "kakaotalk"})
MASTODON_CHOOSER = "https://share.joinmastodon.org/"
# Networks that shut their sharing down: named in the error when asked for.
DEAD_NETWORKS = {"pocket": "Pocket closed on 8 July 2025", "skype": "Skype retired on 5 May 2025"}
# Other names people use, only to suggest the id in an error.
ALIASES = {
    "twitter": "x", "mail": "email", "e-mail": "email", "hn": "hackernews",
    "ycombinator": "hackernews", "kakao": "kakaotalk", "naverband": "band", "sinaweibo": "weibo",
    "vkontakte": "vk", "text": "sms", "clipboard": "copy", "link": "copy", "share": "webshare",
    "native": "webshare", "fediverse": "mastodon", "bsky": "bluesky",
}  # fmt: skip
CAMPAIGN_FIELDS = ("slug", "id", "section", "lang", "year", "month", "day")
_PLACEHOLDER = re.compile(r"{([^{}]*)}")


@dataclass(frozen=True, slots=True)
class ShareLink:
    """One way to share an article.

    ``url`` is the link to open (a share intent, ``mailto:`` or ``sms:``), or
    None where there is no link: ``copy`` and ``webshare`` run in the page,
    and KakaoTalk shares only through its JavaScript SDK. ``shared_url`` is
    the article URL this way shares (with its UTM tags when tagging is on).
    ``needs_js``: only a script can offer it. ``needs_app_id``: it needs an
    app key from the network (``[share] kakao_app_key``); ``available`` is
    False when that key is missing. ``app_only``: it opens an app on the
    device rather than a web page (``sms:``).
    """

    network: str
    label: str
    url: str | None
    shared_url: str
    needs_js: bool = False
    needs_app_id: bool = False
    app_only: bool = False
    available: bool = True


def _q(value: str) -> str:
    return quote(value, safe="")


def _intent(base: str, *params: tuple[str, str | None]) -> str:
    """``base`` + the non-empty parameters, each value percent-encoded."""
    query = "&".join(f"{name}={_q(value)}" for name, value in params if value)
    return f"{base}{query}"


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


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
    added = [f"{_q(name)}={_q(value)}" for name, value in params if value]
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


def _networks(site: Site, networks: Sequence[str] | str | None) -> tuple[str, ...]:
    if isinstance(networks, str):
        networks = [n.strip() for n in networks.split(",") if n.strip()]
    chosen: Sequence[str] = networks or site.share.networks or NETWORK_IDS
    source, field = ("option", "networks") if networks else (site.source, "share.networks")
    for name in chosen:
        if name not in NETWORK_IDS:
            close = [ALIASES[name.lower()]] if name.lower() in ALIASES else []
            close += difflib.get_close_matches(name.lower(), NETWORK_IDS, n=1, cutoff=0.0)
            dead = DEAD_NETWORKS.get(name.lower())
            why = f" ({dead}, not offered)" if dead else ""
            raise InputError(
                source,
                field,
                f'unknown network {v.show(name)}{why}; did you mean "{close[0]}"?',
            )
    return tuple(dict.fromkeys(chosen))  # a repeated id once, first place kept


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
    title, description = article.title, article.description

    def shared(network: str) -> str:
        if config is None:
            return article.url
        return tag_url(
            article.url,
            [("utm_source", network), ("utm_medium", config.medium), ("utm_campaign", campaign)],
        )

    image = share_image(article, site) if {"pinterest", "vk", "weibo"} & set(chosen) else None
    image_url = image.url if image else None
    via = site.twitter.removeprefix("@")
    instance = site.share.mastodon_instance
    links = []
    for network in chosen:
        u = shared(network)
        url: str | None
        match network:
            case "facebook":
                url = _intent("https://www.facebook.com/sharer/sharer.php?", ("u", u))
            case "x":
                url = _intent(
                    "https://x.com/intent/tweet?", ("text", title), ("url", u), ("via", via)
                )
            case "linkedin":  # LinkedIn reads title and summary from the page's og:* tags
                url = _intent("https://www.linkedin.com/sharing/share-offsite/?", ("url", u))
            case "reddit":
                url = _intent("https://www.reddit.com/submit?", ("url", u), ("title", title))
            case "whatsapp":
                url = _intent("https://wa.me/?", ("text", _joined(title, u)))
            case "telegram":
                url = _intent("https://t.me/share/url?", ("url", u), ("text", title))
            case "email":  # RFC 6068: %20 for spaces, CRLF line breaks
                body = f"{description}\r\n\r\n{u}" if description else u
                url = _intent("mailto:?", ("subject", title), ("body", body))
            case "pinterest":
                url = _intent(
                    "https://www.pinterest.com/pin/create/button/?",
                    ("url", u), ("media", image_url), ("description", title),
                )  # fmt: skip
            case "hackernews":
                url = _intent("https://news.ycombinator.com/submitlink?", ("u", u), ("t", title))
            case "bluesky":
                url = _intent("https://bsky.app/intent/compose?", ("text", _joined(title, u)))
            case "threads":
                url = _intent("https://www.threads.com/intent/post?", ("text", title), ("url", u))
            case "mastodon":
                base = f"https://{instance}/share?" if instance else MASTODON_CHOOSER + "?"
                url = _intent(base, ("text", _joined(title, u)))
            case "tumblr":
                url = _intent(
                    "https://www.tumblr.com/widgets/share/tool?",
                    ("posttype", "link"), ("canonicalUrl", u), ("title", title),
                    ("caption", description),
                )  # fmt: skip
            case "flipboard":
                url = _intent(
                    "https://share.flipboard.com/bookmarklet/popout?",
                    ("v", "2"), ("title", title), ("url", u),
                )  # fmt: skip
            case "line":
                url = _intent(
                    "https://social-plugins.line.me/lineit/share?", ("url", u), ("text", title)
                )
            case "naver":
                url = _intent(
                    "https://share.naver.com/web/shareView?", ("url", u), ("title", title)
                )
            case "band":
                url = _intent(
                    "https://band.us/plugin/share?", ("body", f"{title}\n{u}"), ("route", u)
                )
            case "vk":
                url = _intent(
                    "https://vk.com/share.php?",
                    ("url", u), ("title", title), ("description", description),
                    ("image", image_url),
                )  # fmt: skip
            case "weibo":
                url = _intent(
                    "https://service.weibo.com/share/share.php?",
                    ("url", u), ("title", title), ("pic", image_url),
                )  # fmt: skip
            case "sms":  # "?&body=": iOS reads "&body", Android "?body"
                url = "sms:?&" + _intent("", ("body", _joined(title, u)))
            case _:  # copy, webshare, kakaotalk: a script in the page does it
                url = None
        links.append(
            ShareLink(
                network=network,
                label=NETWORK_LABELS[network],
                url=url,
                shared_url=u,
                needs_js=network in SCRIPT_ONLY,
                needs_app_id=network == "kakaotalk",
                app_only=network == "sms",
                available=network != "kakaotalk" or bool(site.share.kakao_app_key),
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
    the CSS itself: :data:`sharekit._share_html.CSS`); ``script=False`` the
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
