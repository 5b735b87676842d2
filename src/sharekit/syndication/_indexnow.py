"""IndexNow (indexnow.org): the URLs a run wrote, submitted in one batch.

With ``[syndicate] indexnow_key`` the key file ``DIR/KEY.txt`` is written,
the URLs of the articles written by the run are queued in the store, and
the oldest 10,000 queued URLs of the site's host go in one JSON POST
(``host``, ``key``, ``keyLocation``, ``urlList``). A 200 or 202 answer
empties them from the queue; anything else leaves them for the next run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sharekit.config import Site
from sharekit.errors import NetworkError
from sharekit.net._http import request
from sharekit.out._output import sha256
from sharekit.syndication._results import IndexNowResult
from sharekit.text._clean import clean_text

if TYPE_CHECKING:
    from sharekit.out._output import Output
    from sharekit.store._interface import Store

__all__ = ["INDEXNOW_MAX", "submit_indexnow"]

log = logging.getLogger("sharekit")

INDEXNOW_MAX = 10_000  # URLs per request (indexnow.org)


def submit_indexnow(
    store: Store, out: Output, site: Site, changed_urls: Iterable[str]
) -> IndexNowResult | None:
    """Write the key file, queue ``changed_urls`` and submit the queue in one batch.

    None when IndexNow is off, there is no base URL, or nothing is queued.
    Never raises for network trouble.
    """
    config = site.syndicate
    key = config.indexnow_key
    if not key:
        return None
    base = site.base_url
    host = urlsplit(base).hostname if base else None
    if not base or not host:
        log.warning("IndexNow: no [publish] base_url or [site] url: nothing submitted")
        return None
    _write_key(store, out, key)
    mine: list[str] = []
    others: list[str] = []
    for url in dict.fromkeys(changed_urls):
        (mine if urlsplit(url).hostname == host else others).append(url)
    if others:  # IndexNow refuses a batch with a URL of another host (422)
        log.warning("IndexNow: %d URLs not on %s left out, e.g. %s", len(others), host, others[0])
    store.queue_indexnow(mine)
    urls = store.indexnow_queue(INDEXNOW_MAX)
    if not urls:
        return None
    body = {"host": host, "key": key, "keyLocation": f"{base}/{key}.txt", "urlList": urls}
    result = _submit(store, site, body, urls)
    if result.ok:
        log.debug("IndexNow: %d URLs accepted (%s)", result.urls, result.status)
    else:
        log.warning(
            "IndexNow: %d URLs not accepted, kept for the next run: %s", result.urls, result.error
        )
    return result


def _write_key(store: Store, out: Output, key: str) -> None:
    """The key file ``KEY.txt`` at the root of ``out`` (a bucket: unchanged is known
    from the store, so an unchanged key costs no request)."""
    name, data = f"{key}.txt", key.encode("ascii")
    known = store.object_digests([name]).get(name) if out.remote else None
    if out.write(name, data, "text/plain; charset=utf-8", known) and out.remote:
        store.record_objects([(name, sha256(data))])


def _submit(
    store: Store, site: Site, body: Mapping[str, object], urls: list[str]
) -> IndexNowResult:
    """One POST of the batch; accepted URLs leave the store's queue."""
    try:
        answer = request(
            "POST",
            site.syndicate.indexnow_endpoint,
            site,
            headers={"Content-Type": "application/json; charset=utf-8"},
            data=json.dumps(body).encode("utf-8"),
            max_bytes=65536,
            deadline=float(site.network.timeout),
        )
    except NetworkError as error:
        return IndexNowResult(len(urls), False, None, error.reason)
    if answer.status in (200, 202):
        store.indexnow_sent(urls)
        return IndexNowResult(len(urls), True, answer.status)
    text = clean_text(answer.data[:200].decode("utf-8", "replace"))
    reason = f"HTTP {answer.status} {answer.reason}".rstrip() + (f": {text}" if text else "")
    return IndexNowResult(len(urls), False, answer.status, reason)
