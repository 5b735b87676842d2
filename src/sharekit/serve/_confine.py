"""Hook records built with their local files confined to ``[serve] assets_root`` (SPEC 8.2).

A record given to the publish hook names files on the server's disk (its
``image.path``, its own ``site.logo`` or ``site.default_image``); publish
would copy them into the public tree and draw them on the card. Relative to
the current folder (``/`` under systemd or Docker) that is every file of the
machine, so the hook has its own root, ``[serve] assets_root``, and without
it a record may name no local file at all. ``[publish] assets_root`` (the
command line's root) does not apply to the hook.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.model import Article

__all__ = ["LOCAL_SITE_KEYS", "hook_articles", "hook_site"]

# the record's own ``site`` keys whose values may be local files
LOCAL_SITE_KEYS = ("logo", "default_image")
_UNSET = "hook records may not name local files: set [serve] assets_root to allow a folder"


def hook_site(site: Site) -> Site:
    """The configuration the hook publishes with: ``[serve] assets_root`` as the only root."""
    publish = dataclasses.replace(site.publish, assets_root=site.serve.assets_root)
    return dataclasses.replace(site, publish=publish)


def hook_articles(records: list[dict[str, Any]], site: Site) -> tuple[list[Article], list[str]]:
    """The records as articles, local files confined; the refused ones as error lines.

    ``site`` is :func:`hook_site`'s (publish is given the same one: no rebinding)."""
    from sharekit.records._build import build_article

    root_text = site.serve.assets_root
    # Relative paths resolve against the root; with none set, against a folder that
    # does not exist, and any local file is refused below whatever it resolved to.
    root = Path(root_text).resolve() if root_text else Path("/nonexistent-sharekit-hook-root")
    articles, errors = [], []
    for i, record in enumerate(records):
        source = "<record>" if i == 0 else f"<record {i}>"
        try:
            article = build_article(
                record, site, source, root, image_root=root, local_files=bool(root_text)
            )
            _check_local_files(article, record, root if root_text else None, source)
        except InputError as error:
            errors.append(str(error))
            continue
        articles.append(article)
    return articles, errors


def _check_local_files(
    article: Article, record: dict[str, Any], root: Path | None, source: str
) -> None:
    named: list[tuple[str, Path]] = []
    if article.image is not None and article.image.path is not None:
        named.append(("image.path", article.image.path))
    own_site = record.get("site")
    if isinstance(own_site, dict):
        for key in LOCAL_SITE_KEYS:
            value = article.site_overrides.get(key)
            if isinstance(value, str) and value and not _remote(value):
                named.append((f"site.{key}", Path(value.removeprefix("file://"))))
    for field, path in named:
        if root is None:
            raise InputError(source, field, _UNSET)
        if not path.resolve().is_relative_to(root):
            raise InputError(source, field, f"{path} is outside [serve] assets_root ({root})")


def _remote(value: str) -> bool:
    return value.startswith(("http://", "https://", "//"))
