"""Where articles render besides publish's own process: its worker pool, or a given executor.

The pool's processes are spawned; each is started once with the site and
the output (:func:`start_pool`), then gets chunks of articles. A given
executor (a Dask client's, ...) gets :func:`render_chunk_on_executor` tasks,
each carrying the site and the output.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from sharekit.errors import InputError, NetworkError
from sharekit.publishing._render import Rendered, render_chunk

if TYPE_CHECKING:
    from sharekit.config import Site
    from sharekit.model import Article
    from sharekit.out._output import Output

__all__ = [
    "CHUNK",
    "REMOTE_CHUNK",
    "cannot_spawn",
    "open_executor",
    "render_chunk_in_worker",
    "render_chunk_on_executor",
    "signals_deferred",
    "start_pool",
    "stop_workers",
    "width",
]

# Articles go to workers in chunks: with one task per article the main
# process spent 3.9 ms of CPU per article (queue threads, pickling, waits),
# with 4 per task 2.7 ms (500 articles, 2 workers); small chunks keep the
# last worker's tail short.
CHUNK = 4
# A given executor's task carries the site and goes through its scheduler (a
# Dask task costs about a millisecond there): bigger chunks keep that small,
# and 8 keeps the last worker's tail short.
REMOTE_CHUNK = 8


def render_chunk_on_executor(
    articles: list[Article], site: Site, out: Output, known: list[dict[str, str]] | None
) -> list[Rendered]:
    """:func:`render_chunk` as a task of a given executor (a Dask worker, ...): the
    worker's allocator keeps freed card buffers, as publish's own workers do (a
    quarter of a worker's CPU went to page faults without it). ``out`` arrives
    pickled with every task; a remote one is opened once per process
    (:func:`sharekit.out._output.reopen`)."""
    from sharekit.publishing._malloc import keep_freed_memory

    keep_freed_memory()  # idempotent, a couple of mallopt calls
    return render_chunk(articles, site, out, known)


def cannot_spawn() -> str | None:
    """Why spawned workers could not start here (None: they can), SPEC 8.4.

    A spawned process re-imports the parent's ``__main__``: by module name
    (``python -m``, a notebook's kernel), else from its file. ``python -``
    (``__file__`` is ``<stdin>``), ``exec`` of a named string and a deleted
    script leave a file name no child can read, and every worker dies at start.
    A REPL or ``python -c`` has no ``__main__`` file: the children skip it.
    """
    import sys
    from pathlib import Path

    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return None
    path = getattr(main, "__file__", None)
    if path is None or Path(path).is_file():
        return None
    return f"worker processes cannot import __main__ ({path})"


_WORKER: dict[str, Any] = {}  # the site and output of a pool's worker process, set once


def start_pool(workers: int, site: Site, out: Output) -> ProcessPoolExecutor:
    """Publish's own pool of ``workers`` spawned processes, each given the site
    and the output once (not with every chunk)."""
    import multiprocessing

    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(site, out, os.getpid()),
    )


_STOPPING = frozenset({2, 15})  # SIGINT, SIGTERM


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM held back for the block (then delivered): a stop raised
    inside the pool's own code, between spawning a worker and recording it, left
    a worker no shutdown knew of, and a publish that did not end (SPEC 8.2).

    Two layers, because either alone leaks. The mask keeps the kernel from
    delivering the signal, and workers spawned in the block inherit it (so a
    Ctrl-C to the process group cannot kill one before it ignores the signal).
    But a signal that reached the C handler just before the mask runs its Python
    handler at the interpreter's next check, which may be deep inside the block
    (seen: inside ``Thread.start`` of the pool's manager thread, whose shutdown
    then failed with "cannot join thread before it is started"); so the Python
    handlers are swapped for one that only records, and what it recorded is
    raised again once the block is over."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "pthread_sigmask"
    ):  # a hook's publish in a server thread; Windows
        yield
        return
    held: list[int] = []
    handlers = {sig: signal.getsignal(sig) for sig in _STOPPING}
    swapped = {sig: handler for sig, handler in handlers.items() if handler is not None}
    for sig in swapped:  # None: a handler not set from Python, which cannot be restored
        signal.signal(sig, lambda signum, _frame: held.append(signum))
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for sig, handler in swapped.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(held):  # once each: a stop is a stop
            signal.raise_signal(sig)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes at once (they ignore SIGTERM: a stop is the
    parent's to decide), so its shutdown does not wait for the chunks in flight."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()


def _start_worker(site: Site, out: Output, parent: int) -> None:
    from sharekit.publishing import _worker_log
    from sharekit.publishing._malloc import keep_freed_memory

    _die_with_parent(parent)
    keep_freed_memory()
    _worker_log.install()
    _WORKER.update(site=site, out=out)


def _die_with_parent(parent: int) -> None:
    """End this worker when the publish that started it ends, however it ends.

    A killed parent (SIGKILL, OOM) cannot shut its pool down: its workers, and
    with them the multiprocessing resource tracker (it exits once every holder
    of its pipe has), would run on. On Linux the kernel sends SIGKILL when the
    parent dies (PR_SET_PDEATHSIG); elsewhere a thread watches the parent's pid.
    SIGINT and SIGTERM are the parent's to handle: it stops the pool cleanly.
    """
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # spawned while the parent held them back (signals_deferred): ignored now, unblock
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    watched = False
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            pr_set_pdeathsig = 1
            libc = ctypes.CDLL(None, use_errno=True)
            watched = libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            watched = False
    if not watched:
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="sharekit-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it died before the kernel was told
        os._exit(1)


def render_chunk_in_worker(
    articles: list[Article], known: list[dict[str, str]] | None = None
) -> list[Rendered]:
    """A chunk's task in a pool's worker process (started by :func:`start_pool`)."""
    return render_chunk(articles, _WORKER["site"], _WORKER["out"], known)


@contextlib.contextmanager
def open_executor(executor: str | Executor) -> Iterator[Executor | None]:
    """The executor ``executor`` names (None: publish's own process pool).

    ``dask://HOST:PORT`` connects a Dask client to that scheduler for the run.
    """
    if isinstance(executor, Executor):
        yield executor
        return
    if executor in ("", "local"):
        yield None
        return
    scheme, sep, address = executor.partition("://")
    if scheme != "dask" or not sep or not address:
        raise InputError(
            None, "--executor", f"expected local or dask://HOST:PORT, got {executor!r}"
        )
    import importlib

    try:  # untyped: a module object, so its calls are Any to mypy
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise InputError(
            None, "--executor", "a Dask executor needs dask: pip install 'sharekit[dask]'"
        ) from None
    try:
        client = distributed.Client(f"tcp://{address}", timeout=10, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise NetworkError(
            executor, f"--executor: cannot reach the Dask scheduler: {error}"
        ) from None
    try:
        pool: Executor = client.get_executor()
        yield pool
    finally:
        client.close()


def width(executor: Executor) -> int:
    """How many tasks ``executor`` runs at once, as far as it says (else the cores)."""
    client = getattr(executor, "_client", None)  # a Dask ClientExecutor
    if client is not None:
        try:
            workers = client.scheduler_info()["workers"].values()
            return max(1, sum(int(w.get("nthreads", 1)) for w in workers))
        except Exception:  # only a sizing hint
            pass
    return int(getattr(executor, "_max_workers", 0) or os.cpu_count() or 1)
