"""Talking to the serve app in tests: keys, HTTP requests, raw bytes (it runs under
tests.helpers_servers.running: uvicorn in a thread on 127.0.0.1)."""

from __future__ import annotations

import http.client
import socket
from contextlib import suppress
from dataclasses import dataclass

KEY = "test-key-" + "k" * 40  # long enough for the start-up check
OTHER_KEY = "other-key-" + "o" * 40


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def request(
    port: int,
    path: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 60,
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        connection.close()


def raw_status(port: int, request_bytes: bytes, timeout: float = 10) -> int:
    """Send bytes as they are; the status of the first response (0: none came)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request_bytes)
        with suppress(OSError):
            conn.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while b"\r\n" not in received:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    line = received.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) >= 2 and line[1].isdigit() else 0


def path_of(url: str) -> str:
    """The path of a card URL (its base is the configured, unserved base_url)."""
    return "/card/" + url.split("/card/", 1)[1]


def hook_headers(
    body: bytes, key: str = KEY, *, timestamp: int | None = None, delivery: str | None = None
) -> dict[str, str]:
    """The headers of a publish hook v2 delivery (docs/security.md#the-publish-hook-v2), signed with ``key``."""
    import time
    import uuid

    from sharekit.serve._hook import signature

    stamp = str(int(time.time()) if timestamp is None else timestamp)
    delivery = delivery or uuid.uuid4().hex
    return {
        "X-Sharekit-Timestamp": stamp,
        "X-Sharekit-Delivery": delivery,
        "X-Sharekit-Signature": signature(key, stamp, delivery, body),
        "Content-Type": "application/json",
    }
