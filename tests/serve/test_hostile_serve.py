"""serve under attack (SPEC 8.2): the hook v2, confinement, provisional cards, redirects,
tokens, and the socket's limits, each sent the way an attacker or a stuck client would.

The socket tests run the app under uvicorn with ``sharekit.serve.server_config`` (what
``sharekit serve`` runs) and talk to it with raw sockets.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")

import sharekit
from sharekit.card._token import CardFields
from tests.conftest import SEED
from tests.helpers_serve import KEY, hook_headers, path_of, request
from tests.helpers_servers import START_TIMEOUT, Server

HOOK = "/hooks/publish"


@contextlib.contextmanager
def guarded(app: Any) -> Iterator[int]:
    """``app`` under uvicorn with sharekit serve's own configuration, on 127.0.0.1."""
    import uvicorn

    from sharekit.serve import server_config

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(server_config(app))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT)
        sock.close()


def hook_site(tmp_path: Path, **serve: Any) -> sharekit.Site:
    return sharekit.load_site(
        {
            "site": {"name": "Daily Example", "url": "https://news.example.test"},
            "serve": {"secret_keys": [KEY], "workers": 1, **serve},
            "publish": {"out": str(tmp_path / "public")},
        }
    )


def record(**fields: Any) -> dict[str, Any]:
    return {**json.loads(SEED.read_text()), **fields}


def post(port: int, body: bytes, **signing: Any) -> Any:
    return request(port, HOOK, "POST", hook_headers(body, **signing), body)


# --- the publish hook v2 ------------------------------------------------------------------------


def test_hook_v1_signatures_and_old_or_future_timestamps_are_refused(tmp_path: Path) -> None:
    import hashlib
    import hmac

    from sharekit.serve import create_app

    body = json.dumps(record()).encode()
    v1 = "sha256=" + hmac.new(KEY.encode(), body, hashlib.sha256).hexdigest()
    with guarded(create_app(hook_site(tmp_path))) as port:
        old = request(port, HOOK, "POST", {"X-Sharekit-Signature": v1}, body)
        assert old.status == 401
        assert "docs/security.md" in json.loads(old.body)["detail"]  # says how to upgrade
        past = post(port, body, timestamp=int(time.time()) - 301)
        future = post(port, body, timestamp=int(time.time()) + 301)
        assert (past.status, future.status) == (401, 401)
        # the timestamp is signed: moving it forward breaks the signature
        headers = hook_headers(body)
        headers["X-Sharekit-Timestamp"] = str(int(headers["X-Sharekit-Timestamp"]) + 1)
        assert request(port, HOOK, "POST", headers, body).status == 403
    assert not (tmp_path / "public").exists()


def test_a_replayed_delivery_is_409_even_after_a_restart(tmp_path: Path) -> None:
    from sharekit.serve import create_app

    site = hook_site(tmp_path)
    body = json.dumps(record()).encode()
    headers = hook_headers(body, delivery="delivery-1")
    with guarded(create_app(site)) as port:
        assert request(port, HOOK, "POST", headers, body).status == 202
        assert request(port, HOOK, "POST", headers, body).status == 409
    with guarded(create_app(site)) as port:  # a new process: the store remembers
        replay = request(port, HOOK, "POST", headers, body)
    assert replay.status == 409
    assert "delivery-1" in json.loads(replay.body)["detail"]


def test_a_delivery_refused_for_the_configuration_can_be_sent_again_once_it_is_fixed(
    tmp_path: Path, pg_url: str
) -> None:
    """A 400 publishes nothing, so its delivery id is not kept: the sender's retry with the
    same id, after the operator fixed the output, is published (not a 409 "replay")."""
    from sharekit.serve import create_app

    out = tmp_path / "public"
    out.write_text("a file where the output folder should be")
    site = sharekit.load_site(
        {
            "site": {"name": "Daily Example", "url": "https://news.example.test"},
            "serve": {"secret_keys": [KEY], "workers": 1},
            "publish": {"out": str(out), "store": pg_url},
        }
    )
    body = json.dumps(record()).encode()
    with guarded(create_app(site)) as port:
        refused = request(port, HOOK, "POST", hook_headers(body, delivery="delivery-7"), body)
        assert refused.status == 400, refused.body
        out.unlink()
        again = request(port, HOOK, "POST", hook_headers(body, delivery="delivery-7"), body)
        assert again.status == 202, again.body
        replay = request(port, HOOK, "POST", hook_headers(body, delivery="delivery-7"), body)
        assert replay.status == 409
    assert json.loads(again.body)["articles"]


