"""The card cache every HTTP process reads, and the render pool they share (SPEC 8.6).

With ``[serve] http_workers`` above one, ``sharekit serve`` runs several HTTP
processes (``_processes``). They share:

* one render pool, in the parent process: each HTTP process asks it over a
  Unix socket (:class:`RemotePool`, the same interface as
  :class:`~sharekit.serve._pool.RenderPool`), so the queue bound, the
  deadlines and the sharing of identical renders hold for all of them at
  once, and the admission control sees every request;
* one card cache: the parent writes each final card into a folder
  (:class:`SharedCardsWriter`: write to a temporary name, then rename, so a
  reader never sees half a card; bounded by ``[serve] cache_mb``, oldest
  removed first), and each HTTP process keeps its own LRU in front of it
  (:class:`TieredCache`): a card rendered once is a hit in every process.

Files, not shared memory: a card is read once per process, then answered
from that process's LRU; the kernel's page cache makes the one read cheap
(tens of microseconds), and a crashed process cannot corrupt a file that
another one reads.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import pickle
import struct
from collections import OrderedDict
from pathlib import Path
from typing import Any

from sharekit.card._token import CardFields
from sharekit.errors import SharekitError
from sharekit.serve._cache import CardCache, etag_of
from sharekit.serve._pool import Busy, RenderTimeout

__all__ = [
    "RemotePool",
    "RenderFailed",
    "SharedCards",
    "SharedCardsWriter",
    "TieredCache",
    "read_frame",
    "write_frame",
]

_LENGTH = struct.Struct("!I")


class RenderFailed(SharekitError):
    """The parent's render pool could not draw the token's inputs (answered 400)."""


def _name(key: tuple[str, str]) -> str:
    token, fmt = key
    return hashlib.sha256(f"{fmt}\0{token}".encode("utf-8", "surrogatepass")).hexdigest()[:40]


class SharedCards:
    """Cards in a folder, by a hash of (token, format): what the HTTP processes read."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def get(self, key: tuple[str, str]) -> bytes | None:
        try:
            return (self.folder / _name(key)).read_bytes()
        except OSError:
            return None


class SharedCardsWriter(SharedCards):
    """The parent's side: writes cards atomically, removes the oldest beyond ``max_bytes``."""

    def __init__(self, folder: str | Path, max_bytes: int) -> None:
        super().__init__(folder)
        self.max_bytes = max_bytes
        self.size = 0
        self._files: OrderedDict[str, int] = OrderedDict()

    def put(self, key: tuple[str, str], data: bytes) -> None:
        name = _name(key)
        if name in self._files or len(data) > self.max_bytes:
            return
        temporary = self.folder / f".{name}.{os.getpid()}"
        try:
            temporary.write_bytes(data)
            temporary.replace(self.folder / name)
        except OSError:  # a full disk: the card is still answered, just not shared
            temporary.unlink(missing_ok=True)
            return
        self._files[name] = len(data)
        self.size += len(data)
        while self.size > self.max_bytes:
            old, size = self._files.popitem(last=False)
            (self.folder / old).unlink(missing_ok=True)
            self.size -= size


class TieredCache(CardCache):
    """A process's LRU in front of the shared folder: a miss here reads the folder once."""

    def __init__(self, max_bytes: int, shared: SharedCards) -> None:
        super().__init__(max_bytes)
        self.shared = shared

    def get(self, key: tuple[str, str]) -> tuple[bytes, str] | None:
        item = super().get(key)
        if item is not None:
            return item
        data = self.shared.get(key)
        if data is None:
            return None
        etag = etag_of(data)
        self.put(key, data, etag)
        return data, etag


# --- the render pool over a Unix socket -------------------------------------------------


async def read_frame(reader: asyncio.StreamReader) -> Any:
    (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    return pickle.loads(await reader.readexactly(length))


def write_frame(writer: asyncio.StreamWriter, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    writer.write(_LENGTH.pack(len(data)) + data)


class RemotePool:
    """The parent's render pool seen from an HTTP process (the interface of RenderPool).

    Replies carry the parent's queue depth, which ``/healthz`` and the
    ``sharekit_render_queue_depth`` gauge show.
    """

    def __init__(self, address: str, workers: int) -> None:
        self.address = address
        self.workers = workers
        self.depth = 0
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.on_depth: Any = lambda depth: None

    async def start(self) -> None:
        """Nothing to start: the parent runs the pool."""

    def close(self) -> None:
        for _, writer in self._idle:
            writer.close()
        self._idle.clear()

    async def render(
        self, key: tuple[str, str], fields: CardFields, fmt: str
    ) -> tuple[bytes, float | None, bool]:
        """As :meth:`RenderPool.render`: raises Busy, RenderTimeout or RenderFailed."""
        try:
            reader, writer = (
                self._idle.pop() if self._idle else await asyncio.open_unix_connection(self.address)
            )
        except OSError:
            raise Busy() from None  # the parent is restarting or stopping
        try:
            write_frame(writer, (key, fields, fmt))
            reply = await read_frame(reader)
        except BaseException as error:  # cancelled mid-reply: the connection is spent
            writer.close()
            if isinstance(error, OSError | asyncio.IncompleteReadError):
                raise Busy() from None
            raise
        self._idle.append((reader, writer))
        self.depth = reply[-1]
        self.on_depth(self.depth)
        kind = reply[0]
        if kind == "ok":
            return reply[1], reply[2], reply[3]
        if kind == "busy":
            raise Busy()
        if kind == "timeout":
            raise RenderTimeout()
        raise RenderFailed(reply[1])
