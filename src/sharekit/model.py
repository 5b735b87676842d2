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
from sharekit.text._robots import is_noindex, merge, parse

__all__ = [
    "ACCESS",
    "ARTICLE_TYPES",
    "EXCLUDE",
    "Article",
    "Audio",
    "Author",
    "Episode",
    "Image",
    "LiveUpdate",
    "SocialOverride",
    "Video",
]

# What a reader may read without paying (SPEC 7.5): Google's paywalled-content markup.
ACCESS = ("free", "paywalled", "metered")
# Where a record may be kept out of (SPEC 8.4, the record's ``exclude``).
EXCLUDE = ("feeds", "sitemaps", "syndication")


@dataclass(frozen=True, slots=True)
class Author:
    """A byline. ``handle`` is an X/Twitter handle such as ``@danielkim``;
    ``fediverse`` a fediverse account such as ``@daniel@mastodon.example``
    (``fediverse:creator``, as Mastodon reads it)."""

    name: str
    url: str | None = None
    email: str | None = None
    handle: str | None = None
    fediverse: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """The hero image: a remote ``url`` or a local ``path`` (absolute), never both.

    ``url`` is normalised to URI form; it may be relative to the site's URL
    when the record said so (lint reports what cannot be resolved).
    ``focus`` is the focal point ``(x, y)``, each in 0..1 from the top left:
    the photo and split cards crop around it (None: the default crop).
    """

    url: str | None = None
    path: Path | None = None
    alt: str = ""
    width: int | None = None
    height: int | None = None
    focus: tuple[float, float] | None = None
    # the folder ``path`` was checked to lie in (the record's, or the folder walked);
    # publish checks again against it (None: the article's base_dir) before copying
    root: Path | None = None

    @property
    def is_local(self) -> bool:
        return self.path is not None


@dataclass(frozen=True, slots=True)
class SocialOverride:
    """One network's own text and image (``social.x``, ``social.facebook``...): empty keeps
    the article's. ``image`` is a remote image (``url`` set, never ``path``)."""

    title: str = ""
    description: str = ""
    image: Image | None = None
    # SPEC 8.7 (syndication you can trust): the post's own words on that network
    text: str = ""


# SPEC 8.5 (media and structured data): the schema.org types a record's ``type`` may name.
ARTICLE_TYPES = (
    "NewsArticle",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Article",
)


@dataclass(frozen=True, slots=True)
class Video:
    """The article's video (SPEC 8.5): a file ``url`` and/or a player page ``embed_url``.

    ``duration`` is in seconds; ``type`` the media type (given, or told from the
    URL's extension; "" when neither). ``thumbnail`` is an absolute image URL."""

    url: str = ""
    type: str = ""
    width: int | None = None
    height: int | None = None
    duration: int | None = None
    thumbnail: str = ""
    embed_url: str = ""
    thumbnail_size: tuple[int, int] | None = None  # when the record gives it (lint judges it)


@dataclass(frozen=True, slots=True)
class Audio:
    """The article's audio file (SPEC 8.5); ``length`` in bytes, ``duration`` in seconds."""

    url: str
    type: str = ""
    length: int | None = None
    duration: int | None = None


@dataclass(frozen=True, slots=True)
class LiveUpdate:
    """One entry of a live blog (``updates``): JSON-LD ``liveBlogUpdate``."""

    time: datetime
    headline: str
    body: str = ""


@dataclass(frozen=True, slots=True)
class Episode:
    """The podcast side of a record (SPEC 8.5): the show it belongs to (a
    ``[podcast.SHOW]`` name) and its episode fields. ``transcript`` is
    ``(url, media type)``; ``chapters`` a Podcasting 2.0 JSON chapters URL."""

    show: str
    number: int | None = None
    season: int | None = None
    type: str = "full"  # full, trailer or bonus (itunes:episodeType)
    transcript: tuple[str, str] | None = None
    chapters: str = ""


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

    SPEC 7.5: ``access`` is ``free``, ``paywalled``, ``metered`` or "" (not
    said); ``translations`` the other language versions as ``(lang, url)``
    pairs (``lang`` may be ``x-default``), see :meth:`alternates`; ``social``
    per-network overrides keyed by share network id (``x``, ``facebook``...).
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
    access: str = ""
    translations: tuple[tuple[str, str], ...] = ()
    social: Mapping[str, SocialOverride] = field(default_factory=dict)
    # SPEC 8.4 (newsroom controls): where a copy's original lives ("": the page is the
    # original), its own robots directives, and the outputs it is kept out of
    canonical: str = ""
    robots: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def canonical_url(self) -> str:
        """What ``link rel=canonical``, ``og:url`` and JSON-LD name: ``canonical``, else ``url``."""
        return self.canonical or self.url

    @property
    def robots_directives(self) -> tuple[str, ...]:
        """The effective robots directives: the site's (``max-image-preview:large`` by
        default) with the record's replacing those of the same kind."""
        site = parse(self.site.robots, None, "site.robots") if self.site.robots else ()
        return merge(site, self.robots)

    @property
    def paid(self) -> bool:
        """Paywalled or metered: the body may leave the site only up to the paywall."""
        return self.access in ("paywalled", "metered")

    def excluded(self, place: str) -> bool:
        """Whether the article is kept out of ``place``: ``feeds``, ``sitemaps``,
        ``syndication`` (the record's ``exclude``) or ``indexnow``. ``noindex`` keeps it
        out of the sitemaps (the news sitemap too) and IndexNow."""
        if place in self.exclude:
            return True
        if place in ("sitemaps", "indexnow") and (self.robots or self.site.robots):
            return is_noindex(self.robots_directives)
        return False

    # SPEC 8.5 (media and structured data)
    type: str = ""  # a schema.org type of ARTICLE_TYPES; "": [site] jsonld_type
    video: Video | None = None
    audio: Audio | None = None
    updates: tuple[LiveUpdate, ...] = ()  # a live blog's entries, newest first
    coverage_end: datetime | None = None  # a live blog's end of coverage (None: still live)
    episode: Episode | None = None  # set when the record names a podcast show

    @property
    def schema_type(self) -> str:
        """The article's schema.org type: the record's ``type``, else ``[site] jsonld_type``."""
        return self.type or self.site.jsonld_type

    # SPEC 8.7 (syndication you can trust): its posts wait until then (naive: site time)
    syndicate_at: datetime | None = None

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

    def alternates(self) -> tuple[tuple[str, str], ...]:
        """Every language version as ``(hreflang, url)``, for ``link rel=alternate`` and sitemaps.

        Empty without translations. Otherwise the article itself first, then
        its translations in record order, then ``x-default``: the record's own
        ``x-default`` when given, else the version in ``[site] lang`` (exact
        tag, then primary subtag), else the article's own URL. Every version
        of one story thus lists the same set when they share ``[site] lang``.
        """
        if not self.translations:
            return ()
        versions = [(self.lang, self.url)]
        versions += [(lang, url) for lang, url in self.translations if lang != "x-default"]
        explicit = [url for lang, url in self.translations if lang == "x-default"]
        wanted = self.site.lang.lower()
        primary = wanted.split("-")[0]
        default = (
            explicit[0]
            if explicit
            else next((url for lang, url in versions if lang.lower() == wanted), None)
            or next((url for lang, url in versions if lang.lower().split("-")[0] == primary), None)
            or self.url
        )
        return (*versions, ("x-default", default))

    def social_for(self, network: str) -> SocialOverride:
        """The override of ``network`` (a share network id); empty when the record has none."""
        return self.social.get(network) or SocialOverride()
