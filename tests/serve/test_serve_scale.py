"""serve ahead of the edge (SPEC 8.6): cache hits answered by the protocol, several HTTP
processes sharing the render pool, the card cache and /metrics, the shared folder's bound.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")

import sharekit
from sharekit.serve._shared import SharedCardsWriter, TieredCache
from tests.helpers_serve import KEY, path_of, request
from tests.helpers_servers import free_port
from tests.serve.test_hostile_serve import card_app, guarded, record  # noqa: F401
from tests.serve.test_serve_process import _children, _sharekit, _wait_healthy


def _answers(
    conn: socket.socket, count: int, heads: set[int]
) -> list[tuple[bytes, dict[bytes, bytes], bytes]]:
    """``count`` HTTP/1.1 answers read off ``conn`` (those numbered in ``heads`` answer a
    HEAD: no body): status line, headers, body."""
    buffer, answers = b"", []
    conn.settimeout(30)
    while len(answers) < count:
        while b"\r\n\r\n" not in buffer:
            buffer += conn.recv(65536)
        head, buffer = buffer.split(b"\r\n\r\n", 1)
        status, *lines = head.split(b"\r\n")
        headers = dict(line.lower().split(b": ", 1) for line in lines)
        length = int(headers.get(b"content-length", b"0"))
        if len(answers) in heads or status.split()[1] == b"304":
            length = 0
        while len(buffer) < length:
            buffer += conn.recv(65536)
        answers.append((status, headers, buffer[:length]))
        buffer = buffer[length:]
    return answers


def test_cache_hits_are_answered_by_the_protocol_in_order(card_app: Any) -> None:  # noqa: F811
    app, port, site = card_app
    article = sharekit.load_article(record(title="Fast path"), site)
    path = path_of(sharekit.card_url(article, site))
    first = request(port, path)  # a miss: rendered through the app
    assert first.status == 200
    etag = first.headers["etag"]
    calls: list[bytes] = []
    raw_answer = app.cards.raw_answer

    def counted(method: bytes, url: bytes, headers: Any, extra: bytes) -> bytes | None:
        calls.append(url)
        return raw_answer(method, url, headers, extra)

    app.cards.raw_answer = counted
    try:
        # pipelined on one connection: a hit, a HEAD hit, a 304, the app's /healthz, a hit
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(
                f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"
                f"HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\n"
                f"GET {path} HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/{etag}\r\n\r\n"
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                f"GET {path}?utm=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
            )
            got = _answers(conn, 5, heads={1})
    finally:
        del app.cards.raw_answer
    statuses = [status.split()[1] for status, _, _ in got]
    assert statuses == [b"200", b"200", b"304", b"200", b"200"]
    assert got[0][2] == first.body and got[4][2] == first.body
    assert got[1][2] == b"" and int(got[1][1][b"content-length"]) == len(first.body)
    assert got[0][1][b"cache-control"] == b"public, max-age=31536000, immutable"
    assert got[0][1][b"etag"].decode() == etag and b"date" in got[0][1]
    assert got[4][1][b"connection"] == b"close"
    assert json.loads(got[3][2])["status"] == "ok"  # the app answered between hits
    assert len(calls) >= 3  # the hits went through the protocol's path


def test_the_shared_folder_is_bounded_and_read_through(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    writer = SharedCardsWriter(folder, max_bytes=250)
    for i in range(5):
        writer.put((f"token{i}", "png"), bytes([i]) * 100)
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 2 and writer.size == 200  # the oldest went first
    reader = TieredCache(1000, writer)
    assert reader.get(("token0", "png")) is None
    data, etag = reader.get(("token4", "png")) or (b"", "")
    assert data == bytes([4]) * 100 and etag.startswith('"')
    assert reader.size == 100  # now in the process's own LRU


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_http_processes_share_the_render_pool_the_cache_and_metrics(tmp_path: Path) -> None:
    from tests.serve.test_serve_process import _write_config

    config = _write_config(tmp_path)
    site = sharekit.load_site(config)
    port = free_port()
    process = _sharekit("serve", "--port", str(port), "--http-workers", "2", cwd=tmp_path)
    try:
        _wait_healthy(port, process)
        assert len(_children(process.pid)) >= 3  # two HTTP processes and the render pool
        pids: set[int] = set()
        deadline = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < deadline:  # new connections, both answer
            pids.add(json.loads(request(port, "/healthz").body)["pid"])
        assert len(pids) == 2
        path = path_of(sharekit.card_url(sharekit.load_article(record(), site), site))
        answers = [request(port, path) for _ in range(20)]  # a new connection each
        assert {a.status for a in answers} == {200}
        assert (
            len({a.body for a in answers}) == 1 and len({a.headers["etag"] for a in answers}) == 1
        )
        text = request(port, "/metrics").body.decode()
    finally:
        process.terminate()
        process.communicate(timeout=90)
    from prometheus_client.parser import text_string_to_metric_families

    samples = {
        (s.name, s.labels.get("status", "")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("sharekit_card_cache_misses_total", "")] == 1  # drawn once for both
    assert samples[("sharekit_card_cache_hits_total", "")] == 19
    # every answer counted, whichever process gave it (the /metrics request itself aside)
    assert samples[("sharekit_requests_total", "200")] >= 20 + len(pids)
    assert process.returncode is not None


def test_a_bad_http_workers_value_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "sharekit.toml").write_text(
        f'[serve]\nsecret_keys = ["{KEY}"]\nhttp_workers = -1\n'
    )
    process = _sharekit("serve", cwd=tmp_path)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert len(stderr.strip().splitlines()) == 1 and "http_workers" in stderr


def test_admission_sheds_at_once_beyond_two_rounds_of_renders(tmp_path: Path) -> None:
    """One render worker, max_queue 64: the fourth slow render in flight is refused at
    once (it would wait behind three), not queued to be answered late."""
    import threading

    from sharekit.serve import create_app
    from tests.helpers_servers import Server, running
    from tests.serve.test_serve import hero_jpeg, make_site

    site = make_site(tmp_path, max_queue=64)
    with Server() as hero:
        image = hero_jpeg()

        def slow(handler: Any) -> None:
            time.sleep(2)
            handler.send(200, image, "image/jpeg")

        hero.routes["/slow.jpg"] = slow
        paths = [
            path_of(
                sharekit.card_url(
                    sharekit.load_article(
                        record(title=f"Slow {i}", image={"url": hero.url("/slow.jpg")}), site
                    ),
                    site,
                    template="photo",
                )
            )
            for i in range(4)
        ]
        with running(create_app(site)) as port:
            answers: dict[int, Any] = {}
            threads = [
                threading.Thread(target=lambda i=i: answers.__setitem__(i, request(port, paths[i])))
                for i in range(3)
            ]
            for thread in threads:
                thread.start()
            time.sleep(1)  # three renders in: one drawing, two waiting
            started = time.monotonic()
            fourth = request(port, paths[3])
            waited = time.monotonic() - started
            for thread in threads:
                thread.join()
    assert fourth.status == 503 and fourth.headers["retry-after"].isdigit()
    assert waited < 1  # refused at once, not after the others
    assert sorted(a.status for a in answers.values()) == [200, 200, 200]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_http_processes_stop_when_the_parent_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from tests.serve.test_serve_process import _alive, _write_config

    _write_config(tmp_path)
    # a parent killed outright cannot remove its private folder: keep it in tmp_path
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    port = free_port()
    process = _sharekit("serve", "--port", str(port), "--http-workers", "2", cwd=tmp_path)
    children: set[int] = set()
    try:
        _wait_healthy(port, process)
        children = _children(process.pid)
        grandchildren = {g for pid in children for g in _children(pid)}
        children |= grandchildren
        process.send_signal(signal.SIGKILL)  # no chance to stop its children itself
        process.wait(30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in children if _alive(pid)] == []
        assert len(list(tmp_path.glob("sharekit-serve-*"))) == 1  # there, not in /tmp
    finally:
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.communicate(timeout=30)
