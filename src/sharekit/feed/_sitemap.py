"""Sitemaps: ``sitemap.xml`` with the image extension, ``news-sitemap.xml`` for Google News.

Both are built from feed entries (:class:`~sharekit.feed.Item`): publish
writes them from the store under its writer lock, right after the feeds
(:func:`write_sitemaps`); :func:`build_sitemap` makes one from records.

* ``sitemap.xml`` (sitemaps.org 0.9): one ``<url>`` per article, ``loc`` its
  URL, ``lastmod`` its ``updated`` (else ``published``), and the card and the
  record's own photo (hero) as ``<image:image>`` (Google's image extension
  1.1, ``loc`` only: Google dropped the other image tags in 2022). Oldest
  first, so a new article changes only the last file.
* Past ``limit`` URLs (50,000, the protocol's cap) or with ``[feed]
  sections``, ``sitemap.xml`` is a sitemap index of parts written beside it
  in the root (``sitemap-1.xml``...; per section ``sitemap-section-KEY.xml``
  and ``sitemap-unsectioned.xml``, a part past the limit ``...-KEY.2.xml``).
  Parts stay in the root because a sitemap may only list URLs under its own
  folder (sitemaps.org, "Sitemap file location").
* ``news-sitemap.xml`` (Google News 0.9): the newest articles published in
  the last two days (not in the future), at most 1,000, each with the
  publication name (``[site] name``, else the host) and language (ISO 639,
  ``zh-cn``/``zh-tw`` for Chinese), the publication date and the title.

Bytes are stable: the same entries give the same file (dates in UTC, no
generation time), and files are rewritten only when their bytes change.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.model import Article
from sharekit.store._interface import SitemapUrl
from sharekit.text._clean import iri_to_uri

if TYPE_CHECKING:
    from sharekit.feed._item import Item
    from sharekit.out._output import Output
    from sharekit.store._interface import Store

__all__ = [
    "MAX_URLS",
    "NEWS_MAX",
    "NEWS_NAME",
    "NEWS_WINDOW",
    "SITEMAP_NAME",
    "build_sitemap",
    "render_news_sitemap",
    "render_sitemap",
    "sitemap_elements",
    "sitemap_robots",
    "url_element",
    "write_sitemaps",
]

log = logging.getLogger("sharekit")

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NAME = "sitemap.xml"
NEWS_NAME = "news-sitemap.xml"
MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
NEWS_MAX = 1_000  # per news sitemap (Google News)
NEWS_WINDOW = timedelta(days=2)  # Google News: articles of the last two days
_MAX_LOC = 2048  # sitemap.xsd tLoc maxLength
_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
# An absolute http(s) URI already in URI form: nothing to encode, a host present.
# (RFC 3986 characters; the host lower-case, as iri_to_uri makes it)
_PLAIN_URI = re.compile(
    r"https?://[a-z0-9.:\[\]@_~%!$&'()*+,;=-]+(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?"
)
_PART = re.compile(r"sitemap-(?:[0-9]+|section-.+|unsectioned(?:\.[0-9]+)?)\.xml")


def _when(value: datetime) -> str:
    """W3C datetime in UTC to the second (xsd:dateTime, stable whatever the zone)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _uri(url: str) -> str | None:
    """``url`` as an absolute URI a sitemap can hold, or None."""
    if not (url.isascii() and _PLAIN_URI.fullmatch(url)):
        # IRIs, spaces, quotes: the full normalisation (two thirds of a 10,000-entry
        # sitemap's time when done for every URL)
        try:
            url = iri_to_uri(url)
        except ValueError:
            return None
        if not _PLAIN_URI.fullmatch(url):
            return None
    return url if len(url) <= _MAX_LOC else None


def url_element(item: Item) -> str:
    """The entry's ``<url>`` element ("" with a warning when its URL cannot be one)."""
    if "sitemaps" in item.hidden:  # SPEC 8.4: exclude, noindex, another host
        return ""
    loc = _uri(item.url)
    if loc is None:
        log.warning("%s: left out of the sitemap: not an absolute http(s) URL", item.url)
        return ""
    lines = [f"  <url>\n    <loc>{escape(loc)}</loc>\n    <lastmod>{_when(item.updated)}</lastmod>"]
    for image in dict.fromkeys(u for u in (_uri(item.image_url), _uri(item.banner_url)) if u):
        lines.append(
            f"    <image:image>\n      <image:loc>{escape(image)}</image:loc>\n    </image:image>"
        )
    lines.append("  </url>\n")
    return "\n".join(lines)


