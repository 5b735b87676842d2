"""The site from ``settings.SHAREKIT``, and publishing records in this process.

Both the app (on commit, without Celery) and the Celery task call
:func:`publish_records`; it lives here so the task module never imports the
app package that imports it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sharekit import PublishReport, Site

log = logging.getLogger("sharekit")

SETTING = "SHAREKIT"


def get_site() -> Site:
    """The Site from ``settings.SHAREKIT`` (validated: a misspelt key names the setting)."""
    from django.conf import settings

    from sharekit import load_site

    config = getattr(settings, SETTING, None) or {}
    if not isinstance(config, Mapping):
        from sharekit.errors import InputError

        raise InputError(f"settings.{SETTING}", None, "expected a dict of config tables")
    return load_site(config, source=f"settings.{SETTING}")


def publish_records(records: list[dict[str, Any]], site: Site | None = None) -> PublishReport:
    """Publish records into ``[publish] out`` in this process (the Celery task calls this)."""
    from sharekit import publish
    from sharekit.errors import InputError

    site = site or get_site()
    if not site.publish.out:
        raise InputError(f"settings.{SETTING}", "publish.out", "required to publish")
    report = publish(records, site, site.publish.out, workers=1)
    for error in report.errors:  # the editor's save succeeded: say why sharing did not
        log.error("sharekit: %s", error)
    return report
