"""``[serve] http_workers`` HTTP processes around one render pool (SPEC 8.6).

The parent binds the socket, starts the render pool and a Unix socket that
serves it (:class:`Broker`), and spawns the HTTP processes; each runs uvicorn
(``server_config``: the limits and the protocol's cached path) on the shared
listening socket, the kernel handing each connection to one of them. The
parent's event loop answers renders, watches the children (one that dies is
started again) and, on SIGTERM or SIGINT, stops them (each lets its requests
in flight finish), then the render pool, then ends by the same signal.

``/metrics`` is aggregated across the processes with prometheus-client's
multiprocess mode (each process writes its counters to files in a private
folder; any process's ``/metrics`` reads them all).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import shutil
import signal
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sharekit.config import Site
from sharekit.errors import SharekitError
from sharekit.serve._pool import Busy, RenderPool, RenderTimeout, stop_with_parent
from sharekit.serve._shared import SharedCardsWriter, read_frame, write_frame
from sharekit.serve._state import RENDER_DEADLINE

__all__ = ["Broker", "serve_processes"]

log = logging.getLogger("sharekit")

STOP_TIMEOUT = 70.0  # seconds: uvicorn's 60 s to finish requests, then the pool


@dataclass(frozen=True)
class HttpSpec:
    """What an HTTP process is given (pickled by spawn)."""

    site: Site
    address: str  # the render pool's Unix socket
    cards: str  # the shared card folder
    lru_bytes: int
    render_workers: int


class Broker:
    """The render pool served on a Unix socket; final cards go into the shared folder."""

    def __init__(self, pool: RenderPool, shared: SharedCardsWriter, address: str) -> None:
        self.pool = pool
        self.shared = shared
        self.address = address
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        await self.pool.start()
        self._server = await asyncio.start_unix_server(self._client, self.address)
        Path(self.address).chmod(0o600)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        await asyncio.get_running_loop().run_in_executor(None, self.pool.close)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                key, fields, fmt = await read_frame(reader)
                write_frame(writer, await self._render(key, fields, fmt))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the HTTP process closed its connection
        finally:
            writer.close()

    async def _render(self, key: tuple[str, str], fields: Any, fmt: str) -> tuple[Any, ...]:
        try:
            data, seconds, final = await self.pool.render(key, fields, fmt)
        except Busy:
            return ("busy", self.pool.depth)
        except RenderTimeout:
            return ("timeout", self.pool.depth)
        except SharekitError as error:
            return ("error", str(error), self.pool.depth)
        if final:
            self.shared.put(key, data)
        return ("ok", data, seconds, final, self.pool.depth)


def _http_process(spec: HttpSpec, sock: socket.socket) -> None:
    """One HTTP process: uvicorn on the shared socket, renders asked of the parent."""
    import uvicorn

    stop_with_parent()

    from sharekit.serve._app import ServeApp
    from sharekit.serve._server import server_config
    from sharekit.serve._shared import RemotePool, SharedCards, TieredCache
    from sharekit.serve._state import new_state

    pool = RemotePool(spec.address, spec.render_workers)
    cache = TieredCache(spec.lru_bytes, SharedCards(spec.cards))
    app = ServeApp(new_state(spec.site, None, RENDER_DEADLINE, None, pool=pool, cache=cache))
    uvicorn.Server(server_config(app)).run(sockets=[sock])


def serve_processes(
    site: Site, sock: socket.socket, http_workers: int, workers: int | None
) -> None:
    """Serve on ``sock`` with ``http_workers`` processes until SIGTERM or SIGINT."""
    folder = Path(tempfile.mkdtemp(prefix="sharekit-serve-"))  # 0700: ours alone
    (folder / "metrics").mkdir()
    (folder / "cards").mkdir()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder / "metrics")
    try:
        received = asyncio.run(_supervise(site, sock, http_workers, workers, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if received is not None:  # end by the signal, as service managers expect
        signal.signal(received, signal.SIG_DFL)
        os.kill(os.getpid(), received)


async def _supervise(
    site: Site, sock: socket.socket, http_workers: int, workers: int | None, folder: Path
) -> int | None:
    config = site.serve
    pool = RenderPool(
        site, config.workers if workers is None else workers, config.max_queue, RENDER_DEADLINE
    )
    total = config.cache_mb * 1024 * 1024
    broker = Broker(pool, SharedCardsWriter(folder / "cards", total), str(folder / "render.sock"))
    await broker.start()
    # each process's LRU holds its hottest cards; the folder holds them all
    spec = HttpSpec(
        site, broker.address, str(folder / "cards"), total // (2 * http_workers), pool.workers
    )
    context = multiprocessing.get_context("spawn")
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    received: list[int] = []

    def on_signal(sig: int) -> None:
        received.append(sig)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)

    def start() -> Any:
        process = context.Process(target=_http_process, args=(spec, sock), name="sharekit-http")
        process.start()
        return process, time.monotonic()

    children = [start() for _ in range(http_workers)]
    try:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
            for i, (process, started) in enumerate(children):
                if stop.is_set() or process.is_alive():
                    continue
                _forget(process.pid)
                if time.monotonic() - started < 5:
                    log.error("an HTTP process exited at start (%s); stopping", process.exitcode)
                    stop.set()
                    break
                log.warning("an HTTP process exited (%s); starting another", process.exitcode)
                children[i] = start()
    finally:
        for process, _ in children:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        await loop.run_in_executor(None, _join, [p for p, _ in children])
        await broker.stop()
    return received[0] if received else None


def _join(processes: list[Any]) -> None:
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()
        _forget(process.pid)


def _forget(pid: int | None) -> None:
    """Drop a dead process's live gauges from the aggregated metrics."""
    if pid is None:
        return
    with contextlib.suppress(Exception):  # metrics are never a reason to fail
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
