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
from sharekit.images._files import confine_path
from sharekit.model import Article

__all__ = ["hook_articles", "hook_site"]


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
            _check_local_files(article, root if root_text else None, site, source)
        except InputError as error:
            errors.append(str(error))
            continue
        articles.append(article)
    return articles, errors


def _check_local_files(article: Article, root: Path | None, site: Site, source: str) -> None:
    """``image.path`` under the one rule, now rather than when publish copies it (the
    record is listed under the 202's ``errors`` and the others are published, rather
    than a failed article in the run). ``site.logo`` and ``site.default_image``
    went through the same rule in ``build_article``; with no root, so did the image."""
    image = article.image
    if root is not None and image is not None and image.path is not None:
        confine_path(image.path, root, site, source, "image.path", str(image.path))
