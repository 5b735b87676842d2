"""WebSub pings against hubs served on 127.0.0.1 (loopback allowed explicitly)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from sharekit.config import load_site
from sharekit.net._websub import PingResult, ping_hubs, ping_hubs_in_background
from tests.helpers_net import LOOPBACK_ONLY, Net, net, warnings_logged
from tests.helpers_servers import Handler, Server, server

__all__ = ["net", "server", "warnings_logged"]  # fixtures
# every test here runs behind the guard: no packet can leave loopback
pytestmark = pytest.mark.usefixtures("net")

FEED = "https://www.viewusglobal.com/feed.xml"


def site(tmp_path: Path, **network: object):  # type: ignore[no-untyped-def]
    return load_site({"network": {"timeout": 2, "cache_dir": str(tmp_path), **network}})


def flaky(failures: int, status: int = 503) -> tuple[list[int], object]:
    calls: list[int] = []

    def hub(h: Handler) -> None:
        calls.append(1)
        if len(calls) <= failures:
            h.send(status, b"busy, try later")
        else:
            h.send(204, b"", None)

    return calls, hub


def test_hub_that_fails_twice_then_succeeds(
    net: Net, server: Server, tmp_path: Path, warnings_logged: list[str]
) -> None:
    calls, hub = flaky(2)
    server.routes["/hub"] = hub  # type: ignore[assignment]
    [result] = ping_hubs([server.url("/hub")], [FEED], site(tmp_path), backoff=0.01,
                         allow_private=LOOPBACK_ONLY)  # fmt: skip
    assert result == PingResult(server.url("/hub"), FEED, True, 204, 3, None, result.seconds)
    assert len(calls) == 3 and warnings_logged == []
    sent = server.requests[-1]
    assert sent.method == "POST"
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(sent.body.decode()) == {"hub.mode": ["publish"], "hub.url": [FEED]}


def test_hub_that_always_fails_is_reported_not_raised(
    net: Net, server: Server, tmp_path: Path, warnings_logged: list[str]
) -> None:
    calls, hub = flaky(100, 502)
    server.routes["/hub"] = hub  # type: ignore[assignment]
    [result] = ping_hubs([server.url("/hub")], [FEED], site(tmp_path), retries=3, backoff=0.01,
                         allow_private=LOOPBACK_ONLY)  # fmt: skip
    assert not result.ok and result.attempts == 4 and len(calls) == 4
    assert result.status == 502 and result.error == "HTTP 502 Bad Gateway: busy, try later"
    assert warnings_logged == [
        f"WebSub ping to {server.url('/hub')} for {FEED} failed after 4 attempts: "
        "HTTP 502 Bad Gateway: busy, try later"
    ]


def test_client_errors_are_not_retried(net: Net, server: Server, tmp_path: Path) -> None:
    server.route("/hub", 400, b"hub.url is not a feed I know")
    [result] = ping_hubs([server.url("/hub")], [FEED], site(tmp_path), backoff=0.01,
                         allow_private=LOOPBACK_ONLY)  # fmt: skip
    assert (result.ok, result.attempts, result.status) == (False, 1, 400)


def test_backoff_grows(net: Net, server: Server, tmp_path: Path) -> None:
    _calls, hub = flaky(3)
    server.routes["/hub"] = hub  # type: ignore[assignment]
    started = time.monotonic()
    [result] = ping_hubs([server.url("/hub")], [FEED], site(tmp_path), backoff=0.1,
                         allow_private=LOOPBACK_ONLY)  # fmt: skip
    assert result.ok and result.attempts == 4
    assert time.monotonic() - started >= 0.1 + 0.2 + 0.4


def test_a_hanging_hub_costs_at_most_the_deadline(net: Net, server: Server, tmp_path: Path) -> None:
    def hang(h: Handler) -> None:
        time.sleep(8)

    server.routes["/hub"] = hang
    server.route("/good", 202)
    started = time.monotonic()
    results = ping_hubs([server.url("/hub"), server.url("/good")], [FEED], site(tmp_path),
                        deadline=1.0, allow_private=LOOPBACK_ONLY)  # fmt: skip
    assert time.monotonic() - started < 4.0
    assert [r.ok for r in results] == [False, True]
    assert "within" in (results[0].error or "") or "deadline" in (results[0].error or "")


def test_every_hub_gets_every_feed(net: Net, server: Server, tmp_path: Path) -> None:
    server.route("/a", 204)
    server.route("/b", 204)
    feeds = [FEED, "https://www.viewusglobal.com/atom.xml"]
    results = ping_hubs([server.url("/a"), server.url("/b"), server.url("/a")], feeds,
                        site(tmp_path), allow_private=LOOPBACK_ONLY)  # fmt: skip
    assert [(r.hub.rsplit("/", 1)[1], r.feed_url) for r in results] == [
        ("a", feeds[0]), ("a", feeds[1]), ("b", feeds[0]), ("b", feeds[1])
    ]  # fmt: skip
    assert all(r.ok for r in results) and len(server.requests) == 4


def test_loopback_hub_is_refused_by_default(
    net: Net, server: Server, tmp_path: Path, warnings_logged: list[str]
) -> None:
    server.route("/hub", 204)
    [result] = ping_hubs([server.url("/hub")], [FEED], site(tmp_path), backoff=0.01)
    assert not result.ok and result.attempts == 1 and "refused" in (result.error or "")
    assert net.connects == [] and server.requests == []
    assert len(warnings_logged) == 1


def test_hub_on_a_private_name(net: Net, tmp_path: Path) -> None:
    net.stub("hub.internal", "10.1.2.3")
    [result] = ping_hubs(["http://hub.internal/"], [FEED], site(tmp_path))
    assert not result.ok and "resolves to 10.1.2.3" in (result.error or "")
    assert net.connects == []


def test_unreachable_hub_is_retried(net: Net, tmp_path: Path) -> None:
    with Server() as gone:
        url = gone.url("/hub")
    [result] = ping_hubs([url], [FEED], site(tmp_path), retries=2, backoff=0.01,
                         allow_private=LOOPBACK_ONLY)  # fmt: skip
    assert not result.ok and result.attempts == 3 and result.status is None
    assert "connection to 127.0.0.1 failed" in (result.error or "")


def test_nothing_to_ping(net: Net) -> None:
    assert ping_hubs([], [FEED]) == [] and ping_hubs(["https://hub.example/"], []) == []
    assert net.connects == []


def test_in_background(net: Net, server: Server, tmp_path: Path) -> None:
    server.route("/hub", 204)
    future = ping_hubs_in_background([server.url("/hub")], [FEED], site(tmp_path),
                                     allow_private=LOOPBACK_ONLY)  # fmt: skip
    [result] = future.result(timeout=5)
    assert result.ok and result.status == 204
