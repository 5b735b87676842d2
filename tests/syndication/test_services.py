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
