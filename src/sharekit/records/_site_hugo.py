"""A Hugo site as Hugo reads it (SPEC 8.3): ``hugo.*``/``config.*`` (TOML, YAML, JSON),
``config/_default/`` and ``config/ENVIRONMENT/`` (production, as ``hugo`` builds, unless
``HUGO_ENVIRONMENT`` says another), languages, ``[permalinks]``, ``uglyURLs``, dates,
bundles and summaries.

Keys are case-insensitive in Hugo; they are lower-cased here. Rules from
Hugo's documentation and source (``resources/page/permalinks.go``,
``page_paths.go``, ``hugolib/page__paths.go``, ``common/htime``); checked in
``tests/records/test_site_hugo.py`` and, when Hugo is installed, against a
build of the sample site (``hugo list all``).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sharekit.errors import InputError
from sharekit.records._permalink_hugo import HugoPage, hugo_link
from sharekit.records._site_root import (
    Reading,
    SiteRoot,
    deep_merge,
    lowered,
    read_config_file,
    site_image,
)
from sharekit.text import _validate as v

__all__ = ["hugo_date", "hugo_record", "is_hugo", "read_hugo"]

_NAMES = ("hugo", "config")
_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
_DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")
# Hugo's own rule for a bundle's featured image (its internal opengraph template)
_HERO = (("*feature*",), ("*cover*", "*thumbnail*"))
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
# front matter that names the page's image (Hugo's "images" and themes' keys)
_IMAGE_KEYS = (
    "images", "image", "featured_image", "featuredimage", "feature_image", "cover", "heroimage",
    "thumbnail", "resources",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HugoLanguage:
    key: str  # "zh-cn"
    code: str  # languageCode: "zh-CN"
    content_dir: str
    prefix: str  # "" for the default language outside a subfolder


@dataclass(frozen=True, slots=True)
class HugoRules:
    url: str  # baseURL without the trailing slash
    zone: str
    content_dir: str
    default_language: str
    languages: tuple[HugoLanguage, ...]
    permalinks: Mapping[str, str]  # section -> pattern (pages)
    ugly: bool | Mapping[str, bool]
    lower: bool
    summary_divider: str = "<!--more-->"
    author: Any = None  # params.author: the author of pages without one
    future: bool = False  # buildFuture
    expired: bool = False  # buildExpired


def _config_files(root: Path) -> list[Path]:
    return [
        root / f"{name}{suffix}"
        for name in _NAMES
        for suffix in _SUFFIXES
        if (root / f"{name}{suffix}").is_file()
    ]


def is_hugo(folder: Path) -> bool:
    if any((folder / f"hugo{suffix}").is_file() for suffix in _SUFFIXES):
        return True
    # config.* alone is a common name: a Hugo site also has its content (or themes) beside it
    has_parts = (folder / "content").is_dir() or (folder / "themes").is_dir()
    return has_parts and (bool(_config_files(folder)) or (folder / "config" / "_default").is_dir())


def _environment() -> str:
    """The environment ``hugo`` builds for: production unless the variables say another."""
    return os.environ.get("HUGO_ENVIRONMENT") or os.environ.get("HUGO_ENV") or "production"


def _layers(root: Path) -> list[tuple[str, dict[str, Any]]]:
    """Each configuration file as ``(name, keys)``, weakest first: the root file, then
    ``config/_default/``, then ``config/ENVIRONMENT/`` (Hugo 0.168 lays each on the one
    before, key by key; checked with ``hugo config``)."""
    layers = [
        (file.name, _lower_deep(read_config_file(file, file.name)))
        for file in _config_files(root)[:1]
    ]
    for name in ("_default", _environment()):
        folder = root / "config" / name
        if not folder.is_dir() or "/" in name or name in (".", ".."):
            continue
        for file in sorted(folder.iterdir()):
            if file.suffix.lower() not in _SUFFIXES or not file.is_file():
                continue
            label = f"config/{name}/{file.name}"
            data = _lower_deep(read_config_file(file, label))
            stem = file.stem.lower()
            if stem not in _NAMES:  # params.toml is [params], languages.toml is [languages]...
                data = {stem.split(".")[0]: data}
            layers.append((label, data))
    return layers


def _read_config(root: Path) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """The merged configuration (keys lower-cased), the files it came from, and for each
    top-level key the file that set it last (what ``sharekit site`` names)."""
    config: dict[str, Any] = {}
    origin: dict[str, str] = {}
    layers = _layers(root)
    for label, data in layers:
        config = deep_merge(config, data)
        origin.update(dict.fromkeys(data, label))
    return config, [label for label, _ in layers], origin


def _lower_deep(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k).lower(): _lower_deep(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_lower_deep(x) for x in value]
    return value


def read_hugo(root: Path) -> SiteRoot:
    config, names, origin = _read_config(root)
    where = names[0] if names else "config/_default"

    def at(key: str) -> str:  # the file that set a top-level key last
        return origin.get(key, where)

    reading = Reading("hugo", root)
    base_url = str(config.get("baseurl") or "").rstrip("/")
    reading.put("url", base_url or None, f"{at('baseurl')} baseURL")
    default = str(config.get("defaultcontentlanguage") or "en").lower()
    languages = lowered(config.get("languages"))
    default_lang = lowered(languages.get(default))
    params = lowered(config.get("params"))
    lang_params = lowered(default_lang.get("params"))
    reading.put(
        "name",
        default_lang.get("title") or config.get("title"),
        f"{at('title')} title",
    )
    code = next(
        (
            x
            for x in (default_lang.get("locale"), default_lang.get("languagecode"))
            if isinstance(x, str) and x
        ),
        config.get("locale") or config.get("languagecode") or default,
    )
    reading.put("lang", _tag(str(code)), f"{at('languagecode')} languageCode")
    if "-" in str(code) or "_" in str(code):  # og:locale wants a region: en_US, not en
        reading.put("locale", str(code).replace("-", "_"), f"{at('languagecode')} languageCode")
    reading.put("timezone", config.get("timezone"), f"{at('timezone')} timeZone")
    for key, source in (("description", lang_params), ("description", params)):
        reading.put("feed.description", source.get(key), f"{at('params')} params.{key}")
    images = lang_params.get("images") or params.get("images")
    image = images[0] if isinstance(images, list) and images else images
    reading.put("default_image", site_image(image, root, base_url), f"{at('params')} params.images")
    rules = _rules(config, base_url, reading, default, languages)
    author = lang_params.get("author") or params.get("author")
    if isinstance(author, Mapping) and not lowered(author).get("name"):
        author = None  # LoveIt's placeholder {name: "", ...}
    if author:
        rules = dataclasses.replace(rules, author=author)
        reading.read.append(
            ("author of posts without one", str(author), f"{at('params')} params.author")
        )
    for language in rules.languages:
        reading.read.append(
            (
                f"language {language.key}",
                f"/{language.prefix}/" if language.prefix else "/",
                at("languages"),
            )
        )
    for section, pattern in rules.permalinks.items():
        reading.read.append((f"permalink of {section}", pattern, f"{at('permalinks')} permalinks"))
    if not base_url:
        reading.notes.append(f"{at('baseurl')} has no baseURL: set [site] url in sharekit.toml")
    content = tuple(
        dict.fromkeys(
            root / language.content_dir
            for language in rules.languages
            if (root / language.content_dir).is_dir()
        )
    )
    return reading.done(rules, content)


def _tag(code: str) -> str:
    parts = code.replace("_", "-").split("-")
    return "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def _rules(
    config: Mapping[str, Any],
    base_url: str,
    reading: Reading,
    default: str,
    languages: Mapping[str, Any],
) -> HugoRules:
    in_subdir = bool(config.get("defaultcontentlanguageinsubdir"))
    content_dir = str(config.get("contentdir") or "content")
    found = []
    keys = list(languages) or [default]
    for key in keys:
        table = lowered(languages.get(key))
        found.append(
            HugoLanguage(
                key=key,
                code=_tag(str(table.get("locale") or table.get("languagecode") or key)),
                content_dir=str(table.get("contentdir") or content_dir),
                prefix="" if key == default and not in_subdir else key,
            )
        )
    ugly = config.get("uglyurls", False)
    return HugoRules(
        url=base_url,
        zone=str(reading.tables.get("site", {}).get("timezone", "UTC")),
        content_dir=content_dir,
        default_language=default,
        languages=tuple(found),
        permalinks=_permalinks(config.get("permalinks"), reading),
        ugly=dict(lowered(ugly)) if isinstance(ugly, Mapping) else bool(ugly),
        lower=not config.get("disablepathtolower", False),
        future=config.get("buildfuture") is True,
        expired=config.get("buildexpired") is True,
    )


def _permalinks(value: Any, reading: Reading) -> dict[str, str]:
    """The patterns for regular pages, by section: ``posts = ...`` or ``[permalinks.page]``."""
    if isinstance(value, list):
        reading.notes.append(
            "[[permalinks]] (the array form of Hugo 0.161) is not read: give pages a url"
        )
        return {}
    table = lowered(value)
    pages = lowered(table.get("page"))
    result = {k: str(x) for k, x in table.items() if isinstance(x, str)}
    result.update({k: str(x) for k, x in pages.items() if isinstance(x, str)})
    return result


# cast.StringToDateInDefaultLocation's layouts (Hugo's front matter dates), as strptime formats
_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%a, %d %b %Y %H:%M:%S %z",
    "%a, %d %b %Y %H:%M:%S %Z", "%d %b %y %H:%M %z", "%d %b %y %H:%M %Z",
    "%A, %d-%b-%y %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S",
    "%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %Z %Y", "%a %b %d %H:%M:%S %z %Y",
    "%Y-%m-%d", "%d %b %Y", "%Y-%m-%d %H:%M:%S %z",
)  # fmt: skip
_FRACTION = re.compile(r"(\d{2}:\d{2}:\d{2})\.\d+")


def hugo_date(value: Any, zone: ZoneInfo) -> datetime:
    """A front matter date as Hugo reads it: its offset kept, none: the site's ``timeZone``."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone)
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = _FRACTION.sub(r"\1", value.strip())
    text = re.sub(r"([+-]\d{2}):(\d{2})$", r"\1\2", text).replace("Z", "+0000")
    for layout in _FORMATS:
        try:
            parsed = datetime.strptime(text, layout)
        except ValueError:
            continue
        if parsed.tzinfo is None and layout.endswith("%Z"):
            parsed = parsed.replace(tzinfo=timezone(timedelta(0)))  # a zone name: UTC
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    raise ValueError("not a date")


