"""What a sharing debugger would say about an article, before it is shared (SPEC 2.2).

:func:`lint_article` returns :class:`~sharekit.images._judge.Findings` (a list of Finding): an
``error`` breaks the preview (no image, a URL a crawler cannot fetch), a
``warning`` makes it worse than it could be (text that gets cut, a small
image, missing dates). The image rules and their thresholds are
:mod:`sharekit.images._judge`'s, shared with inspect; the rest and all sources are
in docs/meta.md. No network I/O: a local image's size comes from its file
header, a remote one's from the record.
"""

from __future__ import annotations

import unicodedata

from sharekit.card._chain import share_image
from sharekit.config import Site
from sharekit.images._files import ShareImage, image_size
from sharekit.images._judge import (
    Finding,
    Findings,
    judge_bytes,
    judge_size,
    judge_type,
    record_image,
)
from sharekit.lint._fields import depth_findings
from sharekit.lint._media import media_findings
from sharekit.lint._newsroom import newsroom_findings
from sharekit.meta._tags import LIMITS
from sharekit.model import Article
from sharekit.text._clean import is_absolute_http_url

__all__ = ["lint_article"]

TITLE_MIN = 15
DESCRIPTION_MIN = 50


def _image_findings(image: ShareImage | None) -> list[Finding]:
    if image is None:
        return [
            Finding(
                "error",
                "image-missing",
                "no image: enable [card], give the record an image or set [site] default_image",
                "image",
            )
        ]
    found = []
    what = {"card": "the card", "hero": "the image", "default": "the default image"}.get(
        image.kind, "the image"
    )
    subject = record_image(what)
    if not image.is_absolute:
        found.append(
            Finding(
                "error",
                "image-url-relative",
                f"{what} URL is not absolute ({image.url!r}): set [site] url or [publish] base_url",
                "image",
            )
        )
    found += judge_type(image.media_type, subject)
    width, height = image.width, image.height
    if image.local_path is not None:
        size = image_size(image.local_path)
        if size is None:
            found.append(
                Finding(
                    "error",
                    "image-unreadable",
                    f"{what} file cannot be read: {image.local_path}",
                    "image",
                )
            )
            return Findings(found)
        found += judge_bytes(image.local_path.stat().st_size, subject)
        if (width, height) != size and width and height:
            found.append(
                Finding(
                    "warning",
                    "image-size-mismatch",
                    f"the record says {width}x{height} but the file is {size[0]}x{size[1]}",
                    "image",
                )
            )
        width, height = size
    if not width or not height:
        found.append(
            Finding(
                "warning",
                "image-size-unknown",
                f"{what} is remote and its size is unknown: give image width and height "
                "(Facebook may show no image on the first share without them)",
                "image",
            )
        )
        return Findings(found)
    found += judge_size(width, height, subject)
    return Findings(found)


def _weighted_length(text: str) -> int:
    """Length with wide (CJK) characters counted twice, as X counts them in posts."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _length_findings(name: str, text: str, minimum: int, maximum: int | None) -> list[Finding]:
    if not text:
        return [
            Finding(
                "warning",
                f"{name}-missing",
                f"no {name}: platforms then pick text from the page",
                name,
            )
        ]
    if maximum is not None and len(text) > maximum:
        return [
            Finding(
                "warning",
                f"{name}-too-long",
                f"{name} is {len(text)} characters: X cuts it at {maximum}",
                name,
            )
        ]
    if _weighted_length(text) < minimum:
        return [
            Finding(
                "warning",
                f"{name}-too-short",
                f"{name} is {len(text)} characters: aim for at least {minimum} "
                "(wide CJK characters count double)",
                name,
            )
        ]
    return []


def _glyph_findings(article: Article, site: Site) -> list[Finding]:
    """Characters of the card's texts that no font covers (font coverage only: no Pillow)."""
    from sharekit.card import missing_characters

    missing = missing_characters(article, site)
    if not missing:
        return []
    shown = ", ".join(f"U+{ord(c[0]):04X}" for c in missing[:8]) + (
        " ..." if len(missing) > 8 else ""
    )
    return [
        Finding(
            "warning",
            "card-missing-glyphs",
            f"no bundled, configured or system font draws {shown}: the card leaves them out "
            "(add a font that covers them to [card] fonts)",
            "title",
        )
    ]


def lint_article(article: Article, site: Site | None = None) -> Findings:
    """Check ``article`` as Facebook's, X's and Google's validators would, offline."""
    article = article.with_site(site)
    site = article.site
    found: list[Finding] = []
    if not article.url:
        found.append(Finding("error", "url-missing", "no url: crawlers need one", "url"))
    elif not is_absolute_http_url(article.url):
        found.append(
            Finding(
                "error",
                "url-relative",
                f"url is not an absolute http(s) URL: {article.url!r}",
                "url",
            )
        )
    if not site.name:
        found.append(
            Finding("warning", "site-name-missing", "no [site] name (og:site_name)", "site.name")
        )
    found += _length_findings("title", article.title, TITLE_MIN, LIMITS["twitter:title"])
    found += _length_findings(
        "description", article.description, DESCRIPTION_MIN, LIMITS["twitter:description"]
    )
    found += _image_findings(share_image(article))
    if site.card.enabled:
        found += _glyph_findings(article, site)
    if article.published is None:
        found.append(
            Finding(
                "warning",
                "published-missing",
                "no published date: no article:published_time or datePublished, "
                "and feeds leave the article out",
                "published",
            )
        )
    if not article.authors:
        found.append(
            Finding("warning", "author-missing", "no author (article:author, JSON-LD)", "authors")
        )
    found += depth_findings(article)
    found += newsroom_findings(article)  # SPEC 8.4: paywall, canonical, hosts, noindex
    from sharekit.lint._moved import moved_findings

    found += moved_findings(article)  # SPEC 8.4: a slug change the store cannot redirect
    found += media_findings(article)  # SPEC 8.5
    from sharekit.syndication._compose import post_findings

    found += post_findings(article, site)  # the configured [syndicate] targets' length limits
    return Findings(found)
