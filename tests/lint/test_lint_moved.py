"""Lint: a slug change without redirects written (SPEC 8.4)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sharekit import lint_article, load_article, load_site, publish


def _site(out: Path) -> Any:
    return load_site(
        {
            "site": {"name": "N", "url": "https://news.example", "permalink": "/{slug}/"},
            "publish": {"out": str(out)},
        }
    )


def _record(title: str) -> dict[str, Any]:
    return {"id": "s1", "title": title, "published": "2025-01-02T09:00:00Z", "author": "A"}


def _codes(title: str, site: Any) -> set[str]:
    return {finding.code for finding in lint_article(load_article(_record(title), site), site)}


def test_a_slug_moved_in_a_store_without_urls_is_warned(tmp_path: Path) -> None:
    out = tmp_path / "public"
    site = _site(out)
    publish([_record("First title")], site, out)
    assert "slug-moved-without-redirect" not in _codes("Second title", site)  # it can redirect
    db = sqlite3.connect(out / ".sharekit" / "store.sqlite")
    db.execute("DELETE FROM article_urls")  # as a store made before redirects
    db.commit()
    db.close()
    assert "slug-moved-without-redirect" in _codes("Second title", site)
    assert "slug-moved-without-redirect" not in _codes("First title", site)


def test_a_redirect_missing_from_the_output_is_warned(tmp_path: Path) -> None:
    out = tmp_path / "public"
    site = _site(out)
    for title in ("First title", "Second title"):
        publish([_record(title)], site, out)
    assert "redirect-not-written" not in _codes("Second title", site)
    (out / "redirects.json").unlink()
    assert "redirect-not-written" in _codes("Second title", site)


def test_lint_never_creates_a_store(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert "slug-moved-without-redirect" not in _codes("First title", _site(out))
    assert not out.exists()
