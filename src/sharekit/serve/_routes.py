"""The routes of ``sharekit serve``: each an endpoint given the app's :class:`ServeState`.

``GET|HEAD /card/{token}.{png|jpeg|webp}`` (a miss of the LRU: verified,
rendered in the pool, cached), ``POST /hooks/publish`` (signed records,
published one run at a time), ``GET /healthz`` and ``GET /metrics``. Every
answer to a request the service cannot serve is a 4xx (or 503 when it is
busy), a small JSON problem.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import time
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sharekit._version import __version__
from sharekit.card._formats import FORMATS, format_of_extension
from sharekit.card._token import MAX_TOKEN, TokenError, decode_token
from sharekit.config import Site
from sharekit.errors import InputError, SharekitError
from sharekit.serve._cache import CACHE_CONTROL, etag_of, matches
from sharekit.serve._pool import Busy, RenderTimeout, check_template
from sharekit.serve._state import ServeState

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["routes"]

log = logging.getLogger("sharekit")

RETRY_AFTER = "2"


def routes(state: ServeState) -> list[Route]:
    """The app's routes, each endpoint bound to ``state``."""
    return [
        Route("/card/{name}", functools.partial(card, state), methods=["GET", "HEAD"]),
        Route("/hooks/publish", functools.partial(publish_hook, state), methods=["POST"]),
        Route("/healthz", functools.partial(healthz, state), methods=["GET", "HEAD"]),
        Route("/metrics", functools.partial(metrics_page, state), methods=["GET"]),
    ]


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer saying why a request is not served."""
    return JSONResponse({"status": status, "detail": detail}, status, headers=headers)


# --- cards ---------------------------------------------------------------------


async def card(state: ServeState, request: Request) -> Response:
    """``GET|HEAD /card/{token}.{ext}``: the card, from the LRU or rendered now."""
    name = request.path_params["name"]
    token, dot, ext = name.rpartition(".")
    if len(name) > len(".webp") + MAX_TOKEN:  # 414 before looking any further
        return problem(414, "card token too long")
    fmt = format_of_extension(ext) if dot else None
    if fmt is None:
        return problem(400, "expected /card/TOKEN.png, .jpeg or .webp")
    # Only verified tokens enter the cache, and the key is the token's exact
    # text: a hit needs no second HMAC (the hot path of a CDN's misses).
    key = (token, fmt)
    cached = state.cache.get(key)
    if cached is not None:
        state.metrics.cache_hits.inc()
        data, etag = cached
    else:
        rendered = await _render(state, key)
        if isinstance(rendered, Response):
            return rendered
        data, etag = rendered
    headers = {
        "etag": etag,
        "cache-control": CACHE_CONTROL,
        "content-type": FORMATS[fmt].media_type,
    }
    if matches(request.headers.get("if-none-match", ""), etag):
        del headers["content-type"]
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        headers["content-length"] = str(len(data))
        return Response(b"", headers=headers)
    return Response(data, headers=headers)


async def _render(state: ServeState, key: tuple[str, str]) -> tuple[bytes, str] | Response:
    """A miss: verify the token, render its card in the pool and cache it (or say why not)."""
    token, fmt = key
    try:
        fields = decode_token(token, state.keys)
        check_template(fields, state.site)
    except TokenError as error:
        return problem(error.status, error.reason)
    except InputError as error:
        return problem(400, str(error))
    state.metrics.cache_misses.inc()
    try:
        data, seconds = await state.pool.render(key, fields, fmt)
    except (Busy, RenderTimeout) as error:
        reason = "render queue full" if isinstance(error, Busy) else "render deadline"
        return problem(503, reason, {"retry-after": RETRY_AFTER})
    except SharekitError as error:  # the token's inputs cannot be drawn here
        return problem(400, str(error))
    if seconds is not None:
        state.metrics.render_seconds.observe(seconds)
    etag = etag_of(data)
    state.cache.put(key, data, etag)
    return data, etag


# --- the publish hook -------------------------------------------------------------


async def publish_hook(state: ServeState, request: Request) -> Response:
    """``POST /hooks/publish``: signed records, published into ``[publish] out``."""
    header = request.headers.get("x-sharekit-signature")
    if header is None:
        return problem(401, "missing X-Sharekit-Signature: sha256=<hex HMAC of the body>")
    body = await _read_body(request, state.max_body)
    if not isinstance(body, bytes):
        return body
    if not _signed(body, header, state.keys):
        return problem(403, "X-Sharekit-Signature does not match the body")
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
            report = await run_in_threadpool(_publish, records, state.site)
        except SharekitError as error:
            return problem(400, str(error))
    return JSONResponse(_report_json(report), 202)


async def _read_body(request: Request, max_body: int) -> bytes | Response:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        return problem(413, f"body larger than {max_body} bytes")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body:
                return problem(413, f"body larger than {max_body} bytes")
            chunks.append(chunk)
    except ClientDisconnect:  # nobody is left to answer; not a server error
        return problem(400, "the client went away before the body was read")
    return b"".join(chunks)


def _signed(body: bytes, header: str, keys: tuple[str, ...]) -> bool:
    scheme, _, given = header.partition("=")
    if scheme.strip().lower() != "sha256":
        return False
    try:
        expected = bytes.fromhex(given.strip())
    except ValueError:
        return False
    valid = False
    for key in keys:  # each compare in constant time, every key tried
        digest = hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()
        valid |= hmac.compare_digest(digest, expected)
    return valid


def _publish(records: list[dict[str, Any]], site: Site) -> Any:
    from sharekit.publishing._run import publish

    started = time.perf_counter()
    # out may be a bucket's URL (a str: Path would fold s3:// into s3:/); the store
    # [publish] names (PostgreSQL, shared with the other publishers), else OUT's SQLite;
    # one worker: the server's threads, no process pool per hook
    report = publish(records, site, site.publish.out, store=site.publish.store or None, workers=1)
    log.info("publish hook: %s in %.2fs", report.summary(), time.perf_counter() - started)
    return report


def _report_json(report: Any) -> dict[str, Any]:
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
        "errors": [str(error) for error in report.errors],
        "feeds": [str(path) for path in report.feeds],
    }


# --- health and metrics -----------------------------------------------------------


async def healthz(state: ServeState, request: Request) -> Response:
    """``GET /healthz``: the version, the render workers and the queue's depth."""
    pool = state.pool
    return JSONResponse(
        {"status": "ok", "version": __version__, "workers": pool.workers, "queue": pool.depth}
    )


async def metrics_page(state: ServeState, request: Request) -> Response:
    """``GET /metrics``: the app's Prometheus metrics."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
