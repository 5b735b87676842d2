"""One article's files: card, head fragment, share block, hero copy and manifest.

Runs where the article is rendered: publish's own process (one worker), a
worker process of its pool, or a task of a given executor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharekit.card._ref import card_ref
from sharekit.errors import SharekitError
from sharekit.images._files import hero_image, local_image_path, read_local_image

if TYPE_CHECKING:
    from sharekit.card._card import Card
    from sharekit.config import Site
    from sharekit.images._files import ShareImage
    from sharekit.model import Article
    from sharekit.out._output import Output

__all__ = ["Rendered", "render_article_files", "render_chunk"]

Rendered = list[dict[str, Any]] | SharekitError  # one article's file entries, or why not


def _file_entry(
    out: Output,
    relative: str,
    data: bytes,
    media_type: str,
    known: Mapping[str, str],
    **extra: Any,
) -> dict[str, Any]:
    out.write(relative, data, media_type, known.get(relative))
    entry = {
        "path": relative,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "media_type": media_type,
    }
    entry.update({k: v for k, v in extra.items() if v is not None})
    return entry


def _hero(article: Article) -> tuple[ShareImage | None, bytes | None]:
    """The hero image and, for a local one publish copies, its checked bytes."""
    site = article.site
    hero = hero_image(article)
    if hero is None or hero.local_path is None or hero.output_path is None:
        return hero, None
    # the folder check is publish's: it is what copies the file into the public tree
    allowed = (article.image.root if article.image else None) or article.base_dir
    path = local_image_path(hero.local_path, allowed, site, article.source, str(hero.local_path))
    return hero, read_local_image(path, article.source, "image.path", site.network.max_bytes)


def render_article_files(
    article: Article, site: Site, out: Output, known: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Write one article's card, head fragment, share block, hero copy and manifest.

    Returns the manifest's file entries (the manifest itself last, with its
    sha256). ``known`` maps the article's objects to the sha256 the store
    recorded (a remote output does not rewrite an object whose bytes have it).
    """
    from sharekit.card import render_card
    from sharekit.meta._tags import render_head
    from sharekit.share._links import render_share_block

    known = known or {}
    article = article.with_site(site)
    site = article.site
    folder = f"articles/{article.slug}"
    entries: list[dict[str, Any]] = []
    # The hero is read and checked first (before the card draws it): a bad one
    # leaves nothing of the article behind.
    hero, hero_data = _hero(article)
    if site.card.enabled:
        card = render_card(article, site)
        entries.append(_card_entry(out, card_ref(article, site).path, card, known))
        entries += _ratio_cards(article, out, known)  # SPEC 8.5
    if hero is not None and hero.output_path is not None and hero_data is not None:
        entries.append(
            _file_entry(
                out,
                hero.output_path,
                hero_data,
                hero.media_type or "application/octet-stream",
                known,
                width=hero.width,
                height=hero.height,
                alt=hero.alt,
            )
        )
    head = render_head(article, site).encode("utf-8")
    html = "text/html; charset=utf-8"
    entries.append(_file_entry(out, f"{folder}/head.html", head, html, known))
    share = render_share_block(article, site).encode("utf-8")
    entries.append(_file_entry(out, f"{folder}/share.html", share, html, known))
    return [*entries, _write_manifest(out, article, folder, entries, known)]


def _ratio_cards(article: Article, out: Output, known: Mapping[str, str]) -> list[dict[str, Any]]:
    """The card at 16:9, 4:3 and 1:1 beside the og card (the JSON-LD ``image`` Google asks
    for), drawn by the same layout; a photo card crops around ``image.focus``."""
    from sharekit.card import render_card
    from sharekit.card._ratios import ratio_cards, sized

    entries = []
    for _ratio, ref in ratio_cards(article):
        at_size = sized(article, ref.width, ref.height)
        entries.append(_card_entry(out, ref.path, render_card(at_size, at_size.site), known))
    return entries


def _card_entry(out: Output, path: str, card: Card, known: Mapping[str, str]) -> dict[str, Any]:
    """A drawn card written at ``path``, as its manifest entry."""
    return _file_entry(
        out,
        path,
        card.data,
        card.media_type,
        known,
        width=card.width,
        height=card.height,
        alt=card.alt,
    )


def _write_manifest(
    out: Output,
    article: Article,
    folder: str,
    entries: list[dict[str, Any]],
    known: Mapping[str, str],
) -> dict[str, Any]:
    """Write the manifest of ``entries``; returns its own entry (listed last, not inside)."""
    manifest = {"id": article.id, "slug": article.slug, "url": article.url, "files": entries}
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    name = f"{folder}/manifest.json"
    out.write(name, data, "application/json", known.get(name))
    return {
        "path": name,
        "bytes": len(data),
        "media_type": "application/json",
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def render_chunk(
    articles: list[Article],
    site: Site,
    out: Output,
    known: list[dict[str, str]] | None = None,
) -> list[Rendered]:
    """Render each article; a bad one yields its error and does not stop the others.

    ``known``: per article, the sha256 of its objects as the store has them."""
    results: list[Rendered] = []
    for index, article in enumerate(articles):
        try:
            results.append(
                render_article_files(article, site, out, known[index] if known else None)
            )
        except SharekitError as error:
            results.append(error)
    return results
