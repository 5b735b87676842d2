"""uvicorn's httptools protocol with the limits a public socket needs (SPEC 8.2).

uvicorn bounds neither the request line and headers (20 MB were accepted)
nor the time a client may take to send them (half-sent headers held a
connection for ever). :class:`GuardedHttp` counts the bytes of each
request's head as they arrive and answers 431 past :data:`MAX_HEAD`, and
answers 408 when a head is not complete :data:`HEAD_TIMEOUT` seconds after
its first byte (or after the connection opened); both close the connection.
Idle keep-alive connections close after uvicorn's ``timeout_keep_alive``
(:data:`KEEP_ALIVE`), and a hook body that stalls is the hook's own 408
(``_hook``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["HEAD_TIMEOUT", "KEEP_ALIVE", "MAX_HEAD", "GuardedHttp"]

MAX_HEAD = 64 * 1024  # request line and headers; nginx's default is 8 KiB a line, 32 KiB
HEAD_TIMEOUT = 10.0  # seconds to send a request's line and headers
KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open


class GuardedHttp(HttpToolsProtocol):
    """HttpToolsProtocol with a bounded, timed request head."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._in_head = True  # waiting for (the rest of) a request's head
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
            if self._head_timer is None:  # a keep-alive connection's next request
                self._start_head_timer()
        super().data_received(data)
        # the head may have ended inside this chunk (then the rest is body)
        if self._in_head and self._head_bytes > MAX_HEAD and not self.transport.is_closing():
            self._refuse(431, b"Request Header Fields Too Large")

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._cancel_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True  # a pipelined or keep-alive request's head comes next

    def _start_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self._in_head or self.transport.is_closing():
            return
        if self._head_bytes == 0 and self.cycle is not None:
            self.transport.close()  # idle between requests: nothing to answer
            return
        self._refuse(408, b"Request Timeout")

    def _refuse(self, status: int, reason: bytes) -> None:
        self._cancel_head_timer()
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-length: 0\r\nconnection: close\r\n\r\n" % (status, reason)
        )
        self.transport.close()
