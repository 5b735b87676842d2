"""The two layers around the Starlette routes: status counting, and cache hits first.

Both are plain ASGI: :class:`CountStatus` wraps the application as a
middleware; :class:`CachedCards` answers what it can before Starlette sees
the request (``ServeApp.__call__``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharekit.card._formats import FORMATS, format_of_extension
from sharekit.serve._cache import CACHE_CONTROL_BYTES, CardCache, matches
from sharekit.serve._metrics import StatusCounts

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CachedCards", "CountStatus"]

_EXTENSIONS = {
    ext.encode("ascii"): fmt
    for ext in ("png", "jpeg", "jpg", "webp")
    if (fmt := format_of_extension(ext)) is not None
}
_MEDIA = {fmt: spec.media_type.encode("ascii") for fmt, spec in FORMATS.items()}


class CountStatus:
    """Middleware: counts every answer the Starlette app sends."""

    def __init__(self, app: ASGIApp, statuses: StatusCounts) -> None:
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


class CachedCards:
    """Answers cache hits of ``GET|HEAD /card/...`` straight from the LRU.

    A CDN sends the service its misses, and a crawler often asks twice: these
    are most requests. Starlette's middleware, request, route match and
    response objects for them cost more than half the requests per second,
    so the application tries this first; everything else (misses, errors,
    the other routes) goes on to Starlette.
    """

    def __init__(self, cache: CardCache, hits: Any, statuses: StatusCounts) -> None:
        self.cache = cache
        self.hits = hits
        self.statuses = statuses

    async def answered(self, scope: Scope, send: Send) -> bool:
        """Whether the request was a cache hit, now answered and counted."""
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

    def raw_answer(
        self, method: bytes, url: bytes, headers: list[tuple[bytes, bytes]], extra: bytes
    ) -> bytes | None:
        """A cache hit's whole HTTP/1.1 answer, for the protocol to write (None: not a hit).

        The least work a hit can take: the path's token is the cache key as it
        came (no percent-decoding: a token is base64url, so a path with ``%``
        is not a hit), one dict lookup, the ETag compared as bytes.
        """
        if method not in (b"GET", b"HEAD") or not url.startswith(b"/card/"):
            return None
        path = url.partition(b"?")[0]
        token, dot, ext = path[6:].rpartition(b".")
        if not dot or b"%" in path:
            return None
        fmt = _EXTENSIONS.get(ext)
        cached = self.cache.get((token.decode("latin-1"), fmt)) if fmt else None
        if cached is None or fmt is None:
            return None
        self.hits.inc()
        data, etag = cached
        tag = etag.encode("ascii")
        # extra: the server's own headers (Date), and Connection: close when it closes
        head = extra + b"etag: " + tag + b"\r\ncache-control: " + CACHE_CONTROL_BYTES + b"\r\n"
        for name, value in headers:
            if name == b"if-none-match" and matches(value.decode("latin-1"), etag):
                self.statuses.add(304)
                return b"HTTP/1.1 304 Not Modified\r\n" + head + b"\r\n"
        self.statuses.add(200)
        head = (
            b"HTTP/1.1 200 OK\r\n" + head + b"content-type: " + _MEDIA[fmt] + b"\r\n"
            b"content-length: " + str(len(data)).encode("ascii") + b"\r\n\r\n"
        )
        return head if method == b"HEAD" else head + data

    @staticmethod
    async def _answer(scope: Scope, send: Send, cached: tuple[bytes, str], fmt: str) -> int:
        data, etag = cached
        headers = [(b"etag", etag.encode("ascii")), (b"cache-control", CACHE_CONTROL_BYTES)]
        if_none_match = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        if if_none_match is not None and matches(if_none_match.decode("latin-1"), etag):
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
