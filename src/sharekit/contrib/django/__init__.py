"""sharekit in a Django project: head tags, share blocks and publishing on commit.

Add ``"sharekit.contrib.django"`` to ``INSTALLED_APPS`` and configure it with
the config file's tables as keys::

    SHAREKIT = {
        "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
        "publish": {"out": BASE_DIR / "public"},
    }

Templates: ``{% load sharekit %}``, ``{% sharekit_head article %}`` and
``{% sharekit_share article %}``, where ``article`` is a model instance, a
record mapping or an :class:`~sharekit.model.Article`. Models that mix in
:class:`SharekitModelMixin` are published after each committed save
(``transaction.on_commit``), as a Celery task when a Celery app with a
broker is configured, else in the saving process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from sharekit.contrib.django._site import get_site, publish_records
from sharekit.contrib.records import Getter, field_value, record_from_object

if TYPE_CHECKING:
    from sharekit import Site
    from sharekit.model import Article

__all__ = [
    "SharekitModelMixin",
    "as_article",
    "get_site",
    "publish_on_commit",
    "publish_records",
    "record_from_instance",
]


class SharekitModelMixin:
    """Mix into a model to publish it on save and to render it in templates.

    ``sharekit_fields`` maps sharekit fields to attribute names or callables
    where the model's names are not the usual ones (see
    :data:`sharekit.contrib.records.USUAL_NAMES`). An instance is published
    when :meth:`sharekit_is_published` says so: by default, when it has a
    publication date in the past.
    """

    sharekit_fields: ClassVar[Mapping[str, Getter]] = {}

    def sharekit_record(self) -> dict[str, Any]:
        return record_from_instance(self, self.sharekit_fields)

    def sharekit_is_published(self) -> bool:
        from datetime import datetime

        from django.utils import timezone

        published = field_value(self, "published", self.sharekit_fields)
        if not isinstance(published, datetime):
            return published is not None  # a date or a string: the record decides
        return bool(timezone.is_naive(published) or published <= timezone.now())


def record_from_instance(
    instance: Any, fields: Mapping[str, Getter] | None = None, site: Site | None = None
) -> dict[str, Any]:
    """A record from a model instance; relative URLs are joined to the site URL."""
    site = site or get_site()
    return record_from_object(instance, fields, base_url=site.url)


def as_article(value: Any, site: Site | None = None) -> Article:
    """An Article from a model instance, a record mapping or an Article."""
    from sharekit import load_article
    from sharekit.model import Article

    site = site or get_site()
    if isinstance(value, Article):
        return value.with_site(site)
    if isinstance(value, Mapping):
        return load_article(value, site)
    if isinstance(value, SharekitModelMixin):
        return load_article(value.sharekit_record(), site)
    return load_article(record_from_instance(value, site=site), site)


def publish_on_commit(instance: Any, *, using: str | None = None) -> None:
    """Publish ``instance`` once the current transaction commits (now, outside one).

    The record is taken at commit time, so it has what was committed. With a
    Celery app whose broker is configured, the publish runs as the task
    ``sharekit.contrib.django.tasks.publish_task`` on a worker.
    """
    from django.db import transaction

    def send() -> None:
        record = (
            instance.sharekit_record()
            if isinstance(instance, SharekitModelMixin)
            else record_from_instance(instance)
        )
        if _celery_configured():
            from sharekit.contrib.django.tasks import publish_task

            publish_task.delay([record])
        else:
            publish_records([record])

    transaction.on_commit(send, using=using)


def _celery_configured() -> bool:
    try:
        from celery import current_app
    except ImportError:
        return False
    return bool(current_app.conf.broker_url)


def _published_on_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    """post_save receiver for every model using the mixin."""
    if kwargs.get("raw"):  # loaddata: fixtures are not news
        return
    if instance.sharekit_is_published():
        publish_on_commit(instance, using=kwargs.get("using"))
