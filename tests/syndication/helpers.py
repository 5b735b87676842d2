"""What the syndication tests share: the site of the stand-ins, records, secret checks."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sharekit import load_site
from sharekit.config import Site
from tests.helpers_syndicate import (
    BLUESKY_PASSWORD,
    CHAT,
    FACEBOOK_TOKEN,
    HANDLE,
    MASTODON_TOKEN,
    TELEGRAM_TOKEN,
    StandIn,
)
from tests.helpers_syndicate_more import (
    FACEBOOK_PAGE,
    FACEBOOK_PAGE_TOKEN,
    LINKEDIN_AUTHOR,
    LINKEDIN_TOKEN,
    THREADS_TOKEN,
    THREADS_USER,
    WEBHOOK_SECRET,
)

KEY = "a1b2c3d4e5f6a7b8c9d0"
_NOW = datetime.now(UTC)
LINKEDIN_VERSION = f"{_NOW.year}{_NOW.month:02d}"  # an active version: this month's
SECRETS = (
    FACEBOOK_PAGE_TOKEN,
    MASTODON_TOKEN,
    BLUESKY_PASSWORD,
    TELEGRAM_TOKEN,
    FACEBOOK_TOKEN,
    THREADS_TOKEN,
    LINKEDIN_TOKEN,
    WEBHOOK_SECRET,
)


def config(server: StandIn, **syndicate: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "indexnow_key": KEY,
        "indexnow_endpoint": f"{server.url}/indexnow",
        "mastodon": {"instance": server.url, "token": MASTODON_TOKEN},
        "bluesky": {"pds": server.url, "handle": HANDLE, "app_password": BLUESKY_PASSWORD},
        "telegram": {"api": server.url, "token": TELEGRAM_TOKEN, "chat": CHAT},
    }
    table.update(syndicate)
    return {
        "site": {"name": "View Us Global", "url": server.url},
        "feed": {"sections": False},
        "network": {"allow_private": True, "timeout": 2},
        "syndicate": {k: v for k, v in table.items() if v is not None},
    }


def targets(server: StandIn) -> dict[str, dict[str, str]]:
    """Every posting service's [syndicate.ID] table, pointed at the stand-in."""
    return {
        "mastodon": {"instance": server.url, "token": MASTODON_TOKEN},
        "bluesky": {"pds": server.url, "handle": HANDLE, "app_password": BLUESKY_PASSWORD},
        "telegram": {"api": server.url, "token": TELEGRAM_TOKEN, "chat": CHAT},
        "threads": {"api": f"{server.url}/v1.0", "user": THREADS_USER, "token": THREADS_TOKEN},
        "linkedin": {
            "api": server.url,
            "author": LINKEDIN_AUTHOR,
            "token": LINKEDIN_TOKEN,
            "version": LINKEDIN_VERSION,
        },
        "webhook": {"url": f"{server.url}/hooks/news", "secret": WEBHOOK_SECRET},
        "facebook": {
            "graph": f"{server.url}/v21.0",
            "page": FACEBOOK_PAGE,
            "token": FACEBOOK_PAGE_TOKEN,
        },
    }


def service_config(server: StandIn, *names: str, **syndicate: Any) -> dict[str, Any]:
    """The configuration with only the services ``names`` on (no IndexNow)."""
    tables = targets(server)
    off = {name: None for name in tables if name not in names}
    return config(server, indexnow_key="", **{**off, **{n: tables[n] for n in names}, **syndicate})


def site(server: StandIn, **syndicate: Any) -> Site:
    return load_site(config(server, **syndicate))


def record(
    server: StandIn, n: int, age: timedelta = timedelta(hours=1), **fields: Any
) -> dict[str, Any]:
    base = {
        "id": f"post-{n}",
        "title": f"Headline {n}",
        "slug": f"headline-{n}",
        "url": f"{server.url}/a/{n}/",
        "description": f"What happened in story {n}.",
        "published": (datetime.now(UTC) - age).isoformat(),
        "author": "Daniel Kim",
    }
    base.update(fields)
    return base


def no_secret_in(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
            assert secret.replace(":", "%3A") not in text


def store_dump(out: Path) -> str:
    with sqlite3.connect(out / ".sharekit/store.sqlite") as db:
        return "\n".join(db.iterdump())
