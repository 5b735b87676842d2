"""Feed entries and feed-level metadata as plain data, shared by every format.

An :class:`Item` is what a feed needs from one article, computed once (image
chain, Atom id, XML-safe text) and stored as JSON in the feed store, so a
rewrite never needs the original record. :class:`FeedMeta` is the feed-level
part, from the configuration alone.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from sharekit._version import __version__
from sharekit.card._chain import share_image
from sharekit.config import FEED_FILE_NAMES, FEED_FORMATS, Site
from sharekit.errors import InputError
from sharekit.feed._media import media_of
from sharekit.images._files import hero_image, site_asset
from sharekit.model import Article, Author
from sharekit.text._clean import _encode_component
from sharekit.text._feedhtml import free_part, sanitise
from sharekit.text._slug import section_key

__all__ = [
    "DEFAULT_NAMES",
    "FeedFile",
    "FeedFilter",
    "FeedMeta",
    "Item",
    "atom_id",
    "feed_content",
    "feed_meta",
    "format_of",
    "is_xml_safe",
    "item_from_article",
    "items_from_articles",
    "newest_updated",
    "xml_safe",
]

log = logging.getLogger("sharekit")

DEFAULT_NAMES = FEED_FILE_NAMES  # format -> default file name
GENERATOR = ("sharekit", __version__, "https://pypi.org/project/sharekit/")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# What XML 1.0 cannot carry. The loader already removes or replaces these in
# every text field (SPEC 1); records built by hand may still hold them, and
# lxml raises on them only when the whole feed is serialised.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0 controls but tab/LF/CR,
    U+FFFE, U+FFFF, lone surrogates) and the C1 controls (U+007F-U+009F)."""
    return _XML_FORBIDDEN.sub("", text)


_C0 = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)) + b"\x7f"
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def is_xml_safe(text: str) -> bool:
    """Whether :func:`xml_safe` would leave ``text`` as it is: a byte scan of its UTF-8
    form, several times cheaper than the regular expression on long text."""
    try:
        data = text.encode("utf-8")  # lone surrogates raise
    except UnicodeEncodeError:
        return False
    if len(data.translate(None, _C0)) != len(data):
        return False
    if b"\xc2" in data and _C1_UTF8.search(data):
        return False
    return b"\xef\xbf\xbe" not in data and b"\xef\xbf\xbf" not in data


def _aware(value: datetime, site: Site) -> datetime:
    # feedgen raises on naive datetimes; hand-built records may have them.
    return value if value.tzinfo is not None else value.replace(tzinfo=site.tzinfo)


def atom_id(article_id: str, host: str, year: int) -> str:
    """The article id as an absolute URI: itself when it is one, else ``tag:HOST,YEAR:ID``."""
    if _URI_SCHEME.match(article_id):
        scheme, _, rest = article_id.partition(":")
        if rest:
            return f"{scheme}:{_encode_component(rest)}"
    # RFC 4151: the specific part is pchar, "/" and "?": no brackets, no "#"
    specific = _encode_component(article_id).translate(_TAG_ESCAPES)
    return f"tag:{host or 'localhost'},{year}:{specific}"


_TAG_ESCAPES = str.maketrans({"[": "%5B", "]": "%5D", "#": "%23"})


