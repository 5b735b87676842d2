"""Publish share artefacts when a Django model is saved.

Connect it in your app's ``AppConfig.ready()``::

    from django.db.models.signals import post_save
    from examples.integrations.django_signal import make_handler
    post_save.connect(make_handler(out=settings.SHAREKIT_OUT), sender=Post, weak=False)

The handler maps the instance's fields to a sharekit record. Publishing is
idempotent, so saving an unchanged post rewrites nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sharekit


def post_to_record(post: Any) -> dict[str, Any]:
    """Map a blog/news model instance to a sharekit record (adapt the field names)."""
    record: dict[str, Any] = {
        "id": str(post.pk),  # the CMS id survives slug and URL changes
        "title": post.title,
        "url": post.get_absolute_url(),
        "content_html": post.body_html,
        "author": post.author_name,
        "section": post.section,
        "tags": list(post.tags),
    }
    if post.published_at is not None:
        record["published"] = post.published_at.isoformat()
    return record


def make_handler(out: str | Path, site: sharekit.Site | None = None) -> Callable[..., None]:
    """A ``post_save`` receiver that publishes published posts into ``out``."""
    site = site or sharekit.load_site()

    def on_post_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        if getattr(instance, "published_at", None) is None:
            return  # drafts are not shared
        report = sharekit.publish([post_to_record(instance)], site, out, workers=1)
        if report.errors:  # the CMS shows this to the editor instead of failing the save
            instance.sharekit_errors = [str(error) for error in report.errors]

    return on_post_saved
