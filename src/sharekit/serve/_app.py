"""The Starlette application of ``sharekit serve`` (SPEC 7.6).

Routes: ``GET|HEAD /card/{token}.{png|jpeg|webp}``, ``POST /hooks/publish``,
``GET /healthz``, ``GET /metrics`` (``_routes``); every answer is counted
and card cache hits are answered before Starlette (``_middleware``). What
they share is one :class:`~sharekit.serve._state.ServeState`. Every answer to
a request the service cannot serve is a 4xx (or 503 when it is busy); the
tests fuzz the path and the headers to hold it to that.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

from sharekit.config import Site
from sharekit.serve._middleware import CachedCards, CountStatus
from sharekit.serve._routes import routes
from sharekit.serve._state import BODY_TIMEOUT, MAX_BODY, RENDER_DEADLINE, ServeState, new_state

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

__all__ = ["BODY_TIMEOUT", "MAX_BODY", "RENDER_DEADLINE", "ServeApp", "build_app"]


class ServeApp(Starlette):
    """The routes of ``state``, its cache hits answered first (see :class:`CachedCards`).

    ``app.state`` holds ``serve`` (the :class:`ServeState`), and for tests
    ``requests`` (answers by status), ``pool`` and ``cache``.
    """

    def __init__(self, state: ServeState) -> None:
        super().__init__(routes=routes(state), lifespan=functools.partial(_lifespan, state))
        # Starlette answers /healthz/ with a 307 whose Location it builds from the
        # client's Host header (an open redirect through a shared cache): 404 instead
        self.router.redirect_slashes = False
        self.cards = CachedCards(state.cache, state.metrics.cache_hits, state.statuses)
        self.state.serve = state
        self.state.requests = state.statuses.counts
        self.state.pool = state.pool
        self.state.cache = state.cache
        self.add_middleware(CountStatus, statuses=state.statuses)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not await self.cards.answered(scope, send):
            await super().__call__(scope, receive, send)


@asynccontextmanager
async def _lifespan(state: ServeState, app: Starlette) -> AsyncIterator[None]:
    await state.pool.start()
    try:
        yield
    finally:
        # uvicorn gets here on SIGTERM after in-flight requests finished
        await run_in_threadpool(state.pool.close)


def build_app(
    site: Site,
    *,
    workers: int | None = None,
    render_deadline: float = RENDER_DEADLINE,
    max_body: int = MAX_BODY,
    body_timeout: float = BODY_TIMEOUT,
) -> Starlette:
    """The application serving ``site`` (see :func:`sharekit.serve.create_app`)."""
    state = new_state(site, workers, render_deadline, max_body)
    state.body_timeout = body_timeout
    return ServeApp(state)
