"""Publish's podcast step (SPEC 8.5): each ``[podcast.SHOW]``'s artwork and feed.

The feed is ``podcasts/SHOW.xml`` (:mod:`sharekit.feed._podcast`) of the
feed store's entries whose ``podcast`` names the show. The artwork is the
show's own (a URL, or a local file copied to ``podcasts/``), else a
3000x3000 JPEG card (RGB, as Apple asks) drawn by the card engine with the
site's layout and named by a hash of what it draws
(``podcasts/SHOW-HASH.jpg``): a changed show gets a new file name, which is
how Apple notices new artwork, and an unchanged one is not drawn again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import TYPE_CHECKING, Any

from sharekit._version import __version__
from sharekit.images._files import read_local_image, site_asset
from sharekit.model import Article, Author

if TYPE_CHECKING:
    from sharekit.config import PodcastShow, Site
    from sharekit.feed._item import Item
    from sharekit.out._output import Output
    from sharekit.store._interface import Store

__all__ = ["ARTWORK_SIDE", "artwork_article", "write_podcasts"]

ARTWORK_SIDE = 3000  # Apple: 1400 to 3000 pixels square; the largest looks best everywhere


def artwork_article(show: PodcastShow, site: Site) -> Article:
    """What the show's artwork card draws: its title, author and the site's name."""
    card = dataclasses.replace(site.card, size=f"{ARTWORK_SIDE}x{ARTWORK_SIDE}", format="jpeg")
    site = dataclasses.replace(site, card=card)
    url = show.link or site.url or "https://localhost/"
    author = show.author or site.name
    return Article(
        title=show.title or site.name or show.name,
        url=url,
        slug=show.name,
        id=f"podcast:{show.name}",
        section="Podcast",
        authors=(Author(author),) if author else (),
        lang=show.language or site.lang,
        site=site,
    )


def _artwork(show: PodcastShow, site: Site, out: Output, store: Store) -> str:
    """The artwork's URL, its file written when publish makes or copies it."""
    from sharekit.card import render_card
    from sharekit.feed._stored import write_files

    if show.artwork:
        asset = site_asset(site, show.artwork, "logo")
        if asset is None or asset.local_path is None:
            return show.artwork
        name = f"podcasts/{asset.local_path.name}"
        data = read_local_image(
            asset.local_path, site.source, f"podcast.{show.name}.artwork", site.network.max_bytes
        )
        write_files(store, out, {name: data})
        return f"{site.base_url}/{name}"
    article = artwork_article(show, site)
    inputs: list[Any] = [article.title, article.author_names, article.lang, site.name, site.logo]
    inputs += [dataclasses.asdict(article.site.card), __version__]
    digest = hashlib.sha256(json.dumps(inputs, default=str).encode()).hexdigest()[:12]
    name = f"podcasts/{show.name}-{digest}.jpg"
    if not out.present(name):
        card = render_card(article, article.site)
        write_files(store, out, {name: card.data})
    return f"{site.base_url}/{name}"


def write_podcasts(items: list[Item], site: Site, out: Output, store: Store) -> list[str]:
    """Write every show's feed (and artwork); returns the feed files whose bytes changed."""
    from sharekit.feed._podcast import build_podcast, podcast_path
    from sharekit.feed._stored import write_files

    written = []
    for show in site.podcasts:
        path = podcast_path(show.name)
        artwork = _artwork(show, site, out, store)
        data = build_podcast(items, show, site, f"{site.base_url}/{path}", artwork)
        written += write_files(store, out, {path: data})
    return written