def sitemap_elements(items: Iterable[Item]) -> list[SitemapUrl]:
    """Each entry's ``<url>`` element, as the store keeps it beside the entry."""
    return [
        SitemapUrl(item.id, item.published, item.section, _when(item.updated), url_element(item))
        for item in items
    ]


def _urlset(elements: Iterable[str]) -> bytes:
    return (
        f'{_HEADER}<urlset xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}">\n'
        + "".join(elements)
        + "</urlset>\n"
    ).encode("utf-8")


def render_sitemap(items: Iterable[Item]) -> bytes:
    """A ``<urlset>`` of ``items`` in the order given (the caller keeps it under 50,000)."""
    return _urlset(url_element(item) for item in items)


def news_language(lang: str, fallback: str = "") -> str:
    """The language a news sitemap wants: ISO 639 (2 or 3 letters), ``zh-cn``/``zh-tw``."""
    for tag in (lang, fallback):
        subtags = tag.replace("_", "-").lower().split("-")
        primary = subtags[0]
        if primary == "zh":
            traditional = {"hant", "tw", "hk", "mo"} & set(subtags[1:])
            return "zh-tw" if traditional else "zh-cn"
        if re.fullmatch("[a-z]{2,3}", primary):
            return primary
    return "und"  # ISO 639-2 "undetermined"


def _publication(site: Site) -> str:
    return site.name or urlsplit(site.url).hostname or urlsplit(site.base_url).hostname or ""


def news_items(items: Iterable[Item], now: datetime) -> list[Item]:
    """The entries a news sitemap lists at ``now``: published in the last two days,
    newest first, at most 1,000."""
    start = now - NEWS_WINDOW
    recent = [
        item for item in items if start <= item.published <= now and "sitemaps" not in item.hidden
    ]
    recent.sort(key=lambda item: item.id)
    recent.sort(key=lambda item: item.published, reverse=True)
    return recent[:NEWS_MAX]


def render_news_sitemap(items: Iterable[Item], site: Site, now: datetime | None = None) -> bytes:
    """The Google News sitemap of the ``items`` published in the two days before ``now``."""
    now = now or datetime.now(UTC)
    name = escape(_publication(site))
    body = []
    for item in news_items(items, now):
        loc = _uri(item.url)
        if loc is None:  # url_element warned when the entry was stored
            continue
        body.append(
            f"  <url>\n    <loc>{escape(loc)}</loc>\n    <news:news>\n"
            f"      <news:publication>\n        <news:name>{name}</news:name>\n"
            f"        <news:language>{news_language(item.lang, site.lang)}</news:language>\n"
            f"      </news:publication>\n"
            f"      <news:publication_date>{_when(item.published)}</news:publication_date>\n"
            f"      <news:title>{escape(item.title)}</news:title>\n    </news:news>\n  </url>\n"
        )
    return (
        f'{_HEADER}<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n'
        + "".join(body)
        + "</urlset>\n"
    ).encode("utf-8")


def render_index(parts: Sequence[tuple[str, str]]) -> bytes:
    """A ``<sitemapindex>`` of (URL, newest lastmod as W3C datetime or "") pairs."""
    body = []
    for url, lastmod in parts:
        stamp = f"\n    <lastmod>{lastmod}</lastmod>" if lastmod else ""
        body.append(f"  <sitemap>\n    <loc>{escape(url)}</loc>{stamp}\n  </sitemap>\n")
    return (
        f'{_HEADER}<sitemapindex xmlns="{SITEMAP_NS}">\n' + "".join(body) + "</sitemapindex>\n"
    ).encode("utf-8")