@dataclass(slots=True)
class Item:
    """One feed entry, every string XML-safe, every date aware (JSON-serialisable).

    Treat it as read-only (not frozen only because a frozen dataclass takes twice as
    long to build, which shows on a 10,000-entry feed)."""

    id: str
    atom_id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    updated: datetime
    authors: tuple[tuple[str, str, str], ...] = ()  # (name, url, email), "" when absent
    section: str = ""
    tags: tuple[str, ...] = ()
    lang: str = ""
    slug: str = ""
    source: str = ""
    image_url: str = ""
    image_type: str = ""
    image_width: int = 0
    image_height: int = 0
    image_length: int = 0  # bytes; 0: unknown, so no enclosure
    image_alt: str = ""
    banner_url: str = ""  # the record's own photo (JSON Feed banner_image)
    translations: tuple[tuple[str, str], ...] = ()  # (lang, url): Atom link rel=alternate hreflang
    # SPEC 8.4 (newsroom controls): outputs the entry stays out of ("feeds", "sitemaps")
    hidden: tuple[str, ...] = ()
    # SPEC 8.5 (media and structured data): feed._media; empty ones are not stored
    media: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        """The section, then the tags, without case-insensitive repeats."""
        seen: set[str] = set()
        terms = []
        for term in (self.section, *self.tags):
            if term and term.casefold() not in seen:
                seen.add(term.casefold())
                terms.append(term)
        return terms

    def to_json(self) -> dict[str, Any]:
        # A shallow copy: the fields are strings, numbers and tuples of strings, which
        # json.dumps writes as they are (dataclasses.asdict deep-copies: 3x slower).
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["published"] = self.published.isoformat()
        data["updated"] = self.updated.isoformat()
        if not self.translations:
            del data["translations"]  # stored entries of records without them stay as they were
        if not self.hidden:
            del data["hidden"]
        if not self.media:
            del data["media"]  # likewise (SPEC 8.5)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Item:
        values = dict(data)
        values["published"] = datetime.fromisoformat(values["published"])
        values["updated"] = datetime.fromisoformat(values["updated"])
        values["authors"] = tuple(tuple(a) for a in values["authors"])
        values["tags"] = tuple(values["tags"])
        values["translations"] = tuple(tuple(pair) for pair in values.get("translations", ()))
        values["hidden"] = tuple(values.get("hidden", ()))
        return cls(**values)


def item_from_article(
    article: Article, site: Site, lengths: Mapping[str, int] | None = None
) -> Item | None:
    """The feed entry of ``article``, or None (with a warning) when it has no ``published``.

    ``lengths`` maps image URLs to their size in bytes; an image gets an
    enclosure only when its length is known.
    """
    served = _served_hosts(site)
    article = article.with_site(site)
    site = article.site
    if article.published is None:
        log.warning("%s: left out of the feed: no published date", article.source)
        return None
    hidden = _hidden(article, served)
    published = _aware(article.published, site)
    updated = _aware(article.updated or article.published, site)
    image = share_image(article)
    hero = hero_image(article) if image is not None and image.kind == "card" else None
    length = (lengths or {}).get(image.url, 0) if image is not None else 0
    texts = [
        article.id,
        article.url,
        article.title,
        article.description,
        article.content_html,
        article.section,
        article.lang,
        article.slug,
        *article.tags,
    ]
    for author in article.authors:
        texts += (author.name, author.url or "", author.email or "")
    if image is not None:
        texts += (image.url, image.alt, hero.url if hero else "")
    # One scan of every string: the loader has cleaned them, unless built by hand.
    if not is_xml_safe("".join(texts)):
        article = _xml_safe_article(article)
        image = image and dataclasses.replace(
            image, url=xml_safe(image.url), alt=xml_safe(image.alt)
        )
        hero = hero and dataclasses.replace(hero, url=xml_safe(hero.url))
    url = article.url
    return Item(
        id=article.id,
        atom_id=atom_id(article.id, _host(site.url) or _host(url), published.year),
        url=url,
        title=article.title or url,
        summary=article.description,
        content_html=feed_content(article),
        published=published,
        updated=updated,
        authors=tuple(
            (a.name, a.url or "", a.email or "") for a in article.authors if a.name.strip()
        ),
        section=article.section,
        tags=tuple(t for t in article.tags if t.strip()),
        lang=article.lang,
        slug=article.slug,
        source=article.source,
        image_url=image.url if image else "",
        image_type=(image.media_type or "") if image else "",
        image_width=(image.width or 0) if image else 0,
        image_height=(image.height or 0) if image else 0,
        image_length=max(int(length), 0),
        image_alt=image.alt if image else "",
        banner_url=hero.url if hero is not None and hero.is_absolute else "",
        translations=tuple(pair for pair in article.translations if pair[0] != "x-default"),
        hidden=hidden,
        media=media_of(article),  # SPEC 8.5
    )


