"""Front matter as static-site generators write it (SPEC 7.2), mapped to sharekit records.

Jekyll, Hugo, Eleventy and Astro posts are read as they are: YAML (``---``),
TOML (``+++``) or JSON (``{``) front matter, their own key names (the table in
SPEC 7.2), Jekyll's date in the file name, Hugo's page bundles and
``index.LANG.md`` languages. The result is a plain sharekit record that
``_build.build_article`` validates like any other, so cleaning and checks
stay in one place. Keys no field is read from (theme options) are ignored
and logged at debug level; a key one edit away from one we read is an error
with the suggestion, as everywhere else.

Drafts and pages that are not articles come back as :class:`Skipped`:
reported by publish, never failures.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from sharekit.errors import InputError
from sharekit.text import _validate as v
from sharekit.text._limits import (
    MAX_FRONT_MATTER_BYTES,
    MAX_FRONT_MATTER_KEYS,
    check_depth,
    parse_guard,
)

__all__ = ["Skipped", "front_matter_record", "is_directory_data", "split_front_matter"]

log = logging.getLogger("sharekit")

SkipReason = Literal["draft", "not an article"]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A source that is not published, and why: a draft or a page that is not an article.

    ``record`` is the sharekit record it maps to (None when there is none, as
    for an export's page): asked for by name (``load_article``), a draft still
    loads, so it can be previewed.
    """

    source: str
    reason: SkipReason
    detail: str
    record: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason} ({self.detail}), skipped"


# sharekit field -> the front matter keys it is read from, in order of preference.
# Spelled as the generators document them; matched case-insensitively (Hugo
# lower-cases every key, so "lastMod" and "lastmod" are one key there).
ALIASES: dict[str, tuple[str, ...]] = {
    "published": ("published", "date", "pubDate", "publishDate", "published_at"),
    "updated": ("updated", "lastmod", "last_modified_at", "updatedDate", "modified", "updated_at"),
    "description": ("description", "summary", "excerpt", "custom_excerpt"),
    "categories": ("categories", "category"),
    "tags": ("tags", "keywords"),
    "authors": ("authors", "author"),
    "image": (
        "image",
        "images",
        "featured_image",
        "featuredImage",
        "feature_image",
        "cover",
        "heroImage",
        "thumbnail",
    ),
    "lang": ("lang", "language"),
    "url": ("url", "permalink"),
}
# Keys read as they are (sharekit's own names), and keys that steer reading.
_OWN = ("title", "slug", "id", "section", "content_html", "site")
_STEERING = ("draft", "authorLink", "resources", "eleventyExcludeFromCollections")
READ_KEYS: dict[str, str] = {
    key.lower(): key
    for key in (*_OWN, *_STEERING, *(alias for names in ALIASES.values() for alias in names))
}

_JEKYLL_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")
_LANG_SUFFIX = re.compile(r"[a-z]{2}(?:-[a-z0-9]{2,8})*", re.IGNORECASE)
_FRONT_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)
# Astro's starter writes "Jul 08 2022" (JavaScript's Date reads it): English month names.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.? +(\d{1,2}),? +(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2}) +([A-Za-z]{3,9})\.?,? +(\d{4})")
_JSX_TAG = re.compile(r"</?[A-Z][\w.]*(?:\s[^<>]*)?/?>")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
_BUNDLE_IMAGES = ("featured-image*", "cover*")


# --- splitting a file into front matter and body -------------------------------


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    """The front matter (YAML ``---``, TOML ``+++`` or JSON ``{``) and the body after it."""
    first_line = text.split("\n", 1)[0].strip()
    if first_line.startswith("---") and first_line[3:].strip().lower() in ("js", "javascript"):
        raise InputError(
            name,
            None,
            f"JavaScript front matter ({first_line}) cannot be evaluated; "
            "expected YAML (---), TOML (+++) or JSON ({) front matter",
        )
    if first_line in ("---", "---yaml", "--- yaml"):
        meta, body = _fenced(text, ("---", "..."), name)
        data = _yaml(_bounded(meta, name), name)
    elif first_line == "+++":
        meta, body = _fenced(text, ("+++",), name)
        data = _toml(_bounded(meta, name), name)
    elif text.startswith("{"):
        try:
            with parse_guard(name, "JSON front matter"):
                data, end = json.JSONDecoder().raw_decode(text)
        except InputError:
            raise
        except ValueError as error:
            raise InputError(name, None, f"front matter: not valid JSON: {error}") from None
        body = text[end:]
    else:
        raise InputError(name, None, "expected front matter between --- lines at the top")
    if not isinstance(data, Mapping):
        raise InputError(name, None, f"front matter: expected key: value pairs, got {v.kind(data)}")
    if len(data) > MAX_FRONT_MATTER_KEYS:
        raise InputError(
            name,
            None,
            f"front matter: too many keys: {len(data):,} (at most {MAX_FRONT_MATTER_KEYS:,})",
        )
    check_depth(data, name)  # parsed, but too deep for everything that walks it later
    return dict(data), body