def test_a_record_older_than_the_published_version_never_replaces_it(tmp_path: Path) -> None:
    from sharekit.serve import create_app

    site = hook_site(tmp_path)
    newer = record(id="story-1", title="Corrected headline", updated="2024-10-25T10:00:00+09:00")
    older = record(id="story-1", title="Original headline", updated="2024-10-24T10:00:00+09:00")
    with guarded(create_app(site)) as port:
        first = post(port, json.dumps(newer).encode())
        assert first.status == 202, first.body
        (written,) = json.loads(first.body)["articles"]
        page = tmp_path / "public" / next(f for f in written["files"] if f.endswith(".html"))
        before = page.read_bytes()
        late = post(port, json.dumps(older).encode())  # a delayed or captured older delivery
    assert late.status == 202, late.body
    report = json.loads(late.body)
    assert report["articles"] == []
    assert [s["status"] for s in report["stale"]] == ["stale, kept"]
    assert page.read_bytes() == before and b"Corrected headline" in before


def test_a_store_outage_is_503_with_retry_after(tmp_path: Path) -> None:
    pytest.importorskip("psycopg", reason="the postgres extra is not installed")
    from sharekit.serve import create_app

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    site = sharekit.load_site(
        {
            "serve": {"secret_keys": [KEY], "workers": 1},
            "publish": {
                "out": str(tmp_path / "public"),
                "store": f"postgresql://sharekit:Hunter2-pw@127.0.0.1:{dead}/sharekit",
            },
        }
    )
    with guarded(create_app(site)) as port:
        answer = post(port, json.dumps(record()).encode())
    assert answer.status == 503, answer.body
    assert answer.headers["retry-after"].isdigit()
    assert b"Hunter2" not in answer.body and b"127.0.0.1" in answer.body  # the host, no password


def test_hook_records_local_files_stay_in_serve_assets_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from sharekit.serve import create_app

    secret_folder = tmp_path / "elsewhere"
    secret_folder.mkdir()
    Image.new("RGB", (1200, 630), "red").save(secret_folder / "private.png")
    monkeypatch.chdir(secret_folder)  # the server's current folder (/ under systemd)
    relative = json.dumps(record(image={"path": "private.png"})).encode()
    absolute = json.dumps(record(image={"path": str(secret_folder / "private.png")})).encode()
    logo = json.dumps(record(site={"logo": str(secret_folder / "private.png")})).encode()
    with guarded(create_app(hook_site(tmp_path))) as port:  # no [serve] assets_root
        answers = [post(port, body) for body in (relative, absolute, logo)]
    for answer in answers:
        report = json.loads(answer.body)
        assert answer.status == 202  # the record is refused, not the delivery
        assert report["articles"] == [], report
        assert "[serve] assets_root" in report["errors"][0]
    assets = tmp_path / "assets"
    assets.mkdir()
    Image.new("RGB", (1200, 630), "blue").save(assets / "hero.png")
    site = hook_site(tmp_path, assets_root=str(assets))
    inside = json.dumps(record(image={"path": "hero.png"})).encode()
    with guarded(create_app(site)) as port:
        outside = json.loads(post(port, absolute).body)
        logo_outside = json.loads(post(port, logo).body)
        allowed = json.loads(post(port, inside).body)
    for refused in (outside, logo_outside):  # one rule, named by the hook's own key
        assert refused["articles"] == [] and "outside [serve] assets_root" in refused["errors"][0]
        assert "[publish]" not in refused["errors"][0], refused
    assert allowed["errors"] == [] and allowed["articles"][0]["status"] == "written"


def test_a_stalled_hook_body_times_out_and_a_big_one_is_refused_while_read(
    tmp_path: Path,
) -> None:
    from sharekit.serve import create_app

    app = create_app(hook_site(tmp_path), max_body=64_000, body_timeout=1.0)
    body = json.dumps(record()).encode()
    head = "".join(f"{k}: {v}\r\n" for k, v in hook_headers(body).items())
    with guarded(app) as port:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                f"POST {HOOK} HTTP/1.1\r\nHost: x\r\n{head}Content-Length: {len(body)}\r\n\r\n".encode()
                + body[:10]
            )
            started = time.monotonic()
            answer = conn.recv(4096)
            assert answer.startswith(b"HTTP/1.1 408"), answer
            assert time.monotonic() - started < 5
        # chunked, no Content-Length: refused once 64,000 bytes arrived, not at the end
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                f"POST {HOOK} HTTP/1.1\r\nHost: x\r\n{head}Transfer-Encoding: chunked\r\n\r\n".encode()
            )
            chunk = b"%x\r\n%s\r\n" % (16_000, b" " * 16_000)
            for _ in range(5):
                conn.sendall(chunk)
            assert conn.recv(4096).startswith(b"HTTP/1.1 413")


# --- cards -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def card_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, int, sharekit.Site]]:
    from sharekit.serve import create_app

    site = sharekit.load_site(
        {
            "site": {"name": "Daily Example", "url": "https://news.example.test"},
            "serve": {"base_url": "https://cards.example.test", "secret_keys": [KEY], "workers": 1},
            "network": {
                "allow_private": True,
                "cache_dir": str(tmp_path_factory.mktemp("cache")),
                "timeout": 5.0,
            },
        }
    )
    app = create_app(site)
    with guarded(app) as port:
        yield app, port, site