# --- SPEC 8.4 (newsroom controls) ---------------------------------------------------


def feed_content(article: Article) -> str:
    """The body a feed carries (the preview shows the same): sanitised, links absolute.

    ``[feed] content = "summary"``: none (the description stands in). A paywalled or
    metered article: the part before ``[site] paywall_selector``; none without a
    selector, or when the selector matches nothing (the paid part cannot be told
    apart, so none of the body leaves).
    """
    site = article.site
    body = article.content_html
    if site.feed.content == "summary" or not body:
        return ""
    if article.paid:
        free = free_part(body, site.paywall_selector) if site.paywall_selector else None
        if not free or not free.strip():
            return ""
        body = free
    return sanitise(body, article.url)


def _served_hosts(site: Site) -> frozenset[str]:
    """The hosts an output serves: ``[site] hosts``, else the host its files are served
    from (a sitemap may list URLs of its own host only: sitemaps.org); empty: any."""
    if site.hosts:
        return frozenset(site.hosts)
    host = _host(site.base_url)
    return frozenset({host}) if host else frozenset()


def _on(url: str, hosts: frozenset[str]) -> bool:
    """Whether ``url`` (URI form: lower-case host) is plainly on one of ``hosts``: the
    common case, without parsing (urlsplit of every entry was a tenth of a feed's time)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("http", "https"):
        return False
    return rest.split("/", 1)[0] in hosts  # "host?q" is in no set of hosts: parsed below


def _hidden(article: Article, served: frozenset[str]) -> tuple[str, ...]:
    hidden = [place for place in ("feeds", "sitemaps") if article.excluded(place)]
    if not served or "sitemaps" in hidden or _on(article.url, served):
        return tuple(hidden)
    host = _host(article.url)
    if host not in served:
        log.warning(
            "%s: %s is not a host this output serves (%s): left out of the sitemaps"
            " (list it in [site] hosts if it is yours)",
            article.source,
            host or article.url,
            ", ".join(sorted(served)),
        )
        hidden.append("sitemaps")
    return tuple(hidden)


def _xml_safe_article(article: Article) -> Article:
    """``article`` with :func:`xml_safe` applied to every string (records built by hand)."""
    texts: dict[str, Any] = {name: xml_safe(getattr(article, name)) for name in _TEXT_FIELDS}
    return dataclasses.replace(
        article,
        **texts,
        tags=tuple(map(xml_safe, article.tags)),
        authors=tuple(
            Author(
                xml_safe(a.name),
                a.url and xml_safe(a.url),
                a.email and xml_safe(a.email),
                a.handle and xml_safe(a.handle),
            )
            for a in article.authors
        ),
    )


_TEXT_FIELDS = ("id", "url", "title", "description", "content_html", "section", "lang", "slug")


@functools.lru_cache(maxsize=64)
def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


def items_from_articles(
    articles: Iterable[Article], site: Site, lengths: Mapping[str, int] | None = None
) -> list[Item]:
    """Entries of the dated articles, newest first (by published, then id); a later
    article with the same id replaces an earlier one."""
    unique: dict[str, Item] = {}
    for article in articles:
        item = item_from_article(article, site, lengths)
        if item is not None:
            unique[item.id] = item
    items = list(unique.values())
    items.sort(key=lambda item: item.id)
    items.sort(key=lambda item: item.published.timestamp(), reverse=True)  # stable: ids stay sorted
    return items


@dataclass(frozen=True, slots=True)
class FeedFilter:
    """Which entries a feed shows: all, or one section, tag or author (case-insensitive).

    Sections compare by :func:`section_key` (their slug), the key of their folders.
    """

    section: str | None = None
    tag: str | None = None
    author: str | None = None

    def matches(self, item: Item) -> bool:
        if "feeds" in item.hidden:  # SPEC 8.4: the record's exclude
            return False
        if self.section is not None and section_key(item.section) != section_key(self.section):
            return False
        if self.tag is not None and self.tag.casefold() not in {t.casefold() for t in item.tags}:
            return False
        return self.author is None or self.author.casefold() in {
            a[0].casefold() for a in item.authors
        }

    @property
    def label(self) -> str:
        """A suffix for the feed title: ``World``, ``#tag``, ``by Daniel Kim``."""
        parts = []
        if self.section:
            parts.append(self.section)
        if self.tag:
            parts.append(f"#{self.tag}")
        if self.author:
            parts.append(f"by {self.author}")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class FeedFile:
    """A feed file the store serves."""

    path: str
    format: str
    filter: FeedFilter
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FeedMeta:
    """Feed-level fields, from the configuration alone (never a record's ``site``)."""

    title: str
    description: str
    link: str  # the site's home page
    self_url: str  # the feed's own address
    language: str
    icon: str = ""
    logo: str = ""
    hubs: tuple[str, ...] = ()
    author: str = ""
    max_items: int = 50
    generator: tuple[str, str, str] = GENERATOR


