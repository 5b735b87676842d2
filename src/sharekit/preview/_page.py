"""See it before you share it: one offline HTML page of platform mocks (SPEC 2.8).

:func:`render_preview` draws how the article's link will look when shared on
Facebook, X, LinkedIn, Slack, Discord and KakaoTalk, side by side: each
platform's layout (large image or thumbnail), its title and description
limits (:data:`PLATFORMS`), its domain line and the crop it applies to the
image. Below come the lint findings and the share block.

The page is self-contained: the card is embedded as a ``data:`` URI, the CSS
is inline, and a Content-Security-Policy forbids every request except
``data:`` images, so a remote hero image is never fetched by the page (a
placeholder stands in for it). Every record value is escaped once, here or
by the modules it comes from. Limits and their sources: docs/preview.md.
"""

from __future__ import annotations

import base64
import unicodedata
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sharekit._version import __version__
from sharekit.card._chain import network_image
from sharekit.card._ref import with_card_flags
from sharekit.config import Site
from sharekit.images._files import ShareImage, image_size
from sharekit.lint._rules import lint_article
from sharekit.meta._tags import LIMITS, meta_tags
from sharekit.model import Article
from sharekit.networks._table import BY_ID
from sharekit.out._atomic import write_bytes_if_changed
from sharekit.preview import _html as ui
from sharekit.preview._types import Platform, PreviewImage
from sharekit.share._links import render_share_block
from sharekit.text._clean import display_host
from sharekit.text._truncate import truncate

if TYPE_CHECKING:
    from sharekit.images._judge import Finding

__all__ = ["PLATFORMS", "Platform", "PreviewImage", "render_preview", "text_direction"]

# Languages written right to left (BCP 47 primary subtags), for text without a strong letter.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}
)
# The head tags the page lists beside the lint findings: what the platforms read.
HEAD_SUMMARY = (
    "og:title",
    "og:description",
    "og:site_name",
    "og:locale",
    "og:image:width",
    "og:image:height",
    "og:image:type",
    "twitter:card",
    "twitter:site",
    "twitter:title",
)


PLATFORMS: tuple[Platform, ...] = (
    Platform("facebook", 88, 300, 2, 1, 1.91, "feed post, large 1.91:1 image"),
    Platform(
        "x",
        LIMITS["twitter:title"],
        LIMITS["twitter:description"],
        1,
        2,
        2.0,
        "summary_large_image 2:1, title over the image",
    ),
    Platform("linkedin", 100, None, 2, -1, 1.91, "feed post, compact thumbnail"),
    Platform("slack", None, None, 0, 0, None, "unfurl, image at its own shape", own_name="Slack"),
    Platform("discord", 256, 350, 0, 0, None, "embed, image at its own shape", own_name="Discord"),
    Platform("kakaotalk", None, None, 2, 2, None, "chat scrap, 2:1 to 3:4"),
)


def text_direction(text: str, lang: str = "") -> str:
    """``rtl`` or ``ltr``: the first strong letter of ``text`` (UAX #9), else the language."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    primary = lang.replace("_", "-").split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


def _data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _placeholder(width: int, height: int, label: str) -> str:
    """A neutral SVG the size of an image the page must not fetch."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="#d8dde3"/>'
        f'<text x="50%" y="50%" fill="#5b6470" font-family="sans-serif" '
        f'font-size="{max(12, width // 24)}" text-anchor="middle" dominant-baseline="middle">'
        f"{escape(label)}</text></svg>"
    )
    return _data_uri("image/svg+xml", svg.encode("utf-8"))


def _image(article: Article, site: Site, shared: ShareImage | None) -> PreviewImage | None:
    """What the platforms would show, embedded: the card, a local file, or a stand-in."""
    if shared is None:
        return None
    if shared.kind == "card":
        from sharekit.card import render_card

        card = render_card(article, site)
        note = "no font covers: " + " ".join(card.missing) if card.missing else ""
        return PreviewImage(
            _data_uri(card.media_type, card.data),
            card.width,
            card.height,
            card.alt,
            "card",
            note,
            len(card.data),
            card.template,
        )
    width, height = shared.width or 1200, shared.height or 630
    if shared.local_path is None:
        note, label = "remote image: not fetched by this page", "remote image"
    else:
        dimensions = image_size(shared.local_path)
        if dimensions is not None and shared.media_type:
            data = shared.local_path.read_bytes()
            return PreviewImage(
                _data_uri(shared.media_type, data),
                *dimensions,
                shared.alt,
                shared.kind,
                byte_size=len(data),
            )
        note, label = f"cannot read {shared.local_path.name}", "unreadable image"
    return PreviewImage(
        _placeholder(width, height, label), width, height, shared.alt, "placeholder", note
    )


