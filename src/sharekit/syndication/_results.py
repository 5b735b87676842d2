"""What syndication reports: one IndexNow submission, one post (or re-scrape) per target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["IndexNowResult", "PostResult"]


@dataclass(frozen=True, slots=True)
class IndexNowResult:
    """One IndexNow submission: how many URLs, and what the endpoint said."""

    urls: int
    ok: bool
    status: int | None = None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "indexnow",
            "urls": self.urls,
            "ok": self.ok,
            "status": self.status,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class PostResult:
    """One article's post to one target. ``status``: ``posted``, ``failed`` (tried
    again next run), ``skipped`` (posted before, or claimed by another run),
    ``queued`` (waiting until ``not_before``: a delay, ``syndicate_at``, a rate
    limit), ``unknown`` (the service may have posted it: an operator resolves it),
    ``posting`` (``sharekit syndicate --status``: a run has it), ``would post``
    (dry run)."""

    article_id: str
    target: str
    status: str
    post_id: str = ""
    post_url: str = ""
    error: str = ""
    text: str = ""
    link: str = ""
    card: str = ""
    note: str = ""  # why it was skipped
    not_before: str = ""  # queued: not posted before this time (UTC)
    updated: str = ""  # --status: when the store last changed the post

    def to_json(self) -> dict[str, Any]:
        data = {"kind": "post", "id": self.article_id, "target": self.target, "status": self.status}
        keys = ("post_id", "post_url", "error", "note", "not_before", "updated")
        for key in (*keys, "text", "link", "card"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data
