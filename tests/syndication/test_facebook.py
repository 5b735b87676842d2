"""Facebook's re-scrape of edited articles whose head tags changed.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sharekit import publish
from tests.helpers_syndicate import FACEBOOK_TOKEN, StandIn
from tests.syndication.helpers import no_secret_in, record, site, store_dump


def test_facebook_rescrapes_an_edited_article_whose_head_tags_changed(
    server: StandIn, out: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sharekit.syndication._facebook

    monkeypatch.setattr(sharekit.syndication._facebook, "GRAPH", server.url)
    caplog.set_level(logging.DEBUG, logger="sharekit")
    cfg = site(
        server,
        indexnow_key="",
        mastodon=None,
        bluesky=None,
        telegram=None,
        facebook_token=FACEBOOK_TOKEN,
    )
    records = [record(server, n) for n in range(2)]
    report = publish(records, cfg, out, workers=1)
    assert report.posts == [] and server.scrapes == []  # new articles: Facebook has no cache
    records[0]["content_html"] = "<p>A longer body</p>"  # not in the head tags
    report = publish(records, cfg, out, workers=1)
    assert len(report.written) == 1 and server.scrapes == []
    records[1]["title"] = "Headline 1, corrected"
    report = publish(records, cfg, out, workers=1)
    assert [(p.target, p.status, p.link) for p in report.posts] == [
        ("facebook", "rescraped", records[1]["url"])
    ]
    assert server.scrapes == [records[1]["url"]]
    [call] = server.of("facebook")[-1:]
    assert FACEBOOK_TOKEN not in call.path  # in the form body, never in a URL a log may show
    server.facebook_token = "revoked"
    records[1]["title"] = "Headline 1, corrected again"
    report = publish(records, cfg, out, workers=1)
    [failed] = report.posts
    assert failed.status == "failed" and "Invalid OAuth access token" in failed.error
    no_secret_in(caplog.text, failed.error, store_dump(out))
