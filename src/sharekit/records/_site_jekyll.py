"""A Jekyll site as Jekyll reads it (SPEC 8.3): ``_config.yml``, collections, ``defaults``,
dates, categories and URLs.

The rules follow Jekyll 4's source: ``Configuration`` (defaults, the posts
collection's permalink from ``permalink``), ``FrontmatterDefaults`` (scopes by
path and type, the longer path and a type winning), ``Document``
(``categories_from_path``, ``populate_title``, ``populate_categories``,
``merge_date!``) and ``Drops::UrlDrop``. ``tests/records/test_site_jekyll.py``
checks them against Jekyll's documentation and, when Jekyll is installed,
against a build of the sample site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sharekit.errors import InputError
from sharekit.records._permalink_jekyll import (
    JekyllDoc,
    UnknownPlaceholder,
    jekyll_page_url,
    jekyll_url,
    slugify_jekyll,
    style_template,
)
from sharekit.records._rubytime import jekyll_date
from sharekit.records._site_root import Reading, SiteRoot, deep_merge, read_config_file, site_image
from sharekit.text import _validate as v

__all__ = ["is_jekyll", "jekyll_record", "read_jekyll"]

_DATE_NAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
_DATELESS_NAME = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
_SKIP_DIRS = ("_site", "node_modules", "vendor", ".jekyll-cache", ".bundle")


@dataclass(frozen=True, slots=True)
class JekyllRules:
    url: str  # url + baseurl: what a document's site-relative URL follows
    zone: str
    permalink: str  # the site's permalink style or template
    collections: Mapping[str, Mapping[str, Any]]  # label -> metadata (permalink, output)
    collections_dir: str
    defaults: tuple[Mapping[str, Any], ...]
    excerpt_separator: str
    author: Any
    future: bool = False  # Jekyll builds posts dated in the future only with future: true


def is_jekyll(folder: Path) -> bool:
    return (folder / "_config.yml").is_file() or (folder / "_config.yaml").is_file()


def read_jekyll(root: Path) -> SiteRoot:
    name = "_config.yml" if (root / "_config.yml").is_file() else "_config.yaml"
    config = dict(read_config_file(root / name, name))
    reading = Reading("jekyll", root)
    url = str(config.get("url") or "").rstrip("/")
    baseurl = str(config.get("baseurl") or "").strip("/")
    full = f"{url}/{baseurl}" if baseurl and url else url
    reading.put("url", full or None, f"{name} url" + (" + baseurl" if baseurl else ""))
    for key in ("title", "name"):
        reading.put("name", config.get(key), f"{name} {key}")
    reading.put("feed.description", config.get("description"), f"{name} description")
    reading.put("lang", config.get("lang"), f"{name} lang")
    locale = config.get("locale") or (
        config.get("lang") if "-" in str(config.get("lang")) else None
    )
    reading.put("locale", locale, f"{name} locale")
    reading.put("timezone", config.get("timezone"), f"{name} timezone")
    twitter = config.get("twitter")
    if isinstance(twitter, Mapping):
        twitter = twitter.get("username")
    reading.put("twitter", twitter, f"{name} twitter.username")
    reading.put("logo", site_image(config.get("logo"), root, full), f"{name} logo")
    for key in ("og_image", "image"):
        image = config.get(key)
        image = image.get("path") if isinstance(image, Mapping) else image
        reading.put("default_image", site_image(image, root, full), f"{name} {key}")
    collections = _collections(config)
    rules = JekyllRules(
        url=full,
        zone=str(reading.tables.get("site", {}).get("timezone", "UTC")),
        permalink=str(config.get("permalink") or "date"),
        collections=collections,
        collections_dir=str(config.get("collections_dir") or "").strip("/"),
        defaults=tuple(d for d in _list(config.get("defaults")) if _valid_default(d)),
        excerpt_separator=str(config.get("excerpt_separator", "\n\n")),
        author=config.get("author"),
        future=config.get("future") is True,
    )
    for label, meta in collections.items():
        template = meta.get("permalink") or "(from permalink)"
        reading.read.append((f"permalink of {label}", str(template), f"{name} collections"))
    if rules.defaults:
        reading.read.append(("defaults", f"{len(rules.defaults)} scopes", f"{name} defaults"))
    if not url:
        reading.notes.append(f"{name} has no url: set [site] url in sharekit.toml")
    return reading.done(rules, _content(root, rules))


def _collections(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``Configuration#add_default_collections``: posts always, with the site's permalink."""
    raw = config.get("collections") or {}
    if isinstance(raw, list):
        raw = {str(label): {} for label in raw if isinstance(label, str | int)}
    if not isinstance(raw, Mapping):
        raw = {}
    collections = {str(k): dict(x) if isinstance(x, Mapping) else {} for k, x in raw.items()}
    posts = collections.setdefault("posts", {})
    posts["output"] = True
    if not posts.get("permalink"):
        posts["permalink"] = style_template(str(config.get("permalink") or "date"))
    return collections


