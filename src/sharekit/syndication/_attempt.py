"""One attempt at a post the run has taken, and how it is recorded (SPEC 8.7).

- posted: the post's id and URL;
- a 429: waited out in the run when the wait is short (``IN_RUN``) and fits
  the run's time, else the row goes back to ``queued`` with a ``not_before``
  (``Retry-After``, else the service's own reset header, else a minute);
- unknown: the request that makes the post was sent and no answer came (a
  timeout, a dropped connection). A service whose retry cannot post twice
  (``Service.idempotent``) records it as failed (retried next run); the
  others record ``unknown``, never retried until an operator resolves it;
- failed: anything else (401, 4xx, 5xx, no connection), retried next run.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sharekit.errors import SharekitError
from sharekit.store._interface import Post, Store
from sharekit.syndication._call import Call, Failure
from sharekit.syndication._results import PostResult
from sharekit.syndication._service import Service, utc

if TYPE_CHECKING:
    from sharekit.out._output import Output

__all__ = ["IN_RUN", "RESOLVE", "attempt", "finished", "paced"]

log = logging.getLogger("sharekit")

IN_RUN = 5.0  # seconds: a shorter Retry-After is waited out in the run (once)
_ATTEMPTS = 2
_DEFAULT_WAIT = 60.0  # a 429 that says nothing of when
RESOLVE = "check the account, then: sharekit syndicate --resolve ID posted|retry"


def attempt(store: Store, out: Output, call: Call, service: Service, row: Post) -> PostResult:
    """Post one taken row and record how it went."""
    kept = json.loads(row.payload)
    attempts = row.attempts
    failure = Failure("not tried")
    for _ in range(_ATTEMPTS):
        try:
            service.verify(call.site.syndicate, call.secrets)
            attempts += 1
            post_id, post_url = service.post(call, _tried(row, attempts), kept, out)
        except Failure as error:
            failure = error
        except SharekitError as error:  # a card that cannot be read, say: reported, not raised
            failure = Failure(call.secrets.redact(str(error)))
        else:
            store.finish_post(finished(row, "posted", attempts, post_id, post_url))
            log.info("%s: posted %s: %s", row.target, row.article_id, post_url or post_id)
            return PostResult(row.article_id, row.target, "posted", post_id, post_url)
        if failure.unknown and not service.idempotent:
            return _unknown(store, row, attempts, call.secrets.redact(failure.message))
        wait = failure.retry_after
        if failure.status == 429 and wait is None:
            wait = _DEFAULT_WAIT
        if wait is None:
            break
        if wait <= min(IN_RUN, call.left() - 1):
            time.sleep(wait)
            continue
        return _later(store, row, attempts, wait, call.secrets.redact(failure.message))
    message = call.secrets.redact(failure.message)
    store.finish_post(finished(row, "failed", attempts, error=message))
    log.warning("%s: %s not posted (tried again next run): %s", row.target, row.article_id, message)
    return PostResult(row.article_id, row.target, "failed", error=message)


def _tried(row: Post, attempts: int) -> Post:
    """The row as the service sees it: attempts counts this one, so attempts > 1
    means an earlier attempt may have reached it."""
    return Post(
        row.article_id, row.target, row.status, row.published, row.payload, attempts=attempts - 1
    )


def _unknown(store: Store, row: Post, attempts: int, message: str) -> PostResult:
    store.finish_post(finished(row, "unknown", attempts, error=message))
    log.warning("%s: %s may have been posted: %s; %s", row.target, row.article_id, message, RESOLVE)
    return PostResult(row.article_id, row.target, "unknown", error=message, note=RESOLVE)


def _later(store: Store, row: Post, attempts: int, wait: float, message: str) -> PostResult:
    """A rate limit: back to the queue until the service said."""
    until = utc(datetime.now(UTC) + timedelta(seconds=wait))
    post = finished(row, "queued", attempts, error=message, not_before=until)
    store.finish_post(post)
    log.info("%s: %s rate-limited, queued until %s", row.target, row.article_id, until)
    return PostResult(
        row.article_id,
        row.target,
        "queued",
        error=message,
        note=f"not before {until}",
        not_before=until,
    )


def paced(store: Store, service: Service, now: datetime) -> str:
    """When ``service`` may take another post under its pace ("": now): its posts of
    the last window, the oldest of those leaving the window frees a place."""
    count, seconds = service.pace
    window = timedelta(seconds=seconds)
    made = store.posted_since(service.id, utc(now - window))
    if len(made) < count:
        return ""
    oldest = datetime.fromisoformat(made[len(made) - count].replace("Z", "+00:00"))
    return utc(oldest + window)


def finished(
    row: Post,
    status: str,
    attempts: int,
    post_id: str = "",
    post_url: str = "",
    error: str = "",
    not_before: str = "",
) -> Post:
    """The row as it is recorded after an attempt (the claim let go)."""
    return Post(
        row.article_id,
        row.target,
        status,
        row.published,
        row.payload,
        post_id,
        post_url,
        attempts,
        error,
        utc(datetime.now(UTC)),
        not_before,
    )
