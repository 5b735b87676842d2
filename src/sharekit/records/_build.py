"""Turn one raw record (a mapping) into a cleaned, validated :class:`Article`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from string import Formatter
from typing import Any
from urllib.parse import urljoin

from sharekit.config import Site, bind_site, site_table
from sharekit.errors import InputError
from sharekit.images._files import local_image_path
from sharekit.model import Article, Author, Image
from sharekit.records import _fields as _depth
from sharekit.records._media import MEDIA_FIELDS, media_fields
from sharekit.records._urls import check_record_urls
from sharekit.text import _validate as v
from sharekit.text._clean import (
    clean_html,
    has_visible_text,
    iri_to_uri,
    is_absolute_http_url,
)
from sharekit.text._lead import lead_paragraph
from sharekit.text._slug import is_safe_slug, slugify

RECORD_FIELDS = (
    "title",
    "url",
    "slug",
    "id",
    "description",
    "content_html",
    "authors",
    "author",
    "published",
    "updated",
    "section",
    "tags",
    "image",
    "lang",
    "site",
    "access",
    "translations",
    "social",
    # SPEC 8.4 (newsroom controls)
    "canonical",
    "robots",
    "exclude",
    # SPEC 8.5 (media and structured data): records._media
    *MEDIA_FIELDS,
    "syndicate_at",  # SPEC 8.7
)
AUTHOR_FIELDS = ("name", "url", "email", "handle", "fediverse")
IMAGE_FIELDS = ("url", "path", "alt", "width", "height", "focus")
_EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=2)
_LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=2)
DESCRIPTION_LIMIT = 160  # what search results and Facebook show before cutting
# SPEC 8.2: what deriving a description reads of a body (characters of HTML; markup
# such as an inline data: image may come first), and of its first paragraph's text
# (times the limit: far past the cut, so the sentence and word choice is unchanged)
DESCRIPTION_SOURCE_PREFIX = 1 << 20
DESCRIPTION_TEXT_PREFIX = 4
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def derive_description(content_html: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """The first sentences of the body's first paragraph that fit ``limit``, cut at a word."""
    # the lead paragraph is all a description uses: parsing stops there (SPEC 8.4), after
    # at most DESCRIPTION_SOURCE_PREFIX characters of the body, and of the lead only what
    # can reach ``limit`` is kept (SPEC 8.2: a 30 MB one-paragraph body once took 2.5 GB)
    text = lead_paragraph(content_html[:DESCRIPTION_SOURCE_PREFIX])
    text = text[: DESCRIPTION_TEXT_PREFIX * limit]
    if len(text) <= limit:
        return text
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > limit:
            break
        summary = candidate
    if summary:
        return summary
    from sharekit.text._truncate import truncate  # grapheme and line-break data: load when needed

    return truncate(text, limit)


def _authors(raw: Mapping[str, Any], source: str) -> tuple[Author, ...]:
    if "authors" in raw and "author" in raw:
        raise InputError(source, "author", 'give "authors" or "author", not both')
    name = "authors" if "authors" in raw else "author"
    value = raw.get(name)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    v.expect_list_length(items, source, name)
    authors = []
    for index, item in enumerate(items):
        field = f"{name}[{index}]" if isinstance(value, list) else name
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, Mapping):
            raise InputError(
                source,
                field,
                f"expected a name or {{name, url, email, handle}}, got {v.kind(item)}",
            )
        v.check_keys(item, AUTHOR_FIELDS, source, f"{field}.")
        if "name" not in item:
            raise InputError(source, f"{field}.name", "required")
        author_name = v.expect_str(item["name"], source, f"{field}.name")
        if not author_name:
            raise InputError(source, f"{field}.name", "must not be empty")
        url = v.expect_url(item["url"], source, f"{field}.url") if "url" in item else ""
        email = v.expect_str(item["email"], source, f"{field}.email") if "email" in item else ""
        if email and not _EMAIL.fullmatch(email):
            raise InputError(source, f"{field}.email", f"not an email address: {v.show(email)}")
        handle = v.expect_str(item["handle"], source, f"{field}.handle") if "handle" in item else ""
        if handle and not re.fullmatch(r"@?\w{1,15}", handle, re.ASCII):
            raise InputError(
                source, f"{field}.handle", f"expected an X handle like @name, got {v.show(handle)}"
            )
        if handle and not handle.startswith("@"):
            handle = "@" + handle
        fediverse = (
            _depth.fediverse(item["fediverse"], source, f"{field}.fediverse")
            if "fediverse" in item
            else None
        )
        authors.append(Author(author_name, url or None, email or None, handle or None, fediverse))
    return tuple(authors)


def _dimension(value: Any, source: str, field: str) -> int:
    return v.expect_int(value, source, field, 1, 1_000_000)  # pixels; 2**63 is no image


