"""SPEC 8.4 in syndication: ``exclude: syndication`` posts nothing, ``noindex`` keeps a URL
out of IndexNow, and a paywalled article's post carries no paid text.

The services are the loopback stand-ins of tests/helpers_syndicate.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from sharekit import load_article, publish, syndicate
from tests.helpers_syndicate import StandIn
from tests.syndication.helpers import record, site

PAID = "Subscriber-only: the memo says the deal is off."


def test_publish_posts_nothing_for_an_article_excluded_from_syndication(
    server: StandIn, out: Path
) -> None:
    cfg = site(server, bluesky=None, telegram=None)
    records = [record(server, 1), record(server, 2, exclude=["syndication"])]
    report = publish(records, cfg, out, workers=1)
    assert [(p.article_id, p.target) for p in report.posts] == [("post-1", "mastodon")]
    assert len(server.statuses) == 1 and "Headline 1" in server.statuses[0]["content"]
    # IndexNow is search, not syndication: the excluded article's URL still goes
    assert sorted(server.indexnow[0]["urlList"]) == sorted(r["url"] for r in records)


def test_syndicate_skips_an_excluded_article(server: StandIn, out: Path) -> None:
    cfg = site(server, bluesky=None, telegram=None, indexnow_key="")
    articles = [
        load_article(record(server, 1), cfg),
        load_article(record(server, 2, exclude="syndication"), cfg),
    ]
    results = syndicate(articles, cfg, out, dry_run=True)
    assert [(r.article_id, r.status) for r in results] == [("post-1", "would post")]


def test_noindex_keeps_the_url_out_of_indexnow(server: StandIn, out: Path) -> None:
    cfg = site(server, mastodon=None, bluesky=None, telegram=None)
    records = [record(server, 1), record(server, 2, robots=["noindex"])]
    publish(records, cfg, out, workers=1)
    [batch] = server.indexnow
    assert batch["urlList"] == [records[0]["url"]]


def test_a_paywalled_post_carries_no_paid_text(server: StandIn, out: Path) -> None:
    cfg = site(server, bluesky=None, telegram=None, indexnow_key="")
    body = f'<p>Free lead.</p><div class="paywall"><p>{PAID}</p></div>'
    publish([record(server, 1, access="paywalled", content_html=body)], cfg, out, workers=1)
    assert len(server.statuses) == 1
    assert PAID not in json.dumps(server.statuses)
    assert all(PAID.encode() not in seen.body for seen in server.seen)
