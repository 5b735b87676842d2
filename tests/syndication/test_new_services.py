"""Threads, LinkedIn and the signed webhook (SPEC 8.7) against their stand-ins
(tests/helpers_syndicate_more.py, written from each reference)."""

from __future__ import annotations

import hmac
import json
from pathlib import Path

import pytest

from sharekit import load_site, publish
from sharekit.errors import InputError
from tests.helpers_syndicate import StandIn
from tests.helpers_syndicate_more import LINKEDIN_AUTHOR, THREADS_USER, WEBHOOK_SECRET
from tests.syndication.helpers import no_secret_in, record, service_config, store_dump, targets


def test_threads_posts_the_card_as_an_image_then_publishes_it(server: StandIn, out: Path) -> None:
    cfg = load_site(service_config(server, "threads"))
    server.in_progress = 2  # Threads is still fetching the card: publish waits for it
    report = publish([record(server, 1)], cfg, out, workers=1)
    [post] = report.posts
    assert post.status == "posted", post
    statuses = [s for s in server.of("threads.get") if "fields=status" in s.path]
    assert len(statuses) == 3 and server.in_progress == 0
    [made] = server.threads
    assert made["media_type"] == "IMAGE"  # the stand-in fetched it: a PNG it could read
    assert made["image_url"] == f"{server.url}/articles/headline-1/card.png"
    assert made["text"] == f"Headline 1\n\n{record(server, 1)['url']}"
    assert post.post_id == made["id"] and post.post_url.startswith("https://www.threads.net/@")
    container, published = server.of("threads.threads"), server.of("threads.threads_publish")
    assert len(container) == len(published) == 1
    assert f"/v1.0/{THREADS_USER}/threads" in container[0].path
    assert "access_token" not in container[0].path  # the token is in the body, not the URL
    no_secret_in(post.error, store_dump(out))


def test_threads_without_a_public_card_posts_text_and_a_wrong_token_is_reported(
    server: StandIn, out: Path
) -> None:
    cfg = load_site({**service_config(server, "threads"), "card": {"enabled": False}})
    server.threads_token = "another"
    [failed] = publish([record(server, 1)], cfg, out, workers=1).posts
    assert failed.status == "failed" and "Invalid OAuth access token" in failed.error
    no_secret_in(failed.error)
    server.threads_token = targets(server)["threads"]["token"]
    [posted] = publish([record(server, 1)], cfg, out, workers=1).posts
    assert posted.status == "posted" and server.threads[0]["media_type"] == "TEXT"


def test_linkedin_posts_the_article_as_the_page(server: StandIn, out: Path) -> None:
    cfg = load_site(service_config(server, "linkedin"))
    [post] = publish([record(server, 1)], cfg, out, workers=1).posts
    assert post.status == "posted", post
    [shared] = server.linkedin
    assert shared["author"] == LINKEDIN_AUTHOR and shared["commentary"] == "Headline 1"
    assert shared["content"]["article"] == {
        "source": record(server, 1)["url"],
        "title": "Headline 1",
        "description": "What happened in story 1.",
    }
    assert post.post_id == shared["urn"]
    assert post.post_url == f"https://www.linkedin.com/feed/update/{shared['urn']}/"
    [seen] = server.of("linkedin")
    assert seen.headers["X-Restli-Protocol-Version"] == "2.0.0"


def test_linkedin_refuses_a_retired_version_and_the_message_says_so(
    server: StandIn, out: Path
) -> None:
    old = {**targets(server)["linkedin"], "version": "202001"}
    cfg = load_site(service_config(server, linkedin=old))
    [post] = publish([record(server, 1)], cfg, out, workers=1).posts
    assert post.status == "failed" and "HTTP 426" in post.error and "202001" in post.error
    assert server.linkedin == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("author", "organization:5", "urn:li:organization:ID"),
        ("version", "2025-01", "YYYYMM"),
    ],
)
def test_linkedin_keys_are_checked(key: str, value: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_site({"syndicate": {"linkedin": {key: value}}})


def test_the_webhook_is_signed_and_a_wrong_secret_is_refused(server: StandIn, out: Path) -> None:
    wrong = {**targets(server)["webhook"], "secret": "not-the-secret"}
    cfg = load_site(service_config(server, webhook=wrong))
    [refused] = publish([record(server, 1)], cfg, out, workers=1).posts
    assert refused.status == "failed" and "HTTP 401" in refused.error
    assert "not-the-secret" not in refused.error + store_dump(out)
    good = load_site(service_config(server, "webhook"))
    [post] = publish([record(server, 1)], good, out, workers=1).posts
    assert post.status == "posted", post
    [seen] = server.of("webhook")[-1:]
    stamp, delivery = seen.headers["X-Sharekit-Timestamp"], seen.headers["X-Sharekit-Delivery"]
    mac = hmac.new(WEBHOOK_SECRET.encode(), f"{stamp}.{delivery}.".encode() + seen.body, "sha256")
    assert seen.headers["X-Sharekit-Signature"] == f"sha256={mac.hexdigest()}"
    body = json.loads(seen.body)
    assert body["delivery"] == delivery == post.post_id
    assert body["article"]["url"] == record(server, 1)["url"]
    assert body["article"]["card"] == f"{server.url}/articles/headline-1/card.png"
    # the same delivery id on every attempt at this post: a receiver can drop repeats
    assert server.of("webhook")[0].headers["X-Sharekit-Delivery"] == delivery


def test_facebook_posts_to_the_page_with_the_link(server: StandIn, out: Path) -> None:
    url = record(server, 1)["url"]
    social = {"facebook": {"text": "Our own words for Facebook"}}
    cfg = load_site(service_config(server, "facebook"))
    [post] = publish([record(server, 1, social=social)], cfg, out, workers=1).posts
    assert post.status == "posted", post
    [made] = server.page_posts
    assert made["message"] == f"Our own words for Facebook\n\n{url}" and made["link"] == url
    assert post.post_url == f"https://www.facebook.com/{made['id']}"
    assert "access_token" not in server.of("facebook.feed")[0].path
    no_secret_in(store_dump(out))
