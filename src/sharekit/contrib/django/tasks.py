"""The Celery task that publishes records on a worker (imported only with Celery)."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="sharekit.publish")
def publish_task(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Publish records into ``[publish] out``; returns a JSON-able summary."""
    from sharekit.contrib.django._site import publish_records

    report = publish_records(records)
    return {
        "articles": [{"id": a.id, "slug": a.slug, "status": a.status} for a in report.articles],
        "errors": [str(error) for error in report.errors],
    }
