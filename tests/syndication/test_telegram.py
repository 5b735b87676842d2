"""Telegram: the card as the photo (test_ledger), else a text message.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

from pathlib import Path

from sharekit import load_site, publish
from tests.helpers_syndicate import StandIn
from tests.syndication.helpers import config, record


def test_telegram_without_a_card_sends_a_message(server: StandIn, out: Path) -> None:
    cfg = load_site({**config(server, mastodon=None, bluesky=None), "card": {"enabled": False}})
    report = publish([record(server, 1)], cfg, out, workers=1)
    assert [p.status for p in report.posts] == ["posted"]
    assert server.messages[0]["method"] == "sendMessage"
    assert server.messages[0]["text"].endswith(record(server, 1)["url"])
