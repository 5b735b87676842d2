"""The in-process cost of one cached card request through `sharekit serve`'s ASGI app.

No sockets, no HTTP server, no load generator: the app is called directly
with a scope for a card already in its LRU, so what is timed is sharekit's
own per-request work on the path most traffic takes (bench/serve.py measures
the whole server with wrk, where the HTTP server and the machine's noise
dominate). Prints the median of --runs runs of --requests requests, in
microseconds per request. Run it against two trees to compare them::

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    timings = asyncio.run(_measure(args.runs, args.requests))
    shown = ", ".join(f"{t:.2f}" for t in timings)
    print(f"cached card request, in process: median {statistics.median(timings):.2f} us")
    print(f"  runs: {shown}  ({sharekit.__file__})")


if __name__ == "__main__":
    main()
