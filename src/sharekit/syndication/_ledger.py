"""The post ledger: one row per (article, service) in the store (SPEC 7.4, 8.7).

Each configured service gets one post per article published within
``max_age_hours`` (a backfill posts nothing). A new row is queued when an
article is first written, so an edit never posts again; it waits until its
``not_before`` (``[syndicate] delay_minutes``, the record's ``syndicate_at``).
A run takes a due row (atomically: two runs never post the same one), posts,
and records the post id and URL, or what went wrong (:mod:`._attempt`). What
is posted (the network's own text, headline, URL, card file, the moment it was
queued) is kept in the row, so a retry needs no record.

A row left ``posting`` by a run that died (its process is gone on this host,
or the claim is older than ``STALE``) is due again for a service whose retry
cannot post twice (Mastodon's ``Idempotency-Key``, Bluesky's record key); for
the others (Telegram, Threads, LinkedIn, a webhook) it becomes ``unknown``:
reported by every run, never retried until an operator resolves it
(``sharekit syndicate --resolve``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sharekit.config import Site
from sharekit.model import Article
from sharekit.store._interface import Post, Store
from sharekit.syndication._attempt import RESOLVE, attempt, finished, paced
from sharekit.syndication._call import Call
from sharekit.syndication._results import PostResult
from sharekit.syndication._service import Service, utc
from sharekit.syndication._services import configured, secrets_of

if TYPE_CHECKING:
    from sharekit.out._output import Output

__all__ = ["STALE", "claim_id", "payload", "post_due", "posted_before", "queue", "queued"]

STALE = timedelta(minutes=30)  # a claim older than this was a run that died


def payload(article: Article, card: str, service: Service, created: datetime) -> dict[str, Any]:
    """What the row keeps of the article for ``service``, so a retry needs no record:
    the record's ``social.<network>`` text, title and description where it has them."""
    own = article.social_for(service.network) if service.network else None
    return {
        "title": (own.title if own else "") or article.title,
        "url": article.url,
        "description": (own.description if own else "") or article.description,
        "text": own.text if own else "",
        "lang": article.lang,
        "card": card,  # path relative to the output root, "" without a card
        "created": utc(created),  # the post's own moment (Bluesky's record key, createdAt)
    }


def queued(
    article: Article, services: Sequence[Service], card: str, when: datetime, now: datetime
) -> list[Post]:
    """New rows of ``article``, one per service; ``when`` is its publication (naive:
    in the site's timezone). Each waits ``delay_minutes`` and until ``syndicate_at``."""
    stamp = utc(_aware(article, when))
    wait = _not_before(article, now)
    # the post's own moment, fixed before anything is sent: when it is meant to go
    # (Bluesky's record key and createdAt; a scheduled post is not dated its queueing)
    created = datetime.fromisoformat(wait.replace("Z", "+00:00")) if wait else now
    rows = []
    for service in services:
        made = payload(article, card, service, created)
        kept = json.dumps(made, ensure_ascii=False, sort_keys=True)
        rows.append(
            Post(article.id, service.id, "queued", stamp, kept, updated=utc(now), not_before=wait)
        )
    return rows


def _not_before(article: Article, now: datetime) -> str:
    """When the article's posts may go: ``delay_minutes`` after now, not before the
    record's ``syndicate_at``; "" at once."""
    moment = now + timedelta(minutes=article.site.syndicate.delay_minutes)
    scheduled = article.syndicate_at
    if scheduled is not None:
        moment = max(moment, _aware(article, scheduled))
    return utc(moment) if moment > now else ""


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
        rows += queued(article, services, card, article.published, now)
    if rows:
        store.queue_posts(rows)


def claim_id() -> str:
    """This run's name in a claim: host and process."""
    return f"{socket.gethostname()} {os.getpid()}"


def _abandoned(row: Post, now: datetime) -> bool:
    """A ``posting`` row whose run is gone: its process is not alive on this host, or
    the claim is older than :data:`STALE` (another host's run)."""
    if row.updated < utc(now - STALE):
        return True
    host, _, pid = row.claim.rpartition(" ")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def post_due(
    store: Store, out: Output, site: Site, now: datetime, only: set[str] | None = None
) -> list[PostResult]:
    """Take and post every due row of a configured service (``only``: of these
    articles, whatever their age); report the rows that wait or need an operator."""
    config = site.syndicate
    services = {service.id: service for service in configured(config)}
    budget = float(site.network.timeout) * 3 + 5
    call = Call(site, secrets_of(config), time.monotonic() + budget)
    since = "" if only is not None else utc(now - timedelta(hours=config.max_age_hours))
    results = []
    for row in store.open_posts(since):
        service = services.get(row.target)
        if service is None or (only is not None and row.article_id not in only):
            continue
        results.append(_due(store, out, call, service, row, now))
    return results


def _due(
    store: Store, out: Output, call: Call, service: Service, row: Post, now: datetime
) -> PostResult:
    """One open row: posted now, or why not."""
    me = claim_id()
    if row.status == "unknown":
        return PostResult(row.article_id, row.target, "unknown", error=row.error, note=RESOLVE)
    if row.status == "posting" and not _abandoned(row, now):
        return PostResult(row.article_id, row.target, "skipped", note="another run has it")
    if row.status == "posting" and not service.idempotent:
        # the run that took it stopped mid-post: the service may have it (at most once)
        if store.take_post(row, utc(datetime.now(UTC)), me):
            why = f"the run posting it ({row.claim or 'unknown'}) stopped: it may be posted"
            store.finish_post(finished(row, "unknown", row.attempts, error=why))
            return PostResult(row.article_id, row.target, "unknown", error=why, note=RESOLVE)
        return PostResult(row.article_id, row.target, "skipped", note="another run has it")
    if row.not_before > utc(now):
        return _waiting(row, row.not_before)
    wait = paced(store, service, now)
    if wait:
        if store.take_post(row, utc(datetime.now(UTC)), me):
            store.finish_post(
                dataclasses.replace(finished(row, "queued", row.attempts), not_before=wait)
            )
        return _waiting(
            row, wait, f"{service.label} takes {service.pace[0]} posts per {service.pace[1]}s"
        )
    if not store.take_post(row, utc(datetime.now(UTC)), me):
        return PostResult(row.article_id, row.target, "skipped", note="another run has it")
    return attempt(store, out, call, service, row)


def _waiting(row: Post, until: str, why: str = "") -> PostResult:
    note = f"not before {until}" + (f" ({why})" if why else "")
    return PostResult(row.article_id, row.target, "queued", note=note, not_before=until)


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