def build_sitemap(
    articles: Iterable[Article], site: Site, *, news: bool = False, now: datetime | None = None
) -> bytes:
    """One sitemap of ``articles`` (records without ``published`` are left out).

    ``news`` False: ``sitemap.xml`` with the card and hero as images, oldest
    first; more than 50,000 articles is an :class:`InputError` (publish
    writes an index instead). ``news`` True: the Google News sitemap of those
    published in the two days before ``now`` (default: the current time).
    """
    from sharekit.feed._item import items_from_articles

    items = items_from_articles(articles, site)
    if news:
        return render_news_sitemap(items, site, now)
    if len(items) > MAX_URLS:
        raise InputError(
            None,
            None,
            f"{len(items)} articles: a sitemap holds at most {MAX_URLS:,};"
            " publish writes a sitemap index instead",
        )
    shown = [item for item in items if "sitemaps" not in item.hidden]  # SPEC 8.4
    return render_sitemap(reversed(shown))  # oldest first, as publish writes them


def sitemap_robots(site: Site) -> str:
    """The ``robots.txt`` lines that point crawlers at publish's sitemaps."""
    if not site.base_url:
        raise InputError(
            site.source, "publish.base_url", "needed for the sitemap URLs (or [site] url)"
        )
    return f"Sitemap: {site.base_url}/{SITEMAP_NAME}\nSitemap: {site.base_url}/{NEWS_NAME}\n"


def _groups(rows: list[tuple[str, str, str]], site: Site) -> dict[str, list[tuple[str, str]]]:
    """Part name stem -> its (lastmod, element) pairs, oldest first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, lastmod, element in rows:
        if not element:
            continue
        stem = "" if not site.feed.sections else f"section-{key}" if key else "unsectioned"
        groups.setdefault(stem, []).append((lastmod, element))
    return dict(sorted(groups.items())) or {"": []}


def write_sitemaps(
    store: Store,
    out: Output,
    site: Site,
    *,
    now: datetime | None = None,
    limit: int = MAX_URLS,
) -> list[Path]:
    """Write ``sitemap.xml`` (or an index and its parts) and ``news-sitemap.xml`` into
    ``out`` from the store's entries; returns the files whose bytes changed (in a
    local out its folder's files, in a remote one the names of its objects).

    Call it under the store's writer lock. ``limit`` is the URLs per file (a
    test sets a small one). Without a base URL there is nothing to point at:
    a warning, no files.
    """
    from sharekit.feed._stored import stored_items, write_files

    base = site.base_url
    if not base:
        log.warning("sitemaps not written: set [publish] base_url or [site] url")
        return []
    if store.sitemap_count() < store.entry_count():  # a store from before sitemaps: once
        store.upsert_sitemap_urls(sitemap_elements(stored_items(store)))
    files = _sitemap_files(store.sitemap_urls(), site, limit)
    # newest first: up to 100 articles dated in the future may lead (parsing every
    # entry would cost as much as the whole sitemap)
    recent = stored_items(store, None, NEWS_MAX + 100)
    files[NEWS_NAME] = render_news_sitemap(recent, site, now)
    written = write_files(store, out, files)
    for stale in out.names("sitemap-*.xml"):  # parts of an earlier layout (sections toggled)
        if _PART.fullmatch(stale) and stale not in files:
            out.remove(stale)
            if out.remote:  # no sha256 is "": written again if its bytes ever come back
                store.record_objects([(stale, "")])
    folder = Path() if out.remote else Path(out.url)
    return [folder / name for name in written]


def _sitemap_files(rows: list[tuple[str, str, str]], site: Site, limit: int) -> dict[str, bytes]:
    """``sitemap.xml`` of the stored ``<url>`` elements, or an index and its parts."""
    files: dict[str, bytes] = {}
    groups = _groups(rows, site)
    if list(groups) == [""] and len(groups[""]) <= limit:
        files[SITEMAP_NAME] = _urlset(element for _, element in groups[""])
        return files
    parts: list[tuple[str, str]] = []
    for stem, group in groups.items():
        for number, start in enumerate(range(0, max(len(group), 1), limit), start=1):
            chunk = group[start : start + limit]
            if stem:
                name = f"sitemap-{stem}.xml" if number == 1 else f"sitemap-{stem}.{number}.xml"
            else:
                name = f"sitemap-{number}.xml"
            files[name] = _urlset(element for _, element in chunk)
            parts.append((f"{site.base_url}/{name}", max((m for m, _ in chunk), default="")))
    files[SITEMAP_NAME] = render_index(parts)
    return files
