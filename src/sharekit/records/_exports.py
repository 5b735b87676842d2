"""WordPress (WXR) and Ghost exports as record sources (SPEC 7.2).

One export file yields many records, like a JSON Lines file: each published
post becomes a sharekit record for ``_build.build_article``; pages, drafts
and scheduled posts come back as :class:`~sharekit.records._frontmatter.Skipped`;
attachments, menu items and other WordPress object types are not reported
(they were never posts).

A WXR file is hostile input like any other: it is parsed by lxml with
entities left unresolved, no network, no DTD loading and libxml2's size
limits on (``huge_tree`` off), and a file that declares a DTD is refused
outright. It is read twice, streaming, with each item freed once read: the
first pass finds the authors and the attachments (a post's featured image
may come later in the file than the post), the second yields the posts, so
memory holds the attachments' URLs, not the posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sharekit.errors import InputError
from sharekit.records._frontmatter import Skipped
from sharekit.text import _validate as v
from sharekit.text._slug import is_safe_slug

__all__ = ["ghost_records", "wxr_records"]

Raw = tuple[str, Any]

_WP_NAMESPACE = re.compile(r"https?://wordpress\.org/export/1\.\d+/")
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|blockquote|pre|table|figure|!-- wp:)", re.I)
_NO_DATE = "0000-00-00 00:00:00"


# --- WordPress WXR -------------------------------------------------------------


def _iterparse(path: Path, tag: str | tuple[str, ...]) -> Any:
    from lxml import etree

    return etree.iterparse(
        str(path),
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )


def _free(element: Any) -> None:
    """Drop an element read and the siblings before it: memory stays flat."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _xml_error(name: str, error: Exception) -> InputError:
    """libxml2's message without its own location, then the line and column."""
    message = " ".join(str(getattr(error, "msg", "") or error).split())  # one line
    message = re.sub(r",? line \d+, column \d+$", "", message)
    line, column = getattr(error, "position", (0, 0)) or (0, 0)
    where = f" (line {line}, column {column})" if line else ""
    return InputError(name, None, f"not valid XML: {message}{where}")


