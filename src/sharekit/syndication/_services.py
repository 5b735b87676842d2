"""The services table: one row per posting service (SPEC 8.1).

Adding a service is a new module implementing
:class:`~sharekit.syndication._service.Service` plus one row here (and its
``[syndicate.ID]`` table in :mod:`sharekit.config`). Every other module asks
this table which services there are and which are configured; none spells
the services out. IndexNow and Facebook's re-scrape are not posts (no row
per article and service): they have their own modules.
"""

from __future__ import annotations

from sharekit.config import SyndicateConfig
from sharekit.syndication import _facebook as facebook
from sharekit.syndication._bluesky import BLUESKY
from sharekit.syndication._linkedin import LINKEDIN
from sharekit.syndication._mastodon import MASTODON
from sharekit.syndication._secrets import Secrets
from sharekit.syndication._service import Service
from sharekit.syndication._telegram import TELEGRAM
from sharekit.syndication._threads import THREADS
from sharekit.syndication._webhook import WEBHOOK

__all__ = ["SERVICES", "configured", "secrets_of"]

# id -> service, in the order results are reported. Each row's module says how it
# counts (limits), whether a retry is safe (idempotent) and its pace (posts per seconds).
SERVICES: dict[str, Service] = {
    "mastodon": MASTODON,
    "bluesky": BLUESKY,
    "telegram": TELEGRAM,
    "facebook": facebook.FACEBOOK,
    "threads": THREADS,
    "linkedin": LINKEDIN,
    "webhook": WEBHOOK,
}


def configured(config: SyndicateConfig) -> list[Service]:
    """The services whose ``[syndicate.ID]`` table is there (the posting targets)."""
    return [service for service in SERVICES.values() if service.target(config) is not None]


def secrets_of(config: SyndicateConfig) -> Secrets:
    """Every secret of ``[syndicate]`` (the services' and Facebook's), from the
    configuration else the environment: each is scrubbed from every message."""
    sources = {service.id: (service.secret(config), service.env) for service in SERVICES.values()}
    sources["facebook rescrape"] = (config.facebook_token, facebook.ENV)
    return Secrets(sources)
