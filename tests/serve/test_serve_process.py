"""sharekit serve as a process: the CLI, graceful SIGTERM, and behind nginx's proxy_cache.

Every server here runs on 127.0.0.1 with a free port and is stopped after the
test: `sharekit serve` in a subprocess started by the test, nginx from Debian
with its own nginx.conf in the test's tmp folder (never the system service;
tests/helpers_servers.py starts it).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")

import sharekit
from tests.conftest import SEED
from tests.helpers_serve import KEY, Answer, path_of, request
from tests.helpers_servers import Server, free_port, running
from tests.serve.test_serve import hero_jpeg

CONFIG = """\
[site]
name = "Daily Example"
url = "https://news.example.test"

[serve]
base_url = "https://cards.example.test"
secret_keys = ["{key}"]
workers = 1

[network]
allow_private = true
cache_dir = "{cache}"
"""


def _write_config(folder: Path) -> Path:
    path = folder / "sharekit.toml"
    path.write_text(CONFIG.format(key=KEY, cache=folder / "cache"))
    return path


def _sharekit(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("SHAREKIT_SECRET_KEY", None)
    return subprocess.Popen(
        [sys.executable, "-m", "sharekit", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_healthy(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"sharekit serve exited: {process.communicate()}")
        try:
            if request(port, "/healthz", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("sharekit serve did not answer /healthz")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(c) for c in text)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("http_workers", ["1", "2"])
def test_sigterm_lets_the_request_in_flight_finish_then_workers_exit(
    tmp_path: Path, http_workers: str
) -> None:
    """One HTTP process (it runs the pool), or two around the parent's pool: either way the
    request in flight is answered, every child exits, the private folder is removed."""
    config = _write_config(tmp_path)
    site = sharekit.load_site(config)
    with Server() as hero:
        image = hero_jpeg()

        def slow(handler: Any) -> None:
            time.sleep(2)
            handler.send(200, image, "image/jpeg")

        hero.routes["/slow.jpg"] = slow
        record = {**json.loads(SEED.read_text()), "image": {"url": hero.url("/slow.jpg")}}
        url = sharekit.card_url(sharekit.load_article(record, site), site, template="photo")
        port = free_port()
        process = _sharekit(
            "serve", "--port", str(port), "--http-workers", http_workers, cwd=tmp_path
        )
        try:
            _wait_healthy(port, process)
            workers = _children(process.pid)
            grandchildren = {g for pid in workers for g in _children(pid)}
            assert workers
            answers: list[Answer] = []
            client = threading.Thread(target=lambda: answers.append(request(port, path_of(url))))
            client.start()
            time.sleep(0.7)  # the render is waiting for its hero image
            process.send_signal(signal.SIGTERM)
            client.join(60)
            # uvicorn re-raises the signal once it has shut down gracefully: the exit
            # status says "stopped by SIGTERM", as service managers expect
            assert process.wait(60) == -signal.SIGTERM
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate()  # reaps it and closes its pipes
    (answer,) = answers
    assert answer.status == 200 and answer.body[:2] == b"\xff\xd8"  # a JPEG photo card
    assert [pid for pid in workers | grandchildren if _alive(pid)] == []


def test_port_in_use_and_missing_key_are_one_line_exit_2(tmp_path: Path) -> None:
    no_key = _sharekit("serve", "--port", str(free_port()), cwd=tmp_path)
    _, err = no_key.communicate(timeout=60)
    assert no_key.returncode == 2
    assert err.strip().splitlines() == [
        "sharekit: config: serve.secret_keys: signed card URLs and the publish hook need a "
        "secret key: set [serve] secret_keys or SHAREKIT_SECRET_KEY"
    ]
    _write_config(tmp_path)
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = _sharekit("serve", "--port", str(port), cwd=tmp_path)
        _out, err = busy.communicate(timeout=60)
    assert busy.returncode == 2
    assert err.strip().splitlines() == [
        f"sharekit: option: port: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_unknown_serve_key_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "sharekit.toml").write_text("[serve]\nsecret_key = 'x'\n")
    process = _sharekit("serve", cwd=tmp_path)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("sharekit: sharekit.toml: serve.secret_key: ")


# --- behind nginx --------------------------------------------------------------------------------


def test_behind_nginx_the_second_request_is_a_cache_hit_that_never_reaches_sharekit(
    tmp_path: Path, nginx: Any
) -> None:
    from sharekit.serve import create_app

    site = sharekit.load_site(_write_config(tmp_path))
    url = sharekit.card_url(sharekit.load_article(SEED, site), site)
    app = create_app(site)
    with running(app) as upstream:
        port = nginx(upstream)
        before = dict(app.state.requests)
        first = request(port, path_of(url))
        second = request(port, path_of(url))
        after = dict(app.state.requests)
    assert first.status == second.status == 200
    assert first.headers["x-cache-status"] == "MISS"
    assert second.headers["x-cache-status"] == "HIT"
    assert (
        second.body
        == first.body
        == sharekit.render_card(sharekit.load_article(SEED, site), site).data
    )
    assert second.headers["etag"] == first.headers["etag"]
    assert after.get(200, 0) - before.get(200, 0) == 1  # only nginx's miss reached the app
