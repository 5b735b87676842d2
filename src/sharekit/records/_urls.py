"""Every URL a built record carries is http(s): the one check every record passes (SPEC 8.2).

The field checkers already refuse ``javascript:``, ``data:``, ``file:`` and
every other scheme where they read a URL; this pass walks the finished
:class:`~sharekit.model.Article` so that a URL field added later (or filled
by a reader of another format: front matter, WordPress, Ghost, site
generators) cannot reach the head tags, the feeds, JSON Feed or the share
block without the same rule. It walks the record's own values (its nested
dataclasses, lists and maps), not the configuration, which its own checkers
validated. A reference without a scheme (``/img/a.png``) passes: it is
resolved against the site's URL, which is http(s).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from sharekit.model import Article
from sharekit.text import _validate as v

__all__ = ["URL_FIELDS", "check_record_urls"]

# Field names whose string value is a URL, at any depth (Image.url, Author.url, a
# video's embed_url...); any name ending in "_url" is one too.
URL_FIELDS = frozenset({"url", "canonical", "thumbnail", "transcript", "chapters"})
# Article fields that hold no URL of the record's own: the configuration (validated
# where it is read), the body (sanitised for feeds; its links are not fields) and
# what the loader itself set.
_SKIPPED = frozenset({"site", "base_site", "content_html", "source", "base_dir"})


def _is_url_field(name: str) -> bool:
    return name in URL_FIELDS or name.endswith("_url")


def _urls(value: Any, field: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """``(dotted field, url)`` for every URL in ``value`` (a record's value at ``field``)."""
    if depth > 8:  # records are shallow; nothing of ours nests deeper
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            if item.name in _SKIPPED:
                continue
            inner = getattr(value, item.name)
            name = f"{field}.{item.name}" if field else item.name
            if isinstance(inner, str):
                if inner and _is_url_field(item.name):
                    yield name, inner
            else:
                yield from _urls(inner, name, depth + 1)
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            name = f"{field}.{key}"
            if isinstance(inner, str):
                if inner and (field == "site_overrides" and _is_site_url(str(key))):
                    yield f"site.{key}", inner
            else:
                yield from _urls(inner, name, depth + 1)
    elif isinstance(value, tuple | list):
        if field == "translations":  # (lang, url) pairs
            for pair in value:
                if isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], str):
                    yield f"translations.{pair[0]}", pair[1]
            return
        for index, inner in enumerate(value):
            yield from _urls(inner, f"{field}[{index}]", depth + 1)


def _is_site_url(key: str) -> bool:
    """A record's own ``site`` keys that hold a URL (or a local path: no scheme, passes)."""
    return key in ("url", "logo", "default_image")


def check_record_urls(article: Article) -> None:
    """Refuse the record when any URL it carries has a scheme other than http(s)."""
    for field, url in _urls(article, ""):
        v.check_link(url, article.source, field)
