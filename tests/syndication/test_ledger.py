"""The post ledger: one post per article and service, none for an edit or a
backfill, one for two runs at once.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sharekit import publish
from tests.helpers_syndicate import CHAT, HANDLE, StandIn
from tests.syndication.helpers import record, site


def test_each_target_gets_one_post_per_new_article_and_edits_post_nothing(
    server: StandIn, out: Path
) -> None:
    cfg = site(server)
    records = [record(server, n) for n in range(2)]
    report = publish(records, cfg, out, workers=1)
    posted = {(p.article_id, p.target): p for p in report.posts}
    assert {p.status for p in report.posts} == {"posted"}, report.posts
    assert len(posted) == 6
    assert len(server.statuses) == len(server.records) == len(server.messages) == 2
    # Mastodon: headline and URL, an Idempotency-Key
    status = server.statuses[0]
    assert status["content"] == "Headline 0\n\n" + records[0]["url"]
    assert server.of("mastodon")[0].headers["Idempotency-Key"]
    assert posted[("post-0", "mastodon")].post_url == status["url"]
    # Bluesky: the card uploaded as the external embed's thumb, a link facet
    post = server.records[0]
    external = post["embed"]["external"]
    card = (out / "articles/headline-0/card.png").read_bytes()
    assert external["uri"] == records[0]["url"] and external["thumb"]["size"] == len(card)
    assert server.of("com.atproto.repo.uploadBlob")[0].body == card
    assert post["facets"][0]["features"][0]["uri"] == records[0]["url"]
    assert posted[("post-0", "bluesky")].post_url.startswith(
        f"https://bsky.app/profile/{HANDLE}/post/"
    )
    # Telegram: the card as the photo, the text as its caption
    message = server.messages[0]
    assert message["method"] == "sendPhoto" and message["photo"][2] == card
    assert message["caption"] == "Headline 0\n\n" + records[0]["url"]
    assert posted[("post-0", "telegram")].post_url == f"https://t.me/{CHAT[1:]}/100"
    # a second run and an edit post nothing
    records[1]["title"] = "Headline 1, corrected"
    report = publish(records, cfg, out, workers=1)
    assert report.posts == []
    assert len(server.statuses) == len(server.records) == len(server.messages) == 2


def test_a_backfill_of_old_articles_posts_nothing(server: StandIn, out: Path) -> None:
    records = [record(server, n, age=timedelta(days=30 + n)) for n in range(5)]
    report = publish(records, site(server), out, workers=1)
    assert report.posts == [] and server.statuses == [] and server.messages == []
    assert server.records == []


def test_two_runs_at_once_post_once(server: StandIn, out: Path) -> None:
    import threading

    from sharekit import load_article, syndicate

    cfg = site(server, indexnow_key="", bluesky=None, telegram=None)
    article = load_article(record(server, 1), cfg)
    syndicate([article], cfg, out)  # the store and the card exist before the race
    server.statuses.clear()
    server.idempotency.clear()
    other = load_article(record(server, 2), cfg)
    start = threading.Barrier(2)
    results: list[list[Any]] = []

    def run() -> None:
        start.wait()
        results.append(syndicate([other], cfg, out))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.of("mastodon")) == 2  # the first run's and one of these two
    assert len(server.statuses) == 1
    statuses = sorted(r.status for result in results for r in result)
    assert "posted" in statuses and statuses.count("posted") == 1


def test_a_claim_of_another_host_is_trusted_for_thirty_minutes(server: StandIn, out: Path) -> None:
    """On another host sharekit cannot see whether the claiming run lives: its claim
    holds for STALE, then Mastodon is retried (its key) and Telegram is unknown."""
    import dataclasses
    from datetime import UTC, datetime

    from sharekit import load_article, load_site, syndicate
    from sharekit.store._open import open_store
    from sharekit.syndication._service import utc
    from tests.syndication.helpers import service_config

    cfg = load_site(service_config(server, "mastodon", "telegram", delay_minutes=60))
    article = load_article(record(server, 1), cfg)
    syndicate([article], cfg, out)  # queued for an hour: nothing sent
    now = datetime.now(UTC)
    with open_store(None, out) as store:
        for row in store.posts():
            taken = dataclasses.replace(
                row,
                status="posting",
                claim="elsewhere.example 4242",
                updated=utc(now),
                not_before="",
            )
            store.finish_post(taken)
    fresh = syndicate([article], cfg, out, now=now + timedelta(minutes=5))
    assert {(r.target, r.status, r.note) for r in fresh} == {
        ("mastodon", "skipped", "another run has it"),
        ("telegram", "skipped", "another run has it"),
    }
    stale = {r.target: r for r in syndicate([article], cfg, out, now=now + timedelta(minutes=31))}
    assert stale["mastodon"].status == "posted" and stale["telegram"].status == "unknown"
    assert "elsewhere.example 4242" in stale["telegram"].error
    assert server.messages == [] and len(server.statuses) == 1
