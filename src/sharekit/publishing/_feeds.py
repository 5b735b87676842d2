"""The step after the articles: the store's feeds and the sitemaps take them in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sharekit.config import Site
    from sharekit.model import Article
    from sharekit.out._output import Output
    from sharekit.store._interface import Store

__all__ = ["update_feeds"]


def update_feeds(
    store: Store, out: Output, site: Site, published: list[tuple[Article, list[dict[str, Any]]]]
) -> tuple[list[Path], list[Path]]:
    """Add the published articles to the store's feeds and rewrite those they touch,
    then the sitemaps; returns the feed files and the sitemap files rewritten.

    The image lengths publish knows (it wrote the files) give the feeds their
    enclosures. The store's writer lock serialises concurrent publishers. Hubs hear
    about the rewritten files only (unchanged bytes: no ping).
    """
    from sharekit.feed import FeedStore, announce
    from sharekit.feed._sitemap import write_sitemaps
    from sharekit.text._clean import iri_to_uri

    lengths = {}
    for article, entries in published:
        base_url = article.site.base_url
        for entry in entries:
            if str(entry.get("media_type", "")).startswith("image/"):
                lengths[iri_to_uri(f"{base_url}/{entry['path']}")] = entry["bytes"]
    articles = [article for article, _ in published]
    with FeedStore(out, store=store) as feeds:
        feeds.register_site_feeds(
            site,
            sections=[article.section for article in articles],
            # SPEC 8.4: a section of a record whose slug keeps its letters keeps them too
            native={a.section for a in articles if site.slug.keeps_unicode(a.lang)},
        )
        touched = feeds.upsert(articles, site, lengths=lengths)
        written = feeds.write_feeds(site, touched=touched)
        urls = [url for url in (feeds.url_of(site, path) for path in written) if url]
        if site.podcasts:  # SPEC 8.5: podcasts/SHOW.xml of every show
            from sharekit.publishing._podcasts import write_podcasts

            for name in write_podcasts(feeds.items(), site, out, store):
                written.append(Path(name) if out.remote else feeds.root / name)
        sitemaps = write_sitemaps(store, out, site)
    announce(urls, site)  # WebSub, after the lock is released; never raises
    return written, sitemaps
