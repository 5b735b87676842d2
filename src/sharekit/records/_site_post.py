"""Laying what a generator decides (URL, date, slug, excerpt, bundle image) on a post's record."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sharekit.records._frontmatter import Skipped, render_body
from sharekit.text._slug import is_safe_slug

__all__ = ["apply_generated", "excerpt_text"]

_EXCERPT_WORDS = 100  # jekyll-seo-tag's description_max_words


def excerpt_text(markdown: str, suffix: str) -> str:
    """The visible text of an excerpt's Markdown, one line, at most 100 words."""
    from sharekit.text._clean import clean_text
    from sharekit.text._htmltext import visible_text

    text = clean_text(visible_text(render_body(markdown, suffix)).replace("\n", " "))
    words = text.split()
    return " ".join(words[:_EXCERPT_WORDS])


def apply_generated(
    record: dict[str, Any] | Skipped, overrides: Mapping[str, Any], path: Path
) -> dict[str, Any] | Skipped:
    """``record`` with the generator's fields over the ones front matter mapping gave."""
    if isinstance(record, Skipped):
        if isinstance(record.record, Mapping):
            inner = _apply(dict(record.record), overrides, path)
            return dataclasses.replace(record, record=inner)
        return record
    return _apply(record, overrides, path)


def _apply(record: dict[str, Any], overrides: Mapping[str, Any], path: Path) -> dict[str, Any]:
    for key in ("url", "published", "lang"):
        if key in overrides:
            record[key] = overrides[key]
    slug = overrides.get("slug")
    if isinstance(slug, str) and is_safe_slug(slug) and "slug" not in record:
        record["slug"] = slug
    excerpt = overrides.get("excerpt_markdown")
    if isinstance(excerpt, str) and "description" not in record:
        text = excerpt_text(excerpt, path.suffix.lower())
        if text:
            record["description"] = text
    if "image" in overrides and "image" not in record:
        record["image"] = overrides["image"]
    roots = overrides.get("image_roots")
    if roots and isinstance(record.get("image"), dict):
        record["image"] = _local(record["image"], roots, path, overrides.get("site_url") or "")
    return record


def _local(
    image: dict[str, Any], roots: tuple[Path, ...], path: Path, site_url: str
) -> dict[str, Any]:
    """A site URL (``/img/og.png``) of a file the site serves from ``roots``: that file.

    The generator copies it to that URL; reading the file gives its size and
    keeps the card from downloading what is on disk. Another one is a URL on
    the site, its base path (Jekyll's ``baseurl``) kept.
    """
    url = image.get("url")
    if not isinstance(url, str) or not url.startswith("/") or url.startswith("//"):
        return image
    relative = url.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    for root in roots:
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root.resolve()) and candidate.is_file():
            local = {k: x for k, x in image.items() if k != "url"}
            local["path"] = os.path.relpath(candidate, path.parent.resolve())
            return local
    if site_url:
        return {**image, "url": site_url.rstrip("/") + url}
    return image