def test_a_photo_card_drawn_without_its_hero_is_never_immutable_nor_kept(card_app: Any) -> None:
    from tests.serve.test_serve import hero_jpeg

    app, port, site = card_app
    with Server() as hero:
        article = sharekit.load_article(
            record(title="Hero later", image={"url": hero.url("/later.jpg")}), site
        )
        path = path_of(sharekit.card_url(article, site, template="photo"))
        early = request(port, path)  # the hero is not online yet: 404
        assert early.status == 200
        assert "immutable" not in early.headers["cache-control"]
        assert "max-age=60" in early.headers["cache-control"]
        assert len(app.state.cache._items) == 0 or all(
            key[0] != path[6:].rpartition(".")[0] for key in app.state.cache._items
        )
        hero.route("/later.jpg", body=hero_jpeg(), content_type="image/jpeg")
        late = request(port, path)
    assert late.status == 200 and late.body != early.body  # drawn again, with its hero
    assert late.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_no_redirect_is_built_from_the_host_header(card_app: Any) -> None:
    _, port, _ = card_app
    for path in ("/healthz/", "/metrics/", "/hooks/publish/"):
        answer = request(port, path, headers={"Host": "evil.example"})
        assert answer.status == 404, (path, answer.status)
        assert "location" not in answer.headers


def _signed_as_json_escapes(fields: CardFields) -> str:
    """A validly signed token whose JSON spells a lone surrogate as ``\\udXXX`` (what a
    leaked key, or another implementation of the format, can sign)."""
    import base64

    from sharekit.card._token import _sign

    payload = b"j" + json.dumps(fields.as_list(), separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(_sign(KEY, payload) + payload).rstrip(b"=").decode()


def test_a_signed_token_with_a_lone_surrogate_is_400(card_app: Any) -> None:
    _, port, _ = card_app
    for fields in (
        CardFields("Lone \ud800 surrogate", site_name="Daily"),
        CardFields("Fine", section="\udfff", site_name="Daily"),
        CardFields("Fine", authors=("A\ud83d",), site_name="Daily"),
    ):
        answer = request(port, f"/card/{_signed_as_json_escapes(fields)}.png")
        assert answer.status == 400, answer.body
        assert "not valid Unicode" in json.loads(answer.body)["detail"]


# --- the socket: request head size and time, idle connections ------------------------------------


def _closed_within(conn: socket.socket, seconds: float) -> bytes:
    """What the server sent before closing, within ``seconds`` (fails if it stays open)."""
    conn.settimeout(seconds)
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := conn.recv(65536):
            received += chunk
    return received


def test_huge_headers_are_431_before_they_are_all_read(card_app: Any) -> None:
    _, port, _ = card_app
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        sent = 0
        with contextlib.suppress(OSError):  # the server closes while we still send
            while sent < 20 * 1024 * 1024:
                conn.sendall(b"X-Filler: " + b"a" * 8000 + b"\r\n")
                sent += 8012
        answer = _closed_within(conn, 10)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:80]
    assert sent < 20 * 1024 * 1024  # refused long before 20 MB


def test_half_sent_headers_time_out(card_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from sharekit.serve import _protocol

    _, port, _ = card_app
    monkeypatch.setattr(_protocol, "HEAD_TIMEOUT", 1.0)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        started = time.monotonic()
        answer = _closed_within(conn, 10)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert time.monotonic() - started < 5
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:  # silent client
        assert _closed_within(conn, 10).startswith(b"HTTP/1.1 408")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:  # keep-alive
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nX-")
        started = time.monotonic()
        answer = _closed_within(conn, 10)
    # the first answered; the second head, begun in the same packet, is not held open
    # (closed by the head timeout or the idle timeout, whichever is armed)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:40]
    assert time.monotonic() - started < 8
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.recv(65536).startswith(b"HTTP/1.1 200")
        conn.sendall(b"GET /healthz HTTP/1.1\r\nX-")  # the next head, half sent
        started = time.monotonic()
        assert _closed_within(conn, 10).startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 4  # the head timeout (1 s here), not the idle one


def test_an_idle_keep_alive_connection_is_closed(card_app: Any) -> None:
    from sharekit.serve._protocol import KEEP_ALIVE

    _, port, _ = card_app
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = conn.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert _closed_within(conn, KEEP_ALIVE + 5) == b""
    assert KEEP_ALIVE - 1 < time.monotonic() - started < KEEP_ALIVE + 3


def test_a_body_trickling_after_its_answer_does_not_hold_the_connection(card_app: Any) -> None:
    _, port, site = card_app
    card = path_of(sharekit.card_url(sharekit.load_article(record(title="Trickle"), site), site))
    assert request(port, card).status == 200  # cached: the next GET could take the fast path
    for path in ("/healthz", card):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                f"GET {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n".encode()
                + b"x" * 10
            )
            started = time.monotonic()
            answer = _closed_within(conn, 10)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:40]
        assert time.monotonic() - started < 5  # closed after the answer, not held open
