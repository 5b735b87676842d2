"""What one serve app's routes and middlewares share: its :class:`ServeState`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sharekit.card._token import secret_keys
from sharekit.config import Site
from sharekit.serve._cache import CardCache
from sharekit.serve._metrics import Metrics, StatusCounts
from sharekit.serve._pool import RenderPool

__all__ = ["BODY_TIMEOUT", "MAX_BODY", "RENDER_DEADLINE", "ServeState", "new_state"]

MAX_BODY = 4 * 1024 * 1024  # a publish hook's JSON: thousands of records, not a dump
RENDER_DEADLINE = 20.0  # seconds; a remote hero's fetch has [network] timeout within it
BODY_TIMEOUT = 10.0  # seconds a hook's sender may pause between body bytes


@dataclass(eq=False)
class ServeState:
    """One app's configuration, keys, render pool, card LRU and metrics (``app.state.serve``).

    ``max_body`` bounds a hook's body; ``publishing`` lets one publish run at
    a time (they share the store and the feeds).
    """

    site: Site
    keys: tuple[str, ...]
    pool: RenderPool  # or a RemotePool (_shared), its interface
    cache: CardCache
    metrics: Metrics
    statuses: StatusCounts
    max_body: int
    body_timeout: float = BODY_TIMEOUT
    publishing: asyncio.Lock = field(default_factory=asyncio.Lock)


def new_state(
    site: Site,
    workers: int | None,
    render_deadline: float,
    max_body: int | None,
    *,
    pool: Any = None,
    cache: CardCache | None = None,
) -> ServeState:
    """The state of a new app; ``workers`` None takes ``[serve] workers``.

    ``pool`` and ``cache`` replace the app's own render pool and LRU (an HTTP
    process of several: the parent's pool, the shared cache; ``_shared``).
    Raises :class:`sharekit.InputError` without a secret key: no key, no service.
    """
    keys = secret_keys(site)
    config = site.serve
    if pool is None:
        pool = RenderPool(
            site,
            config.workers if workers is None else workers,
            config.max_queue,
            render_deadline,
        )
    metrics = Metrics()
    pool.on_depth = metrics.queue_depth.set
    return ServeState(
        site=site,
        keys=keys,
        pool=pool,
        cache=CardCache(config.cache_mb * 1024 * 1024) if cache is None else cache,
        metrics=metrics,
        statuses=StatusCounts(metrics),
        max_body=MAX_BODY if max_body is None else max_body,
    )