def _image(
    value: Any, source: str, base_dir: Path, site: Site, image_root: Path | None
) -> Image | None:
    if value is None:
        return None
    if isinstance(value, str):
        # "data:...", "file:///..." are URLs (refused below as such), not file names
        is_url = value.startswith("//") or v.has_scheme(value)
        value = {"url": value} if is_url else {"path": value}
    if not isinstance(value, Mapping):
        raise InputError(
            source, "image", f"expected a URL, a path or {{url|path, alt}}, got {v.kind(value)}"
        )
    v.check_keys(value, IMAGE_FIELDS, source, "image.")
    if ("url" in value) == ("path" in value):
        raise InputError(source, "image", 'expected exactly one of "url" or "path"')
    url = path = None
    if "url" in value:
        url = v.expect_link(value["url"], source, "image.url")
        if not url:
            raise InputError(source, "image.url", "must not be empty")
    else:
        text = v.expect_str(value["path"], source, "image.path")
        if not text or "\x00" in text:
            raise InputError(source, "image.path", f"not a valid path: {v.show(text)}")
        # confined here only when the record may name no file (image_root None); else by
        # publish, which copies it (meta and lint read its header at most)
        path = local_image_path(
            base_dir / text, image_root, site, source, v.show(text), confine=image_root is None
        )
    alt = v.expect_str(value.get("alt", ""), source, "image.alt")
    width = _dimension(value["width"], source, "image.width") if "width" in value else None
    height = _dimension(value["height"], source, "image.height") if "height" in value else None
    focus = _depth.focus(value["focus"], source, "image.focus") if "focus" in value else None
    root = image_root if path is not None else None
    return Image(url=url, path=path, alt=alt, width=width, height=height, focus=focus, root=root)


def _datetime(raw: Mapping[str, Any], name: str, source: str, site: Site) -> datetime | None:
    if raw.get(name) is None:
        return None
    value = v.parse_datetime(raw[name], source, name)
    value = value if value.tzinfo else value.replace(tzinfo=site.tzinfo)
    # Refused rather than clamped: year 1 or 9999 is a typo or a sentinel, and every output
    # (UTC in the store and feeds, the site's zone in permalinks, any reader's zone) must be
    # able to shift it by a day without leaving what datetime can hold.
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        utc = None
    if utc is None or not _EARLIEST <= utc <= _LATEST:
        raise InputError(
            source,
            name,
            f"out of range: expected a date from {_EARLIEST.date()} to {_LATEST.date()},"
            f" got {v.show(raw[name])}",
        )
    return value


def permalink_url(
    site: Site, slug: str, section: str, lang: str, published: datetime | None, source: str
) -> str:
    fields = {name for _, name, _, _ in Formatter().parse(site.permalink) if name}
    if fields & {"year", "month", "day"} and published is None:
        raise InputError(
            source, "published", f"required: the permalink {site.permalink} has date parts"
        )
    # SPEC 8.4: [slug] unicode keeps a section's letters as it keeps the record's slug's
    folder = slugify(section, allow_unicode=site.slug.keeps_unicode(lang)) if section else ""
    values = {"slug": slug, "lang": lang, "section": folder or "news"}
    if published is not None:
        local = published.astimezone(site.tzinfo)
        values |= {
            "year": f"{local.year:04d}",
            "month": f"{local.month:02d}",
            "day": f"{local.day:02d}",
        }
    return iri_to_uri(site.url.rstrip("/") + site.permalink.format(**values))


def _title(raw: Mapping[str, Any], source: str) -> str:
    if "title" not in raw:
        raise InputError(source, "title", "required")
    title = v.expect_str(raw["title"], source, "title")
    if not title:
        raise InputError(source, "title", "must not be empty")
    if not has_visible_text(title):
        # zero-width spaces, joiners, fillers: a blank headline on the card and in every feed
        raise InputError(source, "title", "required: it has no visible characters")
    return title


def _slug(raw: Mapping[str, Any], source: str, title: str, lang: str, site: Site) -> str:
    if "slug" not in raw:
        return slugify(title, lang=lang, allow_unicode=site.slug.keeps_unicode(lang))
    slug = v.expect_str(raw["slug"], source, "slug")
    if not is_safe_slug(slug):
        raise InputError(source, "slug", f"not a safe path segment: {v.show(raw['slug'])}")
    return slug


def _url(
    raw: Mapping[str, Any],
    source: str,
    site: Site,
    slug: str,
    section: str,
    lang: str,
    published: datetime | None,
) -> str:
    """The record's ``url`` (relative ones against the site's), else its permalink."""
    if "url" in raw:
        text = v.expect_str(raw["url"], source, "url")
        try:
            url = iri_to_uri(text)
        except (ValueError, UnicodeError):
            raise InputError(source, "url", f"not a valid URL: {v.show(text)}") from None
        if not is_absolute_http_url(url):
            # only a reference without a scheme is the site's: urljoin keeps javascript:,
            # data: and file: URLs as they are (SPEC 8.2)
            if not site.url or not text or text.startswith("//") or v.has_scheme(url):
                raise InputError(
                    source, "url", f"expected an absolute http(s) URL, got {v.show(raw['url'])}"
                )
            url = iri_to_uri(urljoin(site.url + "/", text))
        return url
    if site.url:
        return permalink_url(site, slug, section, lang, published, source)
    raise InputError(
        source, "url", "required when the site has no url (set [site] url or the record's url)"
    )


