"""Syndication after publish (SPEC 7.4), and ``sharekit syndicate``.

Publish's last step runs after the store's writer lock is released, like the
WebSub pings: IndexNow for the URLs written (:mod:`._indexnow`), the posts
due to each configured service (:mod:`._ledger`, one module per service
named in :mod:`._services`), then Facebook's re-scrape of edited articles
(:mod:`._facebook`). Each is bounded in time (``[network] timeout`` per
request, a few requests per article), never fatal (every failure is a
result, logged as a warning), and retried by the next run (the store keeps
what is owed). Secrets never leave the wing (:mod:`._secrets`); every
request goes through the guarded client (:mod:`._call`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sharekit.config import Site
from sharekit.model import Article
from sharekit.store._interface import Post, Store
from sharekit.syndication._facebook import rescrape_facebook
from sharekit.syndication._indexnow import submit_indexnow
from sharekit.syndication._ledger import payload, post_due, posted_before, queue, queued
from sharekit.syndication._results import IndexNowResult, PostResult
from sharekit.syndication._service import Draft, Service
from sharekit.syndication._services import configured, secrets_of

if TYPE_CHECKING:
    from sharekit.out._output import Output

__all__ = ["store_for", "syndicate", "syndicate_after_publish"]


def syndicate_after_publish(
    store: Store,
    out: Output,
    site: Site,
    published: Sequence[tuple[Article, str]],
    *,
    rescrape: Sequence[str] = (),
    now: datetime | None = None,
) -> tuple[IndexNowResult | None, list[PostResult]]:
    """Publish's last step: IndexNow for the written articles' URLs, the posts due
    (the new articles' and earlier failures), then Facebook's re-scrape of
    ``rescrape`` (edited articles whose head tags changed). ``published``
    pairs each written article with its card's path in ``out`` ("" without one);
    ``out`` is publish's output (a bucket: the key file and the cards go through it)."""
    now = now or datetime.now(UTC)
    urls = [a.url for a, _ in published if not a.excluded("indexnow")]  # SPEC 8.4: noindex
    indexnow = submit_indexnow(store, out, site, urls)
    published = [pair for pair in published if not pair[0].excluded("syndication")]  # SPEC 8.4
    posts: list[PostResult] = []
    if configured(site.syndicate):
        queue(store, site, published, now)
        posts = post_due(store, out, site, now)
    return indexnow, posts + rescrape_facebook(rescrape, site, secrets_of(site.syndicate))


def syndicate(
    articles: Iterable[Article],
    site: Site,
    out: str | Path,
    *,
    store: str | Store | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> list[PostResult]:
    """Post ``articles`` to every configured target, once each (``sharekit syndicate``).

    Publish's store records the posts, so an article posted before (by
    publish or here) is skipped: ``store`` (None: ``[publish] store``, else
    the SQLite file of ``out``, publish's output folder) is the one
    publish used, a ``postgresql://`` URL or a :class:`Store`.
    ``max_age_hours`` does not apply: these articles were asked for. The
    card is the one publish wrote in ``out``, else one rendered into
    ``out/.sharekit/syndication/``. ``dry_run`` posts nothing, writes
    nothing, and returns what would be posted.
    """
    from sharekit.out._output import open_output, options_of

    options = options_of(site.publish.storage_options)
    return _syndicate(articles, site, open_output(out, options), store, dry_run, now)


def _syndicate(
    articles: Iterable[Article],
    site: Site,
    out: Output,
    store: str | Store | None,
    dry_run: bool,
    now: datetime | None,
) -> list[PostResult]:
    """:func:`syndicate` into the output ``out``."""
    now = now or datetime.now(UTC)
    wanted = site.publish.store if store is None else store
    if out.remote and not wanted:  # SPEC 8.2: refused before anything is read or posted
        from sharekit.store._open import open_store

        open_store(None, out.url)  # raises, naming --store
    services = configured(site.syndicate)
    articles = [article.with_site(site) for article in articles]
    articles = [article for article in articles if not article.excluded("syndication")]  # 8.4
    ids = {article.id for article in articles}
    if dry_run:
        return _dry_run(out, wanted, articles, services, now)
    rows: list[Post] = []
    for article in articles:
        rows += queued(article, services, _card_for(out, article), article.published or now, now)
    with _store_of(wanted, out) as opened:
        opened.queue_posts(rows)
        results = post_due(opened, out, site, now, only=ids)
        tried = {(r.article_id, r.target) for r in results}
        before = posted_before(opened.posts(), ids)
    return results + [result for key, result in before.items() if key not in tried]


@contextlib.contextmanager
def store_for(site: Site, out: str | Path, store: str | Store | None) -> Iterator[Store]:
    """The store :func:`syndicate` uses for ``out`` and ``store`` (None: ``[publish]
    store``, else the SQLite file of ``out``), open for the block."""
    from sharekit.out._output import open_output, options_of

    output = open_output(out, options_of(site.publish.storage_options))
    with _store_of(site.publish.store if store is None else store, output) as opened:
        yield opened


@contextlib.contextmanager
def _store_of(store: str | Store, out: Output) -> Iterator[Store]:
    """The store ``store`` names (a URL, or "": out's SQLite file); one given open stays open."""
    from sharekit.store._open import open_store

    opened = open_store(store or None, out.url)
    try:
        yield opened
    finally:
        if not isinstance(store, Store):
            opened.close()


def _dry_run(
    out: Output,
    store: str | Store,
    articles: Sequence[Article],
    services: Sequence[Service],
    now: datetime | None = None,
) -> list[PostResult]:
    """What would be posted: nothing is sent or written (the store is read when it exists)."""
    from sharekit.store._sqlite import STORE_DIR, STORE_NAME

    posted: list[Post] = []
    if store or out.present(f"{STORE_DIR}/{STORE_NAME}"):
        with _store_of(store, out) as opened:
            posted = opened.posts()
    before = posted_before(posted, {article.id for article in articles})
    return _would_post(out, articles, services, before, now or datetime.now(UTC))


def _would_post(
    out: Output,
    articles: Sequence[Article],
    services: Sequence[Service],
    before: Mapping[tuple[str, str], PostResult],
    now: datetime,
) -> list[PostResult]:
    results = []
    for article in articles:
        card = _card_for(out, article, render=False)
        for service in services:
            draft = Draft.of(payload(article, card, service, now))
            results.append(
                before.get((article.id, service.id))
                or PostResult(
                    article.id,
                    service.id,
                    "would post",
                    text=service.compose(draft),
                    link=article.url,
                    card=card,
                )
            )
    return results


def _card_for(out: Output, article: Article, *, render: bool = True) -> str:
    """The card's path in ``out``: publish's, else one rendered for the post
    (``render`` False: its path only, for a dry run)."""
    from sharekit.card._ref import card_ref

    if not article.site.card.enabled:
        return ""
    ref = card_ref(article, article.site)
    if out.present(ref.path):
        return ref.path
    # not in the article folder: that is publish's, and this article may not be published
    path = f".sharekit/syndication/{ref.filename.replace('card', article.slug, 1)}"
    if render:
        from sharekit.card import render_card

        out.write(path, render_card(article, article.site).data)
    return path
