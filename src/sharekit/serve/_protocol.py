"""uvicorn's httptools protocol with the limits a public socket needs (SPEC 8.2).

uvicorn bounds neither the request line and headers (20 MB were accepted)
nor the time a client may take to send them (half-sent headers held a
connection for ever). :class:`GuardedHttp` counts the bytes of each
request's head as they arrive and answers 431 past :data:`MAX_HEAD`, and
answers 408 when a head is not complete :data:`HEAD_TIMEOUT` seconds after
its first byte (or after the connection opened); both close the connection.
Idle keep-alive connections close after uvicorn's ``timeout_keep_alive``
(:data:`KEEP_ALIVE`), and a hook body that stalls is the hook's own 408
(``_hook``); a request answered before its body has arrived closes the
connection (a body that trickles after its answer would hold it for ever).

It also answers card cache hits itself (SPEC 8.6, the cached path doing the
least work): once httptools has parsed a ``GET|HEAD /card/...`` head whose
card is cached, the answer's bytes go to the socket from here, with no ASGI
scope, task, receive or send; anything else goes to the application as
before. Pipelined requests behind one the application still answers keep
their order (they go to the application too).
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar, Protocol

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["HEAD_TIMEOUT", "KEEP_ALIVE", "MAX_HEAD", "GuardedHttp"]

_BODY_HEADERS = (b"content-length", b"transfer-encoding")
MAX_HEAD = 64 * 1024  # request line and headers; nginx's default is 8 KiB a line, 32 KiB
HEAD_TIMEOUT = 10.0  # seconds to send a request's line and headers
KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open


class FastCards(Protocol):
    def raw_answer(
        self, method: bytes, url: bytes, headers: list[tuple[bytes, bytes]], extra: bytes
    ) -> bytes | None: ...


class GuardedHttp(HttpToolsProtocol):
    """HttpToolsProtocol with a bounded, timed request head, and cache hits answered here."""

    cards: ClassVar[FastCards | None] = None  # set per app by sharekit.serve.server_config

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fast = False  # the current request was answered from the cache
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
        super().data_received(data)
        # the head may have ended inside this chunk (then the rest is body)
        if not self._in_head or not self._head_bytes or self.transport.is_closing():
            return
        if self._head_bytes > MAX_HEAD:
            self._refuse(431, b"Request Header Fields Too Large")
        elif self._head_timer is None:
            # a keep-alive connection's next head, begun but not complete: time it
            # (not before: most heads come whole, and a timer each costs)
            self._start_head_timer()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._cancel_head_timer()
        cards = self.cards
        if (
            cards is not None
            and (self.cycle is None or self.cycle.response_complete)
            and not self.pipeline
            and not any(name in _BODY_HEADERS for name, _ in self.headers)
        ):
            close = not self.parser.should_keep_alive()
            date = b"".join(k + b": " + v + b"\r\n" for k, v in self.server_state.default_headers)
            answer = cards.raw_answer(
                self.parser.get_method(),
                self.url,
                self.headers,
                date + (b"connection: close\r\n" if close else b""),
            )
            if answer is not None:
                self._fast = True
                self.transport.write(answer)
                if close:
                    self.transport.close()
                return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._fast:  # a cached card's request body is not read
            super().on_body(body)

    def on_message_complete(self) -> None:
        self._in_head = True  # a pipelined or keep-alive request's head comes next
        if not self._fast:
            super().on_message_complete()
            return
        self._fast = False
        self.server_state.total_requests += 1
        if not self.transport.is_closing():  # as uvicorn does after an answer: wait, idle
            self._unset_keepalive_if_required()
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

    def on_response_complete(self) -> None:
        if not self._in_head and not self.transport.is_closing():
            # answered before its body arrived (a card GET with a body, a refused
            # hook): the rest of the body could trickle in for ever; end here
            self.transport.close()
        super().on_response_complete()

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
