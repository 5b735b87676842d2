"""Map an application's objects (ORM rows, dataclasses) to sharekit records.

Models name their fields in many ways (``pub_date``, ``published_at``,
``body``...). :func:`record_from_object` reads the usual names; a model that
names a field otherwise says so in ``fields`` (sharekit field -> attribute or
callable). Nothing here imports a framework.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

# sharekit field -> attribute names tried in order (the first that is set wins)
USUAL_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("sharekit_id", "pk", "id"),
    "title": ("title", "headline", "name"),
    "url": ("get_absolute_url", "url", "permalink"),
    "slug": ("slug",),
    "description": ("description", "summary", "excerpt", "dek", "standfirst"),
    "content_html": ("content_html", "body_html", "body", "content", "text"),
    "published": ("published", "published_at", "pub_date", "publish_date", "date"),
    "updated": ("updated", "updated_at", "modified", "modified_at", "last_modified"),
    "author": ("author", "authors", "byline"),
    "section": ("section", "category"),
    "tags": ("tags", "keywords"),
    "image": ("image", "hero", "featured_image", "cover", "thumbnail"),
    "lang": ("lang", "language"),
}

Getter = str | Callable[[Any], Any]


def _read(obj: Any, getter: Getter) -> Any:
    if callable(getter):
        return getter(obj)
    try:
        value = getattr(obj, getter, None)
    except ValueError:  # Django: a many-to-many of an unsaved instance has no value yet
        return None
    # methods such as get_absolute_url(); managers are callable too, but are read with .all()
    if inspect.ismethod(value):
        value = value()
    return value


def field_value(obj: Any, field: str, fields: Mapping[str, Getter] | None = None) -> Any:
    """The raw value of one sharekit field: the first of its names that is set, else None."""
    getters = (fields[field],) if fields and field in fields else USUAL_NAMES.get(field, ())
    for getter in getters:
        value = _read(obj, getter)
        if value is None or (not isinstance(value, int | float) and not value):
            continue  # unset: None, "", [], an empty file field
        return value
    return None


def _text(value: Any) -> Any:
    """Related objects (a User, a Category row) become their display text."""
    if value is None or isinstance(value, str | int | float | bool | datetime | date):
        return value
    if isinstance(value, Mapping):
        return dict(value)
    full_name = getattr(value, "get_full_name", None)
    if callable(full_name) and full_name():
        return full_name()
    url = getattr(value, "url", None)  # a file field: its public URL
    if isinstance(url, str):
        return url
    return str(value)


def _listing(value: Any) -> Any:
    all_items = getattr(value, "all", None)  # a related manager or a query
    if callable(all_items):
        value = all_items()
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        return _text(value)
    return [_text(item) for item in value]


def record_from_object(
    obj: Any,
    fields: Mapping[str, Getter] | None = None,
    *,
    base_url: str = "",
) -> dict[str, Any]:
    """A record from ``obj``'s attributes, for :func:`sharekit.load_article`.

    ``fields`` maps a sharekit field to an attribute name or a callable taking
    ``obj``; other fields are read from their usual names (``USUAL_NAMES``).
    Missing or empty values are left out, so the record's own rules apply
    (a description is derived from the content, for one). Relative URLs, as
    ``get_absolute_url()`` returns them, are joined to ``base_url``.
    """
    fields = fields or {}
    record: dict[str, Any] = {}
    for field in USUAL_NAMES:
        value = field_value(obj, field, fields)
        if value is not None:
            record[field] = _listing(value) if field in ("author", "tags") else _text(value)
    for field, getter in fields.items():  # fields without usual names: authors, site...
        if field not in USUAL_NAMES and (value := _read(obj, getter)) is not None:
            record[field] = value
    if "id" in record:
        record["id"] = str(record["id"])  # a primary key survives slug and URL changes
    for field in ("published", "updated"):
        if isinstance(record.get(field), datetime | date):
            record[field] = record[field].isoformat()
    for field in ("url", "image"):
        value = record.get(field)
        if isinstance(value, str) and base_url and value.startswith("/"):
            record[field] = urljoin(base_url.rstrip("/") + "/", value)
    if isinstance(record.get("author"), list) and len(record["author"]) == 1:
        record["author"] = record["author"][0]
    return record
