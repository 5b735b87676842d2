"""The services table (SPEC 8.1): one row per posting service, each its own module."""

from __future__ import annotations

import dataclasses

from sharekit import load_site
from sharekit.config import SyndicateConfig
from sharekit.syndication._services import SERVICES, configured


def test_each_row_is_named_by_its_service_and_its_config_table() -> None:
    fields = {field.name for field in dataclasses.fields(SyndicateConfig)}
    for name, service in SERVICES.items():
        assert service.id == name
        assert name in fields  # [syndicate.NAME]
        assert service.env.startswith(f"SHAREKIT_{name.upper()}_")
        assert type(service).__module__ == f"sharekit.syndication._{name}"


def test_configured_services_are_the_tables_present_in_table_order() -> None:
    syndicate = {"telegram": {"token": "1:x", "chat": "@news"}, "mastodon": {}}
    site = load_site({"syndicate": syndicate})
    assert [service.id for service in configured(site.syndicate)] == ["mastodon", "telegram"]
    assert configured(load_site({}).syndicate) == []


def test_each_row_says_how_a_retry_goes_and_its_pace() -> None:
    """SPEC 8.7: exactly once where the service has a key (Mastodon's Idempotency-Key,
    Bluesky's record key), else at most once with an unknown state."""
    from sharekit.config import NETWORK_IDS

    assert {name for name, s in SERVICES.items() if s.idempotent} == {"mastodon", "bluesky"}
    for service in SERVICES.values():
        count, seconds = service.pace
        assert count >= 1 and seconds >= 60
        assert service.network in (*NETWORK_IDS, "")
        assert service.label
