"""What an operator asks of the ledger (SPEC 8.7): ``sharekit syndicate --status``
lists every post the store keeps and its state; ``--resolve ID posted|retry``
settles a post whose outcome is unknown (or that failed): ``posted`` records it
as made (nothing is sent), ``retry`` queues it again for the next run.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.store._interface import Post, Store
from sharekit.syndication._results import PostResult
from sharekit.syndication._run import store_for
from sharekit.syndication._service import utc

__all__ = ["DECISIONS", "resolve_post", "syndication_status"]

DECISIONS = ("posted", "retry")

_RESOLVABLE = ("unknown", "failed")


def _result(post: Post) -> PostResult:
    note = f"taken by {post.claim}" if post.status == "posting" and post.claim else ""
    return PostResult(
        post.article_id,
        post.target,
        post.status,
        post.post_id,
        post.post_url,
        error=post.error,
        note=note,
        not_before=post.not_before if post.status == "queued" else "",
        updated=post.updated,
    )


def _has_store(site: Site, out: str | Path, store: str | Store | None) -> bool:
    """Whether there is a store to read: one named, or the SQLite file of ``out``."""
    from sharekit.out._output import open_output, options_of
    from sharekit.store._sqlite import STORE_DIR, STORE_NAME

    if site.publish.store if store is None else store:
        return True
    output = open_output(out, options_of(site.publish.storage_options))
    return output.present(f"{STORE_DIR}/{STORE_NAME}")


def syndication_status(
    site: Site, out: str | Path = ".", *, store: str | Store | None = None
) -> list[PostResult]:
    """Every post the store keeps (queued, posting, posted, unknown, failed), by
    article id and target. ``store`` and ``out`` as for :func:`sharekit.syndicate`;
    an output without a store has none (and none is made)."""
    if not _has_store(site, out, store):
        return []
    with store_for(site, out, store) as opened:
        return [_result(post) for post in opened.posts()]


def resolve_post(
    article_id: str,
    decision: str,
    site: Site,
    out: str | Path = ".",
    *,
    store: str | Store | None = None,
    target: str | None = None,
) -> list[PostResult]:
    """Settle the unknown (or failed) posts of ``article_id`` (of ``target`` only, when
    given): ``posted`` (the operator saw it on the account; nothing is sent) or
    ``retry`` (queued for the next run). An id with no such post is an InputError."""
    if decision not in DECISIONS:
        raise InputError("option", "resolve", f"expected posted or retry, got {decision!r}")
    nothing = InputError(
        "option",
        "resolve",
        f"no unknown or failed post of {article_id!r}"
        + (f" to {target}" if target else "")
        + " (see sharekit syndicate --status)",
    )
    if not _has_store(site, out, store):
        raise nothing
    with store_for(site, out, store) as opened:
        rows = [
            post
            for post in opened.posts(article_id)
            if post.status in _RESOLVABLE and (target is None or post.target == target)
        ]
        if not rows:
            raise nothing
        results = []
        now = utc(datetime.now(UTC))
        for post in rows:
            status = "posted" if decision == "posted" else "queued"
            note = f"resolved by an operator as {decision}"
            settled = dataclasses.replace(
                post, status=status, error=note, updated=now, not_before="", claim=""
            )
            opened.finish_post(settled)
            results.append(_result(settled))
        return results
