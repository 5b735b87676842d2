"""The routes of ``sharekit serve``: each an endpoint given the app's :class:`ServeState`.

``GET|HEAD /card/{token}.{png|jpeg|webp}`` (a miss of the LRU: verified,
rendered in the pool, cached), ``POST /hooks/publish`` (signed records,
published one run at a time), ``GET /healthz`` and ``GET /metrics``. Every
answer to a request the service cannot serve is a 4xx (or 503 when it is
busy), a small JSON problem.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import TYPE_CHECKING

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sharekit._version import __version__
from sharekit.card._formats import FORMATS, format_of_extension
from sharekit.card._token import MAX_TOKEN, TokenError, decode_token
from sharekit.errors import InputError, SharekitError
from sharekit.serve._cache import CACHE_CONTROL, PROVISIONAL_CACHE_CONTROL, etag_of, matches
from sharekit.serve._hook import problem, publish_hook
from sharekit.serve._metrics import exposition
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
    cache_control = CACHE_CONTROL
    if cached is not None:
        state.metrics.cache_hits.inc()
        data, etag = cached
    else:
        rendered = await _render(state, key)
        if isinstance(rendered, Response):
            return rendered
        data, etag, final = rendered
        if not final:  # drawn without its hero: a later request draws it again
            cache_control = PROVISIONAL_CACHE_CONTROL
    headers = {
        "etag": etag,
        "cache-control": cache_control,
        "content-type": FORMATS[fmt].media_type,
    }
    if matches(request.headers.get("if-none-match", ""), etag):
        del headers["content-type"]
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        headers["content-length"] = str(len(data))
        return Response(b"", headers=headers)
    return Response(data, headers=headers)


async def _render(state: ServeState, key: tuple[str, str]) -> tuple[bytes, str, bool] | Response:
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
        data, seconds, final = await state.pool.render(key, fields, fmt)
    except (Busy, RenderTimeout) as error:
        reason = "render queue full" if isinstance(error, Busy) else "render deadline"
        return problem(503, reason, {"retry-after": RETRY_AFTER})
    except SharekitError as error:  # the token's inputs cannot be drawn here
        return problem(400, str(error))
    if seconds is not None:
        state.metrics.render_seconds.observe(seconds)
    etag = etag_of(data)
    if final:
        state.cache.put(key, data, etag)
    return data, etag, final


# --- health and metrics -----------------------------------------------------------


async def healthz(state: ServeState, request: Request) -> Response:
    """``GET /healthz``: the version, the render workers and the queue's depth."""
    pool = state.pool
    return JSONResponse(
        {
            "status": "ok",
            "version": __version__,
            "workers": pool.workers,
            "queue": pool.depth,
            "pid": os.getpid(),  # which HTTP process answered (of [serve] http_workers)
        }
    )


async def metrics_page(state: ServeState, request: Request) -> Response:
    """``GET /metrics``: the app's Prometheus metrics."""
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(exposition(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