def _bounded(meta: str, name: str) -> str:
    if len(meta) > MAX_FRONT_MATTER_BYTES:  # characters: at least as many bytes
        limit = MAX_FRONT_MATTER_BYTES // 1024
        raise InputError(name, None, f"front matter too large: over {limit} KB")
    return meta


def _fenced(text: str, closers: tuple[str, ...], name: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].strip() in closers:
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    raise InputError(name, None, f"front matter is not closed by a {closers[0]} line")


def _yaml(text: str, name: str) -> Any:
    import yaml

    try:
        with parse_guard(name, "YAML front matter"):
            return yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise InputError(name, None, f"front matter: not valid YAML: {problem}{where}") from None


def _toml(text: str, name: str) -> Any:
    import tomllib

    try:
        with parse_guard(name, "TOML front matter"):
            return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(name, None, f"front matter: not valid TOML: {error}") from None


def render_body(body: str, suffix: str) -> str:
    from markdown_it import MarkdownIt

    mdx = suffix == ".mdx"
    if mdx:  # MDX: the import/export lines are code, not text
        body = "\n".join(
            line for line in body.splitlines() if not re.match(r"(import|export)\s", line)
        )
    html: str = MarkdownIt("commonmark").render(body)
    if mdx:  # components (<ServerIsland ...>) mean nothing outside the site: keep their text
        html = _JSX_TAG.sub("", html)
    return html


# --- mapping front matter to a record ------------------------------------------


