"""A network guard and test images for the network tests (servers: tests/helpers_servers.py).

The guard (fixture ``net``) makes sure no test can send a packet beyond
loopback, even through a bug: ``socket.getaddrinfo`` answers only numeric
addresses and the names a test stubs (never a DNS query), and
``socket.socket.connect`` records every address and raises for anything that
is not 127.0.0.0/8 or ::1 before the system call is made.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

LOOPBACK_ONLY = ("127.0.0.0/8",)  # allow_private value for tests: loopback, nothing else


class BlockedConnect(OSError):
    """Raised by the guard instead of connecting beyond loopback."""


@dataclass
class Net:
    """Stubbed DNS answers and the record of every connect attempt."""

    names: dict[str, list[list[str]]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)
    connects: list[str] = field(default_factory=list)
    delay: float = 0.0

    def stub(self, name: str, *answers: str | list[str]) -> None:
        """``name`` answers ``answers[0]`` first, then the next ones (the last repeats)."""
        self.names[name] = [[a] if isinstance(a, str) else list(a) for a in answers]


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def net(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Net]:
    state = Net()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0,
                    flags: int = 0) -> Any:  # fmt: skip
        name = host.decode() if isinstance(host, bytes) else str(host)
        state.lookups.append(name)
        if state.delay:
            time.sleep(state.delay)
        if name in state.names:
            answers = state.names[name]
            current = answers.pop(0) if len(answers) > 1 else answers[0]
            result = []
            for address in current:
                fam = socket.AF_INET6 if ":" in address else socket.AF_INET
                sockaddr = (
                    (address, int(port or 0), 0, 0) if ":" in address else (address, int(port or 0))
                )
                result.append((fam, socket.SOCK_STREAM, 6, "", sockaddr))
            return result
        # numeric only: AI_NUMERICHOST never asks a DNS server
        return real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        state.connects.append(host)
        if not _is_loopback(host):
            raise BlockedConnect(f"test guard: no connection beyond loopback ({host})")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        state.connects.append(host)
        if not _is_loopback(host):
            raise BlockedConnect(f"test guard: no connection beyond loopback ({host})")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    yield state


@pytest.fixture
def warnings_logged() -> Iterator[list[str]]:
    """The messages sharekit logs at WARNING or above during the test."""
    import logging

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    log = logging.getLogger("sharekit")
    log.addHandler(handler)
    try:
        yield messages
    finally:
        log.removeHandler(handler)


# --- images -------------------------------------------------------------------


def png(width: int = 40, height: int = 21, colour: str = "red") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG of a few KB that decodes to width x height pixels (1-bit)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(100)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
