"""The bounded render pool behind ``GET /card/...``: processes, a queue limit, deadlines.

Cards render in worker processes (Pillow holds the GIL while it draws, so
threads would stall the event loop that answers cached cards). The pool
takes at most ``workers + min(max_queue, 2 x workers)`` renders at once
(an accepted render waits behind at most two rounds of renders, so it is
answered within about three render times: p99 stays near p50 under any
load); beyond that :class:`Busy` becomes 503 with Retry-After. Identical requests in flight
share one render. Each render has a deadline twice over: an interval timer
in the worker aborts it, and should the worker not come back (stuck in C
code) the event loop stops waiting and restarts the pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from types import FrameType
from typing import Any

from sharekit.card._token import CONFIGURED_TEMPLATE, CardFields
from sharekit.config import Site
from sharekit.errors import InputError
from sharekit.text._limits import MAX_CARD_SIDE

__all__ = ["Busy", "RenderPool", "RenderTimeout", "render_fields", "stop_with_parent"]

log = logging.getLogger("sharekit")

_FIELD_NAMES = ("title", "section", "authors", "date", "lang", "template", "size", "image", "site")


WAIT_ROUNDS = 2  # renders a request may wait behind, per worker, before it is refused


class Busy(Exception):
    """The queue is full (or the pool is restarting): answer 503 with Retry-After."""


class RenderTimeout(Exception):
    """The render passed its deadline."""


def render_fields(fields: CardFields, fmt: str, site: Site) -> tuple[bytes, bool]:
    """The card's bytes, exactly as :func:`sharekit.render_card` draws the same inputs,
    and whether they are final: False when the token names a hero the layout draws
    but the card was drawn without it (not fetchable yet; SPEC 8.2)."""
    from sharekit.card import render_card

    card = render_card(fields, site, format=fmt)
    return card.data, not (fields.image and _wants_photo(fields, site) and not _drew_photo(card))


def _wants_photo(fields: CardFields, site: Site) -> bool:
    from sharekit.card.layout import load_layout

    template = site.card.template if fields.template == CONFIGURED_TEMPLATE else fields.template
    layout = load_layout(template)
    return layout.requires_image or any(layer.type == "image" for layer in layout.layers)


def _drew_photo(card: Any) -> bool:
    return any(layer.type == "image" for layer in card.layers)


# --- in the worker processes ----------------------------------------------------

_site: Site | None = None


def stop_with_parent(sig: int = signal.SIGTERM) -> None:
    """Linux: ``sig`` to this process when its parent dies (a parent killed with SIGKILL
    cannot stop its children; an orphaned worker would wait for work for ever)."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, sig)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before prctl: nothing to work for
        os.kill(os.getpid(), sig)


def _start_worker(site: Site) -> None:
    global _site
    _site = site
    # SIGTERM goes to the whole process group; the parent shuts the pool down
    # after in-flight requests finish, so the workers wait for that.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stop_with_parent(signal.SIGKILL)  # SIGTERM is ignored here
    import sharekit.card._render  # noqa: F401 (import Pillow and the fonts before the first card)


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise RenderTimeout()


def _render_in_worker(fields: CardFields, fmt: str, deadline: float) -> tuple[bytes, float, bool]:
    assert _site is not None
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, deadline)
    started = time.perf_counter()
    try:
        data, final = render_fields(fields, fmt, _site)
        return data, time.perf_counter() - started, final
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _ready() -> int:
    return os.getpid()


# --- in the server ----------------------------------------------------------------


class RenderPool:
    """``workers`` render processes and at most ``max_queue`` renders waiting for one."""

    def __init__(self, site: Site, workers: int, max_queue: int, deadline: float) -> None:
        self.site = site
        self.workers = workers or os.cpu_count() or 1
        # Admission (SPEC 8.6): shed early rather than answer late. A render waits
        # behind at most WAIT_ROUNDS renders per worker, so what is accepted is
        # answered within about WAIT_ROUNDS + 1 render times; beyond, 503 at once.
        self.capacity = self.workers + min(max_queue, WAIT_ROUNDS * self.workers)
        self.deadline = deadline
        self.pending = 0
        self.renders = 0
        self._executor: ProcessPoolExecutor | None = None
        self._inflight: dict[tuple[str, str], asyncio.Future[tuple[bytes, float, bool]]] = {}
        self.on_depth: Callable[[int], None] = lambda depth: None

    @property
    def depth(self) -> int:
        """Renders waiting for a worker."""
        return max(0, self.pending - self.workers)

    def _new_executor(self) -> ProcessPoolExecutor:
        # spawn, as publish does: a forked copy of a threaded server can deadlock.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.site,),
        )

    async def start(self) -> None:
        """Start the workers and wait until each has imported the renderer."""
        self._executor = self._new_executor()
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self._executor, _ready) for _ in range(self.workers))
        )

    def close(self) -> None:
        """Let running renders finish, then stop the workers."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _restart(self) -> None:
        old, self._executor = self._executor, self._new_executor()
        if old is not None:
            for process in list(getattr(old, "_processes", {}).values()):
                process.kill()  # a worker past its deadline in C code never returns
            old.shutdown(wait=False, cancel_futures=True)

    async def render(
        self, key: tuple[str, str], fields: CardFields, fmt: str
    ) -> tuple[bytes, float | None, bool]:
        """The card's bytes, render seconds (None: shared with an identical request) and
        whether it is final (see :func:`render_fields`).

        Raises :class:`Busy`, :class:`RenderTimeout` or :class:`InputError`.
        """
        shared = self._inflight.get(key)
        if shared is not None:
            try:
                data, _, final = await asyncio.shield(shared)
            except BrokenExecutor:
                raise Busy() from None
            return data, None, final
        if self.pending >= self.capacity or self._executor is None:
            raise Busy()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, _render_in_worker, fields, fmt, self.deadline)
        self._inflight[key] = future
        self.pending += 1
        self.renders += 1
        self.on_depth(self.depth)
        try:
            data, seconds, final = await asyncio.wait_for(asyncio.shield(future), self.deadline + 5)
        except TimeoutError:
            log.warning("a card render passed its deadline and did not stop; restarting the pool")
            self._restart()
            raise RenderTimeout() from None
        except BrokenExecutor:
            log.warning("a render worker died; restarting the pool")
            self._restart()
            raise Busy() from None
        finally:
            self.pending -= 1
            self._inflight.pop(key, None)
            self.on_depth(self.depth)
        return data, seconds, final


def check_template(fields: CardFields, site: Site) -> None:
    """A token's text must be Unicode (a lone surrogate is not: UTF-8 cannot encode it),
    its template built in or the server's own ([card] template)."""
    from sharekit.config import TEMPLATES, card_size

    for name, value in zip(_FIELD_NAMES, fields.as_list(), strict=True):
        for text in value if isinstance(value, list) else [value]:
            try:
                str(text).encode("utf-8")
            except UnicodeEncodeError:
                raise InputError("card token", name, "not valid Unicode text") from None

    if fields.template != CONFIGURED_TEMPLATE and fields.template not in TEMPLATES:
        raise InputError("card token", "template", f"unknown template {fields.template!r}")
    width, height = card_size(fields.size)
    if width * height > MAX_CARD_SIDE * MAX_CARD_SIDE:
        raise InputError(
            "card token",
            "size",
            f"{fields.size} is larger than {MAX_CARD_SIDE}x{MAX_CARD_SIDE} pixels",
        )
