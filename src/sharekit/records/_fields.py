"""The record fields of SPEC 7.5 (metadata depth), validated and cleaned for the loader.

``access``, an author's ``fediverse``, ``translations``, ``social`` and
``image.focus``. Each checker takes the raw value, the source and the field
name, and returns the cleaned value or raises :class:`InputError` with the one
line the CLI prints. :mod:`sharekit.records._build` calls them; the JSON Schema in
:mod:`sharekit.records._schema` says the same in its own terms.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from sharekit.config import NETWORK_IDS, Site
from sharekit.errors import InputError
from sharekit.model import ACCESS, EXCLUDE, Image, SocialOverride
from sharekit.networks._table import ALIASES
from sharekit.text import _robots
from sharekit.text import _validate as v
from sharekit.text._clean import idna_host, iri_to_uri, is_absolute_http_url
from sharekit.text._feedhtml import free_part

__all__ = [
    "access",
    "canonical",
    "exclude",
    "fediverse",
    "focus",
    "http_url",
    "robots",
    "social",
    "translations",
]

SOCIAL_FIELDS = ("title", "description", "image", "text")  # text: SPEC 8.7
SOCIAL_IMAGE_FIELDS = ("url", "alt", "width", "height", "focus")
# Mastodon's account names (letters, digits, underscore; dots and dashes inside, as other
# fediverse servers allow), then a DNS host name with at least one dot.
_FEDI_NAME = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?"
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_FEDIVERSE = re.compile(rf"@?({_FEDI_NAME})@((?:{_LABEL}\.)+{_LABEL})")


def access(value: Any, source: str | None) -> str:
    return v.expect_choice(value, source, "access", ACCESS)


def fediverse(value: Any, source: str | None, field: str) -> str:
    """``@name@host`` (a leading ``@`` is added; a Unicode host becomes its IDNA form)."""
    text = v.expect_str(value, source, field)
    name, _, host = text.lstrip("@").partition("@")
    try:
        host = idna_host(host) if host else ""
    except ValueError:  # idna's IDNAError, UnicodeError
        host = "\x00"  # not a host name: fails the match below
    match = _FEDIVERSE.fullmatch(f"@{name}@{host}") if text.count("@") <= 2 else None
    if match is None or len(host) > 253:
        raise InputError(
            source,
            field,
            f"expected a fediverse handle like @name@example.social, got {v.show(value)}",
        )
    return f"@{match[1]}@{match[2]}"


def focus(value: Any, source: str | None, field: str) -> tuple[float, float]:
    """``[x, y]``, each a number in 0..1 (0, 0 is the top left)."""
    ok = (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(
            isinstance(n, int | float)
            and not isinstance(n, bool)
            and math.isfinite(n)
            and 0 <= n <= 1
            for n in value
        )
    )
    if not ok:
        raise InputError(
            source, field, f"expected [x, y] with each a number from 0 to 1, got {v.show(value)}"
        )
    return float(value[0]), float(value[1])


def http_url(value: Any, source: str | None, field: str) -> str:
    """An absolute http(s) URL in URI form (``//host/...`` taken as https), or InputError."""
    text = v.expect_str(value, source, field)
    try:
        url = iri_to_uri("https:" + text if text.startswith("//") else text)
    except (ValueError, UnicodeError):
        raise InputError(source, field, f"not a valid URL: {v.show(value)}") from None
    if not is_absolute_http_url(url):
        raise InputError(source, field, f"expected an absolute http(s) URL, got {v.show(value)}")
    return url


def translations(
    value: Any, source: str | None, own_lang: str, own_url: str
) -> tuple[tuple[str, str], ...]:
    """``{lang: url}`` -> ``(lang, url)`` pairs; ``x-default`` allowed as a key.

    The article's own language may be listed only with its own URL (it is
    left out here: :meth:`~sharekit.model.Article.alternates` adds it).
    """
    if not isinstance(value, Mapping):
        raise InputError(source, "translations", f"expected {{lang: url}}, got {v.kind(value)}")
    if len(value) > v.MAX_LIST:  # issue 27: 200,000 languages took 10 s and as many tags
        raise InputError(
            source, "translations", f"too many items: {len(value):,} (at most {v.MAX_LIST:,})"
        )
    pairs: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for key, raw in value.items():
        field = f"translations.{key}"
        lang = "x-default" if key == "x-default" else v.expect_lang(key, source, field)
        url = http_url(raw, source, field)
        folded = lang.lower()
        if folded in seen:
            raise InputError(source, field, f"repeats the language {seen[folded]}")
        seen[folded] = lang
        if folded == own_lang.lower():
            if url != own_url:
                raise InputError(
                    source, field, f"is the article's own language, whose URL is {own_url}"
                )
            continue
        if url == own_url and lang != "x-default":
            raise InputError(
                source, field, f"is the article's own URL, whose language is {own_lang}"
            )
        pairs.append((lang, url))
    return tuple(pairs)


def _social_image(value: Any, source: str | None, field: str) -> Image:
    if isinstance(value, str):
        return Image(url=http_url(value, source, field))
    if not isinstance(value, Mapping):
        raise InputError(
            source,
            field,
            f"expected an image URL or {{url, alt, width, height}}, got {v.kind(value)}",
        )
    v.check_keys(value, SOCIAL_IMAGE_FIELDS, source, f"{field}.")
    if "url" not in value:
        raise InputError(source, f"{field}.url", "required (an override image is a remote URL)")

    def dimension(name: str) -> int | None:
        return v.expect_int(value[name], source, f"{field}.{name}", 1) if name in value else None

    return Image(
        url=http_url(value["url"], source, f"{field}.url"),
        alt=v.expect_str(value.get("alt", ""), source, f"{field}.alt"),
        width=dimension("width"),
        height=dimension("height"),
        focus=focus(value["focus"], source, f"{field}.focus") if "focus" in value else None,
    )


def social(value: Any, source: str | None) -> dict[str, SocialOverride]:
    """``{network: {title, description, image}}``, network ids from the share table."""
    if not isinstance(value, Mapping):
        raise InputError(
            source,
            "social",
            f"expected {{network: {{title, description, image}}}}, got {v.kind(value)}",
        )
    for key in value:
        if key not in NETWORK_IDS and str(key).lower() in ALIASES:  # twitter -> x
            raise InputError(
                source, f"social.{key}", f'unknown network; did you mean "{ALIASES[key.lower()]}"?'
            )
    v.check_keys(value, NETWORK_IDS, source, "social.")
    overrides: dict[str, SocialOverride] = {}
    for network, raw in value.items():
        field = f"social.{network}"
        if not isinstance(raw, Mapping):
            raise InputError(
                source, field, f"expected {{title, description, image}}, got {v.kind(raw)}"
            )
        v.check_keys(raw, SOCIAL_FIELDS, source, f"{field}.")
        title = v.expect_str(raw.get("title", ""), source, f"{field}.title")
        description = v.expect_str(raw.get("description", ""), source, f"{field}.description")
        image = _social_image(raw["image"], source, f"{field}.image") if "image" in raw else None
        text = v.expect_str(raw.get("text", ""), source, f"{field}.text")  # SPEC 8.7
        if not (title or description or image or text):
            raise InputError(
                source, field, "give a title, a description or an image (or a post text)"
            )
        overrides[network] = SocialOverride(title, description, image, text)
    return overrides


# SPEC 8.4 (newsroom controls): canonical, robots, exclude, the free part's description

PAID = ("paywalled", "metered")


def free_description(content_html: str, site: Site, derive: Callable[[str], str]) -> str:
    """The description derived from the part before ``[site] paywall_selector`` ("" when
    the selector matches nothing: the paid part cannot be told apart). Without a
    selector, from the whole body, as before (lint says the selector is missing)."""
    if not site.paywall_selector:
        return derive(content_html)
    free = free_part(content_html, site.paywall_selector)
    return derive(free) if free else ""


def canonical(value: Any, source: str | None) -> str:
    """An absolute http(s) URL (IDNA host, URI form): where the original of a copy lives."""
    return http_url(value, source, "canonical")


def robots(value: Any, source: str | None) -> tuple[str, ...]:
    """Robots directives, a list or a comma-separated string (:mod:`sharekit.text._robots`)."""
    return _robots.parse(value, source, "robots")


def exclude(value: Any, source: str | None) -> tuple[str, ...]:
    """Any of ``feeds``, ``sitemaps``, ``syndication`` (one, or a list)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise InputError(
            source, "exclude", f"expected a list of {', '.join(EXCLUDE)}, got {v.kind(value)}"
        )
    return tuple(
        dict.fromkeys(
            v.expect_choice(item, source, f"exclude[{index}]", EXCLUDE)
            for index, item in enumerate(items)
        )
    )