def _one_edit_apart(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of exactly one (one insert, delete, change or swap)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _near_miss(key: str) -> str | None:
    """The key we read that ``key`` is one edit away from (keys of 4 letters or more)."""
    lowered = key.lower()
    if len(lowered) < 4:
        return None
    for known_lower, known in READ_KEYS.items():
        if len(known_lower) >= 4 and _one_edit_apart(lowered, known_lower):
            return known
    return None


def _date(value: Any, name: str, key: str) -> datetime:
    """A front matter date: YAML/TOML datetimes and dates, or Jekyll/Hugo text; offsets kept."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        match = _FRONT_DATE.fullmatch(value.strip())
        if match:
            year, month, day, hour, minute, second, fraction, offset = match.groups()
            try:
                result = datetime(
                    int(year),
                    int(month),
                    int(day),
                    int(hour or 0),
                    int(minute or 0),
                    int(second or 0),
                    int((fraction or "0")[:6].ljust(6, "0")),
                )
                if offset:
                    result = result.replace(tzinfo=_offset(offset))
            except ValueError:
                pass
            else:
                return result
        named = _month_name_date(value.strip())
        if named is not None:
            return named
        from sharekit.records._rubytime import ruby_parts

        try:  # what Jekyll takes (Ruby's Time.parse): "2024/10/24", "... 2023 -0800"
            moment, offset = ruby_parts(value.strip())
            return moment if offset is None else moment.replace(tzinfo=offset)
        except ValueError:
            pass
    raise InputError(name, key, f"not a date: {v.show(value)}")


def _month_name_date(text: str) -> datetime | None:
    """ "Jul 08 2022", "July 8, 2022" or "8 July 2022": a naive date (the site's time zone)."""
    match = _MONTH_FIRST.fullmatch(text)
    if match:
        month_name, day, year = match.groups()
    else:
        match = _DAY_FIRST.fullmatch(text)
        if not match:
            return None
        day, month_name, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return datetime(int(year), month, int(day))
    except ValueError:
        return None


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(-delta if text[0] == "-" else delta)


def _first(meta: Mapping[str, Any], field_name: str) -> tuple[str, Any] | None:
    for alias in ALIASES[field_name]:
        value = meta.get(alias.lower())
        if value is not None and value != "" and value != []:
            return alias, value
    return None


def _strings(value: Any, name: str, key: str) -> list[str]:
    """A list of names: a list, or one string (commas separate several)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise InputError(name, f"{key}[{index}]", f"expected a string, got {v.kind(item)}")
            items.append(str(item))
        return items
    raise InputError(name, key, f"expected a string or a list of strings, got {v.kind(value)}")


def _author(value: Any, name: str, key: str) -> Any:
    """An author as a theme writes it: a name, or an object whose name/url we keep."""
    if isinstance(value, Mapping):
        lowered = {str(k).lower(): item for k, item in value.items()}
        author = {
            "name": next(
                (lowered[k] for k in ("name", "display_name", "title") if lowered.get(k)), None
            )
        }
        url = next((lowered[k] for k in ("url", "link", "website") if lowered.get(k)), None)
        if url:
            author["url"] = url
        if lowered.get("email"):
            author["email"] = lowered["email"]
        if author["name"] is None:
            raise InputError(name, f"{key}.name", "required")
        return author
    return value


def _image(value: Any, key: str, folder: Path) -> Any:
    """An image value in sharekit's shape: a URL, a path beside the file, or a site URL."""
    if isinstance(value, list):  # Hugo's images: the first one
        value = value[0] if value else None
    if isinstance(value, Mapping):
        lowered = {str(k).lower(): item for k, item in value.items()}
        source = next((lowered[k] for k in ("image", "src", "url", "path") if lowered.get(k)), None)
        if source is None:
            return None
        image = _image(source, key, folder)
        if isinstance(image, dict) and isinstance(lowered.get("alt"), str):
            image["alt"] = lowered["alt"]
        return image
    if not isinstance(value, str) or not value.strip():
        return value if not isinstance(value, str) else None
    text = value.strip()
    if text.startswith("//") or v.has_scheme(text):  # data:, file: are refused as URLs
        return {"url": text}
    if not text.startswith("/") and (folder / text).is_file():
        return {"path": text}
    # Jekyll and Astro name images from the site root: a URL the site resolves.
    return {"url": "/" + text.lstrip("/")}


def _bundle_image(meta: Mapping[str, Any], path: Path) -> Any:
    resources = meta.get("resources")
    if isinstance(resources, list):
        for item in resources:
            if not isinstance(item, Mapping) or not isinstance(item.get("src"), str):
                continue
            label = str(item.get("name") or Path(item["src"]).name).lower()
            if any(fnmatch.fnmatch(label, pattern) for pattern in _BUNDLE_IMAGES):
                image: dict[str, Any] = {"path": item["src"]}
                if isinstance(item.get("title"), str):
                    image["alt"] = item["title"]
                return image
    if path.name.lower().startswith("index."):  # a leaf bundle: its image by file name
        for pattern in _BUNDLE_IMAGES:
            for candidate in sorted(path.parent.glob(pattern)):
                if candidate.suffix.lower() in _IMAGE_SUFFIXES:
                    return {"path": candidate.name}
    return None


def _lang_from_name(path: Path) -> str | None:
    """Hugo's ``index.zh-cn.md`` / ``post.fr.md``: the language before the extension."""
    stem = path.stem
    if "." not in stem:
        return None
    suffix = stem.rsplit(".", 1)[1]
    if not _LANG_SUFFIX.fullmatch(suffix):
        return None
    parts = suffix.split("-")
    tag = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 or part.isdigit():
            tag.append(part.upper())
        elif len(part) == 4:
            tag.append(part.title())
        else:
            tag.append(part.lower())
    return "-".join(tag)


def _is_url_pattern(value: Any) -> bool:
    """Eleventy's ``{{ page.fileSlug }}`` and Jekyll's ``/:year/:title/``: a generator's pattern."""
    return isinstance(value, str) and (
        "{{" in value or "{%" in value or re.search(r"(^|/):[a-z_]+", value) is not None
    )


def is_directory_data(path: Path) -> bool:
    """Eleventy's data for a folder (``blog/blog.json``, ``*.11tydata.json``), not a record."""
    return path.name.lower().endswith(".11tydata.json") or (
        path.suffix.lower() == ".json" and path.stem == path.parent.name
    )


def _section_list(path: Path) -> bool:
    """An ``index.md`` whose folder holds other posts is that section's list page."""
    if not path.name.lower().startswith("index."):
        return False
    for sibling in path.parent.iterdir():
        if sibling.is_dir() and any(sibling.glob("index.*md")):
            return True
        if (
            sibling.is_file()
            and sibling.suffix.lower() in (".md", ".markdown", ".mdx")
            and not sibling.name.lower().startswith("index.")
        ):
            return True
    return False


def front_matter_record(
    meta: Mapping[str, Any], body_html: str, path: Path, name: str, *, in_folder: bool
) -> dict[str, Any] | Skipped:
    """Map a generator's front matter (and rendered body) to a sharekit record.

    ``in_folder``: the file was found walking a folder, where pages without a
    date and section list pages are reported as not articles (a file named
    on its own is always taken as a record).
    """
    lowered = _read_keys(meta, name)
    record: dict[str, Any] = {
        key: lowered[key] for key in ("title", "slug", "id", "section", "site") if key in lowered
    }
    if "content_html" in lowered:
        if body_html:
            raise InputError(
                name, "content_html", "given twice: in the front matter and as the body"
            )
        record["content_html"] = lowered["content_html"]
    elif body_html:
        record["content_html"] = body_html
    _add_dates(record, lowered, name, path)
    found = _first(lowered, "description")
    if found is not None:
        record["description"] = found[1]
    found = _first(lowered, "url")
    if found is not None and not _is_url_pattern(found[1]):
        record["url"] = found[1]
    elif found is not None:
        log.debug("%s: %s is a pattern, not a URL: %s", name, found[0], v.show(found[1]))
    _add_taxonomy(record, lowered, name)
    _add_authors(record, lowered, name)
    image = _record_image(lowered, path)
    if image is not None:
        record["image"] = image
    found = _first(lowered, "lang")
    if found is not None:
        record["lang"] = found[1]
    else:
        lang = _lang_from_name(path)
        if lang:
            record["lang"] = lang
    skipped = _skipped(record, lowered, name, path, in_folder=in_folder)
    return record if skipped is None else skipped


def _read_keys(meta: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The keys sharekit reads, lower-cased (the first spelling wins); a near miss is an error."""
    lowered: dict[str, Any] = {}
    ignored = []
    for key, value in meta.items():
        key = str(key)
        if key.lower() in READ_KEYS:
            lowered.setdefault(key.lower(), value)
            continue
        close = _near_miss(key)
        if close is not None:
            raise InputError(name, key, f'unknown field; did you mean "{close}"?')
        ignored.append(key)
    if ignored:
        log.debug("%s: front matter keys not read: %s", name, ", ".join(sorted(ignored)))
    return lowered


def _add_dates(record: dict[str, Any], lowered: Mapping[str, Any], name: str, path: Path) -> None:
    """``published`` from the front matter, else from a Jekyll file name; ``updated``."""
    found = _first(lowered, "published")
    if isinstance(lowered.get("published"), bool):
        # Jekyll's "published: false" is a draft flag, not a date
        found = _first({k: x for k, x in lowered.items() if k != "published"}, "published")
    if found is not None:
        record["published"] = _date(found[1], name, found[0])
    else:
        match = _JEKYLL_NAME.fullmatch(path.stem)
        if match:
            year, month, day, _ = match.groups()
            record["published"] = _date(f"{year}-{month}-{day}", name, "file name")
    found = _first(lowered, "updated")
    if found is not None:
        record["updated"] = _date(found[1], name, found[0])


def _add_taxonomy(record: dict[str, Any], lowered: Mapping[str, Any], name: str) -> None:
    """Categories then tags become ``tags``; the first category is the section if none is set."""
    categories: list[str] = []
    for key in ("categories", "category"):
        if lowered.get(key) not in (None, "", []):
            categories += _strings(lowered[key], name, key)
    tags: list[str] = []
    for key in ("tags", "keywords"):
        if lowered.get(key) not in (None, "", []):
            tags += _strings(lowered[key], name, key)
    if categories and "section" not in record:
        record["section"] = categories[0]
    if categories or tags:
        record["tags"] = categories + tags


def _add_authors(record: dict[str, Any], lowered: Mapping[str, Any], name: str) -> None:
    found = _first(lowered, "authors")
    if found is None:
        return
    key, value = found
    items = value if isinstance(value, list) else [value]
    authors = [
        _author(item, name, f"{key}[{i}]" if isinstance(value, list) else key)
        for i, item in enumerate(items)
    ]
    link = lowered.get("authorlink")
    if isinstance(link, str) and link.strip() and len(authors) == 1:
        first = authors[0]
        authors = [{"name": first, "url": link.strip()} if isinstance(first, str) else first]
    record["authors"] = authors


def _record_image(lowered: Mapping[str, Any], path: Path) -> Any:
    """The first image alias that holds an image, else an image file of a page bundle."""
    for alias in ALIASES["image"]:
        value = lowered.get(alias.lower())
        if alias == "cover" and not isinstance(value, Mapping):
            continue  # PaperMod's cover is {image, alt}; a bare "cover" is a theme flag
        image = _image(value, alias, path.parent)
        if image is not None:
            return image
    return _bundle_image(lowered, path)


def _skipped(
    record: dict[str, Any], lowered: Mapping[str, Any], name: str, path: Path, *, in_folder: bool
) -> Skipped | None:
    """Why the file is no article to publish (a draft, a list page...), or None."""
    if lowered.get("draft") is True:
        return Skipped(name, "draft", "draft: true", record)
    if lowered.get("published") is False:
        return Skipped(name, "draft", "published: false", record)
    if lowered.get("permalink") is False:
        return Skipped(name, "not an article", "permalink: false (Eleventy writes no page)")
    if lowered.get("eleventyexcludefromcollections") is True:
        return Skipped(name, "not an article", "eleventyExcludeFromCollections: true")
    if path.stem.lower() == "_index" or path.stem.lower().startswith("_index."):
        return Skipped(name, "not an article", "a list page (_index)", record)
    if in_folder and "published" not in record:
        return Skipped(name, "not an article", "no date", record)
    if in_folder and _section_list(path):
        return Skipped(name, "not an article", "a section's index page", record)
    return None
