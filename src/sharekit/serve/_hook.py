"""``POST /hooks/publish``, the publish hook v2 (SPEC 8.2).

The protocol: docs/security.md#the-publish-hook-v2.

A delivery is signed with HMAC-SHA256 over ``TIMESTAMP.DELIVERY.BODY``
(``X-Sharekit-Timestamp``: unix seconds, ``X-Sharekit-Delivery``: an id the
sender never reuses for another delivery). What is checked, in order, and
what each refusal costs the sender:

1. the headers: a v1 signature (over the body alone) is refused (401) with
   a message to upgrade, as is a timestamp more than 5 minutes away;
2. the body, read as it arrives and bounded while it is read (413 past the
   limit, 408 when the sender stalls), the HMAC updated chunk by chunk: no
   byte is parsed before the signature matches (403 otherwise);
3. the delivery id, remembered in the store every publisher shares: seen
   before is 409 (a replay); the store unreachable is 503 with Retry-After;
   a delivery whose run fails as a whole (503, 400) is forgotten, so the
   sender's retry with the same id is not taken for a replay;
4. the records: built here with local files confined to ``[serve]
   assets_root`` (refused when it is unset, never the current folder); a
   record whose ``updated`` is older than the published version is kept
   out ("stale, kept") and the rest are published.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from sharekit.errors import SharekitError
from sharekit.serve._confine import hook_articles, hook_site
from sharekit.serve._state import ServeState

if TYPE_CHECKING:
    from starlette.requests import Request

    from sharekit.model import Article
    from sharekit.store._interface import Store

__all__ = ["WINDOW", "publish_hook", "signature"]

log = logging.getLogger("sharekit")

WINDOW = 300  # seconds a delivery's timestamp may be away from the server's clock
BODY_DEADLINE = 60.0  # seconds for a whole body, however it trickles in
RETRY_AFTER = "30"  # a store outage: the sender tries again in a while
_DELIVERY = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_UPGRADE = (
    "hook v1 signatures (over the body alone) are refused: sign TIMESTAMP.DELIVERY.BODY"
    " and send X-Sharekit-Timestamp and X-Sharekit-Delivery"
    " (see docs/security.md#the-publish-hook-v2)"
)


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer saying why a request is not served."""
    return JSONResponse({"status": status, "detail": detail}, status, headers=headers)


def signature(key: str, timestamp: str, delivery: str, body: bytes) -> str:
    """The ``X-Sharekit-Signature`` value a sender computes (for senders and tests)."""
    message = f"{timestamp}.{delivery}.".encode("ascii") + body
    return "sha256=" + hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Delivery:
    timestamp: str
    delivery: str
    expected: bytes  # the signature the sender gave


def _headers(request: Request) -> Delivery | Response:
    """The delivery's signed headers, or why they are refused (before the body is read)."""
    header = request.headers.get("x-sharekit-signature")
    if header is None:
        return problem(
            401,
            "missing X-Sharekit-Signature: sha256=<hex HMAC>"
            " (see docs/security.md#the-publish-hook-v2)",
        )
    timestamp = request.headers.get("x-sharekit-timestamp")
    delivery = request.headers.get("x-sharekit-delivery")
    if timestamp is None or delivery is None:
        return problem(401, _UPGRADE)
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return problem(401, "X-Sharekit-Timestamp must be unix seconds")
    if abs(time.time() - int(timestamp)) > WINDOW:
        return problem(401, f"X-Sharekit-Timestamp is more than {WINDOW} seconds away: re-sign")
    if not _DELIVERY.fullmatch(delivery):
        return problem(400, "X-Sharekit-Delivery must be 1 to 128 of A-Z a-z 0-9 . _ : -")
    scheme, _, given = header.partition("=")
    try:
        expected = bytes.fromhex(given.strip())
    except ValueError:
        expected = b""
    if scheme.strip().lower() != "sha256" or len(expected) != hashlib.sha256().digest_size:
        return problem(403, "X-Sharekit-Signature is not sha256=<64 hex digits>")
    return Delivery(timestamp, delivery, expected)


async def _signed_body(request: Request, delivery: Delivery, state: ServeState) -> bytes | Response:
    """The body, read under its bound and per-chunk timeout, if its signature matches."""
    limit = state.max_body
    close = {"connection": "close"}  # the rest of the body is not read: end the connection
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return problem(413, f"body larger than {limit} bytes", close)
    prefix = f"{delivery.timestamp}.{delivery.delivery}.".encode("ascii")
    macs = [hmac.new(key.encode("utf-8"), prefix, hashlib.sha256) for key in state.keys]
    chunks, size = [], 0
    deadline = time.monotonic() + BODY_DEADLINE
    while True:
        wait = min(state.body_timeout, deadline - time.monotonic())
        try:
            message = await asyncio.wait_for(request.receive(), max(wait, 0.001))
        except TimeoutError:
            return problem(408, "the body came too slowly", close)
        if message["type"] != "http.request":  # nobody is left to answer
            return problem(400, "the client went away before the body was read", close)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return problem(413, f"body larger than {limit} bytes", close)
        for mac in macs:
            mac.update(chunk)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    valid = False
    for mac in macs:  # each compare in constant time, every key tried
        valid |= hmac.compare_digest(mac.digest(), delivery.expected)
    if not valid:
        return problem(403, "X-Sharekit-Signature does not match TIMESTAMP.DELIVERY.BODY")
    return b"".join(chunks)