def _display_host(url: str) -> str:
    """The host as platforms print it: Unicode (IDNA decoded), without ``www.``."""
    return display_host(urlsplit(url).hostname or "").removeprefix("www.")


def _tag_values(article: Article, site: Site) -> dict[str, str]:
    values: dict[str, str] = {}
    for tag in meta_tags(article, site):
        if tag.kind == "meta":
            values.setdefault(tag.name, tag.content)
    return values


def _posts(article: Article, site: Site) -> list[tuple[str, str, str]]:
    """(target, text, image) of each [syndicate] account's post of ``article``."""
    from sharekit.syndication._compose import planned_posts

    # each network's own text (social.<network>), as the service will get it (SPEC 8.7)
    return [(post.label, post.text, post.shows) for post in planned_posts(article, site)]


def _feeds(article: Article) -> str:
    """What feed readers get (SPEC 8.4): the summary and the body a feed carries, as text."""
    from sharekit.feed._item import feed_content
    from sharekit.text._htmltext import visible_text

    lang = escape(article.lang or article.site.lang)
    if article.excluded("feeds"):
        return ui.feeds_section([], "Kept out of the feeds (exclude: feeds).", lang)
    site = article.site
    content = feed_content(article)
    text = " ".join(visible_text(content).split())
    rows = [("Summary", article.description or "(none)")]
    rows.append(("Content", text or "(none: readers show the summary)"))
    note = ""
    if article.paid:
        note = (
            f"Paid text stays behind the paywall: only the part before {site.paywall_selector}"
            " leaves, in feeds, posts and this preview."
            if site.paywall_selector
            else "Paid text stays behind the paywall: no [site] paywall_selector, so feeds"
            " carry the description only."
        )
    elif site.feed.content == "summary":
        note = '[feed] content = "summary": feeds carry the description only.'
    return ui.feeds_section(rows, note, lang)


def render_preview(
    article: Article,
    site: Site | None = None,
    *,
    template: str | None = None,
    size: str | None = None,
    path: str | Path | None = None,
) -> str:
    """The preview page of ``article``: one self-contained HTML document.

    ``template`` and ``size`` override ``[card]`` as in :func:`sharekit.render_card`;
    the meta tags, the lint findings and the mocks all see the same card.
    With ``path``, the page is also written there (atomically; equal bytes
    are left alone); a path that cannot be written is an :class:`InputError`.
    """
    article = with_card_flags(article.with_site(site), template=template, size=size)
    site = article.site
    tags = _tag_values(article, site)
    # og:image (the share image, or social.facebook's) for every platform but X, which
    # reads twitter:image (social.x's when given).
    shared = network_image(article, "facebook")
    image = _image(article, site, shared)
    x_shared = network_image(article, "x")
    x_image = image if x_shared == shared else _image(article, site, x_shared)
    findings: list[Finding] = lint_article(article, site)
    share_block = render_share_block(article, site)
    texts = ui.Texts(
        title=tags.get("og:title", article.title),
        description=tags.get("og:description", article.description),
        x_title=tags.get("twitter:title", article.title),
        x_description=tags.get("twitter:description", article.description),
        site_name=site.name,
        host=_display_host(article.url),
        url=article.url,
        lang=article.lang or site.lang,
        direction=text_direction(article.title, article.lang or site.lang),
        twitter_card=tags.get("twitter:card", "summary"),
        handle=site.twitter,
        head=tuple((name, tags[name]) for name in HEAD_SUMMARY if tags.get(name)),
        video=bool(tags.get("og:video")),  # SPEC 8.5
    )
    mocks = [
        ui.mock(platform, texts, x_image if platform.key == "x" else image, truncate)
        for platform in PLATFORMS
    ]
    html = ui.page(
        article=article,
        texts=texts,
        image=image,
        mocks=mocks,
        findings=findings,
        share_block=share_block,
        version=__version__,
        social=ui.social_table(
            [
                (BY_ID[key].label, o.title, o.description, (o.image.url or "") if o.image else "")
                for key, o in article.social.items()
            ],
            article.lang or site.lang,
        ),
        posts=_posts(article, site),
        feeds=_feeds(article),
    )
    if path is not None:
        write_bytes_if_changed(Path(path), html.encode("utf-8"))
    return html
