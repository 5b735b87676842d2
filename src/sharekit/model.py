"""The article record as typed, frozen objects.

Records are validated and cleaned by :func:`sharekit.load_article`; every
capability reads these objects and nothing else, so data flows one way:
record -> model -> outputs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sharekit.config import Site, bind_site

__all__ = ["Article", "Author", "Image"]


@dataclass(frozen=True, slots=True)
class Author:
    """A byline. ``handle`` is an X/Twitter handle such as ``@danielkim``."""

    name: str
    url: str | None = None
    email: str | None = None
    handle: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """The hero image: a remote ``url`` or a local ``path`` (absolute), never both.

    ``url`` is normalised to URI form; it may be relative to the site's URL
    when the record said so (lint reports what cannot be resolved).
    """

    url: str | None = None
    path: Path | None = None
    alt: str = ""
    width: int | None = None
    height: int | None = None

    @property
    def is_local(self) -> bool:
        return self.path is not None


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned, validated article record with every fallback applied.

    ``site`` is the article's effective site: the configuration it was
    loaded with, the record's own ``site`` object laid over it once by
    :func:`sharekit.config.bind_site`. Capabilities read it and merge nothing.
    ``site_overrides`` keeps that object (validated) and ``base_site`` the
    configuration, so :meth:`with_site` can bind the record to another one.
    ``source`` names the record in messages (a file name, ``feed.jsonl:3``),
    and ``base_dir`` is where the record's relative paths were resolved.
    ``url_from_permalink`` says the url was built from ``[site] permalink``,
    so publish may rebuild it when it must give the article another slug.
    """

    title: str
    url: str
    slug: str
    id: str
    description: str = ""
    content_html: str = ""
    authors: tuple[Author, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    section: str = ""
    tags: tuple[str, ...] = ()
    image: Image | None = None
    lang: str = "en"
    site: Site = field(default_factory=Site)
    site_overrides: Mapping[str, Any] = field(default_factory=dict)
    base_site: Site | None = field(default=None, compare=False, repr=False)
    source: str = "<record>"
    base_dir: Path = field(default_factory=Path.cwd)
    url_from_permalink: bool = False

    @property
    def author_names(self) -> tuple[str, ...]:
        return tuple(author.name for author in self.authors)

    def with_site(self, site: Site | None) -> Article:
        """This article under the configuration ``site``.

        The public functions take ``(article, site)``; ``site`` is the
        configuration the article was loaded with (then nothing happens) or
        another one, which the record's own overrides are laid over again.
        None keeps the article's own site.
        """
        if site is None or site is self.site or site is self.base_site:
            return self
        if site == self.site or site == self.base_site:
            return self
        bound = bind_site(site, self.site_overrides, self.url)
        return dataclasses.replace(self, site=bound, base_site=site)