def _list(value: Any) -> list[Any]:
    """A list in the configuration, or nothing (Jekyll warns and goes on)."""
    return value if isinstance(value, list) else []


def _valid_default(item: Any) -> bool:
    return isinstance(item, Mapping) and isinstance(item.get("values"), Mapping)


def _content(root: Path, rules: JekyllRules) -> tuple[Path, ...]:
    """The folders of posts (``_posts`` anywhere but the output) and written collections."""
    base = root / rules.collections_dir if rules.collections_dir else root
    folders = []
    for folder in sorted(base.rglob("_posts")):
        relative = folder.relative_to(root).parts
        if folder.is_dir() and not any(p in _SKIP_DIRS or p.startswith(".") for p in relative):
            folders.append(folder)
    for label, meta in rules.collections.items():
        if label != "posts" and meta.get("output") and (base / f"_{label}").is_dir():
            folders.append(base / f"_{label}")
    return tuple(folders)


def _relative(path: Path, root: Path, rules: JekyllRules) -> str:
    """The document's ``relative_path``: from the collections folder, with slashes."""
    base = (root / rules.collections_dir) if rules.collections_dir else root
    return path.relative_to(base).as_posix()


def _collection_of(relative: str, rules: JekyllRules) -> str | None:
    parts = relative.split("/")
    if "_posts" in parts[:-1]:
        return "posts"
    label = parts[0][1:] if parts[0].startswith("_") and len(parts) > 1 else None
    return label if label in rules.collections else None


def _defaults(relative: str, kind: str, rules: JekyllRules) -> dict[str, Any]:
    """``FrontmatterDefaults#all``: every matching scope, the more precise one winning."""
    values: dict[str, Any] = {}
    old: Mapping[str, Any] | None = None
    for item in rules.defaults:
        found = item.get("scope")
        scope: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        if not _applies(scope, relative, kind):
            continue
        if _precedes(old, scope):
            values = deep_merge(values, item["values"])
            old = scope
        else:
            values = deep_merge(item["values"], values)
    return values


def _scope_path(scope: Mapping[str, Any] | None) -> str:
    path = scope.get("path") if scope else None
    if not isinstance(path, str) or not path:
        return ""
    return path.strip("/") if path.startswith("/") else path


def _applies(scope: Mapping[str, Any], relative: str, kind: str) -> bool:
    wanted = scope.get("type")
    if wanted is not None and {"post": "posts", "page": "pages"}.get(wanted, wanted) != kind:
        return False
    path = _scope_path(scope)
    if not path:
        return True
    if "*" in path:
        from fnmatch import fnmatch

        return any(fnmatch(relative[:n], path) for n in range(len(relative) + 1))
    return relative.startswith(path)


def _precedes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    if old is None:
        return True
    new_path, old_path = _scope_path(new), _scope_path(old)
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old


