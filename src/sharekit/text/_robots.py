"""Robots directives (``<meta name="robots">``), read from records and ``[site] robots``.

The directives are Google's documented set (developers.google.com/search/docs/
crawling-indexing/robots-meta-tag), the ones Bing reads among them. A value is a
list or a comma-separated string; names are case-insensitive and written lower-case.
The site default always says ``max-image-preview:large`` unless a
``max-image-preview`` is given (Google Discover shows large images only with it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sharekit.errors import InputError
from sharekit.text import _validate as v

__all__ = ["DEFAULT", "merge", "parse", "robots_text"]

DEFAULT = ("max-image-preview:large",)
_FLAGS = frozenset(
    {
        "all",
        "none",
        "index",
        "noindex",
        "follow",
        "nofollow",
        "noarchive",
        "nocache",
        "nosnippet",
        "noimageindex",
        "notranslate",
        "indexifembedded",
    }
)
_IMAGE_PREVIEW = ("none", "standard", "large")
_NUMBER = re.compile(r"-1|0|[1-9][0-9]{0,8}")
# Which directives overrule each other: a record's noindex replaces the site's index.
_FAMILY = {"index": "index", "noindex": "index", "all": "index", "none": "index"}
_FAMILY |= {"follow": "follow", "nofollow": "follow"}


def _directive(text: str, source: str | None, field: str) -> str:
    name, colon, value = (part.strip() for part in text.partition(":"))
    name = name.lower()
    if not colon and name in _FLAGS:
        return name
    if colon and name == "max-image-preview" and value.lower() in _IMAGE_PREVIEW:
        return f"{name}:{value.lower()}"
    if colon and name in ("max-snippet", "max-video-preview") and _NUMBER.fullmatch(value):
        return f"{name}:{value}"
    if colon and name == "unavailable_after":
        return f"{name}:{_date(value, source, field)}"
    raise InputError(
        source,
        field,
        f"unknown robots directive {v.show(text)}: expected noindex, nofollow, noarchive,"
        " max-image-preview:large|standard|none, max-snippet:N, unavailable_after:DATE ...",
    )


def _date(text: str, source: str | None, field: str) -> str:
    """An ISO 8601 date or date and time (Google reads ISO 8601 and RFC 822/850)."""
    try:
        parsed = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        return parsed.isoformat()
    except ValueError:
        raise InputError(
            source, field, f"unavailable_after wants an ISO 8601 date, got {v.show(text)}"
        ) from None


def parse(value: Any, source: str | None, field: str) -> tuple[str, ...]:
    """A list or a comma-separated string of directives, validated, repeats dropped."""
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list | tuple):
        v.expect_list_length(value, source, field)
        items = list(value)
    else:
        raise InputError(
            source, field, f"expected a list or a comma-separated string, got {v.kind(value)}"
        )
    found: list[str] = []
    for index, item in enumerate(items):
        where = field if isinstance(value, str) else f"{field}[{index}]"
        text = v.expect_str(item, source, where)
        if text or not isinstance(value, str):
            found.append(_directive(text, source, where))
    return tuple(dict.fromkeys(found))


def robots_text(value: Any, source: str | None, field: str) -> str:
    """``[site] robots``: validated, written as the meta tag says it."""
    return ", ".join(parse(value, source, field))


def _key(directive: str) -> str:
    name = directive.partition(":")[0]
    return _FAMILY.get(name, name)


def merge(site: Iterable[str], article: Iterable[str]) -> tuple[str, ...]:
    """The effective directives: the site's (with the default), the article's replacing
    those of the same kind (``max-image-preview``, ``index``/``noindex``...)."""
    merged: dict[str, str] = {_key(d): d for d in DEFAULT}
    merged |= {_key(d): d for d in site}
    merged |= {_key(d): d for d in article}
    return tuple(d for d in merged.values() if d not in ("index", "follow", "all"))


def is_noindex(directives: Iterable[str]) -> bool:
    return any(d in ("noindex", "none") for d in directives)