async def publish_hook(state: ServeState, request: Request) -> Response:
    """``POST /hooks/publish``: signed records, published into ``[publish] out``."""
    delivery = _headers(request)
    if isinstance(delivery, Response):
        return delivery
    body = await _signed_body(request, delivery, state)
    if isinstance(body, Response):
        return body
    if not state.site.publish.out:
        return problem(503, "the publish hook needs [publish] out in the configuration")
    try:
        records = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return problem(400, "the body is not JSON")
    if isinstance(records, dict):
        records = [records]
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return problem(400, "expected a record (a JSON object) or a list of records")
    async with state.publishing:  # one publish at a time: they share the store and the feeds
        try:
            return await run_in_threadpool(_deliver, state, delivery.delivery, records)
        except SharekitError as error:
            if error.exit_code == 3:  # the store or the output cannot be reached: retry
                return problem(503, str(error), {"retry-after": RETRY_AFTER})
            return problem(400, str(error))


def _deliver(state: ServeState, delivery: str, records: list[dict[str, Any]]) -> Response:
    """Remember the delivery, build the records, drop stale ones, publish the rest."""
    from sharekit.store._open import open_store

    site = state.site
    with open_store(
        site.publish.store or None, site.publish.out, option="[publish] store"
    ) as store:
        now = datetime.now(UTC)
        forget = (now - timedelta(seconds=4 * WINDOW)).isoformat()
        if not store.remember_delivery(delivery, now.isoformat(), forget):
            return problem(409, f"delivery {delivery} was taken already (a replay?)")
        try:
            bound = hook_site(site)
            articles, refused = hook_articles(records, bound)
            fresh, stale = _fresh(store, articles)
            report = _publish(fresh, bound, store) if fresh else None
        except SharekitError:
            # the run failed as a whole (503 or 400): the sender retries with the same
            # delivery id once the store or the configuration is back, and that retry
            # must not be taken for a replay; a replay of it publishes what was signed
            try:
                store.forget_delivery(delivery)
            except SharekitError:
                log.warning("publish hook: could not forget delivery %s", delivery)
            raise
    return JSONResponse(_report_json(report, site, stale, refused), 202)


def _fresh(store: Store, articles: list[Article]) -> tuple[list[Article], list[dict[str, str]]]:
    """Articles not older than their published version; the others, as the report says."""
    from sharekit.feed._stored import item_of

    stored = store.entry_data([a.id for a in articles])
    fresh, stale = [], []
    for article in articles:
        data = stored.get(article.id)
        updated = article.updated or article.published
        if data is None or updated is None:  # new, or undated: nothing to compare
            fresh.append(article)
            continue
        if updated.tzinfo is None:
            updated = updated.replace(tzinfo=article.site.tzinfo)
        published = item_of(store, data).updated
        if updated < published:
            stale.append(
                {
                    "id": article.id,
                    "status": "stale, kept",
                    "updated": updated.isoformat(),
                    "published": published.isoformat(),
                }
            )
        else:
            fresh.append(article)
    return fresh, stale


def _publish(articles: list[Article], site: Any, store: Store) -> Any:
    from sharekit.publishing._run import publish

    started = time.perf_counter()
    # out may be a bucket's URL (a str: Path would fold s3:// into s3:/); the store is
    # the one the delivery was remembered in; one worker: the server's threads
    report = publish(articles, site, site.publish.out, store=store, workers=1)
    log.info("publish hook: %s in %.2fs", report.summary(), time.perf_counter() - started)
    return report


def _report_json(
    report: Any, site: Any, stale: list[dict[str, str]], refused: list[str]
) -> dict[str, Any]:
    if report is None:
        return {
            "out": str(site.publish.out),
            "summary": f"0 written, {len(stale)} stale (kept), {len(refused)} errors",
            "articles": [],
            "stale": stale,
            "errors": refused,
            "feeds": [],
        }
    return {
        "out": str(report.out_dir),
        "summary": report.summary(),
        "articles": [
            {
                "source": a.source,
                "id": a.id,
                "slug": a.slug,
                "status": a.status,
                "files": list(a.files),
                "old_slug": a.old_slug,
            }
            for a in report.articles
        ],
        "stale": stale,
        "errors": refused + [str(error) for error in report.errors],
        "feeds": [str(path) for path in report.feeds],
    }