def _wp_namespace(path: Path, name: str) -> str:
    """The WXR namespace the root declares, or an error: this is not a WordPress export.

    Parsed, not searched for: a DTD (and its entities, which the parse would leave
    unresolved and drop) is refused wherever it stands before the root, however long
    the comment before it; a namespace written inside a comment is no namespace.
    """
    from lxml import etree

    root = None
    try:
        with path.open("rb") as handle:
            parser = etree.iterparse(
                handle,
                events=("start",),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for _, element in parser:  # the root element's start: the prolog is read, no more
                root = element
                break
    except OSError as error:
        raise InputError(name, None, f"cannot read: {error.strerror}") from None
    except etree.XMLSyntaxError as error:
        raise _xml_error(name, error) from None
    if root is not None and root.getroottree().docinfo.doctype:
        raise InputError(name, None, "a WordPress export (WXR) has no DTD; refused")
    namespaces = [ns for ns in (root.nsmap.values() if root is not None else ()) if ns]
    found: str | None = next((ns for ns in namespaces if _WP_NAMESPACE.fullmatch(ns)), None)
    if root is None or root.tag != "rss" or found is None:
        raise InputError(
            name, None, "not a WordPress export (WXR): expected <rss> with the wp: export namespace"
        )
    return found


def _text(element: Any, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None and found.text else ""


class _Item:
    """One <item>'s children read in a single pass (``find`` per field was most of the time)."""

    __slots__ = ("categories", "fields", "meta")

    def __init__(self, item: Any, wp: str) -> None:
        prefix = f"{{{wp}}}"
        self.fields: dict[str, str] = {}
        self.categories: list[tuple[str, str]] = []
        self.meta: dict[str, str] = {}
        for child in item:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "category":
                self.categories.append((child.get("domain") or "", (child.text or "").strip()))
            elif tag == f"{prefix}postmeta":
                key = _text(child, f"{prefix}meta_key")
                if key:
                    self.meta[key] = _text(child, f"{prefix}meta_value")
            else:
                self.fields[tag.replace(prefix, "wp:", 1)] = child.text or ""

    def get(self, tag: str) -> str:
        return self.fields.get(tag, "").strip()


def _wxr_channel(path: Path, name: str, wp: str) -> tuple[dict[str, str], dict[str, Any], str]:
    """First pass: author display names, attachments by id, and the channel's language."""
    from lxml import etree

    authors: dict[str, str] = {}
    attachments: dict[str, Any] = {}
    language = ""
    version = ""
    tags = (f"{{{wp}}}author", f"{{{wp}}}wxr_version", "language", "item")
    try:
        for _, element in _iterparse(path, tags):
            if element.tag == f"{{{wp}}}wxr_version":
                version = (element.text or "").strip()
            elif element.tag == "language" and getattr(element.getparent(), "tag", "") == "channel":
                language = (element.text or "").strip()
            elif element.tag == f"{{{wp}}}author":
                login = _text(element, f"{{{wp}}}author_login")
                if login:
                    authors[login] = _text(element, f"{{{wp}}}author_display_name") or login
            elif element.tag == "item":
                item = _Item(element, wp)
                if item.get("wp:post_type") == "attachment" and item.get("wp:attachment_url"):
                    attachments[item.get("wp:post_id")] = {
                        "url": item.get("wp:attachment_url"),
                        "alt": item.meta.get("_wp_attachment_image_alt", ""),
                    }
                _free(element)
    except etree.XMLSyntaxError as error:
        raise _xml_error(name, error) from None
    if not re.fullmatch(r"1\.\d+", version):
        raise InputError(
            name,
            "wp:wxr_version",
            f"expected a WordPress export version 1.x, got {v.show(version or None)}",
        )
    return authors, attachments, language


def _wp_date(local: str, gmt: str) -> datetime | None:
    """The post's local time with its offset, from WordPress's local and GMT columns."""
    try:
        when = datetime.fromisoformat(local) if local and local != _NO_DATE else None
        utc = datetime.fromisoformat(gmt) if gmt and gmt != _NO_DATE else None
    except ValueError:
        return None
    if (when and when.tzinfo) or (utc and utc.tzinfo):
        return None  # WordPress writes neither with an offset: not its dates
    if when is None:
        return utc.replace(tzinfo=UTC) if utc else None
    if utc is None:
        return when  # naive: the site's time zone applies
    offset = when - utc
    if abs(offset) > timedelta(hours=14):
        return when
    return when.replace(tzinfo=timezone(offset))


def autop(content: str) -> str:
    """WordPress stores classic posts with blank lines for paragraphs: wrap them as HTML does."""
    if not content.strip() or _BLOCK_TAG.search(content):
        return content
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", content.replace("\r\n", "\n"))]
    return "\n".join(f"<p>{p.replace(chr(10), '<br>' + chr(10))}</p>" for p in paragraphs if p)


def _wxr_item(
    element: Any,
    wp: str,
    authors: Mapping[str, str],
    attachments: Mapping[str, Any],
    language: str,
    name: str,
) -> Raw | None:
    item = _Item(element, wp)
    post_type = item.get("wp:post_type")
    post_id = item.get("wp:post_id")
    source = f"{name}#{_label(post_id) or '?'}"
    if post_type not in ("post", "page"):
        return None  # attachments, menu items, blocks: never posts
    if post_type == "page":
        return source, Skipped(source, "not an article", "a WordPress page")
    status = item.get("wp:status")
    if status != "publish":
        return source, Skipped(source, "draft", f"status {status or 'unknown'}")
    record: dict[str, Any] = {"title": item.get("title"), "id": item.get("guid") or post_id}
    if item.get("link"):
        record["url"] = item.get("link")
    slug = unquote(item.get("wp:post_name"))
    if slug and is_safe_slug(slug):
        record["slug"] = slug
    published = _wp_date(item.get("wp:post_date"), item.get("wp:post_date_gmt"))
    if published is not None:
        record["published"] = published
    updated = _wp_date(item.get("wp:post_modified"), item.get("wp:post_modified_gmt"))
    if updated is not None:
        record["updated"] = updated
    creator = item.get(_DC_CREATOR)
    if creator:
        record["authors"] = [authors.get(creator, creator)]
    content = item.fields.get(_CONTENT, "")
    if content.strip():
        record["content_html"] = autop(content)
    excerpt = item.get(f"{{{wp}excerpt/}}encoded")  # the export namespace + "excerpt/"
    if excerpt:
        record["description"] = excerpt
    categories = [label for domain, label in item.categories if label and domain == "category"]
    tags = [label for domain, label in item.categories if label and domain == "post_tag"]
    if categories:
        record["section"] = categories[0]
    if categories or tags:
        record["tags"] = categories + tags
    image = attachments.get(item.meta.get("_thumbnail_id", ""))
    if image is not None:
        record["image"] = {"url": image["url"], **({"alt": image["alt"]} if image["alt"] else {})}
    if language:
        record["lang"] = language
    return source, record


def wxr_records(path: Path, name: str) -> Iterator[Raw]:
    """The records of a WordPress export: published posts, and the rest reported as skipped."""
    from lxml import etree

    wp = _wp_namespace(path, name)
    authors, attachments, language = _wxr_channel(path, name, wp)
    if language and not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", language):
        language = ""  # the channel's <language> is free text; a record's lang is not
    names = _UniqueSources()
    try:
        for position, (_, item) in enumerate(_iterparse(path, "item"), start=1):
            result = _wxr_item(item, wp, authors, attachments, language, name)
            _free(item)
            if result is not None:
                yield names.unique(result, position)
    except etree.XMLSyntaxError as error:
        raise _xml_error(name, error) from None


def _label(post_id: str | int) -> str:
    """A post id as it names the item in every message: an export's ids are the
    export's text, so a megabyte id would make every line about it a megabyte."""
    text = str(post_id)
    return text if len(text) <= 40 else text[:39] + "…"


class _UniqueSources:
    """Each item of an export named once: two items with one post id (or none) are told
    apart by their position, so a warning about the second does not name the first."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def unique(self, raw: Raw, position: int) -> Raw:
        source, record = raw
        if source in self.seen:
            renamed = f"{source} (item {position})"
            if isinstance(record, Skipped):
                record = Skipped(renamed, record.reason, record.detail, record.record)
            return renamed, record
        self.seen.add(source)
        return raw


# --- Ghost JSON export ---------------------------------------------------------

_GHOST_MAJORS = range(1, 7)  # the export formats of Ghost 1.x to 6.x
_GHOST_URL = "__GHOST_URL__"  # Ghost 4+ writes its own links relative to this marker
_GHOST_TABLES = ("posts", "tags", "users", "posts_tags", "posts_authors", "posts_meta")


def _ghost_db(document: Any, name: str) -> tuple[Mapping[str, Any], Mapping[str, Any], str]:
    """(meta, data, the field path to them) of a Ghost export, or an error saying what
    was expected."""
    db = document.get("db") if isinstance(document, Mapping) else None
    if isinstance(db, list) and db and isinstance(db[0], Mapping):
        document, field = db[0], "db[0]"
    else:
        field = ""
    meta, data = document.get("meta"), document.get("data")
    prefix = f"{field}." if field else ""
    if not isinstance(meta, Mapping) or not isinstance(data, Mapping):
        raise InputError(
            name, None, "not a Ghost export: expected {db: [{meta, data}]} or {meta, data}"
        )
    version = meta.get("version")
    major = re.match(r"(\d+)\.", version) if isinstance(version, str) else None
    if major is None or int(major.group(1)) not in _GHOST_MAJORS:
        raise InputError(
            name,
            f"{prefix}meta.version",
            f"unknown Ghost export version {v.show(version)}; expected 1.x to 6.x",
        )
    # A table that is not a list was read as empty: 0 written, exit 0, no word said.
    for table in _GHOST_TABLES:
        if table in data and not isinstance(data[table], list):
            raise InputError(
                name,
                f"{prefix}data.{table}",
                f"expected a list, got {v.kind(data[table])}",
            )
    if "posts" not in data:
        raise InputError(name, f"{prefix}data.posts", "required: the export's list of posts")
    return meta, data, prefix


def _key(value: Any) -> str | int | None:
    """An id as a join key; anything else (a list, an object: hostile input) joins nothing."""
    return value if isinstance(value, str | int) and not isinstance(value, bool) else None


def _rows(data: Mapping[str, Any], table: str) -> list[Mapping[str, Any]]:
    rows = data.get(table)
    return [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) else []


def _joined(
    data: Mapping[str, Any], table: str, key: str, names: Mapping[Any, Any]
) -> dict[Any, list[Any]]:
    """post id -> the joined rows' values, in the export's sort order."""
    links: dict[Any, list[tuple[int, Any]]] = {}
    for row in _rows(data, table):
        target = names.get(_key(row.get(key)))
        if target is not None:
            order = row.get("sort_order")
            links.setdefault(_key(row.get("post_id")), []).append(
                (order if isinstance(order, int) else 0, target)
            )
    return {
        post: [t for _, t in sorted(items, key=lambda x: x[0])] for post, items in links.items()
    }


def _unghost(value: Any) -> Any:
    return value.replace(_GHOST_URL, "") if isinstance(value, str) else value


def ghost_records(document: Any, name: str) -> Iterator[Raw]:
    """The records of a Ghost export: published posts; pages and drafts reported as skipped."""
    _, data, prefix = _ghost_db(document, name)
    tags = {
        _key(row.get("id")): row["name"]
        for row in _rows(data, "tags")
        if isinstance(row.get("name"), str) and not row["name"].startswith("#")  # internal tags
    }
    users = {
        _key(row.get("id")): {
            "name": row["name"],
            **({"url": row["website"]} if row.get("website") else {}),
        }
        for row in _rows(data, "users")
        if isinstance(row.get("name"), str)
    }
    post_tags = _joined(data, "posts_tags", "tag_id", tags)
    post_authors = _joined(data, "posts_authors", "author_id", users)
    posts_meta = {_key(row.get("post_id")): row for row in _rows(data, "posts_meta")}
    names = _UniqueSources()
    for index, post in enumerate(data["posts"]):
        if not isinstance(post, Mapping):
            source = f"{name}#{index}"
            field = f"{prefix}data.posts[{index}]"
            problem = InputError(source, field, f"expected a post (an object), got {v.kind(post)}")
            yield names.unique((source, problem), index + 1)
            continue
        joined = (post_tags, post_authors, users, posts_meta)
        yield names.unique(_ghost_post(post, index, name, joined), index + 1)


_Joined = tuple[
    Mapping[Any, list[Any]], Mapping[Any, list[Any]], Mapping[Any, Any], Mapping[Any, Any]
]


def _ghost_post(post: Mapping[str, Any], index: int, name: str, joined: _Joined) -> Raw:
    """One Ghost post as a record, or why it is skipped; ``joined``: the post's tags,
    authors, the users by id and posts_meta by post id."""
    post_tags, post_authors, users, posts_meta = joined
    post_id = _key(post.get("id"))
    source = f"{name}#{_label(post_id) if isinstance(post_id, str | int) else index}"
    kind = post.get("type") or ("page" if post.get("page") is True else "post")
    if kind != "post":
        return source, Skipped(source, "not an article", f"a Ghost {kind}")
    status = post.get("status")
    if status != "published":
        return source, Skipped(source, "draft", f"status {status}")
    record: dict[str, Any] = {"title": post.get("title")}
    if post_id is not None:
        record["id"] = post_id
    if isinstance(post.get("slug"), str) and is_safe_slug(post["slug"]):
        record["slug"] = post["slug"]
    canonical = _unghost(post.get("canonical_url"))
    if isinstance(canonical, str) and canonical:
        record["url"] = canonical
    for field, key in (("published", "published_at"), ("updated", "updated_at")):
        if post.get(key):
            record[field] = (
                post[key].replace("Z", "+00:00") if isinstance(post[key], str) else post[key]
            )
    if isinstance(post.get("html"), str) and post["html"].strip():
        record["content_html"] = _unghost(post["html"])
    meta = posts_meta.get(post_id) or {}
    excerpt = post.get("custom_excerpt") or meta.get("meta_description")
    if excerpt:
        record["description"] = excerpt
    names = post_tags.get(post_id, [])
    if names:
        record["section"] = names[0]  # Ghost's primary tag
        record["tags"] = names
    authors = post_authors.get(post_id) or (
        [users[author]] if (author := _key(post.get("author_id"))) in users else []
    )
    if authors:
        record["authors"] = authors
    image = _unghost(post.get("feature_image") or post.get("image"))
    if isinstance(image, str) and image:
        alt = meta.get("feature_image_alt") or post.get("feature_image_alt")
        # a scheme makes it a URL (data:, file: are refused as such), never a file name
        key = "url" if image.startswith(("//", "/")) or v.has_scheme(image) else "path"
        record["image"] = {key: image, **({"alt": alt} if isinstance(alt, str) and alt else {})}
    if isinstance(post.get("locale"), str) and post["locale"]:
        record["lang"] = post["locale"]
    return source, record
