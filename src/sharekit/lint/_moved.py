"""Lint: a slug change whose old URL will not redirect (SPEC 8.4).

Publish redirects an old URL when its store knows it (``article_urls``); a
store made before redirects knows only the slug an id published under. When
``[publish] out`` is a local folder with a store, lint reads it (never
creating one, never over a network) and warns when the record's slug moved
from one the store cannot redirect, or when a redirect the store holds is
missing from the output's ``redirects.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from sharekit.errors import SharekitError
from sharekit.images._judge import Finding
from sharekit.model import Article

__all__ = ["moved_findings"]


def _old_slug(files: list[str]) -> str | None:
    folders = {name.split("/")[1] for name in files if name.startswith("articles/")}
    return next(iter(folders)) if len(folders) == 1 else None


def _listed(out: Path) -> set[str]:
    try:
        return {row["from"] for row in json.loads((out / "redirects.json").read_bytes())}
    except (OSError, ValueError, TypeError, KeyError):
        return set()


def moved_findings(article: Article) -> list[Finding]:
    publish = article.site.publish
    if not publish.out or publish.store or "://" in publish.out:
        return []
    from sharekit.store._sqlite import STORE_DIR, STORE_NAME

    out = Path(publish.out)
    if not (out / STORE_DIR / STORE_NAME).is_file():
        return []
    from sharekit.store._open import open_store

    try:
        with open_store(None, out) as store:
            known = store.known_url(article.id)
            _, files = store.stored(article.id)
            pairs = store.redirects()
    except SharekitError:
        return []  # an unreadable store is publish's to report
    old_slug = _old_slug(files)
    if known is None and old_slug is not None and old_slug != article.slug:
        return [
            Finding(
                "warning",
                "slug-moved-without-redirect",
                f"published before as articles/{old_slug}/ and the store of {out} has no URL"
                " for it (made before redirects): publish cannot redirect the old URL to"
                f" {article.url}; add that redirect to your host by hand",
                "slug",
            )
        ]
    missing = [old for old, new in pairs if new == article.url and old not in _listed(out)]
    if missing:
        return [
            Finding(
                "warning",
                "redirect-not-written",
                f"{missing[0]} redirects to this article in the store, but"
                f" {out / 'redirects.json'} does not list it: publish again to write it",
                "url",
            )
        ]
    return []
