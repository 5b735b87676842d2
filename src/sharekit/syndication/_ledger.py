"""The post ledger: one row per (article, service) in the store.

Each configured service gets one post per article published within
``max_age_hours`` (a backfill posts nothing). A new row is queued when an
article is first written, so an edit never posts again; a run claims a due
row (atomically: two runs never post the same one), posts, and records the
post id and URL, or the error for the next run. What is posted (headline,
URL, card file) is kept in the row, so a retry needs no record. A run that
dies between the post and the record leaves the row ``posting``; after
``STALE`` it is due again (Mastodon's ``Idempotency-Key``, kept by Mastodon
for an hour, turns that retry into the same status; Bluesky and Telegram
have no such key and could post twice).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sharekit.config import Site
from sharekit.errors import SharekitError
from sharekit.model import Article
from sharekit.store._interface import Post, Store
from sharekit.syndication._call import Call, Failure
from sharekit.syndication._results import PostResult
from sharekit.syndication._service import Service, utc
from sharekit.syndication._services import SERVICES, configured, secrets_of

if TYPE_CHECKING:
    from sharekit.out._output import Output

__all__ = ["payload", "post_due", "posted_before", "queue", "queued"]

log = logging.getLogger("sharekit")

STALE = timedelta(minutes=30)  # a claim older than this was a run that died
_ATTEMPTS = 2  # per post and run: a 429 whose Retry-After fits the budget is retried once


def payload(article: Article, card: str) -> dict[str, Any]:
    """What the row keeps of the article, so a retry needs no record."""
    return {
        "title": article.title,
        "url": article.url,
        "description": article.description,
        "lang": article.lang,
        "card": card,  # path relative to the output root, "" without a card
    }


def queued(
    article: Article, services: Sequence[Service], kept: str, when: datetime, now: datetime
) -> list[Post]:
    """New rows of ``article``, one per service; ``when`` is its publication (naive:
    in the site's timezone), ``kept`` its payload as JSON."""
    stamp = utc(_aware(article, when))
    return [Post(article.id, s.id, "queued", stamp, kept, updated=utc(now)) for s in services]


def _aware(article: Article, when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=article.site.tzinfo)


def queue(
    store: Store, site: Site, published: Sequence[tuple[Article, str]], now: datetime
) -> None:
    """Queue a post per service for each article published within ``max_age_hours``
    that has none yet (an edit finds its row and queues nothing)."""
    config = site.syndicate
    services = configured(config)
    oldest = now - timedelta(hours=config.max_age_hours)
    rows = []
    for article, card in published:
        if article.published is None:
            continue
        if not oldest <= _aware(article, article.published) <= now + timedelta(minutes=5):
            continue
        kept = json.dumps(payload(article, card), ensure_ascii=False, sort_keys=True)
        rows += queued(article, services, kept, article.published, now)
    if rows:
        store.queue_posts(rows)


def post_due(
    store: Store, out: Output, site: Site, now: datetime, only: set[str] | None = None
) -> list[PostResult]:
    """Claim and post every due row of a configured service (``only``: of these
    articles, whatever their age)."""
    config = site.syndicate
    services = {service.id for service in configured(config)}
    budget = float(site.network.timeout) * 3 + 5
    call = Call(site, secrets_of(config), time.monotonic() + budget)
    stale = utc(now - STALE)
    since = utc(now - timedelta(hours=config.max_age_hours))
    if only is not None:
        since = ""  # explicit: the articles asked for, whatever their age
    results = []
    for row in store.due_posts(since, stale):
        if row.target not in services or (only is not None and row.article_id not in only):
            continue
        if not store.claim_post(row.article_id, row.target, utc(datetime.now(UTC)), stale):
            results.append(
                PostResult(row.article_id, row.target, "skipped", note="another run has it")
            )
            continue
        results.append(_attempt(store, out, call, SERVICES[row.target], row))
    return results


def _attempt(store: Store, out: Output, call: Call, service: Service, row: Post) -> PostResult:
    """Post one claimed row (a rate limit that fits the budget is waited out once)
    and record how it went."""
    kept = json.loads(row.payload)
    attempts = row.attempts
    failure = Failure("not tried")
    for _ in range(_ATTEMPTS):
        attempts += 1
        try:
            service.verify(call.site.syndicate, call.secrets)
            post_id, post_url = service.post(call, row, kept, out)
        except Failure as error:
            failure = error
        except SharekitError as error:  # a card that cannot be read, say: reported, not raised
            failure = Failure(call.secrets.redact(str(error)))
        else:
            store.finish_post(_finished(row, "posted", attempts, post_id, post_url))
            log.info("%s: posted %s: %s", row.target, row.article_id, post_url or post_id)
            return PostResult(row.article_id, row.target, "posted", post_id, post_url)
        wait = failure.retry_after
        if wait is None or wait > call.left() - 1:
            break
        time.sleep(wait)
    message = call.secrets.redact(failure.message)
    store.finish_post(_finished(row, "failed", attempts, error=message))
    log.warning("%s: %s not posted (tried again next run): %s", row.target, row.article_id, message)
    return PostResult(row.article_id, row.target, "failed", error=message)


def _finished(
    row: Post, status: str, attempts: int, post_id: str = "", post_url: str = "", error: str = ""
) -> Post:
    """The row as it is recorded after an attempt."""
    return Post(
        row.article_id,
        row.target,
        status,
        row.published,
        row.payload,
        post_id,
        post_url,
        attempts,
        error,
        utc(datetime.now(UTC)),
    )


def posted_before(posts: Iterable[Post], wanted: set[str]) -> dict[tuple[str, str], PostResult]:
    """What the store says was posted of the ``wanted`` articles, as ``skipped`` results."""
    return {
        (post.article_id, post.target): PostResult(
            post.article_id,
            post.target,
            "skipped",
            post.post_id,
            post.post_url,
            note="posted before",
        )
        for post in posts
        if post.status == "posted" and post.article_id in wanted
    }
