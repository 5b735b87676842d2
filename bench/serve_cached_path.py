"""The in-process cost of one cached card request through `sharekit serve`'s ASGI app.

No sockets, no HTTP server, no load generator: the app is called directly
with a scope for a card already in its LRU, so what is timed is sharekit's
own per-request work on the path most traffic takes (bench/serve.py measures
the whole server with wrk, where the HTTP server and the machine's noise
dominate). Prints the median of --runs runs of --requests requests, in
microseconds per request.

Then, with the request's bytes fed to uvicorn's httptools protocol over a
stand-in transport (still no socket): uvicorn's own protocol calling the
app (parsing, scope, task, send), and sharekit's (``server_config``: a hit
answered by the protocol itself), so the HTTP server's share is timed too.
Run it against two trees to compare them::

    PYTHONPATH=/tmp/before/src python bench/serve_cached_path.py
    python bench/serve_cached_path.py
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

import sharekit
from sharekit import load_article, load_site
from sharekit.serve import create_app


async def _measure(runs: int, requests: int) -> list[float]:
    site = load_site(
        {
            "site": {"name": "Bench", "url": "http://127.0.0.1:8000"},
            "serve": {"base_url": "http://127.0.0.1:8000", "secret_keys": ["k" * 32]},
        }
    )
    record = {"title": "Hello world", "url": "http://127.0.0.1:8000/a/", "published": "2024-01-01"}
    path = sharekit.card_url(load_article(record, site), site).removeprefix("http://127.0.0.1:8000")
    app = create_app(site)
    token, _, ext = path.removeprefix("/card/").rpartition(".")
    app.state.cache.put((token, ext), b"x" * 20_000, '"etag"')  # a cached 20 KB card
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
    }
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(requests):
            await app(dict(scope), receive, send)
        timings.append((time.perf_counter() - start) / requests * 1e6)
    if set(statuses) != {200}:
        raise SystemExit(f"not every request was a cache hit: {sorted(set(statuses))}")
    return timings


class _Transport:
    """What the protocol writes to, instead of a socket."""

    def __init__(self) -> None:
        self.answers = 0

    def write(self, data: bytes) -> None:
        if data.startswith(b"HTTP/1.1 200"):
            self.answers += 1

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def _measure_protocol(runs: int, requests: int, ours: bool) -> list[float]:
    import uvicorn
    from uvicorn.server import ServerState

    site = load_site(
        {
            "site": {"name": "Bench", "url": "http://127.0.0.1:8000"},
            "serve": {"base_url": "http://127.0.0.1:8000", "secret_keys": ["k" * 32]},
        }
    )
    record = {"title": "Hello world", "url": "http://127.0.0.1:8000/a/", "published": "2024-01-01"}
    path = sharekit.card_url(load_article(record, site), site).removeprefix("http://127.0.0.1:8000")
    app = create_app(site)
    token, _, ext = path.removeprefix("/card/").rpartition(".")
    app.state.cache.put((token, ext), b"x" * 20_000, '"etag"')
    if ours:
        from sharekit.serve import server_config

        config = server_config(app)
    else:
        config = uvicorn.Config(app, http="httptools", lifespan="off", log_level="warning")
    config.load()
    protocol = config.http_protocol_class(
        config=config, server_state=ServerState(), app_state={}, _loop=asyncio.get_running_loop()
    )
    transport = _Transport()
    protocol.connection_made(transport)
    data = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n".encode()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(requests):
            protocol.data_received(data)
            if protocol.tasks:  # the app answers in a task: let it run
                await asyncio.gather(*protocol.tasks)
        timings.append((time.perf_counter() - start) / requests * 1e6)
    protocol._unset_keepalive_if_required()
    if transport.answers != runs * requests:
        raise SystemExit(f"{transport.answers} answers of {runs * requests} requests")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    timings = asyncio.run(_measure(args.runs, args.requests))
    shown = ", ".join(f"{t:.2f}" for t in timings)
    print(f"cached card request, in process: median {statistics.median(timings):.2f} us")
    print(f"  runs: {shown}  ({sharekit.__file__})")
    try:
        from sharekit.serve import server_config  # noqa: F401
    except ImportError:  # an older tree: uvicorn's protocol only
        kinds = [("uvicorn's protocol + the app", False)]
    else:
        kinds = [("uvicorn's protocol + the app", False), ("sharekit's protocol", True)]
    for name, ours in kinds:
        timings = asyncio.run(_measure_protocol(args.runs, args.requests, ours))
        shown = ", ".join(f"{t:.2f}" for t in timings)
        print(f"  with HTTP parsing, {name}: median {statistics.median(timings):.2f} us")
        print(f"    runs: {shown}")


if __name__ == "__main__":
    main()