def _record_id(raw: Mapping[str, Any], source: str, url: str) -> str:
    if "id" not in raw:
        return url
    value = raw["id"]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    record_id = v.expect_str(value, source, "id")
    if not record_id:
        raise InputError(source, "id", "must not be empty")
    return record_id


def _body(raw: Mapping[str, Any], source: str) -> tuple[str, str]:
    """``(content_html, description)``: the body cleaned, the description given or derived."""
    content_html = ""
    if "content_html" in raw:
        if not isinstance(raw["content_html"], str):
            raise InputError(
                source, "content_html", f"expected a string, got {v.kind(raw['content_html'])}"
            )
        content_html = clean_html(raw["content_html"])
    if "description" in raw:
        description = v.expect_str(raw["description"], source, "description")
    else:
        description = derive_description(content_html) if content_html else ""
    return content_html, description


def _site_files(overrides: Mapping[str, Any], root: Path | None, site: Site, source: str) -> None:
    """A record's own ``site.logo`` and ``site.default_image``, when local files, under the
    one confinement rule (SPEC 8.2): the card draws the logo, publish serves both."""
    for key in ("logo", "default_image"):
        value = overrides.get(key)
        if value and not is_absolute_http_url(value):
            field = f"site.{key}"
            local_image_path(Path(value), root, site, source, v.show(value), field=field)


def build_article(
    raw: Any,
    site: Site,
    source: str,
    base_dir: Path,
    *,
    image_root: Path | None = None,
    local_files: bool = True,
) -> Article:
    """Validate and clean one raw record; apply every fallback of SPEC section 1.

    A local file the record names (``image.path``, ``site.logo``,
    ``site.default_image``) must lie in ``image_root`` (default ``base_dir``; for
    a record found in a folder, that folder) or ``[publish] assets_root``;
    without ``local_files`` (a record with no folder: the publish hook without
    ``[serve] assets_root``) it may name none.
    """
    if not isinstance(raw, Mapping):
        raise InputError(source, None, f"expected a record (a JSON object), got {v.kind(raw)}")
    v.check_keys(raw, RECORD_FIELDS, source)
    root = (image_root or base_dir) if local_files else None
    overrides = site_table(raw["site"], source, base_dir) if "site" in raw else {}
    _site_files(overrides, root, site, source)
    title = _title(raw, source)
    # The record's dates, url and language already depend on its own site
    # (timezone, permalink, lang); url and name defaults follow from the url.
    effective = bind_site(site, overrides)
    lang = v.expect_lang(raw["lang"], source, "lang") if "lang" in raw else effective.lang
    published = _datetime(raw, "published", source, effective)
    updated = _datetime(raw, "updated", source, effective) or published
    section = v.expect_str(raw.get("section", ""), source, "section")
    slug = _slug(raw, source, title, lang, effective)
    url = _url(raw, source, effective, slug, section, lang, published)
    record_id = _record_id(raw, source, url)
    content_html, description = _body(raw, source)
    # SPEC 8.4: a paid article's derived description comes from the part before the paywall
    if "description" not in raw and content_html and raw.get("access") in _depth.PAID:
        description = _depth.free_description(content_html, effective, derive_description)
    tags = v.expect_str_list(raw["tags"], source, "tags") if "tags" in raw else ()
    article = Article(
        title=title,
        url=url,
        slug=slug,
        id=record_id,
        description=description,
        content_html=content_html,
        authors=_authors(raw, source),
        published=published,
        updated=updated,
        section=section,
        tags=tuple(dict.fromkeys(tag for tag in tags if tag)),
        image=_image(raw.get("image"), source, base_dir, effective, root),
        lang=lang,
        # url and name from the record's url only where the configuration lacks them
        site=effective if effective.url and effective.name else bind_site(effective, url=url),
        site_overrides=overrides,
        base_site=site,
        source=source,
        base_dir=base_dir,
        url_from_permalink="url" not in raw,
        access=_depth.access(raw["access"], source) if "access" in raw else "",
        translations=(
            _depth.translations(raw["translations"], source, lang, url)
            if "translations" in raw
            else ()
        ),
        social=_depth.social(raw["social"], source) if "social" in raw else {},
        # SPEC 8.4 (newsroom controls)
        canonical=_depth.canonical(raw["canonical"], source) if "canonical" in raw else "",
        robots=_depth.robots(raw["robots"], source) if "robots" in raw else (),
        exclude=_depth.exclude(raw["exclude"], source) if "exclude" in raw else (),
        # SPEC 8.5 (media and structured data)
        **media_fields(raw, source, effective),
        syndicate_at=_datetime(raw, "syndicate_at", source, effective),  # SPEC 8.7
    )
    check_record_urls(article)  # SPEC 8.2: every URL of every record is http(s)
    return article
