"""The Starlette application of ``sharekit serve`` (SPEC 7.6).

Routes: ``GET|HEAD /card/{token}.{png|jpeg|webp}``, ``POST /hooks/publish``,
``GET /healthz``, ``GET /metrics``. Every answer to a request the service
cannot serve is a 4xx (or 503 when it is busy); the tests fuzz the path and
the headers to hold it to that.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from sharekit._version import __version__
from sharekit.card._formats import FORMATS, format_of_extension
from sharekit.card._token import MAX_TOKEN, TokenError, decode_token, secret_keys
from sharekit.config import Site
from sharekit.errors import InputError, SharekitError
from sharekit.serve._pool import Busy, RenderPool, RenderTimeout, check_template

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["MAX_BODY", "RENDER_DEADLINE", "build_app"]

log = logging.getLogger("sharekit")

MAX_BODY = 4 * 1024 * 1024  # a publish hook's JSON: thousands of records, not a dump
RENDER_DEADLINE = 20.0  # seconds; a remote hero's fetch has [network] timeout within it
CACHE_CONTROL = "public, max-age=31536000, immutable"
CACHE_CONTROL_BYTES = CACHE_CONTROL.encode("ascii")
RETRY_AFTER = "2"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class CardCache:
    """An LRU of encoded cards bounded by their total bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple[str, str], tuple[bytes, str]] = OrderedDict()

    def get(self, key: tuple[str, str]) -> tuple[bytes, str] | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: tuple[str, str], data: bytes, etag: str) -> None:
        if len(data) > self.max_bytes or key in self._items:
            return
        self._items[key] = (data, etag)
        self.size += len(data)
        while self.size > self.max_bytes:
            _, (old, _) = self._items.popitem(last=False)
            self.size -= len(old)


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 13.1.2: weak comparison against each listed tag, or ``*``."""
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


class _Metrics:
    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()  # one per app: tests make many apps
        self.requests = Counter(
            "sharekit_requests", "HTTP requests by status", ["status"], registry=self.registry
        )
        self.render_seconds = Histogram(
            "sharekit_render_seconds",
            "Card render time in the worker",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20),
            registry=self.registry,
        )
        self.cache_hits = Counter(
            "sharekit_card_cache_hits", "Cards answered from the LRU", registry=self.registry
        )
        self.cache_misses = Counter(
            "sharekit_card_cache_misses", "Cards that had to be rendered", registry=self.registry
        )
        self.queue_depth = Gauge(
            "sharekit_render_queue_depth", "Renders waiting for a worker", registry=self.registry
        )


class _StatusCounts:
    """Answers by status: ``/metrics``, and ``counts`` (``app.state.requests``) for tests."""

    def __init__(self, metrics: _Metrics) -> None:
        self.metrics = metrics
        self.counts: dict[int, int] = {}
        self._children: dict[int, Any] = {}  # labels() takes a lock and a lookup each time

    def add(self, status: int) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        child = self._children.get(status)
        if child is None:
            child = self._children[status] = self.metrics.requests.labels(str(status))
        child.inc()


class _CountStatus:
    """Middleware: counts every answer the Starlette app sends."""

    def __init__(self, app: ASGIApp, statuses: _StatusCounts) -> None:
        self.app = app
        self.statuses = statuses

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.statuses.add(int(message["status"]))
            await send(message)

        await self.app(scope, receive, counting_send)


class _CachedCards:
    """Answers cache hits of ``GET|HEAD /card/...`` straight from the LRU.

    A CDN sends the service its misses, and a crawler often asks twice: these
    are most requests. Starlette's middleware, request, route match and
    response objects for them cost more than half the requests per second,
    so the application tries this first; everything else (misses, errors,
    the other routes) goes on to Starlette.
    """

    def __init__(self, cache: CardCache, hits: Any, statuses: _StatusCounts) -> None:
        self.cache = cache
        self.hits = hits
        self.statuses = statuses

    async def answered(self, scope: Scope, send: Send) -> bool:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith("/card/")
        ):
            return False
        token, dot, ext = scope["path"][6:].rpartition(".")
        fmt = format_of_extension(ext) if dot else None
        cached = self.cache.get((token, fmt)) if fmt else None
        if not (fmt and cached):
            return False
        self.hits.inc()
        self.statuses.add(await self._answer(scope, send, cached, fmt))
        return True

    @staticmethod
    async def _answer(scope: Scope, send: Send, cached: tuple[bytes, str], fmt: str) -> int:
        data, etag = cached
        headers = [(b"etag", etag.encode("ascii")), (b"cache-control", CACHE_CONTROL_BYTES)]
        if_none_match = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        if if_none_match is not None and _matches(if_none_match.decode("latin-1"), etag):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return 304
        headers += [
            (b"content-type", FORMATS[fmt].media_type.encode("ascii")),
            (b"content-length", str(len(data)).encode("ascii")),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else data
        await send({"type": "http.response.body", "body": body})
        return 200


def _problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse({"status": status, "detail": detail}, status, headers=headers)


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


def build_app(
    site: Site,
    *,
    workers: int | None = None,
    render_deadline: float = RENDER_DEADLINE,
    max_body: int = MAX_BODY,
) -> Starlette:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    keys = secret_keys(site)  # no key, no service: an InputError at start-up
    config = site.serve
    pool = RenderPool(
        site,
        config.workers if workers is None else workers,
        config.max_queue,
        render_deadline,
    )
    cache = CardCache(config.cache_mb * 1024 * 1024)
    metrics = _Metrics()
    pool.on_depth = metrics.queue_depth.set
    hits = metrics.cache_hits
    publishing = asyncio.Lock()

    def card_headers(etag: str, media_type: str) -> dict[str, str]:
        return {"etag": etag, "cache-control": CACHE_CONTROL, "content-type": media_type}

    async def card(request: Request) -> Response:
        name = request.path_params["name"]
        token, dot, ext = name.rpartition(".")
        if len(name) > len(".webp") + MAX_TOKEN:  # 414 before looking any further
            return _problem(414, "card token too long")
        fmt = format_of_extension(ext) if dot else None
        if fmt is None:
            return _problem(400, "expected /card/TOKEN.png, .jpeg or .webp")
        # Only verified tokens enter the cache, and the key is the token's exact
        # text: a hit needs no second HMAC (the hot path of a CDN's misses).
        key = (token, fmt)
        cached = cache.get(key)
        if cached is not None:
            hits.inc()
            data, etag = cached
        else:
            try:
                fields = decode_token(token, keys)
                check_template(fields, site)
            except TokenError as error:
                return _problem(error.status, error.reason)
            except InputError as error:
                return _problem(400, str(error))
            metrics.cache_misses.inc()
            try:
                data, seconds = await pool.render(key, fields, fmt)
            except (Busy, RenderTimeout) as error:
                reason = "render queue full" if isinstance(error, Busy) else "render deadline"
                return _problem(503, reason, {"retry-after": RETRY_AFTER})
            except SharekitError as error:  # the token's inputs cannot be drawn here
                return _problem(400, str(error))
            if seconds is not None:
                metrics.render_seconds.observe(seconds)
            etag = _etag(data)
            cache.put(key, data, etag)
        headers = card_headers(etag, FORMATS[fmt].media_type)
        if _matches(request.headers.get("if-none-match", ""), etag):
            del headers["content-type"]
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["content-length"] = str(len(data))
            return Response(b"", headers=headers)
        return Response(data, headers=headers)

    async def read_body(request: Request) -> bytes | Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_body:
            return _problem(413, f"body larger than {max_body} bytes")
        from starlette.requests import ClientDisconnect

        chunks, size = [], 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > max_body:
                    return _problem(413, f"body larger than {max_body} bytes")
                chunks.append(chunk)
        except ClientDisconnect:  # nobody is left to answer; not a server error
            return _problem(400, "the client went away before the body was read")
        return b"".join(chunks)

    def signed(body: bytes, header: str) -> bool:
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

    async def publish_hook(request: Request) -> Response:
        header = request.headers.get("x-sharekit-signature")
        if header is None:
            return _problem(401, "missing X-Sharekit-Signature: sha256=<hex HMAC of the body>")
        body = await read_body(request)
        if not isinstance(body, bytes):
            return body
        if not signed(body, header):
            return _problem(403, "X-Sharekit-Signature does not match the body")
        if not site.publish.out:
            return _problem(503, "the publish hook needs [publish] out in the configuration")
        try:
            records = json.loads(body)
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _problem(400, "the body is not JSON")
        if isinstance(records, dict):
            records = [records]
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            return _problem(400, "expected a record (a JSON object) or a list of records")
        async with publishing:  # one publish at a time: they share the store and the feeds
            try:
                report = await run_in_threadpool(_publish, records, site)
            except SharekitError as error:
                return _problem(400, str(error))
        return JSONResponse(_report_json(report), 202)

    async def healthz(request: Request) -> Response:
        return JSONResponse(
            {"status": "ok", "version": __version__, "workers": pool.workers, "queue": pool.depth}
        )

    async def metrics_page(request: Request) -> Response:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        await pool.start()
        try:
            yield
        finally:
            # uvicorn gets here on SIGTERM after in-flight requests finished
            await run_in_threadpool(pool.close)

    statuses = _StatusCounts(metrics)
    cards = _CachedCards(cache, hits, statuses)

    class ServeApp(Starlette):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if not await cards.answered(scope, send):
                await super().__call__(scope, receive, send)

    app = ServeApp(
        routes=[
            Route("/card/{name}", card, methods=["GET", "HEAD"]),
            Route("/hooks/publish", publish_hook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            Route("/metrics", metrics_page, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.requests = statuses.counts
    app.state.pool = pool
    app.state.cache = cache
    app.add_middleware(_CountStatus, statuses=statuses)
    return app


def _publish(records: list[dict[str, Any]], site: Site) -> Any:
    from sharekit.publishing._run import publish

    started = time.perf_counter()
    # out may be a bucket's URL (a str: Path would fold s3:// into s3:/); the store
    # [publish] names (PostgreSQL, shared with the other publishers), else OUT's SQLite;
    # one worker: the server's threads, no process pool per hook
    report = publish(records, site, site.publish.out, store=site.publish.store or None, workers=1)
    log.info("publish hook: %s in %.2fs", report.summary(), time.perf_counter() - started)
    return report