def _language(rules: HugoRules, relative: Path, content_root: Path) -> HugoLanguage:
    parts = relative.name.split(".")
    if len(parts) >= 3:
        for language in rules.languages:
            if parts[-2].lower() == language.key:
                return language
    by_folder = len({x.content_dir for x in rules.languages}) > 1
    for language in rules.languages:
        if by_folder and language.content_dir == content_root.name:
            return language
    return next((x for x in rules.languages if x.key == rules.default_language), rules.languages[0])


def _base_name(name: str, suffix: str, rules: HugoRules) -> str:
    """The file name without extension and language (``v1.2 notes.fr.md`` is ``v1.2 notes``)."""
    base = name[: -len(suffix)] if suffix else name
    head, dot, tail = base.rpartition(".")
    if dot and tail.lower() in {language.key for language in rules.languages}:
        return head
    return base


def _content_root(site_root: SiteRoot, path: Path) -> Path | None:
    for folder in sorted(site_root.content, key=lambda p: -len(p.parts)):
        if path.is_relative_to(folder):
            return folder
    return None


def _sections(content_root: Path, container: list[str]) -> list[str]:
    """The first folder is a section; a deeper one only with its own ``_index`` page."""
    sections = container[:1]
    folder = content_root / container[0] if container else content_root
    for part in container[1:]:
        folder = folder / part
        if not any(folder.glob("_index.*")):
            break
        sections.append(part)
    return sections