def feed_meta(
    site: Site,
    format: str,
    *,
    url: str | None = None,
    name: str | None = None,
    filter: FeedFilter | None = None,
    newest: Item | None = None,
) -> FeedMeta:
    """Feed-level fields for one feed file.

    ``url`` is the feed's own address; default ``[publish] base_url`` + ``/``
    + ``name`` (default: ``feed.xml``, ``atom.xml`` or ``feed.json``). When
    the configuration has no site URL or name, the newest entry's origin and
    host stand in, as :func:`sharekit.config.bind_site` does for one record.
    """
    site_url, site_name = site.url, site.name
    if newest is not None and (not site_url or not site_name):
        parts = urlsplit(newest.url)
        site_url = site_url or f"{parts.scheme}://{parts.netloc}"
        site_name = site_name or parts.hostname or ""
    base = (site.publish.base_url or site_url).rstrip("/")
    # a section folder in native letters ([slug] unicode) is percent-encoded (SPEC 8.4)
    self_url = url or f"{base}/{quote(name or DEFAULT_NAMES[format], safe='/')}"
    title = site.feed.title or site_name or "Feed"
    if filter is not None and filter.label:
        title = f"{title} — {filter.label}"
    description = site.feed.description or title
    icon = site_asset(site, site.feed.icon, "logo")
    logo = site_asset(site, site.feed.logo or site.logo, "logo")
    return FeedMeta(
        title=xml_safe(title),
        description=xml_safe(description),
        link=xml_safe(site_url.rstrip("/") + "/" if site_url else self_url),
        self_url=xml_safe(self_url),
        language=site.lang,
        icon=xml_safe(icon.url) if icon and icon.is_absolute else "",
        logo=xml_safe(logo.url) if logo and logo.is_absolute else "",
        hubs=site.feed.hubs,
        author=xml_safe(site_name),
        max_items=site.feed.max_items,
    )


def format_of(name: str, format: str | None = None) -> str:
    """The feed format: ``format`` when given, else by file name (SPEC 2.4)."""
    if format is not None:
        if format not in FEED_FORMATS:
            raise InputError("option", "format", f"expected rss, atom or json, got {format!r}")
        return format
    lower = name.lower()
    if lower == "atom.xml" or lower.endswith(".atom"):
        return "atom"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".xml", ".rss")):
        return "rss"
    raise InputError(
        name, None, "cannot tell the feed format from the name; pass --format rss, atom or json"
    )


def newest_updated(items: Iterable[Item]) -> datetime:
    """The feed's own date: the newest entry's ``updated`` (the epoch for an empty feed)."""
    return max((item.updated for item in items), default=EPOCH)
