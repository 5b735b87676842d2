"""WebSub publish pings: tell each hub that a feed changed.

For every (hub, feed URL) pair, :func:`ping_hubs` POSTs the form
``hub.mode=publish&hub.url=FEED_URL`` (W3C WebSub, section 7, as Google's
and Superfeedr's hubs expect it; one feed per request because not every hub
accepts several ``hub.url`` values). A 2xx answer is success. Network
failures, 5xx, 408 and 429 are retried with exponential backoff; other
4xx answers are not (the hub refused the request, retrying will not help).

The choice for publish: pings run **synchronously, in parallel threads, under
one short total deadline** (``deadline``, default the ``[network] timeout``).
Publish gets the results to report, the command exits as soon as they are
in, and a dead hub costs at most that deadline, never an exception: every
failure is returned as a :class:`PingResult` and logged as a warning.
A CMS hook that must return at once can use :func:`ping_hubs_in_background`,
which returns a future; Python waits for its thread at exit, so a short
command still delivers its pings (bounded by the same deadline).

Hub URLs come from the configuration (``[feed] hubs``) and go through the
same safe requests as every download (:mod:`sharekit.net._download`): a hub on a
private network needs ``[network] allow_private``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sharekit.config import Site
from sharekit.errors import NetworkError
from sharekit.net._http import AllowPrivate, request
from sharekit.text._clean import clean_text

__all__ = ["PingResult", "ping_hubs", "ping_hubs_in_background"]

log = logging.getLogger("sharekit")

_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_MAX_THREADS = 8


@dataclass(frozen=True, slots=True)
class PingResult:
    """What one hub said about one feed. ``error`` is None when ``ok``."""

    hub: str
    feed_url: str
    ok: bool
    status: int | None
    attempts: int
    error: str | None = None
    seconds: float = 0.0


def ping_hubs(
    hubs: Iterable[str],
    feed_urls: Iterable[str],
    site: Site | None = None,
    *,
    retries: int = 3,
    backoff: float = 0.5,
    deadline: float | None = None,
    allow_private: AllowPrivate = None,
) -> list[PingResult]:
    """Ping every hub for every feed URL; never raises for network trouble.

    ``retries`` more attempts follow a failed one, waiting ``backoff``,
    then twice that, and so on, all within ``deadline`` seconds in total
    (default ``[network] timeout``). Results come in (hub, feed) order.
    """
    site = site or Site()
    pairs = [(hub, feed) for hub in dict.fromkeys(hubs) for feed in dict.fromkeys(feed_urls)]
    if not pairs:
        return []
    total = float(site.network.timeout) if deadline is None else deadline
    ends = time.monotonic() + total
    threads = min(len(pairs), _MAX_THREADS)
    with ThreadPoolExecutor(threads, thread_name_prefix="sharekit-websub") as pool:
        futures = [
            pool.submit(_ping, hub, feed, site, retries, backoff, ends, allow_private)
            for hub, feed in pairs
        ]
        results = [future.result() for future in futures]
    for result in results:
        if result.ok:
            log.debug("WebSub: %s accepted %s (%s)", result.hub, result.feed_url, result.status)
        else:
            log.warning(
                "WebSub ping to %s for %s failed after %d attempt%s: %s",
                result.hub,
                result.feed_url,
                result.attempts,
                "" if result.attempts == 1 else "s",
                result.error,
            )
    return results


def ping_hubs_in_background(
    hubs: Sequence[str],
    feed_urls: Sequence[str],
    site: Site | None = None,
    **options: object,
) -> Future[list[PingResult]]:
    """:func:`ping_hubs` in a thread: returns at once with a future of the results."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="sharekit-websub")
    future = pool.submit(ping_hubs, list(hubs), list(feed_urls), site, **options)  # type: ignore[arg-type]
    pool.shutdown(wait=False)
    return future


def _ping(
    hub: str,
    feed: str,
    site: Site,
    retries: int,
    backoff: float,
    ends: float,
    allow_private: AllowPrivate,
) -> PingResult:
    started = time.monotonic()
    attempts = 0
    status: int | None = None
    error = "no attempt made: deadline already passed"
    while True:
        left = ends - time.monotonic()
        if left <= 0.05:
            break
        attempts += 1
        retry = True
        try:
            answer = request(
                "POST",
                hub,
                site,
                data=[("hub.mode", "publish"), ("hub.url", feed)],
                max_bytes=65536,
                deadline=left,
                allow_private=allow_private,
            )
            status = answer.status
            if 200 <= status < 300:
                return PingResult(hub, feed, True, status, attempts, None, _since(started))
            text = clean_text(answer.data[:200].decode("utf-8", "replace"))
            error = f"HTTP {status} {answer.reason}".rstrip() + (f": {text}" if text else "")
            retry = status in _RETRY_STATUS
        except NetworkError as failure:
            error = failure.reason
            retry = not failure.reason.startswith("refused")
        if not retry or attempts > retries:
            break
        pause = backoff * 2 ** (attempts - 1)
        if time.monotonic() + pause >= ends:
            error += " (no time left to retry)"
            break
        time.sleep(pause)
    return PingResult(hub, feed, False, status, attempts, error, _since(started))


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)
