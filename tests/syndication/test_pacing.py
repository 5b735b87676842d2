"""Pacing (SPEC 8.7): [syndicate] delay_minutes, a record's syndicate_at, each
service's pace, and a 429's Retry-After queueing the post for a later run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sharekit import load_article, load_site, publish, syndicate, syndication_status
from tests.helpers_syndicate import Fault, StandIn
from tests.syndication.helpers import record, service_config


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_delay_minutes_holds_the_posts_then_a_later_run_posts_them(
    server: StandIn, out: Path
) -> None:
    cfg = load_site(service_config(server, "mastodon", "telegram", delay_minutes=30))
    now = datetime.now(UTC)
    report = publish([record(server, 1)], cfg, out, workers=1)
    assert {p.status for p in report.posts} == {"queued"}
    wait = _at(report.posts[0].not_before) - now
    assert timedelta(minutes=29) < wait < timedelta(minutes=31)
    assert server.statuses == [] and server.messages == []
    article = load_article(record(server, 1), cfg)
    early = syndicate([article], cfg, out, now=now + timedelta(minutes=10))
    assert {r.status for r in early} == {"queued"} and server.statuses == []
    later = syndicate([article], cfg, out, now=now + timedelta(minutes=31))
    assert {r.status for r in later} == {"posted"}
    assert len(server.statuses) == len(server.messages) == 1


def test_syndicate_at_holds_a_post_past_the_age_window(server: StandIn, out: Path) -> None:
    """A post scheduled three days out still goes although max_age_hours is 48."""
    when = datetime.now(UTC) + timedelta(days=3)
    cfg = load_site(service_config(server, "bluesky"))
    rec = record(server, 1, syndicate_at=when.isoformat())
    [queued] = publish([rec], cfg, out, workers=1).posts
    assert queued.status == "queued" and _at(queued.not_before) == when
    [waiting] = publish([rec], cfg, out, workers=1).posts  # every run says it waits
    assert waiting.status == "queued" and server.records == []
    from sharekit.out._output import open_output
    from sharekit.store._open import open_store
    from sharekit.syndication._ledger import post_due

    with open_store(None, out) as store:
        [done] = post_due(store, open_output(out), cfg, when + timedelta(minutes=1))
    assert done.status == "posted" and len(server.records) == 1
    # dated when it was meant to go, not when it was queued (its record key too)
    assert _at(server.records[0]["createdAt"]) == when


def test_a_429_with_a_long_retry_after_queues_the_post(server: StandIn, out: Path) -> None:
    cfg = load_site(service_config(server, "telegram", "mastodon"))
    server.faults["telegram.sendPhoto"] = [
        Fault(
            429,
            {},
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 120",
                "parameters": {"retry_after": 120},
            },
        )
    ]
    server.faults["mastodon"] = [Fault(429, {"Retry-After": "600"}, {"error": "Too many requests"})]
    now = datetime.now(UTC)
    report = publish([record(server, 1)], cfg, out, workers=1)
    posts = {p.target: p for p in report.posts}
    assert {t: p.status for t, p in posts.items()} == {"mastodon": "queued", "telegram": "queued"}
    assert timedelta(seconds=110) < _at(posts["telegram"].not_before) - now < timedelta(seconds=130)
    assert timedelta(seconds=590) < _at(posts["mastodon"].not_before) - now < timedelta(seconds=610)
    assert "HTTP 429" in posts["telegram"].error
    rows = {r.target: r for r in syndication_status(cfg, out)}
    assert rows["telegram"].status == "queued" and rows["telegram"].not_before
    article = load_article(record(server, 1), cfg)
    again = {r.target: r.status for r in syndicate([article], cfg, out, now=now)}
    assert again == {"mastodon": "queued", "telegram": "queued"}
    assert len(server.of("telegram.sendPhoto")) == 1  # not asked again before its time
    later = syndicate([article], cfg, out, now=now + timedelta(minutes=11))
    assert {r.status for r in later} == {"posted"}
    assert len(server.messages) == len(server.statuses) == 1


def test_a_services_pace_queues_what_is_over_it(
    server: StandIn, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sharekit.syndication._webhook import WEBHOOK

    monkeypatch.setattr(WEBHOOK, "pace", (2, 3600))  # two posts an hour
    cfg = load_site(service_config(server, "webhook"))
    report = publish([record(server, n) for n in range(3)], cfg, out, workers=1)
    assert [p.status for p in report.posts] == ["posted", "posted", "queued"]
    assert "2 posts per 3600s" in report.posts[2].note
    wait = _at(report.posts[2].not_before) - datetime.now(UTC)
    assert timedelta(minutes=59) < wait <= timedelta(hours=1)
    assert len(server.deliveries) == 2


def test_delay_minutes_is_checked() -> None:
    from sharekit.errors import InputError

    with pytest.raises(InputError, match="delay_minutes"):
        load_site({"syndicate": {"delay_minutes": -5}})
    assert load_site({"syndicate": {"delay_minutes": 0}}).syndicate.delay_minutes == 0
