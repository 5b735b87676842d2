"""Secrets never leave the wing: not in results, logs, the store, the site's
repr or a config error.

Every service is a stand-in on 127.0.0.1 (tests/helpers_syndicate.py) written
from its official reference: it checks what the real one checks and answers
as it does. Faults are injected per route.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from sharekit import load_site, publish
from tests.helpers_syndicate import StandIn
from tests.syndication.helpers import no_secret_in, record, site, store_dump


def test_a_revoked_token_is_reported_without_leaking_and_posted_once_fixed(
    server: StandIn, out: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG, logger="sharekit")
    server.mastodon_token = "a-new-token"  # the configured one was revoked
    server.telegram_token = "999:another"
    report = publish([record(server, 1)], site(server, bluesky=None), out, workers=1)
    failed = {p.target: p for p in report.posts}
    assert failed["mastodon"].status == "failed" and "401" in failed["mastodon"].error
    assert "access token is invalid" in failed["mastodon"].error
    assert failed["telegram"].status == "failed" and "Unauthorized" in failed["telegram"].error
    no_secret_in(
        caplog.text,
        *(json.dumps(p.to_json()) for p in report.posts),
        repr(report),
        store_dump(out),
    )
    # the token is replaced through the environment: the next run posts, once
    monkeypatch.setenv("SHAREKIT_MASTODON_TOKEN", "a-new-token")
    fixed = site(server, bluesky=None, telegram=None, mastodon={"instance": server.url})
    report = publish([record(server, 1)], fixed, out, workers=1)
    assert [(p.target, p.status) for p in report.posts] == [("mastodon", "posted")]
    report = publish([record(server, 1)], fixed, out, workers=1)
    assert report.posts == [] and len(server.statuses) == 1


def test_secrets_never_appear_in_the_site_repr(server: StandIn) -> None:
    no_secret_in(repr(site(server)), str(site(server)))


def test_a_bad_syndicate_config_names_the_field_without_the_token() -> None:
    from sharekit.errors import InputError

    with pytest.raises(InputError, match=r"syndicate\.mastodon\.token") as caught:
        load_site({"syndicate": {"mastodon": {"token": 12345678}}})
    assert "12345678" not in str(caught.value)
    with pytest.raises(InputError, match="indexnow_key"):
        load_site({"syndicate": {"indexnow_key": "short"}})
