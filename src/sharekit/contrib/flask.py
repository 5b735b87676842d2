"""sharekit in a Flask app: ``Sharekit(app)`` or ``Sharekit().init_app(app)``.

Configuration keys are the config file's tables as ``SHAREKIT_<TABLE>``::

    app.config["SHAREKIT_SITE"] = {"name": "View Us Global", "url": "https://www.viewusglobal.com"}
    app.config["SHAREKIT_CARD"] = {"template": "photo"}
    app.config["SHAREKIT_PUBLISH"] = {"out": "public"}

or a config file as ``SHAREKIT_CONFIG = "sharekit.toml"`` (the tables above
are laid over it). Templates get ``sharekit_head(article)`` and
``sharekit_share(article)``, where ``article`` is a record mapping, an
:class:`~sharekit.model.Article` or any object with the usual field names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sharekit.contrib.records import record_from_object

if TYPE_CHECKING:
    from flask import Flask
    from markupsafe import Markup

    from sharekit import PublishReport, Site
    from sharekit.model import Article

PREFIX = "SHAREKIT_"
EXTENSION = "sharekit"


def _site_from(config: Mapping[str, Any]) -> Site:
    from sharekit import load_site
    from sharekit.config import TABLES, _apply
    from sharekit.errors import InputError

    tables: dict[str, Any] = {}
    for key, value in config.items():
        if not key.startswith(PREFIX) or key == PREFIX + "CONFIG":
            continue
        name = key.removeprefix(PREFIX).lower()
        if name != "site" and name not in TABLES:
            from difflib import get_close_matches

            known = [PREFIX + t.upper() for t in ("site", *TABLES)] + [PREFIX + "CONFIG"]
            near = get_close_matches(key, known, n=1)
            hint = f'; did you mean "{near[0]}"?' if near else ""
            raise InputError("app.config", key, f"unknown sharekit setting{hint}")
        tables[name] = value
    base = load_site(config.get(PREFIX + "CONFIG")) if config.get(PREFIX + "CONFIG") else None
    if base is None:
        return load_site(tables, source="app.config SHAREKIT_*")
    from pathlib import Path

    site = _apply(base, tables, "app.config SHAREKIT_*", Path.cwd())
    return dataclasses.replace(site, config_path=base.config_path)


class Sharekit:
    """The Flask extension: the Site, Jinja globals and :meth:`publish`."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Validate the ``SHAREKIT_*`` keys now (a misspelt key fails at start-up)."""
        app.extensions[EXTENSION] = _site_from(app.config)
        app.jinja_env.globals.update(
            sharekit_head=lambda article: self.head(article),
            sharekit_share=lambda article, networks=None: self.share(article, networks),
        )

    @property
    def site(self) -> Site:
        from flask import current_app

        site: Site = current_app.extensions[EXTENSION]
        return site

    def article(self, value: Any) -> Article:
        """An Article from a record mapping, an Article or an object with usual names."""
        from sharekit import load_article
        from sharekit.model import Article

        site = self.site
        if isinstance(value, Article):
            return value.with_site(site)
        if not isinstance(value, Mapping):
            value = record_from_object(value, base_url=site.url)
        return load_article(value, site)

    def head(self, article: Any) -> Markup:
        from markupsafe import Markup

        from sharekit import render_head

        return Markup(str(render_head(self.article(article), self.site)))

    def share(self, article: Any, networks: str | None = None) -> Markup:
        from markupsafe import Markup

        from sharekit import render_share_block

        block = render_share_block(self.article(article), self.site, networks=networks)
        return Markup(block)

    def publish(self, records: Any) -> PublishReport:
        """Publish records into ``SHAREKIT_PUBLISH["out"]`` in this process."""
        from sharekit import publish
        from sharekit.errors import InputError

        site = self.site
        if not site.publish.out:
            raise InputError("app.config", "SHAREKIT_PUBLISH.out", "required to publish")
        items = records if isinstance(records, list) else [records]
        return publish(items, site, site.publish.out, workers=1)