def _hero(path: Path) -> dict[str, Any] | None:
    """Hugo's rule: a bundle image matching ``*feature*``, else ``*cover*`` or ``*thumbnail*``."""
    if path.stem.split(".")[0].lower() != "index":
        return None
    images = sorted(p.name for p in path.parent.iterdir() if p.suffix.lower() in _IMAGE_SUFFIXES)
    for patterns in _HERO:
        for name in images:
            if any(fnmatch.fnmatch(name.lower(), pattern) for pattern in patterns):
                return {"path": name}
    return None


def hugo_record(
    site_root: SiteRoot, meta: dict[str, Any], body: str, path: Path, name: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(meta, overrides)`` for a regular page under the content folder, else None."""
    rules: HugoRules = site_root.rules
    content_root = _content_root(site_root, path)
    if content_root is None:
        return None
    relative = path.relative_to(content_root)
    stem = _base_name(relative.name, path.suffix, rules)
    if stem == "_index":
        return None
    keys = lowered(meta)
    language = _language(rules, relative, content_root)
    folders = list(relative.parts[:-1])
    bundle = stem.lower() == "index" and bool(folders)
    container = folders[:-1] if bundle else folders
    base_name = folders[-1] if bundle else stem
    zone = ZoneInfo(rules.zone)
    published = None
    found = next((k for k in _DATE_KEYS if keys.get(k) not in (None, "")), None)
    if found is not None:
        try:
            published = hugo_date(keys[found], zone)
        except ValueError:
            raise InputError(name, found, f"not a date Hugo reads: {v.show(keys[found])}") from None
    sections = _sections(content_root, container)
    section = sections[0].lower() if sections else ""
    ugly = rules.ugly.get(section, False) if isinstance(rules.ugly, Mapping) else rules.ugly
    page = HugoPage(
        title=str(keys.get("title") or ""),
        slug=str(keys.get("slug") or ""),
        url=str(keys.get("url") or ""),
        date=published,
        sections=[s.lower() for s in sections] if rules.lower else sections,
        container=container,
        base_name=base_name,
        file_base=stem,
        lang_prefix=language.prefix,
        ugly=bool(ugly),
        lower=rules.lower,
    )
    try:
        link = hugo_link(page, rules.permalinks.get(section))
    except ValueError as error:
        raise InputError(name, "permalinks", str(error)) from None
    overrides: dict[str, Any] = {"link": link, "lang": language.code}
    overrides["image_roots"] = (site_root.root / "static", site_root.root / "assets")
    if published is not None:
        overrides["published"] = published
        meta = {k: x for k, x in meta.items() if str(k).lower() not in ("date", "publishdate")}
        meta["date"] = published
    slug = page.slug or base_name
    if language.key != rules.default_language:
        slug = f"{slug}-{language.key}"  # a translation shares its page's name: its own folder
    overrides["slug"] = slug
    hero = _hero(path)
    if hero is not None and not any(keys.get(k) for k in _IMAGE_KEYS):
        meta = {**meta, "image": hero["path"]}  # Hugo's rule before sharekit's file names
    if not rules.future and published is not None and published > datetime.now(zone):
        overrides["unpublished"] = "dated in the future; Hugo builds it with buildFuture"
    expiry = next((keys[k] for k in ("expirydate", "unpublishdate") if keys.get(k)), None)
    if expiry is not None and not rules.expired:
        try:
            if hugo_date(expiry, zone) <= datetime.now(zone):
                overrides["unpublished"] = "expired (expiryDate); Hugo builds it with buildExpired"
        except ValueError:
            raise InputError(
                name, "expiryDate", f"not a date Hugo reads: {v.show(expiry)}"
            ) from None
    if rules.summary_divider in body and not keys.get("description") and not keys.get("summary"):
        overrides["excerpt_markdown"] = body.split(rules.summary_divider, 1)[0]
    meta = {k: x for k, x in meta.items() if str(k).lower() not in ("url", "slug")}
    if rules.author and not keys.get("author") and not keys.get("authors"):
        meta["author"] = rules.author
    return meta, overrides