def _listed(value: Any) -> list[str]:
    """A ``categories`` value: a string is split at spaces (``merge_categories!``)."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return [] if value is None else [str(value)]


def _categories(relative: str, layers: tuple[Mapping[str, Any], ...]) -> list[str]:
    """Folders above ``_posts``, then each layer's ``categories`` (defaults, front matter),
    then ``category`` (one name, spaces kept), without repeats (``populate_categories``)."""
    parts = relative.split("/")
    found = [p for p in parts[: parts.index("_posts")] if p] if "_posts" in parts else []
    for layer in layers:
        found += _listed(layer.get("categories"))
    single = next((x.get("category") for x in reversed(layers) if x.get("category")), None)
    if single is not None:
        found += [str(c) for c in single] if isinstance(single, list) else [str(single)]
    return list(dict.fromkeys(found))


def jekyll_record(
    site_root: SiteRoot, meta: dict[str, Any], body: str, path: Path, name: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(meta, overrides)`` for a document of a collection, or None (a page: read as usual).

    ``meta`` is the front matter with the ``defaults`` under it and the date
    as Jekyll reads it; ``overrides`` are record fields computed the Jekyll
    way (``url``, ``published``, ``slug``, ``description``).
    """
    rules: JekyllRules = site_root.rules
    relative = _relative(path, site_root.root, rules)
    label = _collection_of(relative, rules)
    if label is None:
        return _page(site_root, meta, path)
    defaults = _defaults(relative, label, rules)
    data = deep_merge(defaults, meta)
    zone = ZoneInfo(rules.zone)
    match = _DATE_NAME.match(relative) if label == "posts" else None
    if match:
        date_text, slug, _ = match.groups()
    else:
        plain = _DATELESS_NAME.match(relative)
        date_text, slug = None, plain.group(1) if plain else path.stem
    slug = re.sub(r"\.*$", "", slug)
    overrides: dict[str, Any] = {}
    published = _date(data, date_text, zone, name)
    if published is not None:
        data["date"] = published
        overrides["published"] = published
        if not rules.future and published > datetime.now(UTC):
            overrides["unpublished"] = "dated in the future; Jekyll builds it with future: true"
    if not data.get("title"):
        data["title"] = " ".join(part.capitalize() for part in slug.split("-"))
    front_slug = data.get("slug")
    doc_slug = str(front_slug) if front_slug not in (None, "") else slug
    categories = _categories(relative, (defaults, meta))
    # as Jekyll has them: folders and both keys in one list, a string of tags split at spaces
    data["categories"] = categories
    data.pop("category", None)
    tags = data.pop("tag", None) or data.get("tags")
    if tags is not None:
        data["tags"] = _listed(tags) if not isinstance(tags, str) or " " in tags else [tags]
    metadata = rules.collections.get(label, {})
    template = data.get("permalink") or metadata.get("permalink")
    if not template:
        template = "/:collection/:path" + _suffix(rules.permalink)
    if published is not None or "/:year" not in str(template):
        doc = JekyllDoc(
            collection=label,
            path=relative[: -len(path.suffix) or None].replace(f"_{label}", "", 1).rstrip("."),
            basename=path.stem,
            slug=doc_slug,
            categories=categories,
            date=published or _epoch(zone),
        )
        try:
            overrides["link"] = jekyll_url(str(template), doc)
        except UnknownPlaceholder as error:
            raise InputError(name, "permalink", str(error)) from None
    overrides["image_roots"] = (site_root.root,)
    shown = slugify_jekyll(doc_slug)
    if shown:
        overrides["slug"] = shown
    excerpt = _excerpt(data, body, rules)
    if excerpt is not None and not data.get("description"):
        overrides["excerpt_markdown"] = excerpt
    if not data.get("author") and not data.get("authors") and rules.author:
        data["author"] = rules.author
    data.pop("permalink", None)
    data.pop("slug", None)
    return data, overrides


def _page(
    site_root: SiteRoot, meta: dict[str, Any], path: Path
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A page named on its own (``about.md``): its URL as ``Page#template`` makes it."""
    rules: JekyllRules = site_root.rules
    relative = path.relative_to(site_root.root).as_posix()
    parts = relative.split("/")
    if any(part.startswith(("_", ".")) for part in parts) or path.suffix.lower() not in (
        ".md",
        ".markdown",
        ".html",
    ):
        return None
    data = deep_merge(_defaults(relative, "pages", rules), meta)
    index = path.stem == "index"
    template = "/:path/" if index else "/:path/:basename" + _suffix(rules.permalink)
    folder = "/".join(parts[:-1])
    link = jekyll_page_url(str(data.get("permalink") or template), f"/{folder}", path.stem)
    data.pop("permalink", None)
    return data, {"link": link, "image_roots": (site_root.root,)}


def _suffix(style: str) -> str:
    """``Utils.add_permalink_suffix`` for a collection without its own permalink."""
    if style == "pretty":
        return "/"
    if style in ("date", "ordinal", "none"):
        return ":output_ext"
    return ("/" if style.endswith("/") else "") + (
        ":output_ext" if style.endswith(":output_ext") else ""
    )


def _date(data: Mapping[str, Any], from_name: str | None, zone: ZoneInfo, name: str) -> Any:
    value = data.get("date")
    if value is None or value == "":
        value = from_name
        if value is None:
            return None
    try:
        return jekyll_date(value, zone)
    except ValueError:
        raise InputError(name, "date", f"not a date Jekyll reads: {v.show(value)}") from None


def _epoch(zone: ZoneInfo) -> Any:
    return datetime(1970, 1, 1, tzinfo=zone)


def _excerpt(data: Mapping[str, Any], body: str, rules: JekyllRules) -> str | None:
    """The text before a custom ``excerpt_separator`` (the default, a blank line, is the
    first paragraph: what sharekit derives anyway)."""
    separator = str(data.get("excerpt_separator") or rules.excerpt_separator)
    if not separator or separator == "\n\n" or separator not in body:
        return None
    return body.split(separator, 1)[0]
